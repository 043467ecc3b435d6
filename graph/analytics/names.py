"""Organizations named the way people name them: an id, a name, a short name, a few words.

:func:`resolve_organization` turns what a user typed into one organization id,
or raises an error that says what was meant: :class:`AmbiguousOrganization`
when several organizations match, :class:`UnknownOrganization` (with the
closest names) when none does. Matching ignores case and accents (see
:func:`graph.text.fold`). It is a pure function of the snapshot: nothing is
precomputed or cached, one call reads every organization once, and compares
the closest names by :mod:`difflib` only among the few organizations sharing
pieces of words with the text (:data:`_COMPARED`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from graph.analytics.snapshot import Snapshot
from graph.errors import AmbiguousOrganization, UnknownOrganization
from graph.text import fold

__all__ = ["CLOSEST_CUTOFF", "MAX_AMBIGUOUS", "MAX_CLOSEST", "resolve_avoid", "resolve_organization"]

#: How many candidates an :class:`AmbiguousOrganization` lists.
MAX_AMBIGUOUS = 10
#: How many close names an :class:`UnknownOrganization` suggests.
MAX_CLOSEST = 5
#: Least :class:`difflib.SequenceMatcher` ratio for a name to be suggested.
CLOSEST_CUTOFF = 0.5
#: How many organizations sharing pieces of words with the text are compared by difflib.
_COMPARED = 300


def resolve_organization(snapshot: Snapshot, text: str) -> str:
    """The id of the one organization of ``snapshot`` that ``text`` names.

    Tried in order, the first rule that matches anything decides:

    1. ``text`` is an organization id (exactly);
    2. ``text`` equals an organization's ``name``, ``name_fr`` or
       ``short_name``, ignoring case, accents and repeated spaces;
    3. every word of ``text`` occurs in the organization's names (as a part
       of a word: ``"polytech lille"`` finds "Polytech Lille").

    Parameters
    ----------
    snapshot : Snapshot
        Its ``organizations`` rows (``name``, ``name_fr``, ``short_name``,
        ``name_search``).
    text : str
        What the user typed.

    Returns
    -------
    str
        The organization id.

    Raises
    ------
    AmbiguousOrganization
        A rule matches several organizations; ``candidates`` lists them
        (shortest names first, at most :data:`MAX_AMBIGUOUS`).
    UnknownOrganization
        Nothing matches (or ``text`` is blank); ``candidates`` are the
        closest names by :mod:`difflib`, and the message names them.

    Examples
    --------
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> s = snapshot_from_network({"organizations": [
    ...     {"id": "x", "name": "École polytechnique", "short_name": "X"},
    ...     {"id": "enpc", "name": "École nationale des ponts et chaussées", "short_name": "ENPC"},
    ...     {"id": "cnam", "name": "Conservatoire national des arts et métiers", "short_name": "Cnam"}]})
    >>> resolve_organization(s, "cnam"), resolve_organization(s, "ecole polytechnique")
    ('cnam', 'x')
    >>> resolve_organization(s, "ponts chaussees")
    'enpc'
    >>> resolve_organization(s, "ecole")
    Traceback (most recent call last):
    ...
    graph.errors.AmbiguousOrganization: 'ecole' matches 2 organizations: École polytechnique (id x), École nationale des ponts et chaussées (id enpc); give more words or the id
    >>> resolve_organization(s, "Conservatoire natinal des arts et métiers")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownOrganization: no organization matches 'Conservatoire natinal des arts et métiers'; closest: Conservatoire national des arts et métiers (id cnam), École nationale des ponts et chaussées (id enpc)
    """  # noqa: E501
    organizations = snapshot.organizations
    if text in organizations:
        return text
    query = " ".join(fold(text).split())
    if not query:
        raise UnknownOrganization("no organization name given")
    ids = list(organizations)
    texts = [_search_text(row) for row in organizations.values()]

    exact = [ids[i] for i, t in enumerate(texts) if query in t and query in _folded_names(organizations[ids[i]])]
    if exact:
        return _one(snapshot, text, exact)

    words = sorted(set(query.split()), key=len, reverse=True)  # the longest word filters most
    matching = [i for i, t in enumerate(texts) if words[0] in t]
    for word in words[1:]:
        matching = [i for i in matching if word in texts[i]]
    if matching:
        return _one(snapshot, text, [ids[i] for i in matching])

    closest = _closest(snapshot, query, ids, texts)
    message = f"no organization matches {text!r}"
    if closest:
        message += "; closest: " + _listing(closest)
    raise UnknownOrganization(message, closest)


def _search_text(row: dict) -> str:
    """The folded text of all of an organization's names (``name_search``, computed when missing)."""
    found = row.get("name_search")
    if found is None:
        found = fold(" ".join(filter(None, (row.get("name"), row.get("name_fr"), row.get("short_name")))))
    return found


def _folded_names(row: dict) -> set[str]:
    return {" ".join(fold(row.get(key)).split()) for key in ("name", "name_fr", "short_name") if row.get(key)}


def _one(snapshot: Snapshot, text: str, matches: list[str]) -> str:
    if len(matches) == 1:
        return matches[0]
    organizations = snapshot.organizations
    matches = sorted(matches, key=lambda o: (len(organizations[o]["name"]), fold(organizations[o]["name"]), o))
    candidates = [(o, organizations[o]["name"]) for o in matches[:MAX_AMBIGUOUS]]
    more = f" and {len(matches) - MAX_AMBIGUOUS} more" if len(matches) > MAX_AMBIGUOUS else ""
    raise AmbiguousOrganization(
        f"{text!r} matches {len(matches)} organizations: {_listing(candidates)}{more}; give more words or the id",
        candidates,
    )


def _listing(candidates: list[tuple[str, str]]) -> str:
    return ", ".join(f"{name} (id {o})" for o, name in candidates)


def _pieces(query: str) -> list[str]:
    """Four-letter pieces (start, middle, end) of the longest words of ``query``, to find names worth comparing."""
    pieces: list[str] = []
    for word in sorted(set(query.split()), key=len, reverse=True)[:4]:
        if len(word) <= 4:
            pieces.append(word)
        else:
            middle = (len(word) - 4) // 2
            pieces += [word[:4], word[middle : middle + 4], word[-4:]]
    return list(dict.fromkeys(pieces))


def _closest(snapshot: Snapshot, query: str, ids: list[str], texts: list[str]) -> list[tuple[str, str]]:
    """The organizations whose names are closest to ``query`` by :mod:`difflib`, best first.

    Comparing every name with :class:`difflib.SequenceMatcher` takes too long
    on 36,000 organizations, so only those that share most four-letter pieces
    of the query's words are compared (:data:`_COMPARED` of them).
    """
    hits = [0] * len(ids)
    for piece in _pieces(query):
        for i in [i for i, t in enumerate(texts) if piece in t]:
            hits[i] += 1
    shortlist = sorted((i for i, h in enumerate(hits) if h), key=lambda i: -hits[i])[:_COMPARED]
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(query)
    scored = []
    for i in shortlist:
        row = snapshot.organizations[ids[i]]
        best = 0.0
        for name in _folded_names(row):
            matcher.set_seq1(name)
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                best = max(best, matcher.ratio())
        if best >= CLOSEST_CUTOFF:
            scored.append((-best, ids[i]))
    scored.sort()
    return [(o, snapshot.organizations[o]["name"]) for _, o in scored[:MAX_CLOSEST]]


def resolve_avoid(snapshot: Snapshot, items: Iterable[str]) -> list[str]:
    """What a path must avoid, as :func:`graph.analytics.paths.cooperation_paths` takes it.

    An organization id or a country code stays as it is; anything else is an
    organization name, resolved with :func:`resolve_organization`. Blank items
    are dropped.

    >>> s = Snapshot(0, organizations={"cnam": {"id": "cnam", "name": "Cnam", "name_fr": None,
    ...     "short_name": None, "name_search": "cnam"}}, countries={"MA": {"code": "MA"}})
    >>> resolve_avoid(s, ["cnam", "ma", " ", "CNAM"])
    ['cnam', 'ma', 'cnam']
    """
    out = []
    for item in (str(x).strip() for x in items):
        if not item:
            continue
        known = item in snapshot.organizations or item.upper() in snapshot.countries
        out.append(item if known else resolve_organization(snapshot, item))
    return out
