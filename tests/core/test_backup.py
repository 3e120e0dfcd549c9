"""`thidua backup` then `thidua restore` into an empty database and an empty folder, as an
administrator would run them (issue 18, item 5): every table holds the same rows, every file the
same bytes, on SQLite and on PostgreSQL (whichever DATABASE_URL points at)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import make_person
from thidua.core.services import audit_record
from thidua.org.services import person_update

pytestmark = pytest.mark.django_db(transaction=True)

THIDUA = [sys.executable, "-m", "thidua"]


def _rows_sqlite(path: Path) -> dict[str, list]:
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    finally:
        con.close()


def _rows_pg(dbname: str) -> dict[str, list]:
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        dbname=dbname, host=db["HOST"], port=db["PORT"] or None, user=db["USER"],
        password=db["PASSWORD"] or None,
    ) as con:  # fmt: skip
        tables = [
            r[0]
            for r in con.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        out = {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"'))) for t in tables}
        # the sequences carry on where they were: a new row gets a new id
        out["(sequences)"] = sorted(
            map(repr, con.execute("SELECT sequencename, last_value FROM pg_sequences"))
        )
        return out


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def target(tmp_path):
    """An empty database of the same engine, and the environment that points thidua at it."""
    env = dict(os.environ)
    env["MEDIA_ROOT"] = str(tmp_path / "restored-media")
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{path}"
        yield env, (lambda: _rows_sqlite(path)), path
        return
    import psycopg

    name = f"thidua_restore_{os.getpid()}"
    admin = dict(host=db["HOST"], port=db["PORT"] or None, user=db["USER"],
                 password=db["PASSWORD"] or None, dbname="postgres", autocommit=True)  # fmt: skip
    with psycopg.connect(**admin) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        con.execute(f'CREATE DATABASE "{name}"')
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    env["DATABASE_URL"] = f"postgres://{auth}{db['HOST']}:{db['PORT'] or 5432}/{name}"
    yield env, (lambda: _rows_pg(name)), name
    with psycopg.connect(**admin) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _source_rows() -> dict[str, list]:
    if connection.vendor == "sqlite":
        connection.close()
        return _rows_sqlite(Path(connection.settings_dict["NAME"]))
    return _rows_pg(connection.settings_dict["NAME"])


def test_backup_then_restore_into_an_empty_database_gives_back_every_row_and_file(
    world, secretariat, settings, tmp_path, target
):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    (media / "proposals" / "2024").mkdir(parents=True)
    (media / "proposals" / "2024" / "to-trinh.pdf").write_bytes(
        "%PDF-1.4\n% hồ sơ\n%%EOF\n".encode()
    )
    (media / "photos").mkdir()
    (media / "photos" / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    person = make_person(world.commune_a, "Hoàng Thị Lan")
    person_update(actor=secretariat, person=person, position="Chủ tịch UBND xã")
    audit_record(actor=secretariat, action="test.backup", obj=person, unit_id=person.unit_id)
    archive = tmp_path / "sao-luu.tar.gz"

    out = io.StringIO()
    call_command("backup", output=archive, stdout=out)

    assert out.getvalue().startswith(f"Đã sao lưu vào {archive}:")
    env, rows_of_target, _ = target
    done = subprocess.run(
        [*THIDUA, "restore", str(archive)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "khớp với bản sao lưu" in done.stdout

    source, restored = _source_rows(), rows_of_target()
    assert set(restored) == set(source)
    differing = [t for t in source if source[t] != restored[t]]
    assert differing == []
    assert sum(map(len, source.values())) > 100  # the world, its audit rows, the legal tables
    assert _files(Path(env["MEDIA_ROOT"])) == _files(media) != {}

    # The restored site works and its audit chain holds.
    check = subprocess.run([*THIDUA, "audit", "verify"], env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr

    # A second restore onto the now full database is refused, and changes nothing.
    again = subprocess.run(
        [*THIDUA, "restore", str(archive)], env=env, capture_output=True, text=True
    )
    assert again.returncode != 0
    assert "Cơ sở dữ liệu đích đã có" in again.stderr
    assert rows_of_target() == restored


def test_restore_refuses_an_archive_with_a_foreign_member(tmp_path, target):
    env, rows_of_target, _ = target
    archive = tmp_path / "xau.tar.gz"
    manifest = json.dumps({"format": 1, "vendor": connection.vendor, "database": "database.x",
                           "tables": {}, "files": {}}).encode()  # fmt: skip
    with tarfile.open(archive, "w:gz") as tar:
        for name, body in (("manifest.json", manifest), ("../../etc/thidua", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))

    done = subprocess.run(
        [*THIDUA, "restore", str(archive)], env=env, capture_output=True, text=True
    )

    assert done.returncode != 0
    assert "thành phần lạ" in done.stderr
    assert not (tmp_path.parent / "etc").exists()
    assert not Path(env["MEDIA_ROOT"]).exists()
