"""The published view of one year (``YearView``): which publications the figures of a year read.

Apart from the models so that the core-facing loaders and the pages name it without the ORM.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class YearView(NamedTuple):
    """The published view of one year: what the figures of ``year`` read, as its release ``number`` shows.

    The rule (``docs/cifras.md``, "Un año se sostiene solo"): the rows of ``year`` as its releases numbered
    ``number`` or lower published them; the rows of every other year as the releases published at or
    before ``published_at`` (that release's date) left them. A later release of another year (a 2026
    value, a 2024 correction) never moves the year's figures; a new release of the year takes them in.
    ``number`` 0 (no release of the year): none of its rows; ``published_at`` None: every publication.
    """

    year: int
    number: int
    published_at: dt.datetime | None

    def __str__(self) -> str:
        return f"{self.year}-{self.number}"
