"""Settings: one table of (name, default, help), read from the environment.

Every setting is an environment variable. The README documents each one (a
test fails when one is missing there). There are no default credentials.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import ConfigurationError

__all__ = ["SECRETS", "SETTINGS", "Setting", "Settings", "attribute", "load_settings", "without_user_info"]


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
        "PARTNERNET_ENGINE",
        None,
        "Graph engine: `falkordb` (the embedded engine) or `neo4j` (needs `NEO4J_URI`). "
        "Default: `neo4j` when `NEO4J_URI` is set, else `falkordb`.",
    ),
    Setting(
        "PARTNERNET_FSYNC",
        "always",
        "Embedded engine's append-only file fsync policy: `always` (every write on disk before it is "
        "acknowledged: a crash of the engine or of the machine loses nothing acknowledged) or `everysec` (on disk "
        "within about a second, or two when the disk is slow: a crash, even of the engine process alone, may "
        "lose the writes of the last seconds). See *The embedded engine* for what `always` costs.",
    ),
    Setting("PARTNERNET_ENGINE_START_TIMEOUT", "60", "Seconds to wait for the embedded engine to start.", float),
    Setting(
        "PARTNERNET_ENGINE_IDLE_TIMEOUT",
        "60",
        "Seconds after which an embedded engine that no partnernet process uses is stopped (its last user was "
        "killed before it could stop it); `0`: never. An engine kept by `partnernet engine start` is not stopped.",
        float,
    ),
    Setting(
        "PARTNERNET_QUERY_TIMEOUT", "10", "Time limit in seconds of a console query (`store.run`, the console).", float
    ),
    Setting("PARTNERNET_ROW_LIMIT", "5000", "Most rows a console query returns; the rest is cut and said so.", int),
    Setting(
        "PARTNERNET_CONSOLE_QUERIES",
        "2",
        "Most console queries the web app runs at once; as many more wait (the wait counts in their time "
        "limit), and more are refused at once (429). The embedded engine gets one thread more than this "
        "(at least one per core), so that pages never wait behind the console.",
        int,
    ),
    Setting(
        "PARTNERNET_CONSOLE_QUERIES_PER_USER",
        "1",
        "Most console queries one user (signed-in account, else browser session) runs at once.",
        int,
    ),
    Setting(
        "PARTNERNET_QUERY_MEMORY",
        "2048",
        "Most memory in MiB one query may take in the embedded engine (FalkorDB `QUERY_MEM_CAPACITY`, set when "
        "partnernet starts the engine); a query past it stops with an error. partnernet's own largest query "
        "(the snapshot's expertise read) takes about 100 MiB per 100,000 organizations: raise it beyond "
        "1.5 million. 0: no limit.",
        int,
    ),
    Setting(
        "PARTNERNET_ENGINE_SOCKET_TIMEOUT",
        "300",
        "Seconds any call to the embedded engine may wait for its answer before the engine is reported as not "
        "answering (a web thread never waits forever).",
        float,
    ),
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
        "Key signing the web app's session cookie (sign-in, the console's CSRF token). Unset: a random key "
        "made once and kept in the data folder (`secret_key`, readable by its owner only). Never shown.",
    ),
    Setting(
        "PARTNERNET_ALLOWED_HOSTS",
        None,
        "Host names the web app answers to, comma-separated (`.example.org` allows its subdomains). Unset: the "
        "loopback names (`localhost`, `127.0.0.1`, `::1`). A request naming another host gets 400, and the console "
        "refuses a request from another origin (DNS rebinding). `serve --host` beyond loopback needs it.",
    ),
    Setting(
        "PARTNERNET_AUTH",
        "auto",
        "Sign-in to the web app: `auto` (required as soon as one account exists: `partnernet users add`), "
        "`required` (always; no account, no entry) or `off` (never; `serve --no-auth` sets it). "
        "See *Accounts and roles*.",
    ),
    Setting(
        "PARTNERNET_TRUSTED_USER_HEADER",
        None,
        "Request header naming the signed-in user, set by a reverse proxy that does the sign-in (single "
        "sign-on), e.g. `X-Remote-User`; the user must be an account (its role applies). Unset: no header is "
        "trusted. The proxy must remove the header from its clients' requests.",
    ),
    Setting(
        "PARTNERNET_SECURE_COOKIES",
        "auto",
        "`Secure` flag of the session cookie: `auto` (when the request came over https), `on` (always: set it "
        "behind a TLS proxy) or `off`.",
    ),
    Setting("NEO4J_URI", None, "Use Neo4j instead of the embedded engine: `bolt://`, `neo4j://`, `neo4j+s://` URI."),
    Setting("NEO4J_USER", "neo4j", "Neo4j user name (a read-only user is advised for the web app)."),
    Setting("NEO4J_PASSWORD", None, "Neo4j password. Never shown in pages, errors or logs."),
    Setting("NEO4J_DATABASE", "neo4j", "Neo4j database name."),
    Setting(
        "NEO4J_AUTH",
        None,
        "`user/password` in one variable, as the Neo4j Docker image takes it; used for the user and password "
        "that `NEO4J_USER`/`NEO4J_PASSWORD` do not set. Never shown.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}
#: Settings whose values are never shown.
SECRETS = frozenset({"NEO4J_PASSWORD", "NEO4J_AUTH", "PARTNERNET_SECRET_KEY"})
ENGINES = ("falkordb", "neo4j")
#: The values a setting may take, where it has a list of them.
CHOICES = {"PARTNERNET_AUTH": ("auto", "required", "off"), "PARTNERNET_SECURE_COOKIES": ("auto", "on", "off")}


def attribute(name: str) -> str:
    """The :class:`Settings` attribute of an environment variable.

    >>> attribute("PARTNERNET_ROW_LIMIT"), attribute("NEO4J_URI")
    ('row_limit', 'neo4j_uri')
    """
    return name.removeprefix("PARTNERNET_").lower()


@dataclass(frozen=True)
class Settings:
    """Every setting, typed: one attribute per row of :data:`SETTINGS`. Build with :func:`load_settings`.

    A typo in an attribute name is an error for mypy and at the first line
    that reads it; a test checks that the attributes and the table agree.
    """

    data_dir: Path
    graph: str
    engine: str
    fsync: str
    engine_start_timeout: float
    engine_idle_timeout: float
    query_timeout: float
    row_limit: int
    console_queries: int
    console_queries_per_user: int
    query_memory: int
    engine_socket_timeout: float
    max_nodes: int
    log_level: str
    secret_key: str | None = field(repr=False)
    allowed_hosts: str | None
    auth: str
    trusted_user_header: str | None
    secure_cookies: str
    neo4j_uri: str | None = field(repr=False)  # may hold user:password@ (refused when connecting, never shown)
    neo4j_user: str
    neo4j_password: str | None = field(repr=False)
    neo4j_database: str
    neo4j_auth: str | None = field(repr=False)

    def value(self, name: str) -> Any:
        """The value of the setting named by its environment variable."""
        return getattr(self, attribute(_BY_NAME[name].name))

    def redacted(self) -> dict[str, Any]:
        """Environment variable -> value, with secrets replaced: safe to show or log."""
        values = {s.name: self.value(s.name) for s in SETTINGS}
        values["NEO4J_URI"] = without_user_info(values["NEO4J_URI"])
        return {k: ("***" if v is not None and k in SECRETS else v) for k, v in values.items()}

    def replace(self, **changes: Any) -> Settings:
        """A copy with some attributes changed (typed values)."""
        return dataclasses.replace(self, **changes)


def without_user_info(uri: str | None) -> str | None:
    """``uri`` with the user name and password it may hold (``user:password@``) replaced by ``***``.

    >>> without_user_info("neo4j+s://alice:s3cret@db.example.org:7687/x?y=1"), without_user_info("bolt://db:7687")
    ('neo4j+s://***@db.example.org:7687/x?y=1', 'bolt://db:7687')
    """
    if not uri:
        return uri
    scheme, sep, rest = uri.partition("://")
    authority, slash, path = rest.partition("/")
    if not sep or "@" not in authority:
        return uri
    return f"{scheme}://***@{authority.rpartition('@')[2]}{slash}{path}"


def load_settings(overrides: Mapping | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read every setting from ``environ`` (default ``os.environ``), then apply ``overrides``.

    ``overrides`` maps environment variable names to values (text is parsed as
    the environment's would be). Raises ``ConfigurationError`` naming the
    variable when a value does not parse, and for an unknown name.
    """
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for s in SETTINGS:
        raw = environ.get(s.name)
        values[s.name] = _convert(s, s.default if raw is None or raw == "" else raw)
    for name, value in (overrides or {}).items():
        if name not in _BY_NAME:
            raise ConfigurationError(f"unknown setting {name!r}")
        values[name] = _convert(_BY_NAME[name], value) if isinstance(value, str) or value is None else value
    if values["PARTNERNET_DATA_DIR"] is None:
        values["PARTNERNET_DATA_DIR"] = _default_data_dir()
    if values["PARTNERNET_FSYNC"] not in ("everysec", "always"):
        raise ConfigurationError(f"PARTNERNET_FSYNC must be everysec or always, not {values['PARTNERNET_FSYNC']!r}")
    for name in ("PARTNERNET_AUTH", "PARTNERNET_SECURE_COOKIES"):
        choices = CHOICES[name]
        if values[name] not in choices:
            raise ConfigurationError(f"{name} must be one of {', '.join(choices)}, not {values[name]!r}")
    if values["PARTNERNET_ENGINE"] is None:
        values["PARTNERNET_ENGINE"] = "neo4j" if values["NEO4J_URI"] else "falkordb"
    if values["PARTNERNET_ENGINE"] not in ENGINES:
        raise ConfigurationError(
            f"PARTNERNET_ENGINE must be one of {', '.join(ENGINES)}, not {values['PARTNERNET_ENGINE']!r}"
        )
    if values["PARTNERNET_ENGINE"] == "neo4j" and not values["NEO4J_URI"]:
        raise ConfigurationError("PARTNERNET_ENGINE=neo4j needs NEO4J_URI (e.g. bolt://127.0.0.1:7687)")
    _apply_neo4j_auth(
        values,
        explicit={name for name in ("NEO4J_USER", "NEO4J_PASSWORD") if environ.get(name)}
        | {name for name in (overrides or {}) if name in ("NEO4J_USER", "NEO4J_PASSWORD")},
    )
    values["PARTNERNET_DATA_DIR"] = Path(values["PARTNERNET_DATA_DIR"]).expanduser()
    return Settings(**{attribute(name): value for name, value in values.items()})


def _apply_neo4j_auth(values: dict[str, Any], explicit: set[str]) -> None:
    """``NEO4J_AUTH=user/password`` fills the user and password that were not set on their own."""
    auth = values["NEO4J_AUTH"]
    if not auth or auth == "none":
        return
    user, sep, password = auth.partition("/")
    if not sep or not user or not password:
        raise ConfigurationError("NEO4J_AUTH must be user/password (as the Neo4j Docker image takes it)")
    if "NEO4J_USER" not in explicit:
        values["NEO4J_USER"] = user
    if "NEO4J_PASSWORD" not in explicit:
        values["NEO4J_PASSWORD"] = password


def _convert(setting: Setting, raw: Any) -> Any:
    if raw is None or setting.type is str:
        return raw
    try:
        return setting.type(raw)
    except ValueError:
        raise ConfigurationError(f"{setting.name}={raw!r} is not a valid {setting.type.__name__}") from None
