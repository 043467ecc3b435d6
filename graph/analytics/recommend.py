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
:func:`sister_centres`) unless ``sisters=True``:

``score = 0.7 · adamic_adar / max(adamic_adar) + 0.3 · shared_expertise``
(:data:`RECOMMEND_WEIGHTS`), where ``adamic_adar`` is
``sum(1 / log(degree(z)))`` over the common partners ``z`` (a common partner
with few ties says more than a hub) and the maximum is over this
organization's candidates (sister centres included, whether they are shown or
not), and ``shared_expertise`` is the Jaccard index of
the two organizations' expertise sets (declared, or addressed by projects
they took part in). Ties are broken by id. An organization without ties gets
no recommendation (:func:`why_no_recommendations` says so).

Filters
-------
``country``, ``role`` (read as the partner finder reads them:
:func:`graph.analytics.filters.organization_filter`) and ``expertise`` (words
read as the partner finder reads its query: a candidate is kept when its
expertise part for them is positive, :func:`graph.analytics.finder.expertise_scores`)
keep some of the recommendations; they do not change the scores (the
maximum above is over every candidate), so a filtered list is the full list
with some rows left out; so does ``sisters``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

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

__all__ = ["RECOMMEND_WEIGHTS", "Recommendation", "recommend_partners", "sister_centres", "why_no_recommendations"]

#: Weights of the parts of a recommendation's score.
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


def _recommend(index: PartnerIndex, org: str, limit: int, asked: _Asked) -> list[Recommendation]:
    i = index.organization(org)
    partners, tie = row_entries(index.W, i)
    if not len(partners):
        return []
    n = index.n
    ours = np.zeros(n)
    ours[partners] = 1.0
    adamic_adar = index.P @ (ours * index.inv_log_degree)
    common = index.P @ ours
    everyone = _candidates(index, org, i, common)
    rows = everyone if asked.sisters else np.setdiff1d(everyone, _rows(index, sister_centres(index.coop.snapshot, org)))
    if not len(rows):
        return []

    mine = np.zeros(index.has.shape[1])
    mine[row_entries(index.has, i)[0]] = 1.0
    inter = index.has @ mine
    union = index.has_count + index.has_count[i] - inter
    jaccard = np.divide(inter, union, out=np.zeros(n), where=union > 0)

    top_aa = adamic_adar[everyone].max()  # over everyone: neither filters nor sisters change the scores
    if asked.keep is not None:
        rows = rows[asked.keep[rows]]
    aa_part = adamic_adar[rows] / top_aa if top_aa > 0 else np.zeros(len(rows))
    score = RECOMMEND_WEIGHTS["adamic_adar"] * aa_part + RECOMMEND_WEIGHTS["shared_expertise"] * jaccard[rows]
    order = np.lexsort((rows, -np.round(score, 9)))
    strength_to_me = np.zeros(n)
    strength_to_me[partners] = tie
    asker = _Asker(i, ours, strength_to_me)
    return [
        _recommendation(
            index,
            asker,
            int(rows[k]),
            round(float(score[k]), 4),
            (float(adamic_adar[rows[k]]), int(common[rows[k]]), float(jaccard[rows[k]])),
            asked,
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

    Ranked by Adamic–Adar and shared expertise (see the module docstring).
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
    'works with 1 of your partners (B)'
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
