"""Organizations named the way people name them: an id, a name, a short name, a few words.

:func:`resolve_organization` turns what a user typed into one organization id,
or raises an error that says what was meant: :class:`AmbiguousOrganization`
when several organizations match, :class:`UnknownOrganization` (with the
closest names) when none does. Matching ignores case and accents (see
:func:`graph.text.fold`). It is a pure function of the snapshot: nothing is
precomputed or cached, one call reads every organization once, and compares
the closest names by :mod:`difflib` only among the few organizations sharing
pieces of words with the text (:data:`_COMPARED`). A name is suggested only
when it is close to what was typed, by the rule every suggestion follows
(:func:`graph.analytics.closeness.is_close`: half of the letters in
common, and a word a typo away).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass

import numpy as np

from graph.analytics.closeness import CLOSE, is_close
from graph.analytics.snapshot import Snapshot
from graph.errors import AmbiguousOrganization, UnknownOrganization
from graph.model import primary_role
from graph.text import Message, fold

__all__ = ["CLOSEST_CUTOFF", "MAX_AMBIGUOUS", "MAX_CLOSEST", "resolve_avoid", "resolve_organization"]

#: How many candidates an :class:`AmbiguousOrganization` lists.
MAX_AMBIGUOUS = 10
#: How many close names an :class:`UnknownOrganization` suggests.
MAX_CLOSEST = 5
#: Least :class:`difflib.SequenceMatcher` ratio for a name to be suggested (besides a word a typo away).
CLOSEST_CUTOFF = CLOSE
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
        close names (:func:`graph.analytics.closeness.is_close`), closest
        first by :mod:`difflib`, and the message names them.

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
    graph.errors.UnknownOrganization: no organization matches 'Conservatoire natinal des arts et métiers'; closest: Conservatoire national des arts et métiers (id cnam)
    """  # noqa: E501
    organizations = snapshot.organizations
    if text in organizations:
        return text
    query = " ".join(fold(text).split())
    if not query:
        raise UnknownOrganization(Message("no organization name given"))
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
    if closest:
        message = Message("no organization matches %(text)r; closest: %(names)s", text=text, names=_listing(closest))
    else:
        message = Message("no organization matches %(text)r", text=text)
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
    names = _listing(candidates)
    if len(matches) > MAX_AMBIGUOUS:
        message = Message(
            "%(text)r matches %(n)s organizations: %(names)s and %(more)s more; give more words or the id",
            text=text,
            n=len(matches),
            names=names,
            more=len(matches) - MAX_AMBIGUOUS,
        )
    else:
        message = Message(
            "%(text)r matches %(n)s organizations: %(names)s; give more words or the id",
            text=text,
            n=len(matches),
            names=names,
        )
    raise AmbiguousOrganization(message, candidates)


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
    """The organizations with a name close to ``query`` (:func:`is_close`), closest first by :mod:`difflib`,
    each with that name (its name, French name or short name), so that what is suggested is what is close.

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
        best, shown = 0.0, ""
        for shown_name in filter(None, (row.get(key) for key in ("name", "name_fr", "short_name"))):
            matcher.set_seq1(" ".join(fold(shown_name).split()))
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                ratio = matcher.ratio()
                if ratio > best and ratio >= CLOSEST_CUTOFF and is_close(query, shown_name):
                    best, shown = ratio, shown_name
        if best >= CLOSEST_CUTOFF:
            scored.append((-best, ids[i], shown))
    scored.sort()
    return [(o, shown) for _, o, shown in scored[:MAX_CLOSEST]]


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


# -- The type-ahead: organizations offered as one types -------------------------------------------

__all__ += ["MAX_SUGGESTIONS", "Suggestion", "SuggestionIndex"]

#: Most suggestions :meth:`SuggestionIndex.suggest` gives.
MAX_SUGGESTIONS = 50
#: Most occurrences of a piece of a word that :meth:`SuggestionIndex.suggest` looks at, in its last resort.
_SCANNED = 1000

_WORD = re.compile(r"\w+")
#: Sorts after any folded text: ``[bisect_left(a, w), bisect_left(a, w + _AFTER))`` is what starts with ``w``.
_AFTER = "\U0010ffff"


def _folded(text: str | None) -> str:
    """:func:`graph.text.fold` with repeated spaces made one (ASCII text, most names, only case-folded: the same)."""
    if not text:
        return ""
    return " ".join((text.casefold() if text.isascii() else fold(text)).split())


@dataclass(frozen=True)
class Suggestion:
    """An organization offered as one types: what the list shows, and ``value``, what to put in the field.

    ``value`` is the organization's name when :func:`resolve_organization`
    reads that name as this organization alone, else its id (two
    organizations with one name, or a name that is another's id).
    """

    id: str
    name: str
    name_fr: str | None
    short_name: str | None
    country: str | None
    city: str | None
    role: str
    value: str

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)


class SuggestionIndex:
    """What the type-ahead looks up: each organization's names, id and city, folded and sorted.

    Built once per graph version, it makes :meth:`suggest` cheap enough to
    ask at each key pressed (the README's Performance section has the
    figures): prefixes are found by bisection in sorted texts, only the last
    resort (a piece inside a word) scans the text, and everything stops at
    ``limit``.

    Parameters
    ----------
    snapshot : Snapshot
        The organizations (``name``, ``name_fr``, ``short_name``, ``country``,
        ``roles``) and the projects and agreements, whose participants come
        first (most active first).
    cities : Mapping[str, str], optional
        Organization id -> city, matched too (default: the rows' ``city``,
        where the snapshot has one).

    Examples
    --------
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> s = snapshot_from_network({"organizations": [
    ...     {"id": "pc-casablanca", "name": "Cnam Maroc", "country": "MA", "roles": ["centre"]},
    ...     {"id": "uh2c", "name": "Université Hassan II de Casablanca", "short_name": "UH2C", "country": "MA"},
    ...     {"id": "lydec", "name": "Lydec", "country": "MA"},
    ...     {"id": "ecp", "name": "École polytechnique", "short_name": "X"},
    ...     {"id": "ecp-bis", "name": "Ecole Polytechnique"}]})
    >>> index = SuggestionIndex(s, cities={"pc-casablanca": "Casablanca", "uh2c": "Casablanca", "lydec": "Casablanca"})
    >>> [x.name for x in index.suggest("casabl")]  # by a word of the names or the id; then by the city
    ['Cnam Maroc', 'Université Hassan II de Casablanca', 'Lydec']
    >>> index.suggest("cnam")[0].to_dict()
    {'id': 'pc-casablanca', 'name': 'Cnam Maroc', 'name_fr': None, 'short_name': None, 'country': 'MA',
     'city': 'Casablanca', 'role': 'centre', 'value': 'Cnam Maroc'}
    >>> [(x.name, x.value) for x in index.suggest("école poly")]
    [('École polytechnique', 'ecp'), ('Ecole Polytechnique', 'ecp-bis')]
    >>> [x.id for x in index.suggest("ytech")], index.suggest("  ")
    (['ecp', 'ecp-bis'], [])
    """

    def __init__(self, snapshot: Snapshot, cities: Mapping[str, str | None] | None = None) -> None:
        organizations = snapshot.organizations
        active = Counter(o for p in snapshot.projects for o in (*p["participants"], *p["funders"]))
        active.update(o for a in snapshot.agreements for o in a["parties"])
        self._ids = sorted(organizations, key=lambda o: (-active[o], _folded(organizations[o]["name"]), o))
        self._position = {o: p for p, o in enumerate(self._ids)}
        self._rows = [organizations[o] for o in self._ids]
        self._cities = [(cities.get(row["id"]) if cities else row.get("city")) or None for row in self._rows]
        names = [[_folded(row.get(k)) for k in ("name", "name_fr", "short_name")] for row in self._rows]
        fields = [[n for n in dict.fromkeys([*own, _folded(o)]) if n] for own, o in zip(names, self._ids, strict=True)]
        self._exact: dict[str, list[int]] = {}
        for p, own in enumerate(fields):
            for name in own:
                self._exact.setdefault(name, []).append(p)
        self._fields, self._field_at = _sorted_pairs((f, p) for p, own in enumerate(fields) for f in own)
        self._words, self._word_at = _sorted_pairs(
            (w, p) for p, own in enumerate(fields) for w in set(_WORD.findall(" ".join(own)))
        )
        folded_cities = [_folded(c) for c in self._cities]
        self._city_words, self._city_at = _sorted_pairs(
            (w, p) for p, c in enumerate(folded_cities) for w in set(_WORD.findall(c))
        )
        haystacks = ["\x1f".join([*own, c]) for own, c in zip(fields, folded_cities, strict=True)]
        self._text = "\n".join(haystacks)
        self._starts = list(np.cumsum([0] + [len(h) + 1 for h in haystacks[:-1]])) if haystacks else []
        # resolve_organization's second rule reads a name as every organization that has it as one of its names
        self._named = Counter(n for own in names for n in set(own) if n)

    def __len__(self) -> int:
        return len(self._ids)

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        """The organizations ``text`` could be the start of, best first (at most ``limit``, :data:`MAX_SUGGESTIONS`).

        Case, accents and repeated spaces are ignored. Best first: an
        organization whose name, short name or id is ``text``; then one whose
        name, short name or id starts with it; then one with a word of its
        names or id starting with each word of ``text``; then the same with
        the words of its city too; last, one whose names, id or city hold each
        word of ``text`` anywhere (among the first :data:`_SCANNED` places
        holding its longest word). Within each rank, the most active first
        (projects, fundings, agreements), then by name.
        """
        query = _folded(text)
        limit = min(limit, MAX_SUGGESTIONS)
        found: dict[int, None] = {}  # positions in self._ids, in the order found
        if query and limit > 0:
            for positions in self._ranked(query):
                for p in positions:
                    found.setdefault(int(p))
                    if len(found) >= limit:
                        return [self._suggestion(p) for p in found]
        return [self._suggestion(p) for p in found]

    def value(self, org_id: str) -> str:
        """What to put in a form to name ``org_id``: its name if that names it alone, else the id."""
        return self._value(self._rows[self._position[org_id]])

    def _value(self, row: dict) -> str:
        name = row["name"]
        if self._named[_folded(name)] == 1 and (name == row["id"] or name not in self._position):
            return name
        return row["id"]

    def _suggestion(self, p: int) -> Suggestion:
        row = self._rows[p]
        return Suggestion(
            id=row["id"],
            name=row["name"],
            name_fr=row.get("name_fr"),
            short_name=row.get("short_name"),
            country=row.get("country"),
            city=self._cities[p],
            role=primary_role(row.get("roles")),
            value=self._value(row),
        )

    def _ranked(self, query: str) -> Iterator[Iterable[int]]:
        """Positions matching ``query``, one sorted sequence per rank, best rank first (each computed when asked)."""
        yield self._exact.get(query, ())
        yield np.unique(self._field_at[_prefixed(self._fields, query)])
        words = _WORD.findall(query)
        if words:
            yield _every(self._in_names(w) for w in words)
            yield _every(np.concatenate([self._in_names(w), self._in_city(w)]) for w in words)
        yield self._containing(query)

    def _in_names(self, word: str) -> np.ndarray:
        """Positions with a word of their names or id starting with ``word`` (repeated when several do)."""
        return self._word_at[_prefixed(self._words, word)]

    def _in_city(self, word: str) -> np.ndarray:
        """Positions with a word of their city starting with ``word``."""
        return self._city_at[_prefixed(self._city_words, word)]

    def _containing(self, query: str) -> Iterator[int]:
        """Positions whose text holds each word of ``query``, in order; scans from the longest word's occurrences."""
        words = query.split()
        longest = max(words, key=len)
        others = [w for w in words if w != longest]
        text, starts = self._text, self._starts
        at = text.find(longest)
        for _ in range(_SCANNED):
            if at < 0:
                return
            p = bisect.bisect_right(starts, at) - 1
            end = starts[p + 1] if p + 1 < len(starts) else len(text)
            if all(w in text[starts[p] : end] for w in others):
                yield p
            at = text.find(longest, end)


def _sorted_pairs(pairs: Iterable[tuple[str, int]]) -> tuple[list[str], np.ndarray]:
    """Texts sorted, and the position each came with."""
    ordered = sorted(pairs)
    return [t for t, _ in ordered], np.array([p for _, p in ordered], dtype=np.int64)


def _prefixed(texts: list[str], prefix: str) -> slice:
    """The slice of sorted ``texts`` that start with ``prefix``."""
    low = bisect.bisect_left(texts, prefix)
    return slice(low, bisect.bisect_left(texts, prefix + _AFTER, low))


def _every(groups: Iterable[np.ndarray]) -> np.ndarray:
    """The positions found in every group, sorted."""
    common: np.ndarray | None = None
    for group in groups:
        unique = np.unique(group)
        common = unique if common is None else np.intersect1d(common, unique, assume_unique=True)
        if not len(common):
            break
    return common if common is not None else np.array([], dtype=np.int64)
