"""Recommendations: new partners for an organization, from the partners of its partners.

Pure functions of a :class:`graph.analytics.index.PartnerIndex` (so of one
graph version); no I/O. They also accept the cooperation graph (a new index
is built for the call) or a :class:`graph.analytics.analysis.Analysis` (its
index is used).

Method
------
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

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from graph.analytics.cooperation import Cooperation
from graph.analytics.index import PartnerIndex, Reason, listing, organization_label, partner_index, row_entries
from graph.errors import UnknownOrganization
from graph.model import primary_role

if TYPE_CHECKING:
    from graph.analytics.analysis import Analysis

__all__ = ["RECOMMEND_WEIGHTS", "Recommendation", "recommend_partners", "why_no_recommendations"]

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


def _candidates(index: PartnerIndex, org: str, i: int, partners: np.ndarray, common: np.ndarray) -> np.ndarray:
    """Rows of the partners of partners of ``org`` (row ``i``), but not ``org``, its partners, centres or members."""
    candidates = common > 0
    candidates[i] = False
    candidates[partners] = False
    # a centre already works with the centres it belongs to and its members
    coop = index.coop
    for member, parent in coop.snapshot.memberships:
        if org in (member, parent):
            other = parent if member == org else member
            if other in coop.index:
                candidates[coop.index[other]] = False
    return np.flatnonzero(candidates)


def _recommend(index: PartnerIndex, org: str, limit: int) -> list[Recommendation]:
    i = index.organization(org)
    partners, tie = row_entries(index.W, i)
    if not len(partners):
        return []
    n = index.n
    ours = np.zeros(n)
    ours[partners] = 1.0
    adamic_adar = index.P @ (ours * index.inv_log_degree)
    common = index.P @ ours
    rows = _candidates(index, org, i, partners, common)
    if not len(rows):
        return []

    mine = np.zeros(index.has.shape[1])
    mine[row_entries(index.has, i)[0]] = 1.0
    inter = index.has @ mine
    union = index.has_count + index.has_count[i] - inter
    jaccard = np.divide(inter, union, out=np.zeros(n), where=union > 0)

    top_aa = adamic_adar[rows].max()
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
            float(adamic_adar[rows[k]]),
            int(common[rows[k]]),
            float(jaccard[rows[k]]),
        )
        for k in order[: max(limit, 0)]
    ]


def _recommendation(
    index: PartnerIndex, asker: _Asker, y: int, score: float, aa: float, common_count: int, jaccard: float
) -> Recommendation:
    """Row ``y`` as a :class:`Recommendation` to ``asker``, with the evidence behind it."""
    o = index.coop.ids[y]
    row = index.coop.snapshot.organizations[o]
    common = _common_partners(index, asker, y)
    partners = [{"id": index.coop.ids[z], "name": index.label(index.coop.ids[z])} for z in common[:5]]
    topics, funders = _work_with(index, y, common)

    text = f"works with {common_count:,} of your partners ({listing([p['name'] for p in partners], common_count)})"
    if topics:
        text += f" on {listing([t['name'] for t in topics], len(topics))}"
    if funders:
        text += f", funded by {listing([f['name'] for f in funders], len(funders))}"
    reasons = [Reason("partners", text, {"common_partners": common_count, "partners": [p["id"] for p in partners]})]

    both = np.intersect1d(row_entries(index.has, asker.i)[0], row_entries(index.has, y)[0])
    shared_terms = [{"id": index.term_ids[c], "name": index.term_label(index.term_ids[c])} for c in both]
    if shared_terms:
        names = [t["name"] for t in shared_terms]
        reasons.append(
            Reason(
                "expertise",
                f"shares {len(names)} expertise topic{'s' if len(names) > 1 else ''} ({listing(names)})",
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


def _common_partners(index: PartnerIndex, asker: _Asker, y: int) -> np.ndarray:
    """Rows of the partners ``asker`` and row ``y`` share, strongest weaker tie first (then by row)."""
    theirs, tie = row_entries(index.W, y)
    shared = asker.ours[theirs] > 0
    common, tie = theirs[shared], tie[shared]
    strength = np.minimum(tie, asker.strength[common])
    return common[np.lexsort((common, -strength))]


def _work_with(index: PartnerIndex, y: int, common: np.ndarray) -> tuple[list[dict], list[dict]]:
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
            topics.append({"id": t, "name": index.term_label(t), "projects": int(counts[col])})
        counts = np.asarray(index.FU[projects].sum(axis=0)).ravel()
        for f in sorted(np.flatnonzero(counts), key=lambda f: (-counts[f], index.funder_ids[f]))[:5]:
            funder = index.funder_ids[f]
            funders.append({"id": funder, "name": index.label(funder), "projects": int(counts[f])})
    return topics, funders


def recommend_partners(
    source: Cooperation | PartnerIndex | Analysis, org: str, *, limit: int = 10
) -> list[Recommendation]:
    """New partners for ``org``: partners of its partners it does not work with yet, best first.

    Ranked by Adamic–Adar and shared expertise (see the module docstring).
    The result is empty when ``org`` has no ties, or when every partner of
    its partners already works with it: :func:`why_no_recommendations` says
    which, for the caller to tell the user.

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
    return _recommend(partner_index(source), org, limit)


def why_no_recommendations(source: Cooperation | PartnerIndex | Analysis, org: str) -> str:
    """Why :func:`recommend_partners` found nothing for ``org``, as a sentence for the user.

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
        raise UnknownOrganization(f"unknown organization {org!r}")
    who = organization_label(coop.snapshot, org)
    if not len(row_entries(coop.W.tocsr(), i)[0]):
        return f"{who} has no cooperation ties yet: recommendations come from the partners of its partners."
    return f"Every partner of the partners of {who} already works with {who}."
