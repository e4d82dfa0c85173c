"""The core computes in a Python where Django was never installed.

That no module of ssepot.core imports Django, directly or through another, is the import contract
``core-plain-python`` in pyproject.toml, checked by ssepot/tests/test_layers.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import ssepot.core

CORE = Path(ssepot.core.__file__).resolve().parent


def test_core_computes_in_a_python_without_site_packages() -> None:
    """``-S -I``: no site-packages at all, as in a Python where Django was never installed."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from decimal import Decimal\n"
        "from ssepot.core.rollup import Node, rollup\n"
        "print(rollup(Node('r', 'r', children=(Node('a', 'a', Decimal(1), value=Decimal(40)),"
        " Node('b', 'b', Decimal(3), value=Decimal(80)))), 'x').value)\n"
        "import importlib.util; print(importlib.util.find_spec('django'))\n"
    )
    run = subprocess.run(
        [sys.executable, "-S", "-I", "-c", code, str(CORE.parent.parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    value, spec = run.stdout.split()
    assert spec == "None"
    assert value == "70"
