"""Recommendations: new partners for an organization, from the partners of its partners.

Pure functions of a :class:`graph.analytics.index.PartnerIndex` (so of one
graph version); no I/O. They also accept the cooperation graph (a new index
is built for the call) or a :class:`graph.analytics.analysis.Analysis` (its
index is used).

Method
------
Link prediction in the cooperation graph, among the organizations two hops
away: partners of partners not tied to ``org`` yet, and not of its own
network, that is neither the centres it belongs to, nor its own members,
nor its *sister centres* (the other members of a centre it belongs to,
:func:`sister_centres`) unless ``sisters=True``.

Each candidate ``v`` of ``u`` is described by the numbers of
:data:`FEATURES` (:func:`candidate_features`), and ranked by

``s(v) = sum(RECOMMEND_MODEL[f] * feature_f(v))``

a linear model whose weights were *learned* (a conditional logit: the
softmax of ``s`` over ``u``'s candidates is the chance that a given one
becomes a new partner) on Horizon 2020 alone: the network of the projects
that started in 2014–2017, and the new partnerships of the projects that
started in 2018–2020 (``partnernet bench evaluate --fit`` refits them and
prints the table; the evaluation against Horizon Europe never fits
anything). The features:

``log_common_partners``, ``log_adamic_adar``
    ``log`` of the number of common partners, and of Adamic–Adar
    (``sum(1 / log(degree(z)))`` over the common partners ``z``: a
    common partner with few ties says more than a hub);
``log_shared_activities``
    ``log(1 + sum(a(u, z) * a(z, v)))`` over the common partners, ``a``
    the number of activities two organizations share;
``log_partners``, ``log_projects``, ``log_recent_projects``, ``log_coordinated``
    ``log`` of the candidate's number of partners, ``log(1 + ...)`` of
    its projects, of those that started in the last three years of the data
    (:data:`RECENT_YEARS`), and of those it coordinated;
``field_similarity``
    the cosine of the two organizations' vectors over expertise terms: the
    number of its projects on the term plus its evidence for it (declared
    level / 5, or 0.4 when only its projects show it: see
    :class:`graph.analytics.index.PartnerIndex`); for CORDIS data the terms
    are programme parts or fields of science;
``shared_expertise``
    the Jaccard index of the two organizations' expertise sets (declared,
    or addressed by projects they took part in);
``same_country``, ``same_country_group``, ``same_kind``
    1 when both are of the same country, country group (the country's
    ``priority``: EU-15, EU-13, associated, third country for CORDIS) or
    kind of institution, else 0.

The ``score`` shown is ``exp(s(v) - max s)`` over all the candidates (sister
centres included, whether they are shown or not): 1 for the likeliest new
partner, 0.5 for one half as likely under the model. Ties are broken by id.
An organization without ties gets no recommendation
(:func:`why_no_recommendations` says so).

Filters
-------
``country``, ``role`` (read as the partner finder reads them:
:func:`graph.analytics.filters.organization_filter`) and ``expertise`` (words
read as the partner finder reads its query: a candidate is kept when its
expertise part for them is positive, :func:`graph.analytics.finder.expertise_scores`)
keep some of the recommendations; they do not change the scores (the
best ``s`` above is over every candidate), so a filtered list is the full list
with some rows left out; so does ``sisters``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from graph.analytics.cooperation import Cooperation
from graph.analytics.filters import organization_filter
from graph.analytics.finder import expertise_scores
from graph.analytics.index import PartnerIndex, Reason, listing, organization_label, partner_index, row_entries
from graph.analytics.snapshot import Snapshot
from graph.errors import UnknownOrganization
from graph.model import primary_role
from graph.text import Message

if TYPE_CHECKING:
    from graph.analytics.analysis import Analysis

__all__ = [
    "FEATURES",
    "RECENT_YEARS",
    "RECOMMEND_MODEL",
    "RECOMMEND_WEIGHTS",
    "CandidateFeatures",
    "Recommendation",
    "candidate_features",
    "recommend_partners",
    "sister_centres",
    "why_no_recommendations",
]

#: The numbers describing a candidate (see the module docstring), in the columns of :func:`candidate_features`.
FEATURES = (
    "log_common_partners",
    "log_adamic_adar",
    "log_shared_activities",
    "log_partners",
    "log_projects",
    "log_recent_projects",
    "log_coordinated",
    "field_similarity",
    "shared_expertise",
    "same_country",
    "same_country_group",
    "same_kind",
)
#: Projects that started in the last this many years of the data are *recent*.
RECENT_YEARS = 3

#: Weight of each feature in a recommendation's score (a conditional logit on raw feature values), fitted on H2020
#: alone: the network of the projects started 2014-2017 and the new partnerships of those started 2018-2020, on
#: 1,500 organizations (every other one of 3,000 drawn with seed 0; the other 1,500 validate it). Refit and print
#: with ``partnernet bench evaluate --fit`` (README, "How good are the recommendations?").
RECOMMEND_MODEL: dict[str, float] = {
    "log_common_partners": -2.0494,
    "log_adamic_adar": 2.6094,
    "log_shared_activities": 0.1655,
    "log_partners": 0.0229,
    "log_projects": 0.5261,
    "log_recent_projects": 0.0203,
    "log_coordinated": -0.1300,
    "field_similarity": 1.3962,
    "shared_expertise": 0.0000,
    "same_country": 0.3562,
    "same_country_group": 0.0665,
    "same_kind": 0.1118,
}
#: Kept for callers of the former score (``0.7 * Adamic–Adar relative to the best + 0.3 * shared expertise``): the
#: evaluation's "partnernet before" row uses it.
RECOMMEND_WEIGHTS = {"adamic_adar": 0.7, "shared_expertise": 0.3}


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
    features: dict[str, float] = field(default_factory=dict)

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
            "features": self.features,
            "reasons": [r.to_dict() for r in self.reasons],
            "text": self.text,
        }


@dataclass
class _Asker:
    """The organization asking (row ``i``): its partners (0/1 by row) and its tie to each of them."""

    i: int
    ours: np.ndarray
    strength: np.ndarray


def sister_centres(snapshot: Snapshot, org: str) -> set[str]:
    """The other members of the centres ``org`` is a member of (``MEMBER_OF`` the same parent).

    >>> s = Snapshot(0, memberships=[("a", "hq"), ("b", "hq"), ("c", "other")])
    >>> sorted(sister_centres(s, "a")), sister_centres(s, "c"), sister_centres(s, "hq")
    (['b'], set(), set())
    """
    parents = {parent for member, parent in snapshot.memberships if member == org}
    return {member for member, parent in snapshot.memberships if parent in parents and member != org}


def _own_network(snapshot: Snapshot, org: str, sisters: bool) -> set[str]:
    """The organizations of ``org``'s own network that are never new partners: the centres it belongs to, its
    members, and (unless ``sisters``) its sister centres."""
    own = {other for member, parent in snapshot.memberships for other in (member, parent) if org in (member, parent)}
    if not sisters:
        own |= sister_centres(snapshot, org)
    own.discard(org)
    return own


def _candidates(index: PartnerIndex, org: str, i: int, common: np.ndarray) -> np.ndarray:
    """Rows of the partners of partners of ``org`` (row ``i``), but not ``org``, its partners, the centres it
    belongs to or its members (its sister centres are candidates)."""
    candidates = common > 0
    candidates[i] = False
    candidates[row_entries(index.W, i)[0]] = False
    candidates[_rows(index, _own_network(index.coop.snapshot, org, sisters=True))] = False
    return np.flatnonzero(candidates)


def _rows(index: PartnerIndex, organizations: set[str]) -> np.ndarray:
    """The rows of ``organizations`` (those in the cooperation graph), sorted."""
    return np.array(sorted(index.coop.index[o] for o in organizations if o in index.coop.index), dtype=np.int64)


@dataclass(frozen=True)
class _Asked:
    """How the recommendations were asked for: the rows the filters keep (``None``: all), the term
    columns the expertise words reach, whether sister centres are wanted, the language of term names."""

    keep: np.ndarray | None = None
    terms: tuple[int, ...] = ()
    sisters: bool = False
    language: str = "en"


def _asked(
    index: PartnerIndex,
    country: str | None,
    role: str | None,
    expertise: str | None,
    sisters: bool,
    language: str,
) -> _Asked:
    """The filters, read as the partner finder reads them (unknown values and queries raise here)."""
    if not (country or role or (expertise and expertise.strip())):
        return _Asked(sisters=sisters, language=language)
    keep = organization_filter(index, country=country, role=role)
    terms: list[int] = []
    if expertise and expertise.strip():
        scores, terms = expertise_scores(index, expertise)
        keep &= scores > 0
    return _Asked(keep, tuple(terms), sisters, language)


@dataclass
class _Profile:
    """What the features read of each organization, built once per index (:func:`_profile`)."""

    projects: np.ndarray
    recent: np.ndarray
    coordinated: np.ndarray
    fields: sp.csr_matrix
    group: np.ndarray
    since: int | None


def _profile(index: PartnerIndex) -> _Profile:
    """The organizations' project counts, field vectors and country groups, kept on the index."""
    found = getattr(index, "_recommend_profile", None)
    if found is not None:
        return found
    taken = index.A.copy()
    taken.data[:] = 1.0
    started = index.p_first[index.p_first >= 0]
    since = int(started.max()) - RECENT_YEARS + 1 if len(started) else None
    recent = (index.p_first >= since).astype(float) if since is not None else np.zeros(index.m)
    fields = (taken @ index.PT + index.evidence.tocsr()).tocsr()  # projects on each term, plus the evidence for it
    norms = np.sqrt(np.asarray(fields.multiply(fields).sum(axis=1)).ravel())
    fields = (sp.diags(1.0 / np.maximum(norms, 1e-12)) @ fields).tocsr()
    countries = index.coop.snapshot.countries
    found = _Profile(
        projects=np.diff(taken.indptr).astype(float),
        recent=taken @ recent,
        coordinated=np.asarray((index.A > 1).sum(axis=1)).ravel().astype(float),
        fields=fields,
        group=np.array([str((countries.get(c) or {}).get("priority") or "") for c in index.country]),
        since=since,
    )
    index._recommend_profile = found  # type: ignore[attr-defined]
    return found


@dataclass
class CandidateFeatures:
    """The candidates of one organization (rows of the index, ascending) and what describes each.

    ``X`` holds one column per name of :data:`FEATURES`; ``common`` the number of common partners,
    ``adamic_adar`` and ``jaccard`` (of the expertise sets) as the reasons show them, ``degree`` each
    candidate's number of partners (the baselines of the evaluation read them too).
    """

    rows: np.ndarray
    X: np.ndarray
    common: np.ndarray
    adamic_adar: np.ndarray
    jaccard: np.ndarray
    degree: np.ndarray

    def score(self, model: dict[str, float] | None = None) -> np.ndarray:
        """``s`` of each candidate under ``model`` (:data:`RECOMMEND_MODEL` by default)."""
        weights = RECOMMEND_MODEL if model is None else model
        return self.X @ np.array([weights[f] for f in FEATURES])


def candidate_features(source: Cooperation | PartnerIndex | Analysis, org: str) -> CandidateFeatures:
    """The candidates of ``org`` (partners of its partners, not tied to it, not of its own network; sister centres
    included) and their :data:`FEATURES`, as :func:`recommend_partners` ranks them.

    >>> from graph.analytics.cooperation import cooperation_graph
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> coop = cooperation_graph(snapshot_from_network({
    ...     "organizations": [{"id": o, "name": o.upper(), "roles": ["partner"], "country": "FR"} for o in "abcd"],
    ...     "projects": [{"id": p, "title": p} for p in ("ab", "bc", "cd")],
    ...     "participations": [{"organization": o, "project": p} for p in ("ab", "bc", "cd") for o in p]}))
    >>> found = candidate_features(coop, "a")
    >>> found.rows.tolist(), found.common.tolist(), found.X[0, FEATURES.index("same_country")].item()
    ([2], [1.0], 1.0)
    """
    index = partner_index(source)
    i = index.organization(org)
    partners = row_entries(index.W, i)[0]
    n = index.n
    ours = np.zeros(n)
    ours[partners] = 1.0
    common = index.P @ ours
    rows = _candidates(index, org, i, common) if len(partners) else np.zeros(0, dtype=np.int64)
    adamic_adar = (index.P @ (ours * index.inv_log_degree))[rows]
    shared = np.zeros(n)
    shared[partners] = index.coop.counts[i].toarray().ravel()[partners]
    activities = (index.coop.counts @ shared)[rows]
    mine = np.zeros(index.has.shape[1])
    mine[row_entries(index.has, i)[0]] = 1.0
    inter = (index.has @ mine)[rows]
    union = index.has_count[rows] + index.has_count[i] - inter
    jaccard = np.divide(inter, union, out=np.zeros(len(rows)), where=union > 0)
    profile = _profile(index)
    degree = np.diff(index.P.indptr)[rows].astype(float)
    same = (
        (index.country[rows] == index.country[i]) & (index.country[rows] != ""),
        (profile.group[rows] == profile.group[i]) & (profile.group[rows] != ""),
        (index.org_kinds[rows] == index.org_kinds[i]) & (index.org_kinds[rows] != ""),
    )
    columns = {
        "log_common_partners": np.log(np.maximum(common[rows], 1.0)),
        "log_adamic_adar": np.log(np.maximum(adamic_adar, 1e-6)),
        "log_shared_activities": np.log1p(activities),
        "log_partners": np.log(np.maximum(degree, 1.0)),
        "log_projects": np.log1p(profile.projects[rows]),
        "log_recent_projects": np.log1p(profile.recent[rows]),
        "log_coordinated": np.log1p(profile.coordinated[rows]),
        "field_similarity": np.asarray((profile.fields[rows] @ profile.fields[i].T).todense()).ravel(),
        "shared_expertise": jaccard,
        "same_country": same[0].astype(float),
        "same_country_group": same[1].astype(float),
        "same_kind": same[2].astype(float),
    }
    X = np.column_stack([columns[f] for f in FEATURES]) if len(rows) else np.zeros((0, len(FEATURES)))
    return CandidateFeatures(rows, X, common[rows], adamic_adar, jaccard, degree)


def _recommend(index: PartnerIndex, org: str, limit: int, asked: _Asked) -> list[Recommendation]:
    i = index.organization(org)
    partners, tie = row_entries(index.W, i)
    if not len(partners):
        return []
    found = candidate_features(index, org)
    everyone = found.rows
    keep = np.ones(len(everyone), dtype=bool)
    if not asked.sisters:
        keep &= ~np.isin(everyone, _rows(index, sister_centres(index.coop.snapshot, org)))
    if asked.keep is not None:
        keep &= asked.keep[everyone]
    if not keep.any():
        return []
    s = found.score()
    relative = np.exp(s - s.max())  # over everyone: neither filters nor sisters change the scores
    at = np.flatnonzero(keep)
    order = at[np.lexsort((everyone[at], -np.round(relative[at], 9)))]
    ours = np.zeros(index.n)
    ours[partners] = 1.0
    strength_to_me = np.zeros(index.n)
    strength_to_me[partners] = tie
    asker = _Asker(i, ours, strength_to_me)
    return [
        _recommendation(
            index,
            asker,
            int(everyone[k]),
            round(float(relative[k]), 4),
            (float(found.adamic_adar[k]), int(found.common[k]), float(found.jaccard[k])),
            asked,
            {f: round(float(found.X[k, j]), 4) for j, f in enumerate(FEATURES)},
        )
        for k in order[: max(limit, 0)]
    ]


def _recommendation(
    index: PartnerIndex,
    asker: _Asker,
    y: int,
    score: float,
    parts: tuple[float, int, float],
    asked: _Asked,
    features: dict[str, float] | None = None,
) -> Recommendation:
    """Row ``y`` as a :class:`Recommendation` to ``asker``, with the evidence behind it.

    ``parts``: Adamic–Adar, common partners, shared expertise; ``asked``: the expertise asked for, and
    the language of the terms' names.
    """
    aa, common_count, jaccard = parts
    o = index.coop.ids[y]
    row = index.coop.snapshot.organizations[o]
    common = _common_partners(index, asker, y)
    partners = [{"id": index.coop.ids[z], "name": index.label(index.coop.ids[z])} for z in common[:5]]
    topics, funders = _work_with(index, y, common, asked.language)

    names = listing([p["name"] for p in partners], common_count)
    text = Message("works with %(n)s of your partners (%(names)s)", n=common_count, names=names)
    if topics:
        text = Message("%(reason)s on %(topics)s", reason=text, topics=listing([t["name"] for t in topics]))
    if funders:
        text = Message("%(reason)s, funded by %(funders)s", reason=text, funders=listing([f["name"] for f in funders]))
    reasons = [Reason("partners", text, {"common_partners": common_count, "partners": [p["id"] for p in partners]})]

    theirs = row_entries(index.has, y)[0]
    both = np.intersect1d(row_entries(index.has, asker.i)[0], theirs)
    shared_terms = [
        {"id": index.term_ids[c], "name": index.term_label(index.term_ids[c], asked.language)} for c in both
    ]
    if shared_terms:
        names = listing([t["name"] for t in shared_terms])
        if len(shared_terms) == 1:
            text = Message("shares 1 expertise topic (%(names)s)", names=names)
        else:
            text = Message("shares %(n)s expertise topics (%(names)s)", n=len(shared_terms), names=names)
        data = {"shared_expertise": round(jaccard, 4), "terms": [t["id"] for t in shared_terms]}
        reasons.append(Reason("expertise", text, data))
    wanted = [index.term_ids[c] for c in np.intersect1d(theirs, asked.terms)]
    if wanted:
        names = listing([index.term_label(t, asked.language) for t in wanted])
        reasons.append(Reason("asked", Message("expertise asked for: %(terms)s", terms=names), {"terms": wanted}))
    reasons += _profile_reasons(index, asker.i, y)
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
        features=features or {},
    )


def _profile_reasons(index: PartnerIndex, i: int, y: int) -> list[Reason]:
    """What the candidate (row ``y``) has done lately, and whether it is of the asker's (row ``i``) country."""
    profile = _profile(index)
    projects, recent = int(profile.projects[y]), int(profile.recent[y])
    reasons = []
    if projects:
        count = Message("1 project") if projects == 1 else Message("%(n)s projects", n=projects)
        if profile.since is None:
            text = count
        elif recent:
            text = Message(
                "active: %(projects)s, %(recent)s started since %(year)s",
                projects=count,
                recent=recent,
                year=profile.since,
            )
        else:
            text = Message("%(projects)s, none started since %(year)s", projects=count, year=profile.since)
        data = {"projects": projects, "recent_projects": recent, "since": profile.since}
        reasons.append(Reason("activity", text, data))
    country = index.country[y]
    if country and country == index.country[i]:
        name = (index.coop.snapshot.countries.get(country) or {}).get("name") or country
        reasons.append(Reason("country", Message("also in %(country)s", country=name), {"country": country}))
    return reasons


def _common_partners(index: PartnerIndex, asker: _Asker, y: int) -> np.ndarray:
    """Rows of the partners ``asker`` and row ``y`` share, strongest weaker tie first (then by row)."""
    theirs, tie = row_entries(index.W, y)
    shared = asker.ours[theirs] > 0
    common, tie = theirs[shared], tie[shared]
    strength = np.minimum(tie, asker.strength[common])
    return common[np.lexsort((common, -strength))]


def _work_with(index: PartnerIndex, y: int, common: np.ndarray, language: str) -> tuple[list[dict], list[dict]]:
    """What row ``y`` did with the ``common`` partners: the topics and funders of those projects (five each)."""
    with_common = np.zeros(index.n)
    with_common[common] = 1.0
    projects = row_entries(index.A, y)[0]
    projects = projects[(index.AT[projects] @ with_common) > 0]
    topics: list[dict] = []
    funders: list[dict] = []
    if len(projects):
        counts = np.asarray(index.PT[projects].sum(axis=0)).ravel()
        for col in sorted(np.flatnonzero(counts), key=lambda c: (-counts[c], index.term_ids[c]))[:5]:
            t = index.term_ids[col]
            topics.append({"id": t, "name": index.term_label(t, language), "projects": int(counts[col])})
        counts = np.asarray(index.FU[projects].sum(axis=0)).ravel()
        for f in sorted(np.flatnonzero(counts), key=lambda f: (-counts[f], index.funder_ids[f]))[:5]:
            funder = index.funder_ids[f]
            funders.append({"id": funder, "name": index.label(funder), "projects": int(counts[f])})
    return topics, funders


def recommend_partners(
    source: Cooperation | PartnerIndex | Analysis,
    org: str,
    *,
    limit: int = 10,
    country: str | None = None,
    role: str | None = None,
    expertise: str | None = None,
    sisters: bool = False,
    language: str = "en",
) -> list[Recommendation]:
    """New partners for ``org``: partners of its partners it does not work with yet, best first.

    Ranked by the learned model :data:`RECOMMEND_MODEL` over :data:`FEATURES` (see the module docstring).
    The result is empty when ``org`` has no ties, when every partner of
    its partners already works with it or is of its own network, or when
    none passes the filters: :func:`why_no_recommendations` says which, for
    the caller to tell the user.

    Parameters
    ----------
    source : PartnerIndex, Analysis or Cooperation
        The partner index of the graph, an analysis (its index, built on
        first use and kept), or a cooperation graph (an index is built for
        this call).
    org : str
        The organization asking (an id).
    limit : int
        At most this many results.
    country, role : str, optional
        Keep the organizations of this country (a code) or role, read as
        :func:`graph.analytics.finder.find_partners` reads them (case ignored).
    expertise : str, optional
        Keep the organizations able to work on these words (French or
        English, as the partner finder's query).
    sisters : bool
        Also recommend ``org``'s sister centres (:func:`sister_centres`),
        which are of its own network and left out by default.
    language : str
        The language of the expertise names in the evidence (``en`` or
        ``fr``; English for a term without a French name).

    Raises
    ------
    UnknownOrganization
        No organization has the id ``org``.
    UnknownFilter, NoMatchingExpertise
        A country or role the graph does not have; ``expertise`` words that match nothing.

    Examples
    --------
    >>> from graph.analytics.cooperation import cooperation_graph
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> coop = cooperation_graph(snapshot_from_network({
    ...     "organizations": [{"id": o, "name": o.upper(), "roles": ["partner"], "country": "FR"} for o in "abcd"],
    ...     "projects": [{"id": p, "title": p} for p in ("ab", "bc", "cd")],
    ...     "participations": [{"organization": o, "project": p} for p in ("ab", "bc", "cd") for o in p]}))
    >>> [(r.id, r.common_partners) for r in recommend_partners(coop, "a")]
    [('c', 1)]
    >>> recommend_partners(coop, "a")[0].text
    'works with 1 of your partners (B); 2 projects; also in FR'
    >>> recommend_partners(coop, "a", country="ma")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownFilter: unknown country 'ma' (country codes: FR)
    """
    index = partner_index(source)
    index.organization(org)
    return _recommend(index, org, limit, _asked(index, country, role, expertise, sisters, language))


def why_no_recommendations(
    source: Cooperation | PartnerIndex | Analysis, org: str, *, sisters: bool = False, filtered: bool = False
) -> Message:
    """Why :func:`recommend_partners` found nothing for ``org``, as a sentence for the user.

    ``sisters`` and ``filtered`` (whether filters were given) are as the recommendations were asked for.
    Reads the cooperation graph only: no index is built.

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
    if isinstance(source, PartnerIndex):
        coop = source.coop
    else:
        coop = source if isinstance(source, Cooperation) else source.cooperation
    i = coop.index.get(org)
    if i is None:
        raise UnknownOrganization(Message("unknown organization %(org)r", org=org))
    who = organization_label(coop.snapshot, org)
    W = coop.W.tocsr()
    partners = row_entries(W, i)[0]
    if not len(partners):
        return Message(
            "%(org)s has no cooperation ties yet: recommendations come from the partners of its partners.", org=who
        )
    reached = {coop.ids[j] for j in np.unique(W[partners].indices)} - {org} - {coop.ids[j] for j in partners}
    new = reached - _own_network(coop.snapshot, org, sisters)
    if new and filtered:
        return Message("None of the new partners for %(org)s matches these filters.", org=who)
    if not new and not sisters and reached - _own_network(coop.snapshot, org, True):
        return Message(
            "The only partners of the partners of %(org)s that do not work with it yet are its sister centres: "
            "include sister centres to see them.",
            org=who,
        )
    return Message("Every partner of the partners of %(org)s already works with %(org)s.", org=who)
