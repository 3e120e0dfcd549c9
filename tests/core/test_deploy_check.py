"""`thidua check --deploy` reports no issues with the production environment that
docs/deployment.md documents (its /etc/thidua.env block, read from the file), and the
production responses carry the security headers."""

import re
import secrets
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"


def documented_env(tmp_path) -> dict[str, str]:
    block = re.search(r"cat > /etc/thidua.env <<'ENV'\n(.*?)\nENV", DOC.read_text(), re.S)
    assert block, "docs/deployment.md no longer has the /etc/thidua.env block"
    env = dict(line.split("=", 1) for line in block.group(1).splitlines() if "=" in line)
    env["SECRET_KEY"] = secrets.token_urlsafe(60)  # the doc has a placeholder
    env.pop("DATABASE_URL")  # the check needs no database: keep it off the server's
    for name in ("THIDUA_VAR", "MEDIA_ROOT", "STATIC_ROOT"):
        env[name] = str(tmp_path / name.lower())
    return env


def test_check_deploy_is_clean_with_the_documented_environment(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **documented_env(tmp_path)}
    assert env["HTTPS"] == "true" and env["SESSION_COOKIE_SECURE"] == "true"
    result = subprocess.run(
        [sys.executable, "-m", "thidua", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_headers_of_a_production_response(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        **documented_env(tmp_path),
    }
    code = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
c = Client(HTTP_HOST="thidua.example.gov.vn")
plain = c.get("/healthz")
print("redirect", plain.status_code, plain.get("Location"))
r = c.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
for name in ("Strict-Transport-Security", "X-Frame-Options", "X-Content-Type-Options",
             "Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy"):
    print(name, "=", r.get(name))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    lines = dict(line.split(" = ", 1) for line in out.stdout.splitlines() if " = " in line)
    assert "redirect 301 https://thidua.example.gov.vn/healthz" in out.stdout
    assert lines["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert lines["X-Frame-Options"] == "DENY"
    assert lines["X-Content-Type-Options"] == "nosniff"
    assert lines["Referrer-Policy"] == "same-origin"
    assert "camera=()" in lines["Permissions-Policy"]
    assert lines["Cross-Origin-Opener-Policy"] == "same-origin"
