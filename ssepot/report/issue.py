"""Issue the year's report into a directory: HTML, PDF and Excel annex, with the timings of each step.

Used by ``ssepot report`` and by the background task the analysts start from the web; ``progress`` gets a
percentage and a sentence after each step.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from ssepot.catalogue.models import Plan
from ssepot.core.narrative import Finding
from ssepot.report import annex, render
from ssepot.report.builder import Progress, Report, collect

FORMATS = ("html", "pdf", "xlsx")


@dataclass
class Issued:
    report: Report
    files: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        return self.report.findings


def file_names(plan: Plan, year: int) -> dict[str, str]:
    stem = f"informe-gestion-pot-{plan.slug}-{year}"
    return {"html": f"{stem}.html", "pdf": f"{stem}.pdf", "xlsx": f"{stem}-anexo.xlsx"}


def issue(
    plan: Plan,
    year: int,
    out: Path,
    *,
    release: int | None = None,
    formats: Sequence[str] = FORMATS,
    progress: Progress | None = None,
) -> Issued:
    step = progress or (lambda percent, message: None)
    out.mkdir(parents=True, exist_ok=True)
    names = file_names(plan, year)
    started = time.perf_counter()
    report = collect(plan, year, release, progress=step)
    issued = Issued(report)
    issued.seconds["datos"] = time.perf_counter() - started
    step(40, _("Dibujando los gráficos y el HTML"))
    mark = time.perf_counter()
    html = render.render_html(report)
    issued.files["html"] = out / names["html"]
    issued.files["html"].write_text(html, encoding="utf-8")
    issued.seconds["html"] = time.perf_counter() - mark
    if "xlsx" in formats:
        step(50, _("Escribiendo el anexo en Excel"))
        mark = time.perf_counter()
        issued.files["xlsx"] = out / names["xlsx"]
        issued.files["xlsx"].write_bytes(annex.write_annex(report))
        issued.seconds["xlsx"] = time.perf_counter() - mark
    if "pdf" in formats:
        step(60, _("Componiendo el PDF"))
        mark = time.perf_counter()
        issued.files["pdf"] = out / names["pdf"]
        issued.files["pdf"].write_bytes(render.render_pdf(render.render_html(report, compact=True)))
        issued.seconds["pdf"] = time.perf_counter() - mark
    issued.seconds["total"] = time.perf_counter() - started
    step(100, _("Informe terminado"))
    return issued
