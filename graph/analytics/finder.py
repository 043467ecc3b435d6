"""The partner finder: organizations able to work on a need, ranked, with their reasons.

Pure functions of a :class:`graph.analytics.index.PartnerIndex` (so of one
graph version); no I/O. They also accept the cooperation graph (a new index
is built for the call) or a :class:`graph.analytics.analysis.Analysis` (its
index is used).

Matching a query
----------------
The query is cut into words (:func:`graph.analytics.index.query_words`: case
and accents ignored; one-letter and function words dropped). A query word
matches a word of an expertise term's English or French name by the rule of
:func:`graph.analytics.index.word_matches` (prefixes of 3 letters or more;
long shared prefixes forgive endings, plurals and the other language's
spelling).

A query that is exactly an expertise id (``h2020-erc``) matches that term.
Each term a word matches *directly* is expanded to its narrower terms
(:meth:`graph.analytics.snapshot.Snapshot.narrower`) and to its broader term, which
count less (:data:`RELATION`: direct 1, narrower 0.75, broader 0.4).
A French word that matches the French name of a term of the project's own
FR/EN term list also reaches the English-only terms (euroSciVoc's) that the
term bridges to (:meth:`graph.analytics.index.PartnerIndex.bridged`), as
direct matches: "apprentissage" -> *Machine learning* -> *machine learning*.

The projects' free keywords are matched with the same rule, word by word: a
project *has the word in its keywords* when one of its keywords holds a word
it matches. Organization names (name, French name, short name) are matched
with the same rule too: an organization's *name matches* when its names
contain every query word that matched no expertise term and no keyword
(every query word, when all of them did). A word that matches nothing is
*ignored* (the page lists it as not understood).

Score of a partner
------------------
Three parts, each in ``[0, 1]`` and returned with the result:

``expertise``
    the mean over matched query words of the best, over the terms the word
    reaches, of ``RELATION[relation] * evidence``; ``evidence`` is
    ``level / 5`` for an expertise the organization declares with a level
    (1–5), :data:`~graph.analytics.index.UNKNOWN_LEVEL` (0.6) without a level,
    and at least :data:`~graph.analytics.index.PROJECT_ONLY` (0.4) when it
    took part in projects addressing the term; a name match counts
    :data:`NAME_MATCH` (0.6) for each word the name contains; a word only
    in the keywords of its projects counts ``PROJECT_ONLY * KEYWORD_MATCH``
    (0.3).
``track_record``
    ``T / (T + TRACK_HALF)`` with ``T`` the sum, over the organization's
    projects addressing the matched terms or having the words in their
    keywords, of the project's relevance (the mean over the words matching
    terms or keywords of the best ``RELATION`` of its terms, or
    :data:`KEYWORD_MATCH` (0.75) when only its keywords hold the word) × its recency
    (:func:`graph.analytics.cooperation.recency`, half-life 5 years) × 1.5 when the
    organization coordinated it (:data:`~graph.analytics.index.COORDINATOR`);
    two recent projects fully on the query give 0.5 (:data:`TRACK_HALF`).
``proximity``
    ``1 / hops`` from ``origin`` in the cooperation graph (1 for a partner
    already, 0.5 for a partner of a partner…, 0 when not connected);
    ``None`` without an origin.

``score = 0.5 · expertise + 0.3 · track_record + 0.2 · proximity``
(:data:`WEIGHTS`); without an origin the two other weights are scaled to add
up to 1 (``0.625 · expertise + 0.375 · track_record``). Ties are broken by
id. Candidates are the organizations with a positive expertise part: those
that declare a reached term, take part in a project addressing one or
having a query word in its keywords, or whose name matches. Reasons name
the terms in the language the query matched best (a French query gets
French names).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from graph.analytics.closeness import closest_terms
from graph.analytics.cooperation import Cooperation, ranges
from graph.analytics.filters import organization_filter
from graph.analytics.index import (
    PROJECT_ONLY,
    SHOWN,
    UNKNOWN_LEVEL,
    PartnerIndex,
    Reason,
    listing,
    partner_index,
    query_words,
    row_entries,
)
from graph.errors import NoMatchingExpertise
from graph.model import primary_role
from graph.text import Message

if TYPE_CHECKING:
    from graph.analytics.analysis import Analysis

__all__ = [
    "KEYWORD_MATCH",
    "NAME_MATCH",
    "RELATION",
    "TRACK_HALF",
    "WEIGHTS",
    "PartnerMatch",
    "QueryMatch",
    "closest_terms",
    "expertise_scores",
    "find_partners",
    "match_query",
    "nothing_matches",
]

#: Weight of a term reached from a query word, by how it was reached.
RELATION = {"direct": 1.0, "narrower": 0.75, "broader": 0.4}
#: Expertise credit of a query word that the organization's name contains.
NAME_MATCH = 0.6
#: Relevance of a project whose keywords (not its terms) hold a query word; an organization with such
#: projects has evidence ``PROJECT_ONLY * KEYWORD_MATCH`` for the word.
KEYWORD_MATCH = 0.75
#: Weighted projects giving a track record of 0.5.
TRACK_HALF = 2.0
#: Weights of the parts of a partner's score.
WEIGHTS = {"expertise": 0.5, "track_record": 0.3, "proximity": 0.2}

#: A reached term column -> (weight, relation, column of the direct term it came from).
Reach = dict[int, tuple[float, str, int]]


@dataclass
class PartnerMatch:
    """A partner found by :func:`find_partners`, with the parts of its score and its reasons.

    ``terms`` are the reached expertise terms the organization declares
    (``id``, ``name``, ``level``, ``evidence``, ``relation``, ``via``);
    ``projects`` the most recent of its ``project_count`` projects addressing
    the reached terms (``id``, ``title``, ``year``, ``coordinator``);
    ``hops`` its distance from the origin (``None`` without an origin or
    when not connected).
    """

    id: str
    name: str
    short_name: str | None
    country: str | None
    role: str
    score: float
    expertise: float
    track_record: float
    proximity: float | None
    hops: int | None
    name_match: bool
    terms: list[dict]
    project_count: int
    projects: list[dict]
    reasons: list[Reason]

    @property
    def text(self) -> str:
        """The reasons as one line of plain text."""
        return "; ".join(r.text for r in self.reasons)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "short_name": self.short_name,
            "country": self.country,
            "role": self.role,
            "score": self.score,
            "parts": {"expertise": self.expertise, "track_record": self.track_record, "proximity": self.proximity},
            "hops": self.hops,
            "name_match": self.name_match,
            "terms": self.terms,
            "project_count": self.project_count,
            "projects": self.projects,
            "reasons": [r.to_dict() for r in self.reasons],
            "text": self.text,
        }


@dataclass
class QueryMatch:
    """How a query was read: the ``words`` used, the ``ignored`` ones, the ``terms`` reached.

    Each term: ``id``, ``name`` (in the query's ``language``), ``relation``
    (``direct``, ``narrower`` or ``broader``) and ``via`` (the directly
    matched term it was reached from, else ``None``). ``name_matches``
    counts the organizations whose name matches. ``keywords``: for each word
    found in the projects' keywords, ``word``, ``projects`` (how many have
    it) and the commonest such ``keywords``. ``bridges``: for each term of
    the FR/EN term list through which French words reached English-only
    terms, the ``words``, ``via`` (its French and English names) and
    ``terms`` (the names reached).
    """

    query: str
    words: list[str]
    ignored: list[str]
    language: str
    terms: list[dict]
    name_matches: int
    keywords: list[dict] = field(default_factory=list)
    bridges: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "words": self.words,
            "ignored": self.ignored,
            "language": self.language,
            "terms": self.terms,
            "name_matches": self.name_matches,
            "keywords": self.keywords,
            "bridges": self.bridges,
        }


@dataclass
class _Query:
    """A query as matched against one index (internal to :func:`find_partners`)."""

    words: list[str]
    ignored: list[str]
    language: str
    #: word -> the terms it reaches
    reach: dict[str, Reach]
    term_words: list[str]
    #: words each counted in the expertise part (those reaching terms, and those only names match)
    scored_words: list[str]
    #: word -> boolean mask of the organizations whose name contains it (only the words names match)
    name_words: dict[str, np.ndarray]
    name_match: np.ndarray
    #: word -> boolean mask of the projects whose keywords hold it (only the words some keyword holds)
    keyword_projects: dict[str, np.ndarray] = field(default_factory=dict)
    #: word -> the keyword columns it matches
    keyword_columns: dict[str, list[int]] = field(default_factory=dict)
    #: word -> (bridging term column, English-only term columns reached)
    bridges: dict[str, list[tuple[int, list[int]]]] = field(default_factory=dict)

    @property
    def project_words(self) -> list[str]:
        """The words a project can be relevant to: those reaching terms, and those in keywords."""
        return [w for w in self.words if w in self.reach or w in self.keyword_projects]

    def best_reach(self) -> Reach:
        """Each reached term with the best way any word reaches it."""
        best: Reach = {}
        for r in self.reach.values():
            for col, v in r.items():
                if col not in best or v[0] > best[col][0]:
                    best[col] = v
        return best


# --- small helpers -------------------------------------------------------------


def _weighted_max(m: sp.csc_matrix, weights: Reach | dict[int, tuple], size: int) -> np.ndarray:
    """For each row of ``m`` (CSC), the largest ``weight * value`` over the columns of ``weights``.

    ``weights`` maps a column to a tuple whose first item is its weight; rows
    with no entry in those columns get 0.

    >>> m = sp.csc_matrix(np.array([[1.0, 0.5], [0.0, 1.0], [0.0, 0.0]]))
    >>> _weighted_max(m, {0: (0.4,), 1: (1.0,)}, 3).tolist()
    [0.5, 1.0, 0.0]
    """
    best = np.zeros(size)
    if not weights:
        return best
    columns = np.fromiter(weights, dtype=np.int64, count=len(weights))
    factor = np.array([weights[c][0] for c in columns.tolist()])
    starts = m.indptr[columns]
    lengths = m.indptr[columns + 1] - starts
    offsets = ranges(starts, lengths)
    np.maximum.at(best, m.indices[offsets], m.data[offsets] * np.repeat(factor, lengths))
    return best


def _best(rows: np.ndarray, score: np.ndarray, limit: int) -> np.ndarray:
    """The ``limit`` rows of best score (rounded to 9 digits), ties by row; selected before sorting.

    >>> _best(np.array([0, 1, 2, 3, 4]), np.array([0.1, 0.5, 0.5, 0.9, 0.2]), 3).tolist()
    [3, 1, 2]
    """
    limit = max(limit, 0)
    rounded = np.round(score[rows], 9)
    if len(rows) > limit > 0:
        threshold = np.partition(rounded, len(rows) - limit)[len(rows) - limit]
        keep = rounded >= threshold  # every row tied with the last one kept, for the tie-break by row
        rows, rounded = rows[keep], rounded[keep]
    return rows[np.lexsort((rows, -rounded))[:limit]]


def _years(first: int | None, last: int | None) -> str:
    if first is None:
        return ""
    return str(first) if last in (None, first) else f"{first}–{last}"


# --- matching --------------------------------------------------------------------


def _direct_terms(
    index: PartnerIndex, query: str, words: list[str], bridges: dict[str, list[tuple[int, list[int]]]] | None = None
) -> tuple[dict[str, dict[int, str]], str]:
    """The terms each word names directly (column -> language of the best match), and the query's language.

    A term matched only by its French name also brings the English-only terms it bridges to
    (:meth:`PartnerIndex.bridged`), recorded in ``bridges`` (word -> [(term, terms reached)]).
    """
    direct: dict[str, dict[int, str]] = {}
    strong = {"en": 0, "fr": 0}
    for w in words:
        found: dict[int, str] = {}
        by_lang: dict[str, set[int]] = {"en": set(), "fr": set()}
        for t in index.term_words.matching(w):
            for col, lang in index.term_words.postings[t]:
                if t.startswith(w):  # a prefix match says which language the query is in
                    strong[lang] += 1
                found.setdefault(col, lang)
                by_lang[lang].add(col)
        for col in sorted(by_lang["fr"] - by_lang["en"]):
            reached = [c for c in index.bridged(col) if c not in found]
            if reached:
                for c in reached:
                    found[c] = "en"
                if bridges is not None:
                    bridges.setdefault(w, []).append((col, reached))
        if found:
            direct[w] = found
    stripped = (query or "").strip()
    if stripped in index.coop.snapshot.expertise:  # an expertise id, as a link would carry it
        for w in words:
            direct.setdefault(w, {})[index.term_index[stripped]] = "en"
    return direct, "fr" if strong["fr"] > strong["en"] else "en"


def _reach(index: PartnerIndex, columns: dict[int, str]) -> Reach:
    """The terms directly named (``columns``), their narrower terms and their broader term, best way first."""
    expertise = index.coop.snapshot.expertise
    r: Reach = {}

    def add(col: int, relation: str, via: int) -> None:
        if col not in r or RELATION[relation] > r[col][0]:
            r[col] = (RELATION[relation], relation, via)

    for col in sorted(columns):
        t = index.term_ids[col]
        add(col, "direct", col)
        for below in sorted(index.narrower(t) - {t}):
            if below in index.term_index:
                add(index.term_index[below], "narrower", col)
        broader = expertise[t].get("broader")
        if broader in index.term_index:
            add(index.term_index[broader], "broader", col)
    return r


def _name_words(
    index: PartnerIndex, words: list[str], covered: Collection[str]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Masks of the organizations whose names contain each word, and of those whose name matches.

    The name must contain every word not ``covered`` (by a term or a keyword), or every word when all are.
    """
    name_words: dict[str, np.ndarray] = {}
    required = [w for w in words if w not in covered] or words
    name_match = np.zeros(index.n, dtype=bool)
    if required:
        name_match[:] = True
        for w in words:
            mask = np.zeros(index.n, dtype=bool)
            for t in index.name_words.matching(w):
                mask[index.name_words.postings[t]] = True
            if w in required:
                name_match &= mask
            name_words[w] = mask
    for w in list(name_words):
        name_words[w] = name_words[w] & name_match
        if not name_words[w].any():
            del name_words[w]
    return name_words, name_match


def _match(index: PartnerIndex, query: str) -> _Query:
    """Read ``query`` (see the module docstring); :class:`NoMatchingExpertise` when nothing matches."""
    words = query_words(query)
    bridges: dict[str, list[tuple[int, list[int]]]] = {}
    direct, language = _direct_terms(index, query, words, bridges)
    reach = {w: _reach(index, cols) for w, cols in direct.items()}
    term_words = [w for w in words if w in reach]
    keyword_columns, keyword_projects = _keyword_words(index, words)
    name_words, name_match = _name_words(index, words, set(reach) | set(keyword_projects))
    scored = [w for w in words if w in reach or w in keyword_projects or w in name_words]
    if not scored:
        raise NoMatchingExpertise(query, closest_terms(index, query))
    ignored = [w for w in words if w not in scored]
    return _Query(
        words,
        ignored,
        language,
        reach,
        term_words,
        scored,
        name_words,
        name_match,
        keyword_projects,
        keyword_columns,
        bridges,
    )


def _keyword_words(index: PartnerIndex, words: list[str]) -> tuple[dict[str, list[int]], dict[str, np.ndarray]]:
    """For each word some project keyword holds: the keyword columns it matches, and the mask of those projects."""
    columns: dict[str, list[int]] = {}
    projects: dict[str, np.ndarray] = {}
    for w in words:
        cols = sorted({c for k in index.keyword_words.matching(w) for c in index.keyword_words.postings[k]})
        if cols:
            mask = _weighted_max(index.with_keyword, {c: (1.0,) for c in cols}, index.m) > 0
            if mask.any():
                columns[w], projects[w] = cols, mask
    return columns, projects


def _describe(index: PartnerIndex, q: _Query, query: str) -> QueryMatch:
    listed = sorted(q.best_reach().items(), key=lambda kv: (-kv[1][0], index.term_ids[kv[0]]))
    return QueryMatch(
        query=query,
        words=q.scored_words,
        ignored=q.ignored,
        language=q.language,
        terms=[
            {
                "id": index.term_ids[col],
                "name": index.term_label(index.term_ids[col], q.language),
                "relation": relation,
                "via": None if relation == "direct" else index.term_ids[via],
            }
            for col, (_, relation, via) in listed
        ],
        name_matches=int(q.name_match.sum()) if q.name_words else 0,
        keywords=[
            {
                "word": w,
                "projects": int(q.keyword_projects[w].sum()),
                "keywords": _commonest_keywords(index, np.flatnonzero(q.keyword_projects[w]), q.keyword_columns[w]),
            }
            for w in q.words
            if w in q.keyword_projects
        ],
        bridges=_bridges(index, q),
    )


def _bridges(index: PartnerIndex, q: _Query) -> list[dict]:
    """One entry per bridging term: the ``words`` that reached it, ``via`` (its names) and the ``terms`` reached."""
    by_term: dict[int, dict] = {}
    for w in q.words:
        for col, reached in q.bridges.get(w, ()):
            t = index.term_ids[col]
            entry = by_term.setdefault(
                col,
                {
                    "words": [],
                    "via": {"name": index.term_label(t), "name_fr": index.term_label(t, "fr")},
                    "terms": [index.term_label(index.term_ids[c]) for c in reached],
                },
            )
            entry["words"].append(w)
    return list(by_term.values())


def _commonest_keywords(
    index: PartnerIndex, projects: np.ndarray, columns: list[int], words: dict[int, int] | None = None
) -> list[str]:
    """The labels of the keyword ``columns`` most ``projects`` have, commonest first (ties by label), 5 at most.

    With ``words`` (column -> how many query words the keyword holds), keywords holding more words come first.
    """
    if not len(projects) or not columns:
        return []
    counts = np.asarray(index.PK[projects][:, columns].sum(axis=0)).ravel()
    held = words or {}
    ranked = sorted(
        (k for k in range(len(columns)) if counts[k] > 0),
        key=lambda k: (-held.get(columns[k], 0), -counts[k], index.keyword_labels[columns[k]].lower()),
    )
    return [index.keyword_labels[columns[k]] for k in ranked[: SHOWN + 2]]


# --- the partner finder ------------------------------------------------------------


def _project_relevance(index: PartnerIndex, q: _Query) -> np.ndarray:
    """Relevance of each project to the query: mean over words of the best weight of its terms or keywords."""
    relevance = np.zeros(index.m)
    words = q.project_words
    for w in words:
        best = _weighted_max(index.projects_on, q.reach.get(w, {}), index.m)
        if w in q.keyword_projects:
            on = q.keyword_projects[w]
            best[on] = np.maximum(best[on], KEYWORD_MATCH)
        relevance += best
    if words:
        relevance /= len(words)
    return relevance


def _expertise_part(index: PartnerIndex, q: _Query) -> np.ndarray:
    """The expertise part of every organization's score (see the module docstring)."""
    expertise = np.zeros(index.n)
    for w in q.scored_words:
        best = _weighted_max(index.evidence, q.reach.get(w, {}), index.n)
        if w in q.name_words:
            best[q.name_words[w]] = np.maximum(best[q.name_words[w]], NAME_MATCH)
        if w in q.keyword_projects:
            orgs = (index.A @ q.keyword_projects[w].astype(float)) > 0
            best[orgs] = np.maximum(best[orgs], PROJECT_ONLY * KEYWORD_MATCH)
        expertise += best
    expertise /= len(q.scored_words)
    return expertise


def _find(
    index: PartnerIndex,
    query: str,
    *,
    country: str | None,
    role: str | None,
    kind: str | None,
    funder: str | None,
    origin: str | None,
    limit: int,
) -> list[PartnerMatch]:
    keep = organization_filter(index, country=country, role=role, funder=funder, kind=kind)
    start = index.organization(origin) if origin is not None else None
    q = _match(index, query)
    expertise = _expertise_part(index, q)
    relevance = _project_relevance(index, q)
    total = index.A @ (relevance * index.p_recency)
    track = total / (total + TRACK_HALF)

    hops = index.hops(start) if start is not None else None
    proximity: np.ndarray | None = None
    if hops is not None:
        proximity = np.zeros(index.n)
        reached = np.isfinite(hops) & (hops > 0)
        proximity[reached] = 1.0 / hops[reached]
        score = WEIGHTS["expertise"] * expertise + WEIGHTS["track_record"] * track + WEIGHTS["proximity"] * proximity
    else:
        scale = WEIGHTS["expertise"] + WEIGHTS["track_record"]
        score = (WEIGHTS["expertise"] * expertise + WEIGHTS["track_record"] * track) / scale

    candidates = (expertise > 0) & keep
    if start is not None:
        candidates[start] = False
    return [
        _partner(
            index,
            int(i),
            q,
            relevance,
            round(float(score[i]), 4),
            (float(expertise[i]), float(track[i]), None if proximity is None else float(proximity[i])),
            None if hops is None or start is None else (start, float(hops[i])),
        )
        for i in _best(np.flatnonzero(candidates), score, limit)
    ]


def _partner(
    index: PartnerIndex,
    i: int,
    q: _Query,
    relevance: np.ndarray,
    score: float,
    parts: tuple[float, float, float | None],
    origin: tuple[int, float] | None,
) -> PartnerMatch:
    """Organization row ``i`` as a :class:`PartnerMatch`; ``parts`` of its score, ``origin`` (row, hops)."""
    o = index.coop.ids[i]
    row = index.coop.snapshot.organizations[o]
    best = q.best_reach()
    terms = _declared_terms(index, o, best, q.language)
    reasons = _expertise_reasons(index, terms, q.language)
    name_match = bool(q.name_words) and bool(q.name_match[i])
    if name_match:
        matched = [w for w in q.words if w in q.name_words and q.name_words[w][i]]
        reasons.append(Reason("name", Message("name matches “%(words)s”", words=" ".join(matched)), {"words": matched}))
    project_count, shown, reason = _track_record(index, i, best, relevance, q)
    if reason is not None:
        reasons.append(reason)
    hop_count = None
    if origin is not None:
        hop_count, reason = _network_reason(index, origin[0], i, origin[1])
        reasons.append(reason)
    expertise, track, proximity = parts
    return PartnerMatch(
        id=o,
        name=row["name"],
        short_name=row.get("short_name"),
        country=row.get("country"),
        role=primary_role(row.get("roles")),
        score=score,
        expertise=round(expertise, 4),
        track_record=round(track, 4),
        proximity=None if proximity is None else round(proximity, 4),
        hops=hop_count,
        name_match=name_match,
        terms=terms,
        project_count=project_count,
        projects=shown,
        reasons=reasons,
    )


def _declared_terms(index: PartnerIndex, o: str, best: Reach, language: str) -> list[dict]:
    """The reached terms that ``o`` declares, best evidence first."""
    s = index.coop.snapshot
    terms = []
    for t in s.organization_expertise.get(o, ()):
        col = index.term_index[t]
        if col not in best:
            continue
        weight, relation, via = best[col]
        ev = s.expertise_evidence.get((o, t), {})
        level = ev.get("level")
        factor = UNKNOWN_LEVEL if level is None else level / 5
        terms.append(
            (
                -weight * factor,
                t,
                {
                    "id": t,
                    "name": index.term_label(t, language),
                    "level": level,
                    "evidence": ev.get("evidence"),
                    "relation": relation,
                    "via": None if relation == "direct" else index.term_ids[via],
                },
            )
        )
    terms.sort(key=lambda x: (x[0], x[1]))
    return [x[2] for x in terms]


def _expertise_reasons(index: PartnerIndex, terms: list[dict], language: str) -> list[Reason]:
    """A reason for each of the two best declared terms."""
    reasons = []
    for term in terms[:2]:
        via = None if term["relation"] == "direct" else index.term_label(str(term["via"]), language)
        text = _expertise_text(term["name"], term["level"], term["relation"], via)
        if term["evidence"]:
            text = Message("%(reason)s: %(evidence)s", reason=text, evidence=term["evidence"])
        reasons.append(Reason("expertise", text, {"term": term["id"], "level": term["level"]}))
    return reasons


def _expertise_text(name: str, level: int | None, relation: str, via: str | None) -> Message:
    """``expertise NAME (level L; narrower than VIA)``, with the details there are."""
    details: Message | None = None
    if relation == "narrower":
        if level is None:
            details = Message("narrower than %(term)s", term=via)
        else:
            details = Message("level %(level)s; narrower than %(term)s", level=level, term=via)
    elif relation == "broader":
        if level is None:
            details = Message("broader than %(term)s", term=via)
        else:
            details = Message("level %(level)s; broader than %(term)s", level=level, term=via)
    elif level is not None:
        details = Message("level %(level)s", level=level)
    if details is None:
        return Message("expertise %(term)s", term=name)
    return Message("expertise %(term)s (%(details)s)", term=name, details=details)


def _track_record(
    index: PartnerIndex, i: int, best: Reach, relevance: np.ndarray, q: _Query
) -> tuple[int, list[dict], Reason | None]:
    """Row ``i``'s projects addressing the reached terms or having the words in their keywords: how many, the
    latest five, and a reason (if any)."""
    language = q.language
    projects, coordination = row_entries(index.A, i)
    on = relevance[projects] > 0
    projects, coordination = projects[on], coordination[on]
    if not len(projects):
        return 0, [], None
    topics = np.asarray(index.PT[projects].sum(axis=0)).ravel()
    reached = sorted(
        (col for col in best if topics[col] > 0), key=lambda c: (-topics[c], -best[c][0], index.term_ids[c])
    )
    topic_names = [index.term_label(index.term_ids[c], language) for c in reached]
    funded = np.asarray(index.FU[projects].sum(axis=0)).ravel()
    funders = [
        index.funder_ids[f] for f in sorted(np.flatnonzero(funded), key=lambda f: (-funded[f], index.funder_ids[f]))
    ]
    firsts, lasts = index.p_first[projects], index.p_last[projects]
    first = int(firsts[firsts >= 0].min()) if (firsts >= 0).any() else None
    last = int(lasts[lasts >= 0].max()) if (lasts >= 0).any() else None
    coordinated = int((coordination > 1).sum())
    count = len(projects)
    held: dict[int, int] = {}
    for cols in q.keyword_columns.values():
        for c in cols:
            held[c] = held.get(c, 0) + 1
    keywords = _commonest_keywords(index, projects, sorted(held), held)
    text = _projects_text(count, listing(topic_names), listing([f"“{k}”" for k in keywords]))
    if first is not None:
        text = Message("%(reason)s, %(years)s", reason=text, years=_years(first, last))
    if funders:
        text = Message(
            "%(reason)s, funded by %(funders)s", reason=text, funders=listing([index.label(f) for f in funders])
        )
    if coordinated:
        text = Message("%(reason)s; coordinated %(n)s", reason=text, n=coordinated)
    data = {
        "projects": count,
        "coordinated": coordinated,
        "first_year": first,
        "last_year": last,
        "topics": [index.term_ids[c] for c in reached],
        "keywords": keywords[:SHOWN],
        "funders": funders,
    }
    s = index.coop.snapshot
    recent = sorted(range(count), key=lambda k: (-index.p_year[projects[k]], s.projects[projects[k]]["id"]))
    shown = []
    for k in recent[:5]:
        p = s.projects[projects[k]]
        year = int(index.p_year[projects[k]])
        shown.append(
            {
                "id": p["id"],
                "title": p["title"],
                "year": None if year < 0 else year,
                "coordinator": bool(coordination[k] > 1),
            }
        )
    return count, shown, Reason("projects", text, data)


def _projects_text(count: int, topics: str, keywords: str) -> Message:
    """``N projects on TOPICS or with keywords KEYWORDS`` (``topics`` or ``keywords`` may be empty)."""
    if topics and keywords:
        if count == 1:
            return Message("1 project on %(topics)s or with keywords %(keywords)s", topics=topics, keywords=keywords)
        return Message(
            "%(n)s projects on %(topics)s or with keywords %(keywords)s", n=count, topics=topics, keywords=keywords
        )
    if keywords:
        if count == 1:
            return Message("1 project with keywords %(keywords)s", keywords=keywords)
        return Message("%(n)s projects with keywords %(keywords)s", n=count, keywords=keywords)
    if count == 1:
        return Message("1 project on %(topics)s", topics=topics)
    return Message("%(n)s projects on %(topics)s", n=count, topics=topics)


def _network_reason(index: PartnerIndex, start: int, i: int, hops: float) -> tuple[int | None, Reason]:
    """How far row ``i`` is from the origin (row ``start``): the hop count (``None``: not connected) and a reason."""
    coop = index.coop
    who = index.label(coop.ids[start])
    if not np.isfinite(hops):
        return None, Reason("network", Message("not connected to %(org)s", org=who), {"hops": None})
    hop_count = int(hops)
    data: dict
    if hop_count == 1:
        shared = int(coop.counts[start, i])
        if shared == 1:
            text = Message("already works with %(org)s (1 shared activity)", org=who)
        else:
            text = Message("already works with %(org)s (%(n)s shared activities)", org=who, n=shared)
        data = {"hops": 1}
    elif hop_count == 2:
        through = coop.ids[_bridge(index, start, i)]
        text = Message("2 hops from %(org)s (through %(via)s)", org=who, via=index.label(through))
        data = {"hops": 2, "via": through}
    else:
        text = Message("%(n)s hops from %(org)s", n=hop_count, org=who)
        data = {"hops": hop_count}
    return hop_count, Reason("network", text, data)


def _bridge(index: PartnerIndex, a: int, b: int) -> int:
    """The common partner of rows ``a`` and ``b`` with the strongest weaker tie (lowest id on ties)."""
    za, wa = row_entries(index.W, a)
    zb, wb = row_entries(index.W, b)
    common, ia, ib = np.intersect1d(za, zb, assume_unique=True, return_indices=True)
    strength = np.minimum(wa[ia], wb[ib])
    return int(common[np.lexsort((common, -strength))[0]])


# --- the functions -----------------------------------------------------------------


def match_query(source: Cooperation | PartnerIndex | Analysis, query: str) -> QueryMatch:
    """How :func:`find_partners` reads ``query``: the words used and ignored, the terms reached.

    Raises :class:`NoMatchingExpertise` when nothing matches.

    Examples
    --------
    >>> from graph.analytics.cooperation import cooperation_graph
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> coop = cooperation_graph(snapshot_from_network({"expertise": [
    ...     {"id": "it", "name": "Computer science", "name_fr": "Informatique"},
    ...     {"id": "cyber", "name": "Cybersecurity", "name_fr": "Cybersécurité", "broader": "it"},
    ...     {"id": "crypto", "name": "Cryptography", "name_fr": "Cryptographie", "broader": "cyber"}]}))
    >>> m = match_query(coop, "Cybersécurité du futur")
    >>> m.words, m.ignored, m.language
    (['cybersecurite'], ['futur'], 'fr')
    >>> [(t["id"], t["relation"], t["via"]) for t in m.terms]
    [('cyber', 'direct', None), ('crypto', 'narrower', 'cyber'), ('it', 'broader', 'cyber')]
    """
    index = partner_index(source)
    return _describe(index, _match(index, query), query)


def expertise_scores(source: Cooperation | PartnerIndex | Analysis, query: str) -> tuple[np.ndarray, list[int]]:
    """The expertise part of every organization's score for ``query`` (by row of the index), and the terms the
    query reaches (term columns), as :func:`find_partners` computes them.

    Raises :class:`NoMatchingExpertise` when nothing matches. The recommender filters on it
    (:func:`graph.analytics.recommend.recommend_partners`, ``expertise=``).
    """
    index = partner_index(source)
    q = _match(index, query)
    return _expertise_part(index, q), sorted(q.best_reach())


def nothing_matches(query: str) -> Message:
    """What to tell a user whose ``query`` matches nothing (:class:`NoMatchingExpertise`).

    >>> nothing_matches("blockchain")
    "nothing matches 'blockchain'"
    """
    return Message("nothing matches %(query)r", query=query)


def find_partners(
    source: Cooperation | PartnerIndex | Analysis,
    query: str,
    *,
    country: str | None = None,
    role: str | None = None,
    kind: str | None = None,
    funder: str | None = None,
    origin: str | None = None,
    limit: int = 20,
) -> list[PartnerMatch]:
    """Organizations able to work on ``query``, best first (see the module docstring for the score).

    Parameters
    ----------
    source : PartnerIndex, Analysis or Cooperation
        The partner index of the graph, an analysis (its index, built on
        first use and kept), or a cooperation graph (an index is built for
        this call: keep an index or an analysis for several).
    query : str
        Words in French or English; case and accents do not matter.
    country : str, optional
        Keep organizations of this country (a code, ``FR``).
    role : str, optional
        Keep organizations with this role (``centre``, ``partner``,
        ``company``, ``funder``).
    kind : str, optional
        Keep organizations of this kind of institution (``university``); a
        role is still accepted here (deprecated: use ``role``).
    funder : str, optional
        Keep organizations that took part in a project this funder (an id, or
        a short name) funds.
    origin : str, optional
        The asking organization (an id): never in the results; distance from
        it is part of the score.
    limit : int
        At most this many results.

    Returns
    -------
    list of PartnerMatch
        Empty when no candidate passes the filters.

    Raises
    ------
    NoMatchingExpertise
        No expertise term, project keyword or organization name matches the
        query; ``suggestions`` holds the expertise names close to it
        (:func:`graph.analytics.closeness.closest_terms`: often none), and
        :func:`nothing_matches` says it to the user.
    UnknownFilter, UnknownOrganization
        A filter or the origin names nothing in the graph.

    See Also
    --------
    match_query : how the query was read.
    graph.analytics.recommend.recommend_partners : new partners for an organization.

    Examples
    --------
    >>> from graph.analytics.cooperation import cooperation_graph
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> coop = cooperation_graph(snapshot_from_network({
    ...     "organizations": [{"id": o, "name": o.upper(), "roles": ["partner"], "country": "FR"} for o in "abc"],
    ...     "expertise": [{"id": "solar", "name": "Solar energy", "name_fr": "Énergie solaire"}],
    ...     "organization_expertise": [{"organization": "a", "expertise": "solar", "level": 2},
    ...                                {"organization": "b", "expertise": "solar", "level": 5,
    ...                                 "evidence": "Solar lab"}]}))
    >>> [(m.id, m.score, m.expertise) for m in find_partners(coop, "énergie solaire")]
    [('b', 0.625, 1.0), ('a', 0.25, 0.4)]
    >>> find_partners(coop, "solar")[0].text
    'expertise Solar energy (level 5): Solar lab'
    >>> find_partners(coop, "solar", country="BE")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownFilter: unknown country 'BE' (country codes: FR)
    """
    return _find(
        partner_index(source),
        query,
        country=country,
        role=role,
        kind=kind,
        funder=funder,
        origin=origin,
        limit=limit,
    )
