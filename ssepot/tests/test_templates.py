"""Identifiers written into HTML are never localised: with es-CO formats, pk 1007 would become "1.007"."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A template variable ending in .pk, .year or _number, not piped through a filter (ids, years, pages).
UNFILTERED_ID = re.compile(r"\{\{\s*[\w.]+(?:\.pk|\.year|_number)\s*\}\}")


def test_no_template_writes_an_integer_identifier_without_unlocalize() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {match.group(0)}"
        for path in ROOT.rglob("*.html")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in UNFILTERED_ID.finditer(line)
    ]
    assert offenders == [], "use |unlocalize (load l10n): " + "; ".join(offenders)
