"""The graph model's vocabulary, shared by storage, analytics, loaders and pages.

An organization's **roles** say what it is to the network (a centre of the
home network, a partner institution, a company, a funder); they can combine,
and each is also a node label. Its ``kind`` is something else: its type of
institution (university, research, company, public...), free text from the
data. One word, one meaning: *role* is never used for the kind, nor the other
way round.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["ROLES", "ROLE_LABELS", "primary_role"]

#: The roles an organization can have, in the order that decides which one
#: colours a node when it has several (see :func:`primary_role`).
ROLES: tuple[str, ...] = ("centre", "funder", "company", "partner")

#: The node label of each role (an organization has one label per role).
ROLE_LABELS: dict[str, str] = {"centre": "Centre", "funder": "Funder", "company": "Company", "partner": "Partner"}


def primary_role(roles: Iterable[str] | None) -> str:
    """The role that colours a node: the first of :data:`ROLES` it has (``partner`` when none).

    Examples
    --------
    >>> primary_role(["partner", "centre"])
    'centre'
    >>> primary_role(None)
    'partner'
    """
    held = set(roles or ())
    return next((r for r in ROLES if r in held), "partner")
