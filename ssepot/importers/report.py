"""The planner's report of an import: what it creates or changes, what it leaves out, line by line.

``ssepot import ... --dry-run`` prints ``summary_text``; ``--informe FILE`` writes every line to FILE, as an
XLSX workbook (one sheet, through the one spreadsheet writer ``ssepot.core.tabular``) or as text.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.utils.translation import gettext as _

from ssepot.core.tabular import write_xlsx
from ssepot.importers.base import Change, ImportResult

SHOWN = 15
"""Lines of each kind printed on the console; the file has them all."""
ORDER = ("crear", "cambiar", "omitir", "ignorar", "advertencia", "sin cambios")


def _columns() -> list[str]:
    return [_("acción"), _("qué"), _("código"), _("detalle"), _("lugar en el libro")]


def _sorted(changes: list[Change]) -> list[Change]:
    rank = {action: i for i, action in enumerate(ORDER)}
    return sorted(changes, key=lambda c: rank.get(c.action, len(ORDER)))


def _line(change: Change) -> str:
    parts = [change.what, change.code, change.detail]
    text = " ".join(p for p in parts[:2] if p)
    if change.detail:
        text = f"{text}: {change.detail}" if text else change.detail
    return f"{text} [{change.place}]" if change.place else text


def summary_text(result: ImportResult, shown: int = SHOWN) -> str:
    """The counts by action and kind, then the first lines of each action but «sin cambios»."""
    if not result.changes:
        return ""
    counts = Counter((c.action, c.what) for c in result.changes)
    lines = [_("Informe de la importación:")]
    for (action, what), n in sorted(
        counts.items(), key=lambda kv: (ORDER.index(kv[0][0]) if kv[0][0] in ORDER else 99, kv[0][1])
    ):
        lines.append(f"  {action} {what}: {n}".replace("  advertencia : ", "  advertencias: "))
    by_action: dict[str, list[Change]] = {}
    for change in _sorted(result.changes):
        by_action.setdefault(change.action, []).append(change)
    for action, changes in by_action.items():
        if action == "sin cambios":
            continue
        lines.append(f"{action} ({len(changes)}):")
        lines += [f"  - {_line(c)}" for c in changes[:shown]]
        if len(changes) > shown:
            lines.append(_("  ... y %(n)d más (todas en --informe)") % {"n": len(changes) - shown})
    return "\n".join(lines)


def write_report(result: ImportResult, path: Path) -> None:
    """Every line of the report to ``path``: an XLSX workbook when it ends in .xlsx, else text."""
    rows = [(c.action, c.what, c.code, c.detail, c.place) for c in _sorted(result.changes)]
    if path.suffix.lower() == ".xlsx":
        path.write_bytes(write_xlsx({_("informe"): (_columns(), rows)}))
        return
    lines = [summary_text(result, shown=0).split("\n")[0]] if rows else []
    lines += ["\t".join(_columns()), *("\t".join(str(v) for v in row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
