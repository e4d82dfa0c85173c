"""The ``ssepot`` console script: Django's management commands under product names.

``ssepot import territories FILE`` runs the management command ``import_territories``; likewise
``ssepot export datapackage`` runs ``export_datapackage`` and ``ssepot plan create`` runs ``plan_create``.
``ssepot plan`` alone lists what the group does. Every other word is passed to Django as is, so
``ssepot migrate`` or ``ssepot createsuperuser`` work too.
"""

from __future__ import annotations

import os
import sys

GROUPED = {"import", "export", "plan", "pdd", "agency", "user", "rules"}


def translate(argv: list[str]) -> list[str]:
    """Turn ``[prog, group, kind, *rest]`` into ``[prog, group_kind, *rest]`` for grouped commands."""
    if len(argv) >= 3 and argv[1] in GROUPED and not argv[2].startswith("-"):
        return [argv[0], f"{argv[1]}_{argv[2].replace('-', '_')}", *argv[3:]]
    return argv


def group_help(group: str) -> str:
    """What ``ssepot GROUP`` (without a kind) prints: the group's commands."""
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    found = sorted(
        (name.removeprefix(f"{group}_").replace("_", "-"), name, app)
        for name, app in get_commands().items()
        if name.startswith(f"{group}_") and app.startswith("ssepot.")
    )
    lines = [f"Uso: ssepot {group} <{'|'.join(kind for kind, _, _ in found)}> [opciones]", ""]
    width = max((len(kind) for kind, _, _ in found), default=0)
    for kind, name, app in found:
        # NB: each command's own help, first sentence, so the list says what each one imports
        about = str(load_command_class(app, name).help).split(". ")[0].rstrip(".")
        lines.append(f"  {kind.ljust(width)}  {about}")
    lines += ["", "Las opciones de cada uno:"]
    lines += [f"  ssepot {group} {kind} --help" for kind, _, _ in found]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssepot.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) >= 2 and args[1] in GROUPED and (len(args) == 2 or args[2] in {"-h", "--help", "help"}):
        print(group_help(args[1]))
        return
    execute_from_command_line(translate(args))


if __name__ == "__main__":
    main()
