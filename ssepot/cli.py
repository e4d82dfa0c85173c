"""The ``ssepot`` console script: Django's management commands under product names.

``ssepot import territories FILE`` runs the management command ``import_territories``; likewise
``ssepot export datapackage`` runs ``export_datapackage``. Every other word is passed to Django as is, so
``ssepot migrate`` or ``ssepot createsuperuser`` work too.
"""

from __future__ import annotations

import os
import sys

GROUPED = {"import", "export"}


def translate(argv: list[str]) -> list[str]:
    """Turn ``[prog, group, kind, *rest]`` into ``[prog, group_kind, *rest]`` for grouped commands."""
    if len(argv) >= 3 and argv[1] in GROUPED and not argv[2].startswith("-"):
        return [argv[0], f"{argv[1]}_{argv[2].replace('-', '_')}", *argv[3:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssepot.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(translate(list(sys.argv if argv is None else argv)))


if __name__ == "__main__":
    main()
