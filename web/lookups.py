"""What a URL names, looked up or answered 404: one function per kind of thing (flaskr's ``get_post``)."""

from __future__ import annotations

from typing import Any

from graph.analytics.hubs import Hub
from graph.analytics.snapshot import Snapshot
from graph.errors import NotFound, QueryNotFound
from graph.store.library import Query, library
from graph.text import Message, clean_id
from web.state import get_state

__all__ = ["get_hub", "get_organization", "get_query"]


def get_organization(org_id: str, snapshot: Snapshot | None = None) -> dict[str, Any]:
    """The organization ``org_id``: its details from the store or, given a ``snapshot``, its row there.

    ``org_id`` is read as the loader reads ids (:func:`graph.text.clean_id`: ``cnam`` with a zero-width
    space, or in full-width letters, is ``cnam``). Raises :class:`graph.errors.NotFound` (404) when there is none.
    """
    org_id = clean_id(org_id)
    if snapshot is not None:
        row = snapshot.organizations.get(org_id)
    else:
        found = get_state().store.read("organization_details", id=org_id)
        row = found[0] if found else None
    if row is None:
        raise NotFound(Message("no organization with id %(id)r", id=org_id))
    return row


def get_hub(hub_id: int) -> Hub:
    """Hub number ``hub_id`` of the current graph version, or :class:`graph.errors.NotFound` (404)."""
    hub = next((h for h in get_state().hubs() if h.id == hub_id), None)
    if hub is None:
        raise NotFound(Message("no hub %(hub)s in this graph version: see /hubs", hub=str(hub_id)))
    return hub


def get_query(name: str) -> Query:
    """The saved read query ``name``, or :class:`graph.errors.QueryNotFound` (404)."""
    query = library().get(name)
    if query is None or query.is_write:
        raise QueryNotFound(Message("no saved read query named %(name)r: see /library", name=name))
    return query
