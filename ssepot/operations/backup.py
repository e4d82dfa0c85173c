"""A whole installation in one archive: the database, the uploaded files (evidence, documents) and the
secret key, with a manifest; and back. Documented for operators in docs/operacion.md.

The archive is a ``.tar.gz`` with:

- ``manifest.json``: the format, when and by which version it was written, the database engine, the
  migrations applied, the rows of every model and the SHA-256 of every other member;
- ``database.json``: every row of every model (Django's JSON serialization, primary keys kept, base
  managers so nothing is hidden), with dates to the microsecond (Django's encoder would cut them to the
  millisecond) and decimals as text: a restore gives the same rows, on SQLite or PostgreSQL alike;
- ``media/...``: the files under ``MEDIA_ROOT``;
- ``secret_key``: the key that signs sessions and password-reset links.

A restore checks every member against the manifest before it changes anything, refuses a database that
already holds users or plans unless told to replace them, brings the schema to the backup's migrations,
empties the tables and loads the rows in one transaction (a load that fails changes nothing), then
migrates forward to this version's schema and writes the files and the key. Last, it writes in the restored
database the audit entry of the restore itself: who (``--usuario``, else the system), the archive and its
manifest's SHA-256 (the entries the backup holds say nothing of it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

FORMAT = "ssepot-backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.json"
SECRET = "secret_key"
MEDIA = "media"
BULK = 500


class BackupError(Exception):
    """What is wrong with an archive or a restore, in Spanish, for the operator."""


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder without its cut of times to the millisecond: a restored row equals the saved one."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dumped_models() -> list[type[Model]]:
    """Every concrete model stored in the database (``dumpdata``'s choice: no proxies, no unmanaged)."""
    return [
        m
        for m in apps.get_models()
        if not m._meta.proxy and m._meta.managed and m._meta.can_migrate(connections[DEFAULT_DB_ALIAS])
    ]


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connections[using]).applied_migrations())


def _objects(models: list[type[Model]], using: str) -> Iterator[Model]:
    return chain.from_iterable(
        m._base_manager.using(using).order_by(m._meta.pk.name).iterator() for m in models
    )


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def write_backup(destination: Path, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Write the archive to ``destination`` (readable by its owner only: it holds the secret key) and return
    its manifest."""
    from ssepot import __version__

    models = dumped_models()
    buffer = io.StringIO()
    serializers.serialize("json", _objects(models, using), stream=buffer, cls=ExactEncoder, indent=None)
    database = buffer.getvalue().encode()
    files: dict[str, str] = {DATABASE: _sha256(database)}
    media_root = Path(settings.MEDIA_ROOT)
    destination = destination.resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".parcial")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        _add(tar, DATABASE, database)
        for path in _media_files():
            name = str(PurePosixPath(MEDIA, *path.relative_to(media_root).parts))
            data = path.read_bytes()
            files[name] = _sha256(data)
            _add(tar, name, data)
        secret = settings.SECRET_KEY.encode()
        files[SECRET] = _sha256(secret)
        _add(tar, SECRET, secret)
        manifest = {
            "formato": FORMAT,
            "creado": timezone.now().isoformat(),
            "version_ssepot": __version__,
            "motor": connections[using].vendor,
            "migraciones": applied_migrations(using),
            "filas": {m._meta.label: m._base_manager.using(using).count() for m in models},
            "archivos": files,
        }
        _add(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    partial.chmod(0o600)
    partial.replace(destination)
    return manifest


@dataclass
class Archive:
    manifest: dict[str, Any]
    members: dict[str, bytes]
    manifest_sha256: str = ""


def read_backup(source: Path) -> Archive:
    """The archive's members, each checked against the manifest (names, sizes, SHA-256)."""
    if not source.is_file():
        raise BackupError(f"No existe el archivo de respaldo {source}.")
    members: dict[str, bytes] = {}
    try:
        with tarfile.open(source, "r:gz") as tar:
            for info in tar:
                name = PurePosixPath(info.name)
                if not info.isfile() or name.is_absolute() or ".." in name.parts:
                    raise BackupError(f"El respaldo tiene una entrada no admitida: «{info.name}».")
                extracted = tar.extractfile(info)
                assert extracted is not None
                members[str(name)] = extracted.read()
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{source} no es un respaldo de SSEPOT legible ({error}).") from error
    if MANIFEST not in members:
        raise BackupError(f"{source} no tiene manifest.json: no es un respaldo de SSEPOT.")
    manifest_bytes = members.pop(MANIFEST)
    try:
        manifest = json.loads(manifest_bytes)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BackupError(f"El manifest.json de {source} está dañado ({error}).") from error
    if not isinstance(manifest, dict) or not isinstance(manifest.get("archivos"), dict):
        raise BackupError(f"El manifest.json de {source} está dañado: no lista los archivos del respaldo.")
    if manifest.get("formato") != FORMAT:
        raise BackupError(
            f"Formato de respaldo desconocido: «{manifest.get('formato')}» (se esperaba {FORMAT})."
        )
    expected: dict[str, str] = manifest["archivos"]
    if set(expected) != set(members):
        missing, extra = sorted(set(expected) - set(members)), sorted(set(members) - set(expected))
        raise BackupError(f"El respaldo no coincide con su manifiesto: faltan {missing}, sobran {extra}.")
    for member, digest in expected.items():
        if _sha256(members[member]) != digest:
            raise BackupError(f"«{member}» está dañado: su SHA-256 no es el del manifiesto.")
    return Archive(manifest, members, _sha256(manifest_bytes))


def holds_data(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the database has users or plans (what ``migrate`` alone does not create)."""
    from ssepot.catalogue.models import Plan

    tables = connections[using].introspection.table_names()
    user = get_user_model()
    return any(m._meta.db_table in tables and m._base_manager.using(using).exists() for m in (user, Plan))


def _targets(executor: MigrationExecutor, applied: list[list[str]]) -> list[tuple[str, str]]:
    """The last migration of each app among ``applied``: what ``migrate`` must reach to hold the backup."""
    graph = executor.loader.graph
    nodes = {(app, name) for app, name in applied}
    unknown = sorted(n for n in nodes if n not in graph.nodes)
    if unknown:
        raise BackupError(
            "El respaldo viene de una versión más nueva de SSEPOT: esta no conoce las migraciones "
            + ", ".join(f"{a}.{n}" for a, n in unknown[:5])
            + ". Actualice SSEPOT y restaure de nuevo."
        )
    targets = []
    for app in sorted({app for app, _name in nodes}):
        mine = {n for n in nodes if n[0] == app}
        leaves = [n for n in mine if not any(n != o and n in graph.forwards_plan(o) for o in mine)]
        targets.extend(sorted(leaves))
    return targets


def restore_backup(
    source: Path, *, replace: bool = False, username: str | None = None, using: str = DEFAULT_DB_ALIAS
) -> dict[str, Any]:
    """Restore ``source`` into the database, ``MEDIA_ROOT`` and the data folder's secret key; returns the
    manifest. Refuses (``BackupError``) a damaged archive, or a database with data unless ``replace``.
    ``username`` names who restores, in the restore's audit entry (``_record_restore``)."""
    archive = read_backup(source)
    connection = connections[using]
    if holds_data(using) and not replace:
        raise BackupError(
            "La base de datos ya tiene usuarios o planes: la restauración los reemplazaría. "
            "Use --reemplazar si eso es lo que quiere (haga antes un respaldo de lo actual)."
        )
    executor = MigrationExecutor(connection)
    targets = _targets(executor, archive.manifest["migraciones"])
    # the schema as the backup had it, then empty (migrate's own rows too: the backup has them all)
    if executor.migration_plan(targets, clean_start=False):
        executor.migrate(targets)
    # one transaction: a load that fails leaves the database as it was
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            # NB: rows written earlier in this transaction (migrate's) have foreign-key checks pending,
            # and PostgreSQL refuses to TRUNCATE their tables until they run
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", verbosity=0, interactive=False, database=using, inhibit_post_migrate=True)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        _load_rows(archive.members[DATABASE], using)
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):  # a backup of an older version
        call_command("migrate", verbosity=0, interactive=False, database=using)
    _restore_files(archive)
    _record_restore(source, archive, replace=replace, username=username, using=using)
    return archive.manifest


def _record_restore(
    source: Path, archive: Archive, *, replace: bool, username: str | None, using: str
) -> None:
    """The restore's audit entry, in the restored database. NB: who restores is looked up there, after the
    restore: a fresh installation has no users before it; a name the backup does not hold stays in the
    entry as given, with the system as the actor."""
    from ssepot.audit.log import actor_label, record, system_actor

    user = None
    if username:
        users = get_user_model()._default_manager.using(using)
        user = users.filter(username=username, is_active=True).first()
    if user is not None:
        who = actor_label(user)
    elif username:
        who = f"{username} (no existe en la base restaurada); {system_actor()}"
    else:
        who = system_actor()
    record(
        "restaurar respaldo",
        None,
        actor=user,
        changes={
            "archivo": str(source.resolve()),
            "sha256_manifiesto": archive.manifest_sha256,
            "respaldo_creado": archive.manifest.get("creado", ""),
            "filas": sum(archive.manifest.get("filas", {}).values()),
            "reemplazo": replace,
            "usuario": who,
        },
        using=using,
    )


@contextmanager
def _stored_dates(model: type[Model]) -> Iterator[None]:
    """The saved dates as they are: ``auto_now``/``auto_now_add`` fields would stamp them with the clock
    (``loaddata`` writes raw rows; ``bulk_create`` does not)."""
    stamped = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    flags = [(f.auto_now, f.auto_now_add) for f in stamped]  # type: ignore[attr-defined]
    for f in stamped:
        f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for f, (now, add) in zip(stamped, flags, strict=True):
            f.auto_now, f.auto_now_add = now, add  # type: ignore[attr-defined]


def _load_rows(data: bytes, using: str) -> None:
    """Every row of the backup, written model by model in bulk (``loaddata`` writes one row at a time: minutes
    for a city's data). Foreign keys are checked once at the end, as ``loaddata`` does, and the sequences set
    after the highest key, so the next row gets a new one."""
    connection = connections[using]
    rows: dict[type[Model], list[Model]] = {}
    relations: list[Any] = []
    with connection.constraint_checks_disabled():
        for found in serializers.deserialize("json", data, using=using):
            rows.setdefault(type(found.object), []).append(found.object)
            if found.m2m_data:
                relations.append(found)
        for model, objects in rows.items():
            with _stored_dates(model):
                model._base_manager.using(using).bulk_create(objects, batch_size=BULK)
        for found in relations:
            # NB: the links come back as they were, with the history the backup holds: not a change to record
            found.object.skip_history_when_saving = True
            for name, ids in found.m2m_data.items():
                getattr(found.object, name).set(ids)
    connection.check_constraints(table_names=[m._meta.db_table for m in rows])
    reset = connection.ops.sequence_reset_sql(no_style(), list(rows))
    if reset:
        with connection.cursor() as cursor:
            for statement in reset:
                cursor.execute(statement)


def _restore_files(archive: Archive) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    names = [n for n in archive.members if n.startswith(MEDIA + "/")]
    if media_root.exists():
        shutil.rmtree(media_root)
    for name in names:
        path = media_root.joinpath(*PurePosixPath(name).parts[1:])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(archive.members[name])
    key = archive.members[SECRET].decode()
    path = Path(settings.DATA_DIR) / "secret_key"
    path.write_text(key)
    path.chmod(0o600)
