"""The type-ahead's answers: organizations as one types, ``/suggest.json?q=casabl&limit=8``, best first.

Every field that takes an organization (the header's search, the planner's
forms) asks this as one types (``web/static/typeahead.js``). The answer is a
list of ``{"id", "name", "name_fr", "short_name", "country", "city", "role",
"role_name", "value"}``: ``role_name`` is the role in the page's language,
``value`` what to put in the field (the name, or the id when the name alone
would be ambiguous). It is looked up in a
:class:`graph.analytics.names.SuggestionIndex`, built once per graph version.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from graph.analytics.names import MAX_SUGGESTIONS, SuggestionIndex
from graph.analytics.snapshot import Snapshot
from graph.store import Store
from web import args
from web.i18n import role_name
from web.state import get_state

__all__ = ["DEFAULT_LIMIT", "MAX_QUERY", "bp", "suggestion_index"]

bp = Blueprint("suggest", __name__)

#: Suggestions given when ``limit`` is not.
DEFAULT_LIMIT = 8
#: Longest ``q`` read: the search boxes' limit (a name is shorter; longer is a mistake, answered 400).
MAX_QUERY = args.MAX_WORDS


@bp.get("/suggest.json")
def suggest() -> Response:
    """Organizations ``q`` could be the start of; ``[]`` for a blank ``q``."""
    q = args.words("q")
    limit = args.integer("limit", 1, MAX_SUGGESTIONS, default=DEFAULT_LIMIT)
    found = suggestion_index().suggest(q, limit) if q else []
    return jsonify([{**s.to_dict(), "role_name": role_name(s.role)} for s in found])


def suggestion_index() -> SuggestionIndex:
    """The suggestion index of the current graph version (built on first use, kept with the views' cache)."""
    state = get_state()
    snapshot = state.snapshot()
    return state.cached(
        ("suggest", snapshot.version), lambda: SuggestionIndex(snapshot, _cities(state.store, snapshot))
    )


def _cities(store: Store, snapshot: Snapshot) -> dict[str, str] | None:
    """Organization id -> city where the data has one, read from the store if the snapshot has no cities."""
    first = next(iter(snapshot.organizations.values()), None)
    if first is not None and "city" in first:
        return None  # the index reads the rows' own
    return {row["key"]: row["city"] for row in store.read("properties_organizations") if row.get("city")}
