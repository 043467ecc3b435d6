"""The partner index: what the partner finder and the recommender look up, built once per cooperation graph.

A :class:`PartnerIndex` holds, for one :class:`graph.analytics.cooperation.Cooperation`
(so for one graph version), sparse matrices of who took part in which project
(and coordinated it), which terms and funders each project has, each
organization's evidence for each expertise term, the ties as a 0/1 pattern,
the vocabularies of expertise and organization names, the masks of the
filters, and the hop counts of the last origins asked about. The partner
finder (:mod:`graph.analytics.finder`) and the recommender
(:mod:`graph.analytics.recommend`) read it, so a search or a recommendation
multiplies sparse matrices and never loops over the whole graph in Python.

Hold one per graph version: :class:`graph.analytics.analysis.Analysis` builds
it on first use and keeps it; :func:`partner_index` builds one for a bare
cooperation graph.

Query words
-----------
Text is folded (:func:`graph.text.fold`: case and accents ignored) and cut
into words; a query drops words of one letter and the function words of
:data:`STOPWORDS` (:func:`query_words`). A query word ``q`` *matches* a word
``t`` of a name when (:func:`word_matches`)

* ``t`` starts with ``q`` and ``q`` has at least 3 letters (``cyber``,
  ``secu``…), or ``q == t``; or
* they share a prefix of at least ``max(5, min(len(q), len(t)) - 2)`` letters,
  which forgives endings, plurals and the other language's spelling:
  ``energy`` / ``énergies``, ``cybersecurity`` / ``cybersécurité`` (but not
  ``marie`` / ``marine``: short words need their first 5 letters alike).

The same rule matches query words against the words of the projects' free
keywords (``keyword_words``) and of organization names.

French words and English-only vocabularies
------------------------------------------
Some vocabularies have English names only (the euroSciVoc fields of CORDIS).
A term that has both a French and an English name (the project's own FR/EN
term list, as the demo's expertise vocabulary) *bridges* to the English-only
terms whose name holds every word of its English name
(:meth:`PartnerIndex.bridged`): "apprentissage" matches the French name of
*Machine learning*, which reaches euroSciVoc's *machine learning*.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from graph.analytics.cooperation import Cooperation, activity_year, recency
from graph.analytics.snapshot import Snapshot, collector_paused
from graph.errors import UnknownOrganization
from graph.text import fold

if TYPE_CHECKING:
    from graph.analytics.analysis import Analysis

__all__ = [
    "COORDINATOR",
    "PROJECT_ONLY",
    "SHOWN",
    "STOPWORDS",
    "UNKNOWN_LEVEL",
    "PartnerIndex",
    "Reason",
    "Vocabulary",
    "listing",
    "organization_label",
    "partner_index",
    "query_words",
    "row_entries",
    "word_matches",
]

#: Function words dropped from a query (English and French).
STOPWORDS = frozenset(
    "a an and at by for from in into of on or the to with "
    "au aux avec ce ces d dans de des du en et l la le les ou par pour sur sous un une".split()
)
#: Evidence of a declared expertise without a level (as level 3 of 5).
UNKNOWN_LEVEL = 0.6
#: Evidence of an expertise shown only by the projects an organization took part in.
PROJECT_ONLY = 0.4
#: Weight of a project the organization coordinated, in its track record.
COORDINATOR = 1.5
#: At most this many names, topics or funders are written in a reason.
SHOWN = 3


@dataclass(frozen=True)
class Reason:
    """One reason for a result: its ``kind``, a ``text`` to show, and the ``data`` behind it."""

    kind: str
    text: str
    data: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, **self.data}


def listing(names: list[str], total: int | None = None) -> str:
    """``A, B, C, …`` when there are more than shown.

    >>> listing(["A", "B"]), listing(["A", "B", "C", "D"]), listing(["A"], 2)
    ('A, B', 'A, B, C, …', 'A, …')
    """
    total = len(names) if total is None else total
    shown = names[:SHOWN]
    return ", ".join(shown) + (", …" if total > len(shown) else "")


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


class Vocabulary:
    """Words of names, sorted for prefix look-ups, each with what it names (its postings).

    >>> v = Vocabulary({"energie": [1], "energy": [2], "solar": [3]})
    >>> v.matching("energies"), v.matching("sol"), v.matching("so")
    (['energie', 'energy'], ['solar'], [])
    """

    def __init__(self, postings: dict[str, list[Any]]) -> None:
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


def organization_label(snapshot: Snapshot, o: str) -> str:
    """How an organization is named in a reason: its short name, else its name, else its id."""
    row = snapshot.organizations.get(o) or {}
    return row.get("short_name") or row.get("name") or o


def row_entries(m: sp.csr_matrix | sp.csc_matrix, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of row ``i`` of ``m`` (CSR), or row indices and values of column ``i`` (CSC).

    >>> row_entries(sp.csr_matrix(np.array([[0.0, 2.0, 3.0], [1.0, 0.0, 0.0]])), 0)
    (array([1, 2], dtype=int32), array([2., 3.]))
    """
    lo, hi = m.indptr[i], m.indptr[i + 1]
    return m.indices[lo:hi], m.data[lo:hi]


class PartnerIndex:
    """What :func:`graph.analytics.finder.find_partners` and :func:`graph.analytics.recommend.recommend_partners`
    precompute for one cooperation graph ``coop`` (see the module docstring).

    Built once and reused: hold one per graph version (as
    :class:`graph.analytics.analysis.Analysis` does). Its results are pure
    functions of ``coop``; it caches only the hop counts of the last origins
    asked about, and the masks of the funders and the narrower terms asked
    about.

    Rows are organizations in ``coop.ids`` order, project columns follow
    ``coop.snapshot.projects``, term columns ``term_ids`` and funder columns
    ``funder_ids``:

    ``A``, ``AT``
        participations (organizations x projects, a coordinator's weighs
        :data:`COORDINATOR`), and their 0/1 transpose;
    ``PT``, ``projects_on``
        the terms each project addresses (projects x terms; CSR, and CSC);
    ``FU``
        the funders of each project (projects x funders);
    ``evidence``, ``has``
        each organization's evidence for each term (CSC: declared level / 5,
        :data:`UNKNOWN_LEVEL` without a level, :data:`PROJECT_ONLY` when only
        its projects show it) and the same as 0/1 (CSR), ``has_count`` its row sums;
    ``W``, ``P``, ``inv_log_degree``
        the tie weights, the ties as 0/1, and ``1 / log(degree)`` (0 below 2 ties);
    ``term_words``, ``name_words``
        the :class:`Vocabulary` of expertise names (postings: term column and
        language) and of organization names (postings: rows);
    ``PK``, ``with_keyword``, ``keyword_labels``, ``keyword_words``
        the free keywords of each project (projects x keywords, CSR; and CSC),
        each keyword's label (its first spelling; keywords alike once folded
        are one), and the :class:`Vocabulary` of their words (postings: keyword columns);
    ``country``, ``role_masks``, ``org_kinds``, ``kind_values``
        what the filters compare.
    """

    #: Origins whose hop counts are kept.
    HOPS_CACHED = 32

    def __init__(self, coop: Cooperation) -> None:
        self.coop = coop
        self.n, self.m = len(coop.ids), len(coop.snapshot.projects)
        with collector_paused():  # millions of small objects in no cycle (see collector_paused)
            self._index_terms()
            self._index_projects()
            self._index_evidence()
            self._index_ties()
            self._index_names()
            self._index_keywords()
            self._index_filters()
        self.start_caches()

    def start_caches(self) -> None:
        """Empty caches of what is looked up (also for an index read back: graph.analytics.stored)."""
        self._narrower: dict[str, set[str]] = {}
        self._bridged: dict[int, list[int]] = {}
        self._funded: dict[str, np.ndarray] = {}
        self._hops: OrderedDict[int, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    # -- building --

    def _index_terms(self) -> None:
        s = self.coop.snapshot
        terms = set(s.expertise)
        for p in s.projects:
            terms.update(p["expertise"] or ())
        for known in s.organization_expertise.values():
            terms.update(known)
        self.term_ids = sorted(terms)
        self.term_index = {t: k for k, t in enumerate(self.term_ids)}

    def _index_projects(self) -> None:
        """Participations (coordinators weigh :data:`COORDINATOR`), project years, terms and funders."""
        coop, n, m = self.coop, self.n, self.m
        rows, cols, weights = [], [], []
        pt_rows, pt_cols = [], []
        funder_ids: dict[str, int] = {}
        fu_rows, fu_cols = [], []
        self.p_year = np.full(m, -1, dtype=np.int64)  # dating year, -1 when undated
        self.p_first = np.full(m, -1, dtype=np.int64)
        self.p_last = np.full(m, -1, dtype=np.int64)
        self.p_recency = np.empty(m)
        for j, p in enumerate(coop.snapshot.projects):
            year = activity_year(p["start_year"], p["end_year"])
            self.p_recency[j] = recency(year, coop.ref_year)
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
        self.A = sp.csr_matrix((np.array(weights), (rows, cols)), shape=(n, m))
        self.AT = sp.csr_matrix((np.ones(len(rows)), (cols, rows)), shape=(m, n))
        self.PT = sp.csr_matrix((np.ones(len(pt_rows)), (pt_rows, pt_cols)), shape=(m, len(self.term_ids)))
        self.PT.data[:] = 1.0
        self.projects_on = self.PT.tocsc()  # column t: the projects addressing term t
        self.funder_ids = sorted(funder_ids, key=funder_ids.__getitem__)
        self.FU = sp.csr_matrix((np.ones(len(fu_rows)), (fu_rows, fu_cols)), shape=(m, len(funder_ids)))
        self.FU.data[:] = 1.0
        self.funder_column = dict(funder_ids)

    def _index_evidence(self) -> None:
        """Evidence of each organization for each term: declared level, else projects addressing it."""
        coop, s = self.coop, self.coop.snapshot
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
        declared = sp.csr_matrix((d_vals, (d_rows, d_cols)), shape=(self.n, len(self.term_ids)))
        self.evidence = via_projects.maximum(declared).tocsc()  # column t: organizations and their evidence
        self.has = self.evidence.tocsr()
        self.has.data[:] = 1.0
        self.has_count = np.diff(self.has.indptr)

    def _index_ties(self) -> None:
        """Cooperation ties as a 0/1 pattern, and degrees for Adamic–Adar."""
        W = self.coop.W.tocsr()
        self.W = W
        self.P = sp.csr_matrix((np.ones(W.nnz), W.indices, W.indptr), shape=W.shape)
        degree = np.diff(W.indptr)
        self.inv_log_degree = np.zeros(self.n)
        several = degree >= 2
        self.inv_log_degree[several] = 1.0 / np.log(degree[several])

    def _index_names(self) -> None:
        """Vocabularies: expertise names (both languages) and organization names."""
        s = self.coop.snapshot
        term_postings: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for t, row in s.expertise.items():
            for lang, label in (("en", row.get("name")), ("fr", row.get("name_fr"))):
                for w in dict.fromkeys(re.findall(r"\w+", fold(label))):
                    term_postings[w].append((self.term_index[t], lang))
        self.term_words = Vocabulary(dict(term_postings))
        name_postings: dict[str, list[int]] = defaultdict(list)
        for i, o in enumerate(self.coop.ids):
            row = s.organizations[o]
            text = row.get("name_search") or fold(
                " ".join(filter(None, (row.get("name"), row.get("name_fr"), row.get("short_name"))))
            )
            for w in set(re.findall(r"\w+", text)):
                name_postings[w].append(i)
        self.name_words = Vocabulary(dict(name_postings))

    def _index_keywords(self) -> None:
        """The projects' free keywords: which project has which, and the vocabulary of their words."""
        columns: dict[str, int] = {}
        self.keyword_labels: list[str] = []
        rows, cols = [], []
        for j, p in enumerate(self.coop.snapshot.projects):
            for k in p.get("keywords") or ():
                key = " ".join(re.findall(r"\w+", fold(k)))
                if not key:
                    continue
                col = columns.get(key)
                if col is None:
                    col = columns[key] = len(columns)
                    self.keyword_labels.append(k.strip())
                rows.append(j)
                cols.append(col)
        PK = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(self.m, len(columns)))
        PK.data[:] = 1.0  # a keyword written twice in one project counts once
        self.PK = PK
        self.with_keyword = PK.tocsc()  # column k: the projects having keyword k
        postings: dict[str, list[int]] = defaultdict(list)
        for key, col in columns.items():
            for w in dict.fromkeys(key.split()):
                postings[w].append(col)
        self.keyword_words = Vocabulary(dict(postings))

    def _index_filters(self) -> None:
        organizations, ids = self.coop.snapshot.organizations, self.coop.ids
        self.country = np.array([organizations[o].get("country") or "" for o in ids])
        roles = [organizations[o].get("roles") or () for o in ids]
        self.role_masks = {
            role: np.array([role in rs for rs in roles], dtype=bool) for role in sorted({r for rs in roles for r in rs})
        }
        self.org_kinds = np.array([fold(organizations[o].get("kind")) for o in ids])
        self.kind_values = set(self.org_kinds.tolist()) - {""}

    # -- look-ups --

    def label(self, o: str) -> str:
        """How an organization is named in a reason (:func:`organization_label`)."""
        return organization_label(self.coop.snapshot, o)

    def term_label(self, t: str, language: str = "en") -> str:
        """The name of term ``t`` in ``language`` (``en`` or ``fr``; English when it has no French name)."""
        row = self.coop.snapshot.expertise.get(t) or {}
        if language == "fr" and row.get("name_fr"):
            return row["name_fr"]
        return row.get("name") or t

    def bridged(self, col: int) -> list[int]:
        """The English-only terms that term column ``col`` bridges to (see the module docstring), kept.

        Only a term with both a French and an English name bridges; the terms
        reached are those without a French name whose English name holds a word
        matching each word of ``col``'s English name.
        """
        if col not in self._bridged:
            row = self.coop.snapshot.expertise.get(self.term_ids[col]) or {}
            found: set[int] | None = None
            if row.get("name_fr") and row.get("name"):
                expertise = self.coop.snapshot.expertise
                for w in query_words(row["name"]):
                    cols = {
                        c
                        for t in self.term_words.matching(w)
                        for c, lang in self.term_words.postings[t]
                        if lang == "en" and c != col and not (expertise.get(self.term_ids[c]) or {}).get("name_fr")
                    }
                    found = cols if found is None else found & cols
            self._bridged[col] = sorted(found or ())
        return self._bridged[col]

    def organization(self, o: str) -> int:
        """The row of organization ``o``; :class:`UnknownOrganization` when there is none."""
        i = self.coop.index.get(o)
        if i is None:
            raise UnknownOrganization(f"unknown organization {o!r}")
        return i

    def narrower(self, t: str) -> set[str]:
        """``t`` and the terms below it (:meth:`graph.analytics.snapshot.Snapshot.narrower`), kept."""
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


def partner_index(source: Cooperation | PartnerIndex | Analysis) -> PartnerIndex:
    """The :class:`PartnerIndex` of ``source``.

    An index is returned as it is; an :class:`~graph.analytics.analysis.Analysis`
    gives the one it keeps (built on first use); for a bare cooperation graph
    a new index is built on every call: hold on to it, or to an ``Analysis``.

    >>> from graph.analytics.cooperation import cooperation_graph
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> index = partner_index(cooperation_graph(snapshot_from_network({})))
    >>> partner_index(index) is index
    True
    """
    if isinstance(source, PartnerIndex):
        return source
    if isinstance(source, Cooperation):
        return PartnerIndex(source)
    return source.partner_index
