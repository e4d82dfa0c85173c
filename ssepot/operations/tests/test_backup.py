"""``ssepot backup`` and ``ssepot restore``: a round trip gives the same rows, the same figures, the same
files and the same secret key, on SQLite and PostgreSQL; a restore refuses a database with data unless told,
and a damaged archive before it changes anything."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ssepot.audit.models import AuditEntry
from ssepot.catalogue.models import Plan
from ssepot.front.data import clear_caches
from ssepot.operations.backup import DATABASE, MANIFEST, dumped_models, read_backup

pytestmark = pytest.mark.django_db
YEAR = 2025
RESTORE = "restaurar respaldo"


@pytest.fixture
def folders(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files and the data folder (where the secret key lives) in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    evidence = settings.MEDIA_ROOT / "evidence" / "2025" / "acta de entrega.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4\n% una evidencia\n" + bytes(range(256)))
    return tmp_path


def figures_json(plan: Plan) -> Any:
    """What ``ssepot figures --format json`` prints for the plan's year, read fresh (no cache)."""
    clear_caches()
    out = io.StringIO()
    call_command("figures", plan=plan.slug, year=YEAR, format="json", all=True, stdout=out)
    return json.loads(out.getvalue())


def without_restores(database: bytes) -> list[Any]:
    """A backup's rows without the audit entries of restores."""
    return [
        row
        for row in json.loads(database)
        if not (row["model"] == "audit.auditentry" and row["fields"]["action"] == RESTORE)
    ]


def rows() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in dumped_models()}


def test_a_backup_restored_into_an_empty_database_gives_the_same_figures_rows_files_and_key(
    demo_plan: Plan, folders: Path, settings: Any
) -> None:
    figures, counted = figures_json(demo_plan), rows()
    assert figures and counted["catalogue.Plan"] >= 1
    archive = folders / "respaldo.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # it holds the secret key
    saved = read_backup(archive)
    assert saved.manifest["filas"] == counted and saved.manifest["motor"] in {"sqlite", "postgresql"}

    call_command("flush", interactive=False, verbosity=0)  # as a fresh installation: migrated, no data
    (folders / "media").rename(folders / "media-antes")
    assert not Plan.objects.exists()
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restaurado" in out.getvalue()

    assert rows() == counted | {"audit.AuditEntry": counted["audit.AuditEntry"] + 1}, "the restore's entry"
    assert figures_json(Plan.objects.get(slug=demo_plan.slug)) == figures
    again = folders / "otra-vez.tar.gz"
    call_command("backup", str(again), stdout=io.StringIO())
    # every row, to the microsecond, and the restore's own entry
    assert without_restores(read_backup(again).members[DATABASE]) == json.loads(saved.members[DATABASE])
    restored = folders / "media" / "evidence" / "2025" / "acta de entrega.pdf"
    assert (
        restored.read_bytes()
        == (folders / "media-antes" / "evidence" / "2025" / "acta de entrega.pdf").read_bytes()
    )
    assert (folders / "data" / "secret_key").read_text() == settings.SECRET_KEY


def test_a_restore_refuses_a_database_with_data_unless_told_to_replace_it(
    demo_plan: Plan, folders: Path
) -> None:
    archive = folders / "respaldo.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    figures, counted = figures_json(demo_plan), rows()
    demo_plan.name = "Cambiado después del respaldo"
    demo_plan.save()
    with pytest.raises(CommandError, match="--reemplazar"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Plan.objects.get(pk=demo_plan.pk).name == "Cambiado después del respaldo"
    call_command("restore", str(archive), reemplazar=True, stdout=io.StringIO())
    assert Plan.objects.get(pk=demo_plan.pk).name != "Cambiado después del respaldo"
    assert rows() == counted | {"audit.AuditEntry": counted["audit.AuditEntry"] + 1}, "the restore's entry"
    assert figures_json(demo_plan) == figures


def test_a_damaged_archive_is_refused_before_anything_changes(demo_plan: Plan, folders: Path) -> None:
    archive = folders / "respaldo.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    damaged = folders / "dañado.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for info in source:
            data = source.extractfile(info).read()  # type: ignore[union-attr]
            if info.name == DATABASE:
                data = data.replace(b'"model"', b'"modelo"', 1)
            target.addfile(info, io.BytesIO(data))
    counted = rows()
    with pytest.raises(CommandError, match="dañado"):
        call_command("restore", str(damaged), reemplazar=True, stdout=io.StringIO())
    with pytest.raises(CommandError, match="no es un respaldo"):
        call_command("restore", str(folders / "media" / "evidence" / "2025" / "acta de entrega.pdf"))
    broken = folders / "manifiesto-dañado.tar.gz"
    with tarfile.open(broken, "w:gz") as target:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(b"{no es json")
        target.addfile(info, io.BytesIO(b"{no es json"))
    with pytest.raises(CommandError, match=r"manifest\.json .* está dañado"):
        call_command("restore", str(broken), reemplazar=True, stdout=io.StringIO())
    assert rows() == counted


def test_a_restore_writes_its_own_audit_entry_in_the_restored_database(
    demo_plan: Plan, folders: Path
) -> None:
    archive = folders / "respaldo.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive, "r:gz") as tar:
        manifest = tar.extractfile(MANIFEST).read()  # type: ignore[union-attr]
    assert not AuditEntry.objects.filter(action=RESTORE).exists()
    newest = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    call_command("restore", str(archive), reemplazar=True, usuario="analista", stdout=io.StringIO())
    entry = AuditEntry.objects.get(action=RESTORE)
    assert entry.actor is not None and entry.actor.username == "analista"
    assert entry.changes["archivo"] == str(archive.resolve())
    assert entry.changes["sha256_manifiesto"] == hashlib.sha256(manifest).hexdigest()
    assert entry.changes["reemplazo"] is True
    assert entry.changes["filas"] == sum(json.loads(manifest)["filas"].values())
    assert entry.at > AuditEntry.objects.exclude(pk=entry.pk).latest("at").at, "written after the restore"
    restored = read_backup(archive).manifest["filas"]["audit.AuditEntry"]
    assert entry.pk > newest and AuditEntry.objects.count() == restored + 1

    # without --usuario, the system; a name the restored database lacks stays as given
    call_command("restore", str(archive), reemplazar=True, stdout=io.StringIO())
    (entry,) = AuditEntry.objects.filter(action=RESTORE)  # the backup held no restore: one entry again
    assert entry.actor is None and entry.changes["usuario"].startswith("sistema")
    call_command("restore", str(archive), reemplazar=True, usuario="nadie", stdout=io.StringIO())
    entry = AuditEntry.objects.get(action=RESTORE)
    assert entry.actor is None and entry.changes["usuario"].startswith("nadie (no existe")
