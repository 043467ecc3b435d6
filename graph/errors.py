"""The project's error types, all of them, each with the HTTP status it answers with.

Adapters translate driver and engine exceptions into these, so that the CLI
and the web app show one clear message (and never a traceback) whatever the
backend. The message of an error is written for the user: what went wrong
and, where there is one, what to do. The web app's one error handler answers
with ``error.status``; the CLI prints the message and exits non-zero.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "AmbiguousOrganization",
    "AuthenticationFailed",
    "BadRequest",
    "ConfigurationError",
    "ConsoleBusy",
    "ConsoleRefused",
    "CSRFError",
    "DataError",
    "EngineUnavailable",
    "Forbidden",
    "NoMatchingExpertise",
    "NotFound",
    "ParameterError",
    "PartnernetError",
    "PathQueryError",
    "QueryError",
    "QueryNotFound",
    "QuerySyntaxError",
    "QueryTimeout",
    "ReadOnlyError",
    "SignInRequired",
    "TooManyAttempts",
    "UnknownFilter",
    "UnknownOrganization",
    "UnsupportedFeature",
]


class PartnernetError(Exception):
    """Base class: a message a user can act on. ``status`` is the HTTP status a page answers with."""

    status: int = 400


# -- configuration and engines ------------------------------------------------


class ConfigurationError(PartnernetError):
    """A setting has a value that cannot be used."""

    status = 500


class EngineUnavailable(PartnernetError):
    """The graph engine cannot be reached or started."""

    status = 503


class AuthenticationFailed(PartnernetError):
    """The engine refused the credentials (which are never shown)."""

    status = 503


# -- queries ------------------------------------------------------------------


class QueryNotFound(PartnernetError):
    """No query of that name in the library."""

    status = 404


class ParameterError(PartnernetError):
    """A named query was given a missing or unexpected parameter."""


class QueryError(PartnernetError):
    """The engine refused or failed a query."""


class QuerySyntaxError(QueryError):
    """The query text does not parse; the message carries the position."""


class ReadOnlyError(QueryError):
    """A write was attempted through a read-only path."""

    status = 403


class QueryTimeout(QueryError):
    """The query ran longer than its time limit.

    504 (Gateway Timeout), not 408: browsers (Chromium) silently send a request
    again after a 408, so one runaway query would run several times.
    """

    status = 504


class UnsupportedFeature(QueryError):
    """The engine lacks a Cypher feature the query uses."""


class ConsoleRefused(PartnernetError):
    """The console does not run this query (and says why)."""


class ConsoleBusy(PartnernetError):
    """The console has as many queries running and waiting as it takes: try again in a moment."""

    status = 429


# -- input data ---------------------------------------------------------------


class DataError(PartnernetError):
    """Input data is invalid; ``problems`` lists each one."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


# -- what a user asked for ----------------------------------------------------


class UnknownFilter(PartnernetError):
    """A filter (country, expertise, role, funder) names something the graph does not have."""


class UnknownOrganization(PartnernetError):
    """No organization matches; ``candidates`` are the closest ``(id, name)`` pairs, best first."""

    def __init__(self, message: str, candidates: Iterable[tuple[str, str]] = ()):
        super().__init__(message)
        self.candidates = list(candidates)


class AmbiguousOrganization(PartnernetError):
    """Several organizations match; ``candidates`` lists them as ``(id, name)`` pairs (at most 10)."""

    def __init__(self, message: str, candidates: Iterable[tuple[str, str]] = ()):
        super().__init__(message)
        self.candidates = list(candidates)


class NoMatchingExpertise(PartnernetError):
    """No expertise term and no organization name matches the query.

    ``suggestions`` holds the closest expertise names, to try instead.
    """

    def __init__(self, query: str, suggestions: list[str]):
        closest = "; ".join(suggestions)
        message = f"no expertise or organization matches {query!r}"
        super().__init__(f"{message}; closest expertise: {closest}" if suggestions else message)
        self.query = query
        self.suggestions = suggestions


class PathQueryError(PartnernetError):
    """The paths asked for cannot be computed: same source and target, bad ``k``, unknown country or role..."""


# -- requests -----------------------------------------------------------------


class BadRequest(PartnernetError):
    """A request argument that does not make sense."""


class NotFound(PartnernetError):
    """What the URL names does not exist."""

    status = 404


class CSRFError(PartnernetError):
    """The console's form token is missing or wrong."""

    status = 403


# -- network input (appended for issue #12: the loaders' one error) ----------


class NetworkInputError(DataError):
    """A network's input has errors: ``problems`` holds every one, the message lists them (already formatted)."""


__all__.append("NetworkInputError")


# -- accounts -----------------------------------------------------------------


class SignInRequired(PartnernetError):
    """The web app needs a signed-in user for this request."""

    status = 401


class Forbidden(PartnernetError):
    """The signed-in user's role does not allow this request."""

    status = 403


class TooManyAttempts(PartnernetError):
    """Too many sign-in attempts: ``retry_after`` seconds to wait."""

    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
