"""Settings: one table of (name, default, help), read from the environment.

Every setting is an environment variable. The README documents each one (a
test fails when one is missing there). There are no default credentials.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ConfigurationError


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str
    type: type = str


def _default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "partnernet")


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "PARTNERNET_DATA_DIR",
        None,
        "Folder of the embedded engine: its Unix socket, append-only files, log and locks. "
        "Default: `$XDG_DATA_HOME/partnernet`, else `~/.local/share/partnernet`.",
    ),
    Setting("PARTNERNET_GRAPH", "partnernet", "Name of the graph inside the embedded engine."),
    Setting(
        "PARTNERNET_FSYNC",
        "everysec",
        "Embedded engine's append-only file fsync policy: `everysec` (a machine crash may lose the last second; "
        "a crash of the engine process loses nothing acknowledged) or `always` (every write on disk before it "
        "returns; slower).",
    ),
    Setting("PARTNERNET_ENGINE_START_TIMEOUT", "60", "Seconds to wait for the embedded engine to start.", float),
    Setting(
        "PARTNERNET_QUERY_TIMEOUT", "10", "Time limit in seconds of a console query (`store.run`, the console).", float
    ),
    Setting("PARTNERNET_ROW_LIMIT", "5000", "Most rows a console query returns; the rest is cut and said so.", int),
    Setting(
        "PARTNERNET_MAX_NODES",
        "1500",
        "Most organizations the explorer sends to the browser; beyond it the strongest are shown "
        "and the page says what was left out.",
        int,
    ),
    Setting("PARTNERNET_LOG_LEVEL", "WARNING", "Logging level: DEBUG, INFO, WARNING, ERROR."),
    Setting(
        "PARTNERNET_SECRET_KEY",
        None,
        "Key signing the web app's session cookie (the console's CSRF token). Unset: a random key per server "
        "process, so open consoles need a reload after a restart. Never shown.",
    ),
    Setting("NEO4J_URI", None, "Use Neo4j instead of the embedded engine: `bolt://`, `neo4j://`, `neo4j+s://` URI."),
    Setting("NEO4J_USER", "neo4j", "Neo4j user name (a read-only user is advised for the web app)."),
    Setting("NEO4J_PASSWORD", None, "Neo4j password. Never shown in pages, errors or logs."),
    Setting("NEO4J_DATABASE", "neo4j", "Neo4j database name."),
)

_BY_NAME = {s.name: s for s in SETTINGS}
#: Settings whose values are never shown.
SECRETS = frozenset({"NEO4J_PASSWORD", "PARTNERNET_SECRET_KEY"})


class Settings(dict):
    """Setting values by name, typed. Build with :func:`load_settings`."""

    @property
    def data_dir(self) -> Path:
        return Path(self["PARTNERNET_DATA_DIR"]).expanduser()

    def redacted(self) -> dict:
        """The settings with secrets replaced, safe to show or log."""
        return {k: ("***" if v is not None and k in SECRETS else v) for k, v in self.items()}


def load_settings(overrides: Mapping | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read every setting from ``environ`` (default ``os.environ``), then apply ``overrides``.

    Raises ``ConfigurationError`` naming the variable when a value does not parse.
    Unknown names in ``overrides`` are refused.
    """
    environ = os.environ if environ is None else environ
    values = Settings()
    for s in SETTINGS:
        raw = environ.get(s.name)
        if raw is None or raw == "":
            raw = s.default
        if s.name == "PARTNERNET_DATA_DIR" and raw is None:
            raw = _default_data_dir()
        values[s.name] = _convert(s, raw)
    for name, value in (overrides or {}).items():
        if name not in _BY_NAME:
            raise ConfigurationError(f"unknown setting {name!r}")
        values[name] = _convert(_BY_NAME[name], value) if isinstance(value, str) else value
    if values["PARTNERNET_FSYNC"] not in ("everysec", "always"):
        raise ConfigurationError(f"PARTNERNET_FSYNC must be everysec or always, not {values['PARTNERNET_FSYNC']!r}")
    return values


def _convert(setting: Setting, raw):
    if raw is None or setting.type is str:
        return raw
    try:
        return setting.type(raw)
    except ValueError:
        raise ConfigurationError(f"{setting.name}={raw!r} is not a valid {setting.type.__name__}") from None
