"""The core stays plain Python: no module of ssepot.core imports Django, directly or through another."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import ssepot.core

CORE = Path(ssepot.core.__file__).resolve().parent

IMPORT_EVERY_MODULE = """
import importlib, pkgutil, sys
sys.modules["django"] = None  # any "import django..." now raises ImportError
import ssepot.core
names = [
    m.name
    for m in pkgutil.walk_packages(ssepot.core.__path__, "ssepot.core.")
    if ".tests" not in m.name
]
for name in names:
    importlib.import_module(name)
assert not any(n == "django" or n.startswith("django.") for n in sys.modules if sys.modules[n] is not None)
print(len(names))
"""


def test_every_core_module_imports_with_django_made_unimportable() -> None:
    run = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_MODULE],
        capture_output=True,
        text=True,
        cwd=CORE.parent.parent,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) >= 7  # figures, commitments, indicators, rollup, money, opensdg, integrity


def django_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "django"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "django":
            found.append(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and str(node.args[0].value).split(".")[0] == "django"
        ):
            found.append(str(node.args[0].value))
    return found


def test_no_core_file_imports_django() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert len(files) >= 7
    offenders = {str(p.relative_to(CORE)): django_imports(p) for p in files}
    assert {p: names for p, names in offenders.items() if names} == {}


def test_the_ast_check_would_catch_a_django_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\nimport django.utils\n", encoding="utf-8")
    assert django_imports(bad) == ["django.db", "django.utils"]


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
