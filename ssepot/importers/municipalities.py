"""Colombian municipalities from DANE's DIVIPOLA list (CSV).

Columns: Código Departamento, Código Municipio, Nombre Departamento, Nombre Municipio, and a type column
whose header starts with 'Tipo'. Codes are text with leading zeros ('05', '05001'). Option ``encoding``
(default UTF-8, with or without BOM).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ssepot.catalogue.models import Municipality
from ssepot.core.inputs import fold
from ssepot.importers.base import ImportResult, Progress, register
from ssepot.importers.readers import CheckedImporter, missing_columns, read_csv, stepper, upsert

DEPARTMENT_CODE = "Código Departamento"
CODE = "Código Municipio"
DEPARTMENT_NAME = "Nombre Departamento"
NAME = "Nombre Municipio"
KIND = "Tipo"
KINDS = {
    "municipio": Municipality.Kind.MUNICIPALITY,
    "isla": Municipality.Kind.ISLAND,
    "area no municipalizada": Municipality.Kind.NON_MUNICIPALISED,
}


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    name: str
    department_code: str
    department_name: str
    kind: str


@register
class MunicipalitiesImporter(CheckedImporter[MunicipalityRow]):
    """Create or update ``Municipality`` rows, matched on the DIVIPOLA code."""

    name = "municipalities"
    needs_plan = False

    def read(self) -> list[MunicipalityRow]:
        self.start_reading()
        table = read_csv(self, encoding=str(self.options.get("encoding") or "utf-8"))
        self.raise_problems()
        assert table is not None
        # DANE's header spells out the choices ('Tipo: Municipio / Isla / ...'): match on the first word.
        kind_column = next((h for h in table.header if h.split(":")[0].strip() == KIND), KIND)
        missing_columns(self, table.header, [DEPARTMENT_CODE, CODE, DEPARTMENT_NAME, NAME, kind_column])
        self.raise_problems()

        rows: list[MunicipalityRow] = []
        first_line: dict[str, int] = {}
        for line, values in table.rows:
            row = self._row(line, values, kind_column)
            if row is None:
                continue
            if row.code in first_line:
                self.report(
                    _("el código '%(code)s' está repetido (ya aparece en la fila %(first)d)")
                    % {"code": row.code, "first": first_line[row.code]},
                    row=line,
                    column=CODE,
                )
                continue
            first_line[row.code] = line
            rows.append(row)
        self.raise_problems()
        return rows

    def _row(self, line: int, values: dict[str, str], kind_column: str) -> MunicipalityRow | None:
        before = len(self.problems)
        code = values.get(CODE, "").strip()
        department_code = values.get(DEPARTMENT_CODE, "").strip()
        if not re.fullmatch(r"\d{5}", code):
            self.report(
                _("se esperaba un código de 5 dígitos (con el cero inicial, p. ej. 05001) y dice '%(value)s'")
                % {"value": code},
                row=line,
                column=CODE,
            )
        if not re.fullmatch(r"\d{2}", department_code):
            self.report(
                _("se esperaba un código de 2 dígitos (con el cero inicial, p. ej. 05) y dice '%(value)s'")
                % {"value": department_code},
                row=line,
                column=DEPARTMENT_CODE,
            )
        elif re.fullmatch(r"\d{5}", code) and code[:2] != department_code:
            self.report(
                _("el código del departamento '%(department)s' no coincide con el del municipio '%(code)s'")
                % {"department": department_code, "code": code},
                row=line,
                column=DEPARTMENT_CODE,
            )
        names = {}
        for column in (NAME, DEPARTMENT_NAME):
            names[column] = values.get(column, "").strip()
            if not names[column]:
                self.report(_("el nombre está vacío"), row=line, column=column)
            elif ". D.C." in names[column]:
                # NB: DANE writes 'BOGOTÁ. D.C.'; we keep the official text but say it looks like a typo.
                self.warn(
                    _(
                        "'%(name)s' tiene un punto donde se esperaría una coma ('BOGOTÁ, D.C.'); se conserva "
                        "tal como viene en el archivo"
                    )
                    % {"name": names[column]},
                    row=line,
                    column=column,
                )
        raw_kind = values.get(kind_column, "").strip()
        kind = KINDS.get(fold(raw_kind))
        if kind is None:
            self.report(
                _("tipo desconocido '%(value)s': se esperaba Municipio, Isla o Área no municipalizada")
                % {"value": raw_kind},
                row=line,
                column=kind_column,
            )
        if len(self.problems) > before or kind is None:
            return None
        return MunicipalityRow(
            code=code,
            name=names[NAME],
            department_code=department_code,
            department_name=names[DEPARTMENT_NAME],
            kind=kind,
        )

    def write(self, rows: list[MunicipalityRow], progress: Progress | None = None) -> ImportResult:
        result = ImportResult(details={"municipios en el archivo": len(rows)})
        existing = {m.divipola_code: m for m in Municipality.objects.all()}
        wanted = (
            (
                r.code,
                {
                    "divipola_code": r.code,
                    "name": r.name,
                    "department_code": r.department_code,
                    "department_name": r.department_name,
                    "kind": r.kind,
                },
            )
            for r in rows
        )
        upsert(Municipality, existing, wanted, result, stepper(progress, len(rows), every=50))
        return result
