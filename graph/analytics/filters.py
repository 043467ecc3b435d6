"""The filters of the partner finder and of recommendations: country, role, kind of institution, funder.

One reading for both (:func:`organization_filter`), so that ``country=ma``,
``role=Centre`` or ``funder=AFD`` mean the same thing on either page and
command: country codes and roles are compared ignoring case (roles and
kinds ignoring accents too), a funder is an id or a short name. A value the
graph does not have is an :class:`~graph.errors.UnknownFilter` that names
it, with what the graph has (or, for a funder, the close ones:
:func:`graph.analytics.closeness.close_names`).
"""

from __future__ import annotations

import numpy as np

from graph.analytics.closeness import close_names
from graph.analytics.index import SHOWN, PartnerIndex, listing
from graph.errors import UnknownFilter
from graph.text import Message, fold

__all__ = ["organization_filter", "resolve_funder"]


def organization_filter(
    index: PartnerIndex,
    *,
    country: str | None = None,
    role: str | None = None,
    funder: str | None = None,
    kind: str | None = None,
) -> np.ndarray:
    """Mask (by row of ``index``) of the organizations passing every filter given; ``None`` or ``""`` is no filter.

    Raises :class:`UnknownFilter` naming a value the graph does not have.

    >>> from graph.analytics.cooperation import cooperation_graph
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> index = PartnerIndex(cooperation_graph(snapshot_from_network({"organizations": [
    ...     {"id": "a", "name": "A", "roles": ["centre"], "country": "MA"},
    ...     {"id": "b", "name": "B", "roles": ["partner"], "country": "FR"}]})))
    >>> organization_filter(index, country="ma").tolist(), organization_filter(index, role="Partner").tolist()
    ([True, False], [False, True])
    >>> organization_filter(index, role="planet")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownFilter: unknown role 'planet' (roles: centre, partner)
    """
    s = index.coop.snapshot
    keep = np.ones(index.n, dtype=bool)
    roles = ", ".join(index.role_masks)
    if country:
        code = country.strip().upper()
        if code not in s.countries and not (index.country == code).any():
            codes = sorted(set(s.countries) | set(index.country.tolist()) - {""})
            raise UnknownFilter(
                Message(
                    "unknown country %(country)r (country codes: %(codes)s)",
                    country=country,
                    codes=listing(codes, len(codes)),
                )
            )
        keep &= index.country == code
    if role:
        value = fold(role).strip()
        if value not in index.role_masks:
            raise UnknownFilter(Message("unknown role %(role)r (roles: %(roles)s)", role=role, roles=roles))
        keep &= index.role_masks[value]
    if kind:  # a kind of institution; a role is still accepted here (deprecated: use role)
        value = fold(kind).strip()
        if value in index.role_masks:
            keep &= index.role_masks[value]
        elif value in index.kind_values:
            keep &= index.org_kinds == value
        else:
            kinds = ", ".join(sorted(index.kind_values))
            raise UnknownFilter(
                Message(
                    "unknown kind %(kind)r (kinds: %(kinds)s; roles: %(roles)s)", kind=kind, kinds=kinds, roles=roles
                )
            )
    if funder:
        keep &= index.funded_by(resolve_funder(index, funder))
    return keep


def resolve_funder(index: PartnerIndex, funder: str) -> str:
    """The funder id that ``funder`` (an id, or a short name; case and accents ignored) names.

    :class:`UnknownFilter` when none does, naming the close funders (ids and short names).
    """
    s = index.coop.snapshot
    if funder in s.organizations or funder in index.funder_column:
        return funder
    folded = fold(funder).strip()
    known = set(index.funder_ids) | {o for o, row in s.organizations.items() if "funder" in (row.get("roles") or ())}
    same = sorted(o for o in known if folded in (fold(o), fold(s.organizations.get(o, {}).get("short_name"))))
    if len(same) == 1:
        return same[0]
    names = sorted(known) + sorted(filter(None, (s.organizations.get(o, {}).get("short_name") for o in known)))
    close = close_names(funder, names, SHOWN)
    if close:
        raise UnknownFilter(
            Message("unknown funder %(funder)r (did you mean %(names)s?)", funder=funder, names=", ".join(close))
        )
    raise UnknownFilter(Message("unknown funder %(funder)r", funder=funder))
