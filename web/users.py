"""The web app's accounts: a small SQLite database in the data folder (``users.sqlite``).

Each account has a name (unique whatever its case or Unicode form: names are
compared NFC-normalised and case-folded), a role (:data:`ROLES`, each one
granting what the one before it does and more), a password hash (werkzeug's
scrypt) and a *token* that changes with the password: a session holds the
token it was opened with, so changing the password or removing the account
ends every session of it. The file is made readable by its owner only; the
schema's version is SQLite's ``user_version``. No password or hash is ever
printed or logged.

>>> name_key("  Élodie ") == name_key("E\\u0301LODIE")
True
>>> role_allows("admin", "analyst"), role_allows("viewer", "analyst")
(True, False)
"""

from __future__ import annotations

import functools
import os
import secrets
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from graph.errors import BadRequest, NotFound
from graph.text import Message

__all__ = [
    "FILE_NAME",
    "MIN_PASSWORD",
    "ROLES",
    "SCHEMA_VERSION",
    "Account",
    "Users",
    "name_key",
    "role_allows",
]

#: Roles from least to most: each grants what the ones before it do.
ROLES = ("viewer", "analyst", "admin")
FILE_NAME = "users.sqlite"
SCHEMA_VERSION = 1
#: Fewest characters of a password.
MIN_PASSWORD = 10
#: Longest account name.
MAX_NAME = 100

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    key TEXT PRIMARY KEY,       -- the name, NFC-normalised and case-folded
    name TEXT NOT NULL,         -- the name as given
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    token TEXT NOT NULL,        -- changes with the password: sessions holding the old one end
    created TEXT NOT NULL DEFAULT (datetime('now'))
)
"""


@functools.cache
def _dummy_hash() -> str:
    """Checked against when a name is unknown, so that a wrong name takes as long as a wrong password."""
    return generate_password_hash(secrets.token_urlsafe(16), method="scrypt")


def name_key(name: str) -> str:
    """The name an account is known by: trimmed, NFC-normalised, case-folded."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name.strip()).casefold())


def role_allows(role: str, needed: str) -> bool:
    """Whether ``role`` grants what ``needed`` does."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


@dataclass(frozen=True)
class Account:
    """An account as the app sees it (no hash): its name, role and current token."""

    name: str
    role: str
    token: str

    @property
    def key(self) -> str:
        return name_key(self.name)


class Users:
    """The accounts of a data folder. Each call opens the database for its own work (thread-safe)."""

    def __init__(self, data_dir: Path | str) -> None:
        self.path = Path(data_dir) / FILE_NAME

    @contextmanager
    def _db(self, create: bool = False) -> Iterator[sqlite3.Connection | None]:
        if not self.path.exists():
            if not create:
                yield None
                return
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        db = sqlite3.connect(self.path, timeout=10)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                db.execute(_SCHEMA)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version > SCHEMA_VERSION:
                raise BadRequest(
                    Message("%(path)s was made by a newer partnernet (schema %(v)s)", path=str(self.path), v=version)
                )
            with db:
                yield db
        finally:
            db.close()

    def exist(self) -> bool:
        """Whether there is at least one account."""
        with self._db() as db:
            return db is not None and db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def list(self) -> list[tuple[str, str, str]]:
        """Every account as (name, role, created), by name."""
        with self._db() as db:
            if db is None:
                return []
            return list(db.execute("SELECT name, role, created FROM users ORDER BY key"))

    def get(self, name: str) -> Account | None:
        """The account named ``name`` (any case or Unicode form), or ``None``."""
        with self._db() as db:
            if db is None:
                return None
            row = db.execute("SELECT name, role, token FROM users WHERE key = ?", (name_key(name),)).fetchone()
        return Account(*row) if row else None

    def add(self, name: str, role: str, password: str) -> Account:
        """A new account; raises :class:`graph.errors.BadRequest` for a name taken, a bad role or password."""
        name = unicodedata.normalize("NFC", name.strip())
        if not name or len(name) > MAX_NAME or any(unicodedata.category(c).startswith("C") for c in name):
            raise BadRequest(Message("an account name is 1 to %(n)s printable characters", n=MAX_NAME))
        if role not in ROLES:
            raise BadRequest(Message("role must be one of %(roles)s, not %(role)r", roles=", ".join(ROLES), role=role))
        _check_password(password)
        token = secrets.token_urlsafe(16)
        with self._db(create=True) as db:
            assert db is not None
            try:
                db.execute(
                    "INSERT INTO users (key, name, role, password_hash, token) VALUES (?, ?, ?, ?, ?)",
                    (name_key(name), name, role, generate_password_hash(password, method="scrypt"), token),
                )
            except sqlite3.IntegrityError:
                raise BadRequest(Message("an account named %(name)r exists already", name=name)) from None
        return Account(name, role, token)

    def remove(self, name: str) -> None:
        """Remove an account (its sessions end); :class:`graph.errors.NotFound` when there is none."""
        with self._db() as db:
            if db is None or db.execute("DELETE FROM users WHERE key = ?", (name_key(name),)).rowcount == 0:
                raise NotFound(Message("no account named %(name)r", name=name))

    def set_password(self, name: str, password: str) -> None:
        """Change an account's password (its sessions end)."""
        _check_password(password)
        with self._db() as db:
            changed = (
                db is not None
                and db.execute(
                    "UPDATE users SET password_hash = ?, token = ? WHERE key = ?",
                    (generate_password_hash(password, method="scrypt"), secrets.token_urlsafe(16), name_key(name)),
                ).rowcount
            )
        if not changed:
            raise NotFound(Message("no account named %(name)r", name=name))

    def check(self, name: str, password: str) -> Account | None:
        """The account when ``password`` is its own, else ``None`` (as slow for an unknown name)."""
        with self._db() as db:
            row = None
            if db is not None:
                row = db.execute(
                    "SELECT name, role, token, password_hash FROM users WHERE key = ?", (name_key(name),)
                ).fetchone()
        if row is None:
            check_password_hash(_dummy_hash(), password)
            return None
        return Account(*row[:3]) if check_password_hash(row[3], password) else None


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise BadRequest(Message("a password has at least %(n)s characters", n=MIN_PASSWORD))
