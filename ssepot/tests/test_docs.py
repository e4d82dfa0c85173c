"""The README documents every command and setting the product has (docs kept honest by tests)."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands

from ssepot.cli import GROUPED

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SETTINGS = (ROOT / "ssepot" / "settings.py").read_text(encoding="utf-8")


def product_commands() -> list[str]:
    return sorted(name for name, app in get_commands().items() if app.startswith("ssepot."))


def test_every_product_command_is_in_the_readme() -> None:
    missing = []
    for name in product_commands():
        group, _, kind = name.partition("_")
        spoken = f"ssepot {group} {kind.replace('_', '-')}" if group in GROUPED else f"ssepot {name}"
        if spoken not in README:
            missing.append(spoken)
    assert missing == []


def test_every_environment_variable_read_by_the_settings_is_in_the_readme() -> None:
    variables = set(re.findall(r'environ\.get\(\s*"([A-Z_]+)"', SETTINGS)) | {"DATABASE_URL"}
    assert variables, "the settings read no environment variable?"
    assert sorted(v for v in variables if f"`{v}`" not in README) == []
