"""An independent checker of a consortium against the rules of a call, for the tests of the consortium builder.

Written apart from :mod:`graph.analytics.consortium`: it reads the organizations' rows of the snapshot
(country, kind, roles) and the countries table (priorities) and says which rule a consortium breaks,
without any of the builder's code.
"""

from __future__ import annotations

import unicodedata

#: What a kind asked for accepts, besides itself (a role or an organization's kind).
SAME_KIND = {"university": {"university", "higher education"}, "sme": {"company"}}


def _plain(text: str | None) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(c)).lower().strip()


def _in(snapshot, org: str, place: str) -> bool:
    """Whether ``org`` is in country ``place`` (a code) or in a country of priority ``place``."""
    country = snapshot.organizations[org].get("country") or ""
    if place.upper() == country:
        return True
    return _plain((snapshot.countries.get(country) or {}).get("priority")) == _plain(place)


def _of_kind(snapshot, org: str, kind: str) -> bool:
    row = snapshot.organizations[org]
    accepted = SAME_KIND.get(_plain(kind), {_plain(kind)})
    return _plain(row.get("kind")) in accepted or bool(accepted & {_plain(r) for r in row.get("roles") or ()})


def broken_rules(snapshot, ids: list[str], lead: str, rules: dict) -> list[str]:
    """The rules the consortium of ``ids`` breaks (empty: it meets them all), said in words."""
    broken = []
    if not ids or ids[0] != lead:
        broken.append(f"the lead {lead} is not first: {ids}")
    if len(set(ids)) != len(ids):
        broken.append(f"a member twice: {ids}")
    if len(ids) < rules.get("min_size", 1):
        broken.append(f"{len(ids)} organizations, fewer than {rules['min_size']}")
    if rules.get("max_size") is not None and len(ids) > rules["max_size"]:
        broken.append(f"{len(ids)} organizations, more than {rules['max_size']}")
    countries = {snapshot.organizations[o].get("country") for o in ids} - {None, ""}
    if len(countries) < rules.get("min_countries", 0):
        broken.append(f"{len(countries)} countries, fewer than {rules['min_countries']}")
    for kind in rules.get("kinds", ()):
        if not any(_of_kind(snapshot, o, kind) for o in ids):
            broken.append(f"no {kind}")
    for place in rules.get("require_countries", ()):
        if not any(_in(snapshot, o, place) for o in ids):
            broken.append(f"no member in {place}")
    for place in rules.get("exclude_countries", ()):
        inside = [o for o in ids if _in(snapshot, o, place)]
        if inside:
            broken.append(f"members in {place}: {inside}")
    funders = [o for o in ids[1:] if set(snapshot.organizations[o].get("roles") or ()) == {"funder"}]
    if funders:
        broken.append(f"funders as members: {funders}")
    return broken
