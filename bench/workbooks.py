"""A development plan's indicative-plan workbook of any size, in the shape other municipalities send
(issue 14): a title above the header, the strategic line written in a title row above each table, the
program's code and name in one cell, a repeated «L.B» header, codes typed as numbers, «S.D» baselines and a
TOTAL row under each line; four levels (eje > programa > subprograma > meta de resultado) above the goals.
``bench.jobs.plan_indicativo_job`` imports 5,000 goals of it; the mapping uses documented keys only."""

from __future__ import annotations

from pathlib import Path

import yaml
from openpyxl import Workbook

HEADER = ["Eje", "Programa", "Subprograma", "Cod. MR", "Meta de resultado", "Código", "Meta", "Unidad",
          "L.B", "L.B", "Meta cuatrienio", "Meta 2024", "Meta 2025", "Meta 2026", "Logro 2024"]  # fmt: skip
MAPPING = {
    "plan_desarrollo": {"identificador": "pdm-bench", "nombre": "Plan de prueba", "inicio": 2024,
                        "fin": 2027},
    "fila_encabezado": 2,
    "filas_titulo": [{"nombre": "Línea", "columna": "@A", "patron": "^LÍNEA"}],
    "omitir_filas": [{"columna": "@A", "valores": ["TOTAL"]}],
    "niveles": [
        {"nivel": "eje", "etiqueta": "Eje estratégico", "codigo": "Línea", "dividir": True,
         "patron_dividir": r"^LÍNEA (?P<codigo>[0-9]+)\. (?P<nombre>.*)$", "formato_codigo": {"ancho": 2}},
        {"nivel": "programa", "codigo": "Programa", "dividir": True},
        {"nivel": "subprograma", "codigo": "Subprograma"},
        {"nivel": "meta-resultado", "etiqueta": "Meta de resultado", "codigo": "Cod. MR",
         "nombre": "Meta de resultado"},
    ],
    "indicador": {"codigo": "Código", "formato_codigo": {"ancho": 6}, "nombre": "Meta", "unidad": "Unidad",
                  "linea_base": "L.B#1", "vigencia_linea_base": "L.B#2", "meta_plan": "Meta cuatrienio"},
    "metas_anuales": {"Meta 2024": 2024, "Meta 2025": 2025, "Meta 2026": 2026},
    "logros_anuales": {"Logro 2024": 2024},
    "codigos": {"sin_dato": ["S.D"]},
    "ignorar": ["Eje"],
}  # fmt: skip


def plan_workbook(folder: Path, goals: int = 5000) -> tuple[Path, Path]:
    """The workbook with ``goals`` goals (5 lines x 10 programs x 4 subprograms, goals spread evenly) and
    its mapping, written in ``folder``."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Plan indicativo")
    sheet.append(["MUNICIPIO DE PRUEBA - PLAN INDICATIVO 2024-2027"])
    sheet.append(HEADER)
    per_subprogram = max(1, -(-goals // 200))
    n = 0
    for line in range(1, 6):
        sheet.append([f"LÍNEA {line}. Eje {line}"])
        for program in range(1, 11):
            for sub in range(1, 5):
                for _ in range(per_subprogram):
                    if n >= goals:
                        break
                    n += 1
                    code = f"{line:02d}{program:02d}"
                    sheet.append([None, f"{code}\n Programa {code}", f"{code}{sub:02d}", f"MR{code}{sub:02d}",
                                  "Resultado", float(n), f"Meta {n}", "Número",
                                  "S.D" if n % 50 == 0 else n % 97, "2019", 100 + n % 13, 10, 20, 30,
                                  n % 11])  # fmt: skip
        sheet.append(["TOTAL"])
    path = folder / "plan-indicativo.xlsx"
    book.save(path)
    mapping = folder / "plan-indicativo.yml"
    mapping.write_text(yaml.safe_dump(MAPPING, allow_unicode=True), encoding="utf-8")
    return path, mapping
