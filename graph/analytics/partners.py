"""Find partners for a need, and recommend new partners to an organization.

Pure functions of a :class:`graph.analytics.cooperation.Cooperation` (so of one graph
version); no I/O. What they precompute is held by a :class:`PartnerIndex`,
built on first use and kept with the cooperation graph (the web app caches
that per graph version), so a search or a recommendation reads sparse
matrices and never loops over the whole graph in Python.

Matching a query
----------------
The query is folded (:func:`graph.text.fold`: case and accents ignored) and
cut into words; words of one letter and the function words of
:data:`STOPWORDS` (``and``, ``de``, ``pour``…) are dropped. A query word
``q`` *matches* a word ``t`` of an expertise term's English or French name
when (:func:`word_matches`)

* ``t`` starts with ``q`` and ``q`` has at least 3 letters (``cyber``,
  ``secu``…), or ``q == t``; or
* they share a prefix of at least ``max(5, min(len(q), len(t)) - 2)`` letters,
  which forgives endings, plurals and the other language's spelling:
  ``energy`` / ``énergies``, ``cybersecurity`` / ``cybersécurité`` (but not
  ``marie`` / ``marine``: short words need their first 5 letters alike).

A query that is exactly an expertise id (``h2020-erc``) matches that term.
Each term a word matches *directly* is expanded to its narrower terms
(:meth:`graph.analytics.snapshot.Snapshot.narrower`) and to its broader term, which
count less (:data:`RELATION`: direct 1, narrower 0.75, broader 0.4).
Organization names (name, French name, short name) are matched with the same
rule: an organization's *name matches* when its names contain every query
word that matched no expertise term (every query word, when all of them did).

Score of a partner
------------------
Three parts, each in ``[0, 1]`` and returned with the result:

``expertise``
    the mean over matched query words of the best, over the terms the word
    reaches, of ``RELATION[relation] * evidence``; ``evidence`` is
    ``level / 5`` for an expertise the organization declares with a level
    (1–5), :data:`UNKNOWN_LEVEL` (0.6) without a level, and at least
    :data:`PROJECT_ONLY` (0.4) when it took part in projects addressing the
    term; a name match counts :data:`NAME_MATCH` (0.6) for each word the
    name contains.
``track_record``
    ``T / (T + TRACK_HALF)`` with ``T`` the sum, over the organization's
    projects addressing the matched terms, of the project's relevance (the
    mean over words of the best ``RELATION`` of its terms) × its recency
    (:func:`graph.analytics.cooperation.recency`, half-life 5 years) × 1.5 when the
    organization coordinated it (:data:`COORDINATOR`); two recent projects
    fully on the query give 0.5 (:data:`TRACK_HALF`).
``proximity``
    ``1 / hops`` from ``origin`` in the cooperation graph (1 for a partner
    already, 0.5 for a partner of a partner…, 0 when not connected);
    ``None`` without an origin.

``score = 0.5 · expertise + 0.3 · track_record + 0.2 · proximity``
(:data:`WEIGHTS`); without an origin the two other weights are scaled to add
up to 1 (``0.625 · expertise + 0.375 · track_record``). Ties are broken by
id. Candidates are the organizations with a positive expertise part: those
that declare a reached term, take part in a project addressing one, or whose
name matches. Reasons name the terms in the language the query matched best
(a French query gets French names).

Recommending partners
---------------------
Link prediction in the cooperation graph, among the organizations two hops
away (partners of partners not tied to ``org`` yet, and not the centres it
belongs to or its own members):

``score = 0.7 · adamic_adar / max(adamic_adar) + 0.3 · shared_expertise``
(:data:`RECOMMEND_WEIGHTS`), where ``adamic_adar`` is
``sum(1 / log(degree(z)))`` over the common partners ``z`` (a common partner
with few ties says more than a hub) and the maximum is over this
organization's candidates, and ``shared_expertise`` is the Jaccard index of
the two organizations' expertise sets (declared, or addressed by projects
they took part in). Ties are broken by id. An organization without ties gets
no recommendation (:func:`why_no_recommendations` says so).
"""

from __future__ import annotations

import bisect
import difflib
import re
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from graph.analytics.cooperation import Cooperation, activity_year, ranges, recency
from graph.analytics.snapshot import collector_paused
from graph.errors import NoMatchingExpertise, UnknownFilter, UnknownOrganization
from graph.model import primary_role
from graph.text import fold

#: Function words dropped from a query (English and French).
STOPWORDS = frozenset(
    "a an and at by for from in into of on or the to with "
    "au aux avec ce ces d dans de des du en et l la le les ou par pour sur sous un une".split()
)
#: Weight of a term reached from a query word, by how it was reached.
RELATION = {"direct": 1.0, "narrower": 0.75, "broader": 0.4}
#: Evidence of a declared expertise without a level (as level 3 of 5).
UNKNOWN_LEVEL = 0.6
#: Evidence of an expertise shown only by the projects an organization took part in.
PROJECT_ONLY = 0.4
#: Expertise credit of a query word that the organization's name contains.
NAME_MATCH = 0.6
#: Weight of a project the organization coordinated, in its track record.
COORDINATOR = 1.5
#: Weighted projects giving a track record of 0.5.
TRACK_HALF = 2.0
#: Weights of the parts of a partner's score.
WEIGHTS = {"expertise": 0.5, "track_record": 0.3, "proximity": 0.2}
#: Weights of the parts of a recommendation's score.
RECOMMEND_WEIGHTS = {"adamic_adar": 0.7, "shared_expertise": 0.3}
#: At most this many names, topics or funders are written in a reason.
SHOWN = 3


# --- results ---------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """One reason for a result: its ``kind``, a ``text`` to show, and the ``data`` behind it."""

    kind: str
    text: str
    data: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, **self.data}


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
class Recommendation:
    """A new partner suggested by :func:`recommend_partners`.

    ``partners`` are the strongest common partners (``id``, ``name``);
    ``topics`` and ``funders`` (``id``, ``name``, ``projects``) those of the
    projects the candidate did with the common partners; ``shared_terms`` the
    expertise both organizations have.
    """

    id: str
    name: str
    short_name: str | None
    country: str | None
    role: str
    score: float
    adamic_adar: float
    common_partners: int
    shared_expertise: float
    partners: list[dict]
    topics: list[dict]
    funders: list[dict]
    shared_terms: list[dict]
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
            "parts": {
                "adamic_adar": self.adamic_adar,
                "common_partners": self.common_partners,
                "shared_expertise": self.shared_expertise,
            },
            "partners": self.partners,
            "topics": self.topics,
            "funders": self.funders,
            "shared_terms": self.shared_terms,
            "reasons": [r.to_dict() for r in self.reasons],
            "text": self.text,
        }


@dataclass
class QueryMatch:
    """How a query was read: the ``words`` used, the ``ignored`` ones, the ``terms`` reached.

    Each term: ``id``, ``name`` (in the query's ``language``), ``relation``
    (``direct``, ``narrower`` or ``broader``) and ``via`` (the directly
    matched term it was reached from, else ``None``). ``name_matches``
    counts the organizations whose name matches.
    """

    query: str
    words: list[str]
    ignored: list[str]
    language: str
    terms: list[dict]
    name_matches: int

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "words": self.words,
            "ignored": self.ignored,
            "language": self.language,
            "terms": self.terms,
            "name_matches": self.name_matches,
        }


# --- words ------------------------------------------------------------------


def query_words(text: str | None) -> list[str]:
    """The folded words of ``text`` that a search uses (no stop words, no single letters), once each.

    >>> query_words("Énergie solaire pour l'Afrique")
    ['energie', 'solaire', 'afrique']
    """
    words = (w for w in re.findall(r"\w+", fold(text)) if len(w) > 1 and w not in STOPWORDS)
    return list(dict.fromkeys(words))


def word_matches(q: str, t: str) -> bool:
    """Whether query word ``q`` matches word ``t`` of a name (see the module docstring).

    >>> word_matches("cyber", "cybersecurity"), word_matches("energy", "energie")
    (True, True)
    >>> word_matches("cybersecurity", "cybersecurite"), word_matches("energies", "energy")
    (True, True)
    >>> word_matches("marie", "marine"), word_matches("ia", "iot"), word_matches("security", "cybersecurity")
    (False, False, False)
    """
    if t.startswith(q):
        return len(q) >= 3 or q == t
    k = 0
    for a, b in zip(q, t, strict=False):
        if a != b:
            break
        k += 1
    return k >= max(5, min(len(q), len(t)) - 2)


class _Vocabulary:
    """Words of names, sorted for prefix look-ups, each with what it names."""

    def __init__(self, postings: dict[str, list]):
        self.words = sorted(postings)
        self.postings = postings

    def matching(self, q: str) -> list[str]:
        """The words that ``q`` matches (:func:`word_matches`)."""
        if len(q) < 3:
            return [q] if q in self.postings else []
        key = q[:4]  # every match shares at least min(len(q), 4) leading letters with q
        lo = bisect.bisect_left(self.words, key)
        hi = bisect.bisect_left(self.words, key + "\U0010ffff")
        return [t for t in self.words[lo:hi] if word_matches(q, t)]


def _rows(m: sp.csr_matrix, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of row ``i`` of ``m`` (CSR), or of column ``i`` of a CSC matrix."""
    lo, hi = m.indptr[i], m.indptr[i + 1]
    return m.indices[lo:hi], m.data[lo:hi]


def _weighted_max(m: sp.csc_matrix, weights: dict[int, tuple], size: int) -> np.ndarray:
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


def _listing(names: list[str], total: int | None = None) -> str:
    """``A, B, C, …`` when there are more than shown."""
    total = len(names) if total is None else total
    shown = names[:SHOWN]
    return ", ".join(shown) + (", …" if total > len(shown) else "")


def _years(first: int | None, last: int | None) -> str:
    if first is None:
        return ""
    return str(first) if last in (None, first) else f"{first}–{last}"


@dataclass
class _Query:
    """A query as matched against one index (internal to :meth:`PartnerIndex.find`)."""

    words: list[str]
    ignored: list[str]
    language: str
    #: word -> term column -> (weight, relation, column of the direct term it came from)
    reach: dict[str, dict[int, tuple[float, str, int]]]
    term_words: list[str]
    #: words each counted in the expertise part (those reaching terms, and those only names match)
    scored_words: list[str]
    #: word -> boolean mask of the organizations whose name contains it (only the words names match)
    name_words: dict[str, np.ndarray]
    name_match: np.ndarray


# --- the index ---------------------------------------------------------------


class PartnerIndex:
    """What :func:`find_partners` and :func:`recommend_partners` precompute for one cooperation graph.

    Built once (half a second at the scale of H2020) and reused: hold one
    per graph version, or let :func:`partner_index` keep it with ``coop``.
    Its results are pure functions of ``coop``; it caches only the hop
    counts of the last origins asked about.
    """

    HOPS_CACHED = 32

    def __init__(self, coop: Cooperation):
        self.coop = coop
        s = coop.snapshot
        n, m = len(coop.ids), len(s.projects)
        self.n, self.m = n, m

        terms = set(s.expertise)
        for p in s.projects:
            terms.update(p["expertise"] or ())
        for known in s.organization_expertise.values():
            terms.update(known)
        self.term_ids = sorted(terms)
        self.term_index = {t: k for k, t in enumerate(self.term_ids)}
        nt = len(self.term_ids)

        # Participations (organizations x projects; coordinators weigh COORDINATOR), project years and terms.
        rows, cols, weights = [], [], []
        pt_rows, pt_cols = [], []
        funder_ids: dict[str, int] = {}
        fu_rows, fu_cols = [], []
        self.p_year = np.full(m, -1, dtype=np.int64)  # dating year, -1 when undated
        self.p_first = np.full(m, -1, dtype=np.int64)
        self.p_last = np.full(m, -1, dtype=np.int64)
        p_recency = np.empty(m)
        for j, p in enumerate(s.projects):
            year = activity_year(p["start_year"], p["end_year"])
            p_recency[j] = recency(year, coop.ref_year)
            self.p_year[j] = -1 if year is None else year
            first = p["start_year"] if p["start_year"] is not None else p["end_year"]
            self.p_first[j] = -1 if first is None else first
            self.p_last[j] = -1 if year is None else year
            coordinators = set(p["coordinators"] or ())
            for o in dict.fromkeys(p["participants"] or ()):
                i = coop.index.get(o)
                if i is not None:
                    rows.append(i)
                    cols.append(j)
                    weights.append(COORDINATOR if o in coordinators else 1.0)
            for t in dict.fromkeys(p["expertise"] or ()):
                pt_rows.append(j)
                pt_cols.append(self.term_index[t])
            for f in dict.fromkeys(p["funders"] or ()):
                fu_rows.append(j)
                fu_cols.append(funder_ids.setdefault(f, len(funder_ids)))
        self.p_recency = p_recency
        self.A = sp.csr_matrix((np.array(weights), (rows, cols)), shape=(n, m))
        self.AT = sp.csr_matrix((np.ones(len(rows)), (cols, rows)), shape=(m, n))
        self.PT = sp.csr_matrix((np.ones(len(pt_rows)), (pt_rows, pt_cols)), shape=(m, nt))
        self.PT.data[:] = 1.0
        self.projects_on = self.PT.tocsc()  # column t: the projects addressing term t
        self.funder_ids = sorted(funder_ids, key=funder_ids.__getitem__)
        self.FU = sp.csr_matrix((np.ones(len(fu_rows)), (fu_rows, fu_cols)), shape=(m, len(funder_ids)))
        self.FU.data[:] = 1.0
        self.funder_column = dict(funder_ids)

        # Evidence of each organization for each term: declared level, else projects addressing it.
        A_pattern = self.A.copy()
        A_pattern.data[:] = 1.0
        via_projects = (A_pattern @ self.PT).tocsr()
        via_projects.data[:] = PROJECT_ONLY
        d_rows, d_cols, d_vals = [], [], []
        for (o, t), ev in s.expertise_evidence.items():
            if o in coop.index:
                level = ev.get("level")
                d_rows.append(coop.index[o])
                d_cols.append(self.term_index[t])
                d_vals.append(UNKNOWN_LEVEL if level is None else max(1, min(5, level)) / 5)
        for o, known in s.organization_expertise.items():  # declared without an evidence row
            for t in known:
                if (o, t) not in s.expertise_evidence and o in coop.index:
                    d_rows.append(coop.index[o])
                    d_cols.append(self.term_index[t])
                    d_vals.append(UNKNOWN_LEVEL)
        declared = sp.csr_matrix((d_vals, (d_rows, d_cols)), shape=(n, nt))
        self.evidence = via_projects.maximum(declared).tocsc()  # column t: organizations and their evidence
        self.has = self.evidence.tocsr()
        self.has.data[:] = 1.0
        self.has_count = np.diff(self.has.indptr)

        # Cooperation ties as a 0/1 pattern, and degrees for Adamic–Adar.
        W = coop.W.tocsr()
        self.W = W
        self.P = sp.csr_matrix((np.ones(W.nnz), W.indices, W.indptr), shape=W.shape)
        degree = np.diff(W.indptr)
        self.inv_log_degree = np.zeros(n)
        several = degree >= 2
        self.inv_log_degree[several] = 1.0 / np.log(degree[several])

        # Vocabularies: expertise names (both languages) and organization names.
        term_postings: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for t, row in s.expertise.items():
            for lang, label in (("en", row.get("name")), ("fr", row.get("name_fr"))):
                for w in dict.fromkeys(re.findall(r"\w+", fold(label))):
                    term_postings[w].append((self.term_index[t], lang))
        self.term_words = _Vocabulary(dict(term_postings))
        name_postings: dict[str, list[int]] = defaultdict(list)
        for i, o in enumerate(coop.ids):
            row = s.organizations[o]
            text = row.get("name_search") or fold(
                " ".join(filter(None, (row.get("name"), row.get("name_fr"), row.get("short_name"))))
            )
            for w in set(re.findall(r"\w+", text)):
                name_postings[w].append(i)
        self.name_words = _Vocabulary(dict(name_postings))

        # Filters.
        self.country = np.array([s.organizations[o].get("country") or "" for o in coop.ids])
        roles = [s.organizations[o].get("roles") or () for o in coop.ids]
        self.role_masks = {
            role: np.array([role in rs for rs in roles], dtype=bool) for role in sorted({r for rs in roles for r in rs})
        }
        self.org_kinds = np.array([fold(s.organizations[o].get("kind")) for o in coop.ids])
        self.kind_values = set(self.org_kinds.tolist()) - {""}
        self._narrower: dict[str, set[str]] = {}
        self._funded: dict[str, np.ndarray] = {}
        self._hops: OrderedDict[int, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    # -- small helpers --

    def label(self, o: str) -> str:
        """How an organization is named in a reason: its short name, else its name."""
        row = self.coop.snapshot.organizations.get(o) or {}
        return row.get("short_name") or row.get("name") or o

    def term_label(self, t: str, language: str = "en") -> str:
        row = self.coop.snapshot.expertise.get(t) or {}
        if language == "fr" and row.get("name_fr"):
            return row["name_fr"]
        return row.get("name") or t

    def organization(self, o: str) -> int:
        """The row of organization ``o``; :class:`UnknownOrganization` when there is none."""
        i = self.coop.index.get(o)
        if i is None:
            raise UnknownOrganization(f"unknown organization {o!r}")
        return i

    def narrower(self, t: str) -> set[str]:
        if t not in self._narrower:
            self._narrower[t] = self.coop.snapshot.narrower(t)
        return self._narrower[t]

    def hops(self, i: int) -> np.ndarray:
        """Hops from row ``i`` to every organization in the cooperation graph (``inf`` when not connected)."""
        with self._lock:
            if i in self._hops:
                self._hops.move_to_end(i)
                return self._hops[i]
        found = self.coop.hops(i)
        with self._lock:
            self._hops[i] = found
            while len(self._hops) > self.HOPS_CACHED:
                self._hops.popitem(last=False)
        return found

    def funded_by(self, funder: str) -> np.ndarray:
        """Mask of the organizations taking part in a project ``funder`` funds."""
        if funder not in self._funded:
            projects = np.zeros(self.m)
            if funder in self.funder_column:
                projects[self.FU[:, self.funder_column[funder]].nonzero()[0]] = 1.0
            self._funded[funder] = (self.A @ projects) > 0
        return self._funded[funder]

    # -- filters --

    def filters(self, country: str | None, role: str | None, funder: str | None, kind: str | None = None) -> np.ndarray:
        """Mask of the organizations passing the filters; :class:`UnknownFilter` names an unknown value."""
        s = self.coop.snapshot
        keep = np.ones(self.n, dtype=bool)
        if country:
            code = country.strip().upper()
            if code not in s.countries and not (self.country == code).any():
                codes = sorted(set(s.countries) | set(self.country.tolist()) - {""})
                raise UnknownFilter(f"unknown country {country!r} (country codes: {_listing(codes, len(codes))})")
            keep &= self.country == code
        if role:
            value = fold(role).strip()
            if value not in self.role_masks:
                raise UnknownFilter(f"unknown role {role!r} (roles: {', '.join(self.role_masks)})")
            keep &= self.role_masks[value]
        if kind:  # a kind of institution; a role is still accepted here (deprecated: use role)
            value = fold(kind).strip()
            if value in self.role_masks:
                keep &= self.role_masks[value]
            elif value in self.kind_values:
                keep &= self.org_kinds == value
            else:
                raise UnknownFilter(f"unknown kind {kind!r} (roles: {', '.join(self.role_masks)})")
        if funder:
            keep &= self.funded_by(self._funder(funder))
        return keep

    def _funder(self, funder: str) -> str:
        s = self.coop.snapshot
        if funder in s.organizations or funder in self.funder_column:
            return funder
        folded = fold(funder).strip()
        known = set(self.funder_ids) | {o for o, row in s.organizations.items() if "funder" in (row.get("roles") or ())}
        same = sorted(o for o in known if folded in (fold(o), fold(s.organizations.get(o, {}).get("short_name"))))
        if len(same) == 1:
            return same[0]
        close = difflib.get_close_matches(funder, sorted(known), n=SHOWN, cutoff=0.5)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UnknownFilter(f"unknown funder {funder!r}{hint}")

    # -- matching --

    def match(self, query: str) -> _Query:
        """Read ``query`` (see the module docstring); :class:`NoMatchingExpertise` when nothing matches."""
        s = self.coop.snapshot
        words = query_words(query)
        direct: dict[str, dict[int, str]] = {}  # word -> term column -> language of the best match
        strong = {"en": 0, "fr": 0}
        for w in words:
            found: dict[int, str] = {}
            for t in self.term_words.matching(w):
                for col, lang in self.term_words.postings[t]:
                    if t.startswith(w):  # a prefix match says which language the query is in
                        strong[lang] += 1
                    found.setdefault(col, lang)
            if found:
                direct[w] = found
        stripped = (query or "").strip()
        if stripped in s.expertise:  # an expertise id, as a link would carry it
            for w in words:
                direct.setdefault(w, {})[self.term_index[stripped]] = "en"
        language = "fr" if strong["fr"] > strong["en"] else "en"

        reach: dict[str, dict[int, tuple[float, str, int]]] = {}
        for w, cols in direct.items():
            r: dict[int, tuple[float, str, int]] = {}

            def add(col: int, relation: str, via: int, r=r) -> None:
                if col not in r or RELATION[relation] > r[col][0]:
                    r[col] = (RELATION[relation], relation, via)

            for col in sorted(cols):
                t = self.term_ids[col]
                add(col, "direct", col)
                for below in sorted(self.narrower(t) - {t}):
                    if below in self.term_index:
                        add(self.term_index[below], "narrower", col)
                broader = s.expertise[t].get("broader")
                if broader in self.term_index:
                    add(self.term_index[broader], "broader", col)
            reach[w] = r
        term_words = [w for w in words if w in reach]

        name_words: dict[str, np.ndarray] = {}
        required = [w for w in words if w not in reach] or words
        name_match = np.zeros(self.n, dtype=bool)
        if required:
            name_match[:] = True
            for w in words:
                mask = np.zeros(self.n, dtype=bool)
                for t in self.name_words.matching(w):
                    mask[self.name_words.postings[t]] = True
                if w in required:
                    name_match &= mask
                name_words[w] = mask
        for w in list(name_words):
            name_words[w] = name_words[w] & name_match
            if not name_words[w].any():
                del name_words[w]
        scored = [w for w in words if w in reach or w in name_words]
        if not scored:
            raise NoMatchingExpertise(query, self.closest_terms(query))
        ignored = [w for w in words if w not in scored]
        return _Query(words, ignored, language, reach, term_words, scored, name_words, name_match)

    def closest_terms(self, query: str, n: int = 5) -> list[str]:
        """The ``n`` expertise names closest to ``query`` (:mod:`difflib`), in either language."""
        whole = fold(query).strip()
        words = query_words(query) or [whole]
        scored = []
        for t, row in self.coop.snapshot.expertise.items():
            for label in filter(None, (row.get("name"), row.get("name_fr"))):
                folded = fold(label)
                best = difflib.SequenceMatcher(None, whole, folded).ratio()
                for q in words:
                    for lw in re.findall(r"\w+", folded):
                        best = max(best, difflib.SequenceMatcher(None, q, lw).ratio())
                scored.append((-best, label, t))
        scored.sort()
        names: list[str] = []
        for _, label, _ in scored:
            if label not in names:
                names.append(label)
            if len(names) == n:
                break
        return names

    def describe(self, q: _Query, query: str) -> QueryMatch:
        terms: dict[int, tuple[float, str, int]] = {}
        for r in q.reach.values():
            for col, v in r.items():
                if col not in terms or v[0] > terms[col][0]:
                    terms[col] = v
        listed = sorted(terms.items(), key=lambda kv: (-kv[1][0], self.term_ids[kv[0]]))
        return QueryMatch(
            query=query,
            words=q.scored_words,
            ignored=q.ignored,
            language=q.language,
            terms=[
                {
                    "id": self.term_ids[col],
                    "name": self.term_label(self.term_ids[col], q.language),
                    "relation": relation,
                    "via": None if relation == "direct" else self.term_ids[via],
                }
                for col, (_, relation, via) in listed
            ],
            name_matches=int(q.name_match.sum()) if q.name_words else 0,
        )

    # -- the partner finder --

    def find(
        self,
        query: str,
        *,
        country: str | None = None,
        role: str | None = None,
        kind: str | None = None,
        funder: str | None = None,
        origin: str | None = None,
        limit: int = 20,
    ) -> list[PartnerMatch]:
        """See :func:`find_partners`."""
        keep = self.filters(country, role, funder, kind)
        start = self.organization(origin) if origin is not None else None
        q = self.match(query)

        expertise = np.zeros(self.n)
        for w in q.scored_words:
            best = _weighted_max(self.evidence, q.reach.get(w, {}), self.n)
            if w in q.name_words:
                best[q.name_words[w]] = np.maximum(best[q.name_words[w]], NAME_MATCH)
            expertise += best
        expertise /= len(q.scored_words)

        relevance = self.project_relevance(q)
        total = self.A @ (relevance * self.p_recency)
        track = total / (total + TRACK_HALF)

        hops = self.hops(start) if start is not None else None
        if hops is not None:
            proximity = np.zeros(self.n)
            reached = np.isfinite(hops) & (hops > 0)
            proximity[reached] = 1.0 / hops[reached]
            score = (
                WEIGHTS["expertise"] * expertise + WEIGHTS["track_record"] * track + WEIGHTS["proximity"] * proximity
            )
        else:
            proximity = None
            scale = WEIGHTS["expertise"] + WEIGHTS["track_record"]
            score = (WEIGHTS["expertise"] * expertise + WEIGHTS["track_record"] * track) / scale

        candidates = (expertise > 0) & keep
        if start is not None:
            candidates[start] = False
        top = _best(np.flatnonzero(candidates), score, limit)
        return [
            self._partner(
                int(i),
                q,
                relevance,
                round(float(score[i]), 4),
                float(expertise[i]),
                float(track[i]),
                None if proximity is None else float(proximity[i]),
                None if hops is None else hops[i],
                start,
            )
            for i in top
        ]

    def project_relevance(self, q: _Query) -> np.ndarray:
        """Relevance of each project to the query: mean over words of the best weight of its terms."""
        relevance = np.zeros(self.m)
        for w in q.term_words:
            relevance += _weighted_max(self.projects_on, q.reach[w], self.m)
        if q.term_words:
            relevance /= len(q.term_words)
        return relevance

    def _partner(self, i, q, relevance, score, expertise, track, proximity, hops, start) -> PartnerMatch:
        s = self.coop.snapshot
        o = self.coop.ids[i]
        row = s.organizations[o]
        reasons: list[Reason] = []

        # Declared expertise among the reached terms, best first.
        best: dict[int, tuple[float, str, int]] = {}
        for r in q.reach.values():
            for col, v in r.items():
                if col not in best or v[0] > best[col][0]:
                    best[col] = v
        terms = []
        for t in s.organization_expertise.get(o, ()):
            col = self.term_index[t]
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
                        "name": self.term_label(t, q.language),
                        "level": level,
                        "evidence": ev.get("evidence"),
                        "relation": relation,
                        "via": None if relation == "direct" else self.term_ids[via],
                    },
                )
            )
        terms.sort(key=lambda x: (x[0], x[1]))
        term_rows = [x[2] for x in terms]
        for term in term_rows[:2]:
            details = [f"level {term['level']}"] if term["level"] is not None else []
            if term["relation"] != "direct":
                details.append(f"{term['relation']} than {self.term_label(str(term['via']), q.language)}")
            text = f"expertise {term['name']}" + (f" ({'; '.join(details)})" if details else "")
            if term["evidence"]:
                text += f": {term['evidence']}"
            reasons.append(Reason("expertise", text, {"term": term["id"], "level": term["level"]}))

        name_match = bool(q.name_words) and bool(q.name_match[i])
        if name_match:
            matched = [w for w in q.words if w in q.name_words and q.name_words[w][i]]
            reasons.append(Reason("name", f"name matches “{' '.join(matched)}”", {"words": matched}))

        # Projects addressing the reached terms.
        projects, coordination = _rows(self.A, i)
        on = relevance[projects] > 0
        projects, coordination = projects[on], coordination[on]
        shown: list[dict] = []
        if len(projects):
            topics = np.asarray(self.PT[projects].sum(axis=0)).ravel()
            reached = sorted(
                (col for col in best if topics[col] > 0), key=lambda c: (-topics[c], -best[c][0], self.term_ids[c])
            )
            topic_names = [self.term_label(self.term_ids[c], q.language) for c in reached]
            funded = np.asarray(self.FU[projects].sum(axis=0)).ravel()
            funders = [
                self.funder_ids[f]
                for f in sorted(np.flatnonzero(funded), key=lambda f: (-funded[f], self.funder_ids[f]))
            ]
            firsts, lasts = self.p_first[projects], self.p_last[projects]
            first = int(firsts[firsts >= 0].min()) if (firsts >= 0).any() else None
            last = int(lasts[lasts >= 0].max()) if (lasts >= 0).any() else None
            coordinated = int((coordination > 1).sum())
            count = len(projects)
            text = f"{count:,} project{'s' if count > 1 else ''} on {_listing(topic_names)}"
            if first is not None:
                text += f", {_years(first, last)}"
            if funders:
                text += f", funded by {_listing([self.label(f) for f in funders])}"
            if coordinated:
                text += f"; coordinated {coordinated:,}"
            reasons.append(
                Reason(
                    "projects",
                    text,
                    {
                        "projects": count,
                        "coordinated": coordinated,
                        "first_year": first,
                        "last_year": last,
                        "topics": [self.term_ids[c] for c in reached],
                        "funders": funders,
                    },
                )
            )
            recent = sorted(range(count), key=lambda k: (-self.p_year[projects[k]], s.projects[projects[k]]["id"]))
            for k in recent[:5]:
                p = s.projects[projects[k]]
                year = int(self.p_year[projects[k]])
                shown.append(
                    {
                        "id": p["id"],
                        "title": p["title"],
                        "year": None if year < 0 else year,
                        "coordinator": bool(coordination[k] > 1),
                    }
                )

        hop_count = None
        if hops is not None:
            origin = self.coop.ids[start]
            who = self.label(origin)
            if np.isfinite(hops):
                hop_count = int(hops)
                if hop_count == 1:
                    shared = int(self.coop.counts[start, i])
                    text = f"already works with {who} ({shared} shared activit{'ies' if shared > 1 else 'y'})"
                    data: dict = {"hops": 1}
                elif hop_count == 2:
                    through = self.coop.ids[self.bridge(start, i)]
                    text = f"2 hops from {who} (through {self.label(through)})"
                    data = {"hops": 2, "via": through}
                else:
                    text = f"{hop_count} hops from {who}"
                    data = {"hops": hop_count}
            else:
                text = f"not connected to {who}"
                data = {"hops": None}
            reasons.append(Reason("network", text, data))

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
            terms=term_rows,
            project_count=len(projects),
            projects=shown,
            reasons=reasons,
        )

    def bridge(self, a: int, b: int) -> int:
        """The common partner of rows ``a`` and ``b`` with the strongest weaker tie (lowest id on ties)."""
        za, wa = _rows(self.W, a)
        zb, wb = _rows(self.W, b)
        common, ia, ib = np.intersect1d(za, zb, assume_unique=True, return_indices=True)
        strength = np.minimum(wa[ia], wb[ib])
        return int(common[np.lexsort((common, -strength))[0]])

    # -- recommendations --

    def recommend(self, org: str, *, limit: int = 10) -> list[Recommendation]:
        """See :func:`recommend_partners`."""
        i = self.organization(org)
        partners, tie = _rows(self.W, i)
        if not len(partners):
            return []
        n = self.n
        ours = np.zeros(n)
        ours[partners] = 1.0
        adamic_adar = self.P @ (ours * self.inv_log_degree)
        common = self.P @ ours
        candidates = common > 0
        candidates[i] = False
        candidates[partners] = False
        # a centre already works with the centres it belongs to and its members
        for member, parent in self.coop.snapshot.memberships:
            if org in (member, parent):
                other = parent if member == org else member
                if other in self.coop.index:
                    candidates[self.coop.index[other]] = False
        rows = np.flatnonzero(candidates)
        if not len(rows):
            return []

        mine = np.zeros(self.has.shape[1])
        mine[_rows(self.has, i)[0]] = 1.0
        inter = self.has @ mine
        union = self.has_count + self.has_count[i] - inter
        jaccard = np.divide(inter, union, out=np.zeros(n), where=union > 0)

        top_aa = adamic_adar[rows].max()
        aa_part = adamic_adar[rows] / top_aa if top_aa > 0 else np.zeros(len(rows))
        score = RECOMMEND_WEIGHTS["adamic_adar"] * aa_part + RECOMMEND_WEIGHTS["shared_expertise"] * jaccard[rows]
        order = np.lexsort((rows, -np.round(score, 9)))
        strength_to_me = np.zeros(n)
        strength_to_me[partners] = tie
        return [
            self._recommendation(
                i,
                int(rows[k]),
                round(float(score[k]), 4),
                float(adamic_adar[rows[k]]),
                int(common[rows[k]]),
                float(jaccard[rows[k]]),
                ours,
                strength_to_me,
            )
            for k in order[: max(limit, 0)]
        ]

    def _recommendation(self, i, y, score, aa, common_count, jaccard, ours, strength_to_me) -> Recommendation:
        s = self.coop.snapshot
        o = self.coop.ids[y]
        row = s.organizations[o]
        theirs, tie = _rows(self.W, y)
        shared = ours[theirs] > 0
        common, tie = theirs[shared], tie[shared]
        strength = np.minimum(tie, strength_to_me[common])
        common = common[np.lexsort((common, -strength))]
        partners = [{"id": self.coop.ids[z], "name": self.label(self.coop.ids[z])} for z in common[:5]]

        # What the candidate did with the common partners: topics and funders of those projects.
        with_common = np.zeros(self.n)
        with_common[common] = 1.0
        projects = _rows(self.A, y)[0]
        projects = projects[(self.AT[projects] @ with_common) > 0]
        topics: list[dict] = []
        funders: list[dict] = []
        if len(projects):
            counts = np.asarray(self.PT[projects].sum(axis=0)).ravel()
            for col in sorted(np.flatnonzero(counts), key=lambda c: (-counts[c], self.term_ids[c]))[:5]:
                t = self.term_ids[col]
                topics.append({"id": t, "name": self.term_label(t), "projects": int(counts[col])})
            counts = np.asarray(self.FU[projects].sum(axis=0)).ravel()
            for f in sorted(np.flatnonzero(counts), key=lambda f: (-counts[f], self.funder_ids[f]))[:5]:
                funder = self.funder_ids[f]
                funders.append({"id": funder, "name": self.label(funder), "projects": int(counts[f])})

        text = f"works with {common_count:,} of your partners ({_listing([p['name'] for p in partners], common_count)})"
        if topics:
            text += f" on {_listing([t['name'] for t in topics], len(topics))}"
        if funders:
            text += f", funded by {_listing([f['name'] for f in funders], len(funders))}"
        reasons = [Reason("partners", text, {"common_partners": common_count, "partners": [p["id"] for p in partners]})]

        both = np.intersect1d(_rows(self.has, i)[0], _rows(self.has, y)[0])
        shared_terms = [{"id": self.term_ids[c], "name": self.term_label(self.term_ids[c])} for c in both]
        if shared_terms:
            names = [t["name"] for t in shared_terms]
            reasons.append(
                Reason(
                    "expertise",
                    f"shares {len(names)} expertise topic{'s' if len(names) > 1 else ''} ({_listing(names)})",
                    {"shared_expertise": round(jaccard, 4), "terms": [t["id"] for t in shared_terms]},
                )
            )
        return Recommendation(
            id=o,
            name=row["name"],
            short_name=row.get("short_name"),
            country=row.get("country"),
            role=primary_role(row.get("roles")),
            score=score,
            adamic_adar=round(aa, 4),
            common_partners=common_count,
            shared_expertise=round(jaccard, 4),
            partners=partners,
            topics=topics,
            funders=funders,
            shared_terms=shared_terms,
            reasons=reasons,
        )


# --- the functions -----------------------------------------------------------


def partner_index(coop: Cooperation | PartnerIndex) -> PartnerIndex:
    """The :class:`PartnerIndex` of ``coop``, built on first use and kept with it."""
    if isinstance(coop, PartnerIndex):
        return coop
    index = vars(coop).get("_partner_index")
    if index is None:
        with collector_paused():
            index = PartnerIndex(coop)
        vars(coop)["_partner_index"] = index
    return index


def match_query(coop: Cooperation | PartnerIndex, query: str) -> QueryMatch:
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
    index = partner_index(coop)
    return index.describe(index.match(query), query)


def find_partners(
    coop: Cooperation | PartnerIndex,
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
    coop : Cooperation or PartnerIndex
        The cooperation graph (its :class:`PartnerIndex` is built on first use).
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
        No expertise term and no organization name matches the query; the
        message lists the closest expertise names.
    UnknownFilter, UnknownOrganization
        A filter or the origin names nothing in the graph.

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
    return partner_index(coop).find(
        query, country=country, role=role, kind=kind, funder=funder, origin=origin, limit=limit
    )


def recommend_partners(coop: Cooperation | PartnerIndex, org: str, *, limit: int = 10) -> list[Recommendation]:
    """New partners for ``org``: partners of its partners it does not work with yet, best first.

    Ranked by Adamic–Adar and shared expertise (see the module docstring).
    The result is empty when ``org`` has no ties, or when every partner of
    its partners already works with it: :func:`why_no_recommendations` says
    which, for the caller to tell the user.

    Raises
    ------
    UnknownOrganization
        No organization has the id ``org``.

    Examples
    --------
    >>> from graph.analytics.cooperation import cooperation_graph
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> coop = cooperation_graph(snapshot_from_network({
    ...     "organizations": [{"id": o, "name": o.upper(), "roles": ["partner"]} for o in "abcd"],
    ...     "projects": [{"id": p, "title": p} for p in ("ab", "bc", "cd")],
    ...     "participations": [{"organization": o, "project": p} for p in ("ab", "bc", "cd") for o in p]}))
    >>> [(r.id, r.common_partners) for r in recommend_partners(coop, "a")]
    [('c', 1)]
    >>> recommend_partners(coop, "a")[0].text
    'works with 1 of your partners (B)'
    """
    return partner_index(coop).recommend(org, limit=limit)


def why_no_recommendations(coop: Cooperation | PartnerIndex, org: str) -> str:
    """Why :func:`recommend_partners` found nothing for ``org``, as a sentence for the user.

    >>> from graph.analytics.cooperation import cooperation_graph
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> coop = cooperation_graph(snapshot_from_network({
    ...     "organizations": [{"id": o, "name": o.upper(), "roles": ["partner"]} for o in "abc"],
    ...     "projects": [{"id": "p", "title": "P"}],
    ...     "participations": [{"organization": o, "project": "p"} for o in "ab"]}))
    >>> why_no_recommendations(coop, "c")
    'C has no cooperation ties yet: recommendations come from the partners of its partners.'
    >>> why_no_recommendations(coop, "a")
    'Every partner of the partners of A already works with A.'
    """
    index = partner_index(coop)
    i = index.organization(org)
    who = index.label(org)
    if not len(_rows(index.W, i)[0]):
        return f"{who} has no cooperation ties yet: recommendations come from the partners of its partners."
    return f"Every partner of the partners of {who} already works with {who}."
