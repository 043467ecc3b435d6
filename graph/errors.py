"""The project's own error types.

Adapters translate driver and engine exceptions into these, so that the CLI
and the web app show one clear message (and never a traceback) whatever the
backend.
"""

from __future__ import annotations


class PartnernetError(Exception):
    """Base class: a message a user can act on."""


class ConfigurationError(PartnernetError):
    """A setting has a value that cannot be used."""


class EngineUnavailable(PartnernetError):
    """The graph engine cannot be reached or started."""


class AuthenticationFailed(PartnernetError):
    """The engine refused the credentials (which are never shown)."""


class QueryNotFound(PartnernetError):
    """No query of that name in the library."""


class ParameterError(PartnernetError):
    """A named query was given a missing or unexpected parameter."""


class QueryError(PartnernetError):
    """The engine refused or failed a query."""


class QuerySyntaxError(QueryError):
    """The query text does not parse; the message carries the position."""


class ReadOnlyError(QueryError):
    """A write was attempted through a read-only path."""


class QueryTimeout(QueryError):
    """The query ran longer than its time limit."""


class UnsupportedFeature(QueryError):
    """The engine lacks a Cypher feature the query uses."""


class DataError(PartnernetError):
    """Input data is invalid; ``problems`` lists each one."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


class UnknownFilter(PartnernetError):
    """A filter (country, expertise, kind, funder) names something the graph does not have."""
