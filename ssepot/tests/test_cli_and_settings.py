"""The console script and the settings read from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ssepot.cli import translate

PYTHON = sys.executable


def run_python(code: str, env: dict[str, str]) -> str:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("SSEPOT_", "DATABASE_URL"))}
    full_env.update(env)
    return subprocess.run(
        [PYTHON, "-c", code], env=full_env, capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["ssepot", "import", "territories", "f.geojson", "--plan", "x"],
            ["ssepot", "import_territories", "f.geojson", "--plan", "x"],
        ),
        (["ssepot", "import", "indicator-sheets", "f.xlsx"], ["ssepot", "import_indicator_sheets", "f.xlsx"]),
        (["ssepot", "export", "datapackage", "--plan", "x"], ["ssepot", "export_datapackage", "--plan", "x"]),
        (["ssepot", "demo", "--no-serve"], ["ssepot", "demo", "--no-serve"]),
        (["ssepot", "import", "--help"], ["ssepot", "import", "--help"]),
    ],
)
def test_grouped_commands_map_to_management_commands(argv: list[str], expected: list[str]) -> None:
    assert translate(argv) == expected


def test_secret_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    code = "from ssepot import settings; print(settings.SECRET_KEY)"
    first = run_python(code, {"SSEPOT_DATA_DIR": str(tmp_path)})
    second = run_python(code, {"SSEPOT_DATA_DIR": str(tmp_path)})
    assert first == second
    assert len(first.strip()) >= 50
    assert (tmp_path / "secret_key").read_text().strip() == first.strip()
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_debug_is_off_unless_asked_and_sqlite_file_is_in_the_data_folder(tmp_path: Path) -> None:
    code = "from ssepot import settings; print(settings.DEBUG, settings.DATABASES['default']['NAME'])"
    debug, name = run_python(code, {"SSEPOT_DATA_DIR": str(tmp_path)}).split()
    assert debug == "False"
    assert name == str(tmp_path / "ssepot.sqlite3")
    assert run_python(code, {"SSEPOT_DATA_DIR": str(tmp_path), "SSEPOT_DEBUG": "1"}).split()[0] == "True"


def test_database_url_selects_postgresql(tmp_path: Path) -> None:
    code = (
        "from ssepot import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['HOST'])"
    )
    out = run_python(
        code, {"SSEPOT_DATA_DIR": str(tmp_path), "DATABASE_URL": "postgres://u:p@db.example:5432/ssepot"}
    ).split()
    assert out == ["django.db.backends.postgresql", "ssepot", "db.example"]


def test_console_script_lists_the_product_commands() -> None:
    script = Path(PYTHON).parent / "ssepot"
    out = subprocess.run([str(script), "help"], capture_output=True, text=True, check=True).stdout
    for command in ("demo", "import_territories", "import_municipalities", "import_indicator_sheets"):
        assert command in out


def test_cache_is_per_process_unless_a_shared_folder_is_given(tmp_path: Path) -> None:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'ssepot.settings'; django.setup(); "
        "from django.core.cache import caches; c = caches['default']; c.set('k', 41 + 1); "
        "print(type(c).__name__)"
    )
    assert run_python(code, {"SSEPOT_DATA_DIR": str(tmp_path)}).strip() == "LocMemCache"
    shared = tmp_path / "cache"
    assert run_python(code, {"SSEPOT_DATA_DIR": str(tmp_path), "SSEPOT_CACHE_DIR": str(shared)}).strip() == (
        "FileBasedCache"
    )
    # another process (another gunicorn worker) reads what the first one stored
    read = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'ssepot.settings'; django.setup(); "
        "from django.core.cache import cache; print(cache.get('k'))"
    )
    assert (
        run_python(read, {"SSEPOT_DATA_DIR": str(tmp_path), "SSEPOT_CACHE_DIR": str(shared)}).strip() == "42"
    )
