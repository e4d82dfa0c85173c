"""The small value readers the importers share (no database needed)."""

from __future__ import annotations

from ssepot.importers.readers import readable_name, stable_slug


def test_readable_name_keeps_accents_and_lowercases_particles() -> None:
    assert readable_name("CORREGIMIENTO DE SAN CRISTÓBAL") == "Corregimiento de San Cristóbal"
    assert readable_name("LA AMÉRICA") == "La América"
    assert readable_name("  EL POBLADO ") == "El Poblado"
    assert readable_name("") == ""


def test_stable_slug_fits_and_long_names_do_not_collide() -> None:
    short = "Secretaría de Movilidad"
    one = "Secretaría de Gestión Humana y Servicio a la Ciudadanía"
    two = "Secretaría de Gestión Humana y Servicio a la Ciudadanía, Departamento Administrativo de Planeación"

    assert stable_slug(short) == "secretaria-de-movilidad"
    assert len(stable_slug(one)) <= 40 and len(stable_slug(two)) <= 40
    assert stable_slug(one) != stable_slug(two)
    assert stable_slug(two) == stable_slug(two)
