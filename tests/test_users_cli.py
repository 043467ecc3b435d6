"""``partnernet users add|list|remove|passwd`` and ``serve`` beyond loopback: accounts or ``--no-auth``.

In-process with click's runner (fast), and the ``serve`` refusals as a user sees them, with the
installed command (they refuse before anything is opened or served).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from partnernet.cli.base import cli
from web.users import Users

PASSWORD = "a password long enough"


@pytest.fixture
def users_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERNET_DATA_DIR", str(tmp_path))
    return tmp_path


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_add_asks_the_password_twice_and_never_shows_it(users_dir):
    result = run("users", "add", "Élodie", "--role", "analyst", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "added (analyst)" in result.output and PASSWORD not in result.output
    assert Users(users_dir).check("ÉLODIE", PASSWORD).role == "analyst"
    assert (users_dir / "users.sqlite").stat().st_mode & 0o777 == 0o600
    assert PASSWORD.encode() not in (users_dir / "users.sqlite").read_bytes()
    mismatch = run("users", "add", "other", "--role", "viewer", input=f"{PASSWORD}\nsomething else\n")
    assert mismatch.exit_code != 0 and Users(users_dir).get("other") is None


def test_add_reads_stdin_refuses_a_taken_name_a_short_password_and_a_bad_role(users_dir):
    assert run("users", "add", "bob", "--role", "viewer", "--password-stdin", input=PASSWORD + "\n").exit_code == 0
    taken = run("users", "add", "BOB", "--role", "admin", "--password-stdin", input=PASSWORD + "\n")
    assert "exists already" in str(taken.exception)
    short = run("users", "add", "carol", "--role", "viewer", "--password-stdin", input="short\n")
    assert "at least 10 characters" in str(short.exception)
    assert run("users", "add", "dan", "--role", "god", "--password-stdin", input=PASSWORD).exit_code == 2
    assert run("users", "add", "dan", "--password-stdin", input=PASSWORD).exit_code == 2  # a role is required


def test_list_remove_and_passwd(users_dir):
    assert "no account" in run("users", "list").output
    for name, role in (("zoe", "viewer"), ("Adam", "admin")):
        run("users", "add", name, "--role", role, "--password-stdin", input=PASSWORD + "\n")
    listed = run("users", "list").output.splitlines()
    assert [line.split()[:2] for line in listed] == [["Adam", "admin"], ["zoe", "viewer"]]
    changed = run("users", "passwd", "ZOE", "--password-stdin", input="a brand new password\n")
    assert changed.exit_code == 0 and "a brand new password" not in changed.output
    assert Users(users_dir).check("zoe", "a brand new password") and not Users(users_dir).check("zoe", PASSWORD)
    assert "no account named 'nobody'" in str(run("users", "passwd", "nobody", "--password-stdin", input="x").exception)
    assert run("users", "remove", "zoe").exit_code == 0
    assert "no account named 'zoe'" in str(run("users", "remove", "zoe").exception)
    assert [line.split()[0] for line in run("users", "list").output.splitlines()] == ["Adam"]


def _serve(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "PARTNERNET_DATA_DIR": str(data_dir), "PARTNERNET_ALLOWED_HOSTS": "pn.example.org"}
    environ.pop("PARTNERNET_AUTH", None)
    return subprocess.run(
        [sys.executable, "-m", "partnernet", "serve", "--host", "0.0.0.0", "--port", "1", *args],
        env={**environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serve_beyond_loopback_refuses_without_accounts(tmp_path):
    refused = _serve(tmp_path)
    assert refused.returncode == 1
    assert "needs accounts" in refused.stderr and "partnernet users add NAME --role admin" in refused.stderr
    assert "--no-auth" in refused.stderr
    off = _serve(tmp_path, PARTNERNET_AUTH="off")
    assert off.returncode == 1 and "needs --no-auth to say so" in off.stderr
    assert not (tmp_path / "engine.sock").exists()  # refused before opening anything


def test_serve_settings_beyond_loopback(tmp_path, monkeypatch):
    """With accounts, sign-in is required whatever PARTNERNET_AUTH=auto finds; --no-auth turns it off."""
    from partnernet.cli.admin import _serve_settings

    monkeypatch.setenv("PARTNERNET_DATA_DIR", str(tmp_path))
    assert _serve_settings("127.0.0.1", no_auth=False).auth == "auto"
    assert _serve_settings("0.0.0.0", no_auth=True).auth == "off"
    Users(tmp_path).add("admin", "admin", PASSWORD)
    assert _serve_settings("0.0.0.0", no_auth=False).auth == "required"
