"""SSEPOT: Sistema de Seguimiento y Evaluación del Plan de Ordenamiento Territorial."""

__version__ = "0.1.0"
