"""Every command with ``--plan`` says, when the plan does not exist, which plans there are and the exact
``ssepot plan create`` that creates one (``ssepot.catalogue.console.plan_or_error``)."""

from __future__ import annotations

from argparse import _StoreAction
from io import StringIO

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError


def plan_commands() -> list[tuple[str, list[str]]]:
    """Each product command that takes ``--plan``, with made-up values for its other required arguments
    (and for the first option of each group of which one is required)."""
    found = []
    for name, app in sorted(get_commands().items()):
        if not app.startswith("ssepot."):
            continue
        parser = load_command_class(app, name).create_parser("ssepot", name)
        if "plan" not in {a.dest for a in parser._actions}:
            continue
        needed = [a for a in parser._actions if a.required or not a.option_strings]
        needed += [next(iter(g._group_actions)) for g in parser._mutually_exclusive_groups if g.required]
        args: list[str] = []
        for action in needed:
            if action.dest == "plan" or not isinstance(action, _StoreAction):
                continue
            value = next(iter(action.choices)) if action.choices else ("2024" if action.type is int else "x")
            args += [action.option_strings[0], str(value)] if action.option_strings else [str(value)]
        found.append((name, args))
    return found


def test_the_commands_with_a_plan_option_are_found() -> None:
    names = {name for name, _ in plan_commands()}
    assert {"figures", "report", "import_territories", "export_datapackage", "user_create"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), plan_commands())
def test_a_missing_plan_lists_the_plans_and_says_how_to_create_one(plan, name: str, args: list[str]) -> None:
    with pytest.raises(CommandError) as error:
        call_command(name, *args, "--plan", "nada", stdout=StringIO(), stderr=StringIO())
    message = str(error.value)
    assert "no existe un plan con identificador 'nada' (planes disponibles: pot-prueba)" in message
    assert "ssepot plan create --divipola CODIGO --slug nada" in message
    assert "docs/primeros-pasos.md" in message


@pytest.mark.django_db
def test_on_a_fresh_install_it_also_says_to_load_the_municipalities() -> None:
    with pytest.raises(CommandError) as error:
        call_command("figures", "--plan", "nada", "--year", "2024", stdout=StringIO())
    message = str(error.value)
    assert "(planes disponibles: ninguno)" in message
    assert "ssepot import municipalities ../shared/data/colombia-divipola/DIVIPOLA.csv" in message
