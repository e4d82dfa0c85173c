"""The plan's portal: its home with the headline figures, the Compromisos and Relación POT-PDD dashboards, and
the development plan's levels at the year's cut-off.

Every number on these pages is a ``Figure`` of the engine (``ssepot.figures.compute.all_figures`` on the
published data, cached per publication by ``ssepot.front.data``) or, when the page is filtered, the same
core function applied to the filtered records; the pages never compute a figure of their own.
"""

from ssepot.front.dashboards.commitments import commitment, commitments
from ssepot.front.dashboards.development import development
from ssepot.front.dashboards.equity import equity
from ssepot.front.dashboards.home import plan_home
from ssepot.front.dashboards.pot_pdd import pot_pdd

__all__ = ["commitment", "commitments", "development", "equity", "plan_home", "pot_pdd"]
