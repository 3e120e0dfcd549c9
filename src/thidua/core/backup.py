"""`thidua backup` and `thidua restore`: the database and the uploaded files in one archive.

The database is dumped with the engine's own tool, because production runs PostgreSQL and its
dump must be consistent, complete (sequences, constraints, indexes) and restorable by any
administrator: `pg_dump --format=custom` takes one snapshot of the whole database in a single
transaction while the site keeps running. SQLite (development, small installs) is copied with
SQLite's online backup API, which is consistent too. A portable Django dump (`dumpdata`) was
not chosen: it is slower by orders of magnitude on a province's data, it does not carry the
sequences, and loading it runs every model's save path. Moving between engines is therefore
not a restore: restore refuses an archive of another engine.

The files (MEDIA_ROOT) are copied after the database snapshot. Uploaded files are never
rewritten in place and are kept when a document is superseded, so the archive holds every file
the snapshot refers to; a file uploaded while the backup runs may come along unreferenced,
which does no harm.

Archive (`.tar.gz`): `manifest.json` (engine, time, rows per table, every file with its size
and SHA-256), `database.dump` (PostgreSQL) or `database.sqlite3`, and `media/…`. Restore checks
the archive against its manifest, refuses to overwrite a database that has tables or a media
folder that has files (unless told to replace them), and checks the restored rows and files
against the manifest before it reports success.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """Shown to the administrator as is (Vietnamese)."""


@dataclass
class Summary:
    path: Path
    tables: int
    rows: int
    files: int
    bytes: int


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _pg_env(db: dict) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ)
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(
            f"Không tìm thấy chương trình {cmd[0]}; hãy cài gói postgresql-client cùng phiên bản "
            "với máy chủ cơ sở dữ liệu."
        ) from None
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} báo lỗi: {done.stderr.strip()[-2000:]}")


def table_counts(alias: str = "default") -> dict[str, int]:
    """Rows per table of the database (every table, also Django's and the libraries')."""
    connection = connections[alias]
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            out[table] = cursor.fetchone()[0]
    return out


def media_files(root: Path) -> dict[str, dict]:
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): {"size": p.stat().st_size, "sha256": _sha256(p)}
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def backup(output: Path | None = None, *, alias: str = "default") -> Summary:
    connection = connections[alias]
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
    now = dt.datetime.now(dt.UTC)
    if output is None:
        output = Path.cwd() / f"thidua-sao-luu-{now:%Y%m%d-%H%M%S}.tar.gz"
    output = Path(output)
    if output.exists():
        raise BackupError(f"Tệp {output} đã có; hãy chọn tên khác.")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="thidua-backup-") as tmp:
        work = Path(tmp)
        counts = table_counts(alias)
        db = connection.settings_dict
        if vendor == "postgresql":
            dump = work / "database.dump"
            args, env = _pg_env(db)
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                 "--file", str(dump), *args, db["NAME"]],
                env,
            )  # fmt: skip
        else:
            dump = work / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            with target:
                connection.connection.backup(target)
            target.close()
        # The database first, then the files (see the module's docstring).
        files = media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "vendor": vendor,
            "database": dump.name,
            "tables": counts,
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)
            tar.add(dump, arcname=dump.name)
            for name in files:
                tar.add(media_root / name, arcname=f"media/{name}")
        partial.rename(output)  # never a half-written archive under the final name
    return Summary(
        output,
        len(counts),
        sum(counts.values()),
        len(files),
        sum(f["size"] for f in files.values()),
    )


def _safe_members(tar: tarfile.TarFile, manifest: dict) -> list[tarfile.TarInfo]:
    expected = {MANIFEST, manifest["database"]} | {f"media/{n}" for n in manifest["files"]}
    members = []
    for m in tar.getmembers():
        parts = Path(m.name).parts
        if m.name not in expected or not m.isfile() or ".." in parts or Path(m.name).is_absolute():
            raise BackupError(f"Tệp sao lưu có thành phần lạ: {m.name!r}; không khôi phục.")
        members.append(m)
    return members


def restore(archive: Path, *, alias: str = "default", replace: bool = False) -> Summary:
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {archive}.")
    connection = connections[alias]
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as tmp:
        try:
            manifest = json.load(tar.extractfile(MANIFEST))
        except (KeyError, ValueError, TypeError):
            raise BackupError("Tệp này không phải là tệp sao lưu của thidua.") from None
        if manifest.get("format") != FORMAT:
            raise BackupError("Tệp sao lưu có định dạng của phiên bản khác; không khôi phục.")
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"Tệp sao lưu là của cơ sở dữ liệu {manifest['vendor']}, còn cơ sở dữ liệu đích "
                f"là {connection.vendor}: không khôi phục chéo được."
            )
        members = _safe_members(tar, manifest)
        with connection.cursor() as cursor:
            existing = connection.introspection.table_names(cursor)
        if existing and not replace:
            raise BackupError(
                f"Cơ sở dữ liệu đích đã có {len(existing)} bảng. Hãy khôi phục vào một cơ sở dữ "
                "liệu trống, hoặc dùng --replace để thay toàn bộ."
            )
        if media_root.exists() and any(media_root.iterdir()) and not replace:
            raise BackupError(
                f"Thư mục tệp {media_root} đã có tệp. Hãy khôi phục vào thư mục trống, hoặc dùng "
                "--replace (thư mục cũ được đổi tên, không bị xóa)."
            )
        work = Path(tmp)
        tar.extractall(work, members=members, filter="data")
        for name, info in manifest["files"].items():
            if _sha256(work / "media" / name) != info["sha256"]:
                raise BackupError(f"Tệp {name} trong bản sao lưu bị hỏng; không khôi phục.")
        _restore_database(connection, work / manifest["database"], replace=bool(existing))
        if media_root.exists() and any(media_root.iterdir()):
            aside = media_root.with_name(
                f"{media_root.name}.truoc-khoi-phuc-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}"
            )
            media_root.rename(aside)
        media_root.mkdir(parents=True, exist_ok=True)
        if (work / "media").exists():
            shutil.copytree(work / "media", media_root, dirs_exist_ok=True)
    counts = table_counts(alias)
    wrong = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if wrong:
        raise BackupError(f"Số dòng sau khi khôi phục không khớp bản sao lưu: {wrong}")
    files = media_files(media_root)
    if {n: f["sha256"] for n, f in files.items()} != {
        n: f["sha256"] for n, f in manifest["files"].items()
    }:
        raise BackupError("Các tệp sau khi khôi phục không khớp bản sao lưu.")
    return Summary(
        archive,
        len(counts),
        sum(counts.values()),
        len(files),
        sum(f["size"] for f in files.values()),
    )


def _restore_database(connection, dump: Path, *, replace: bool) -> None:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        connection.close()
        args, env = _pg_env(db)
        clean = ["--clean", "--if-exists"] if replace else []
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", *clean, *args, "--dbname", db["NAME"], str(dump)],
            env,
        )  # fmt: skip
        return
    connection.close()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(db["NAME"])
    with target:
        source.backup(target)
    source.close()
    target.close()
