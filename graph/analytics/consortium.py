"""The consortium builder: alternative consortia around a lead that meet a call's rules and cover a need.

Pure functions of a :class:`graph.analytics.index.PartnerIndex` (so of one
graph version); no I/O, no randomness: the same graph, need, rules and lead
always give the same consortia (ties are broken by organization id).

What is asked
-------------
*Needs*: expertise words or ids, one need per string (a comma or a semicolon
separates needs in a text: :func:`split_needs`). Each need is read as the
partner finder reads a query (:func:`graph.analytics.finder.expertise_scores`):
an organization's *capability* for it is the finder's expertise part
(0 to 1: declared expertise and its level, projects addressing it, project
keywords, name). A need that matches nothing is said so (not understood), with
the close expertise names. An optional *topic* (the call's words) adds to
the choice of members, but is no need to cover.

*Rules* (:class:`Rules`): at least ``min_size`` organizations (the lead
included) from at least ``min_countries`` distinct countries; at least one
member of each of ``kinds`` (a role, ``company``; a kind of institution,
``university``; :data:`KIND_ALIASES` reads ``university`` as a higher
education institution too, and ``sme`` as a company); at least one member
in each of ``require_countries`` (a country code, ``MA``, or a priority of
the countries table, ``francophone``: one member in any such country); no
member in ``exclude_countries`` (codes or priorities); at most ``max_size``
organizations. Funders (organizations whose only role is ``funder``) are
never members.

How consortia are built
-----------------------
From the lead, members are added one at a time (greedy). The *score* of a
consortium has three parts, each from 0 to 1, returned with it:

``coverage``
    the mean over the needs of the best capability among the members (the
    lead included);
``lead_ties``
    the mean over the members (not the lead) of ``tie(w)``, ``w`` the
    weight of their tie to the lead in the cooperation graph
    (:mod:`graph.analytics.cooperation`: shared projects and agreements,
    recent and small ones weighing more) and ``tie(w) = w / (w + TIE_HALF)``;
``cohesion``
    the mean over the members of ``tie`` of the sum of their ties to the
    other members (the lead left out).

``score = 0.5 · coverage + 0.3 · lead_ties + 0.2 · cohesion``
(:data:`CONSORTIUM_WEIGHTS`). Each step adds the candidate giving the best
score plus its gain in coverage (so that covering the needs comes first,
then the ties; plus a twentieth of its capability for the topic), except
that while a rule is unmet, candidates that bring what it lacks (a new
country, a required country, a required kind) come first, those bringing
more of it before the others. The consortium stops growing at
``max_size``, or once it has ``min_size`` members, meets every rule and no
candidate raises the coverage by :data:`MIN_GAIN` or more.

Candidates are the organizations allowed by the rules, the :data:`POOL` best
by ``0.5 · (best capability, topic included) + 0.3 · tie to the lead``, and
the :data:`PER_GROUP` best of each country and of each required country and
kind (so that a rule can be met by an organization outside the best).

Alternatives: the second consortium is built again without the first
member chosen for the first (its strongest choice), the third without that
member and the first chosen for the second. A member is never left out when
no one else allowed (the members left out before excepted) has one of the
needed expertise, a required kind or a required country: the next choice is.
An alternative must meet every rule the first meets and differ from the
others; there are fewer than three when the network allows no more. The
consortia are returned best first: most rules met, then highest score (a
greedy build is not always the best: an alternative may score higher).

A rule that no consortium meets is named with the closest one got (its
``closest`` value), and why when it is known (``only 2 countries possible``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from graph.analytics.cooperation import Cooperation
from graph.analytics.filters import organization_filter
from graph.analytics.finder import expertise_scores, nothing_matches
from graph.analytics.index import PartnerIndex, Reason, listing, partner_index, row_entries
from graph.errors import NoMatchingExpertise, UnknownFilter
from graph.model import primary_role
from graph.text import Message, fold

if TYPE_CHECKING:
    from graph.analytics.analysis import Analysis

__all__ = [
    "CONSORTIUM_WEIGHTS",
    "KIND_ALIASES",
    "MIN_GAIN",
    "PER_GROUP",
    "POOL",
    "TIE_HALF",
    "Consortium",
    "ConsortiumResult",
    "Rules",
    "build_consortia",
    "split_needs",
]

#: Weights of the parts of a consortium's score.
CONSORTIUM_WEIGHTS = {"coverage": 0.5, "lead_ties": 0.3, "cohesion": 0.2}
#: Tie weight counting half (about two recent projects of ten partners, or half a bilateral agreement).
TIE_HALF = 0.25
#: Least rise of the coverage for a consortium meeting every rule to take one more member.
MIN_GAIN = 0.02
#: Best candidates by capability and tie to the lead.
POOL = 400
#: Best candidates kept from each country and from each required country and kind.
PER_GROUP = 8
#: Alternatives built.
ALTERNATIVES = 3
#: Other words for a kind: ``university`` is also a higher education institution, ``sme`` a company.
KIND_ALIASES = {
    "university": ("university", "higher education"),
    "sme": ("company",),
    "enterprise": ("company",),
    "entreprise": ("company",),
    "universite": ("university", "higher education"),
}
#: Selection bonus of a candidate for each unmet rule it helps meet (above any change of score).
_RULE_BONUS = 10.0
#: Weight of a candidate's gain in coverage in its selection, besides the score (covering the needs comes first).
_COVERAGE_FIRST = 1.0


@dataclass(frozen=True)
class Rules:
    """The rules of a call (see the module docstring); ``max_size`` ``None``: no limit."""

    min_size: int = 3
    min_countries: int = 1
    kinds: tuple[str, ...] = ()
    require_countries: tuple[str, ...] = ()
    exclude_countries: tuple[str, ...] = ()
    max_size: int | None = None

    def to_dict(self) -> dict:
        return {
            "min_size": self.min_size,
            "min_countries": self.min_countries,
            "kinds": list(self.kinds),
            "require_countries": list(self.require_countries),
            "exclude_countries": list(self.exclude_countries),
            "max_size": self.max_size,
        }


@dataclass
class Consortium:
    """One proposed consortium: its ``members`` (the lead first; each ``id``, ``name``, ``country``,
    ``role``, ``kind``, ``lead``, ``reasons``), its ``score`` and ``parts``, the needs it ``covers``
    (each ``need``, ``by``: the ids of the members having it, best first, ``capability``) and those it
    leaves ``uncovered``, each rule ``checks`` (``rule``, ``met``, ``value``, ``expected``, ``text``) and the
    member it was built ``without`` (an alternative), if any."""

    members: list[dict]
    score: float
    parts: dict[str, float]
    countries: list[str]
    covers: list[dict]
    uncovered: list[str]
    checks: list[dict]
    without: list[dict] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [m["id"] for m in self.members]

    @property
    def meets_rules(self) -> bool:
        return all(c["met"] for c in self.checks)

    def to_dict(self) -> dict:
        return {
            "ids": self.ids,
            "size": len(self.members),
            "score": self.score,
            "parts": self.parts,
            "countries": self.countries,
            "meets_rules": self.meets_rules,
            "members": [{**m, "reasons": [r.to_dict() for r in m["reasons"]]} for m in self.members],
            "covers": self.covers,
            "uncovered": self.uncovered,
            "checks": self.checks,
            "without": self.without,
        }


@dataclass
class ConsortiumResult:
    """What :func:`build_consortia` answers: the ``lead``, how each need was read (``needs``: ``need``,
    ``understood``, ``terms``, ``organizations`` having it, ``message``, ``suggestions``), the ``rules``,
    the ``consortia`` (best first), the rules no consortium meets (``unmet``: ``rule``, ``text``,
    ``closest``) and ``notes``."""

    lead: dict
    needs: list[dict]
    topic: str | None
    rules: Rules
    consortia: list[Consortium]
    unmet: list[dict]
    notes: list[str]

    def to_dict(self) -> dict:
        return {
            "lead": self.lead,
            "needs": self.needs,
            "topic": self.topic,
            "rules": self.rules.to_dict(),
            "consortia": [c.to_dict() for c in self.consortia],
            "unmet": self.unmet,
            "notes": self.notes,
            "weights": CONSORTIUM_WEIGHTS,
        }


def split_needs(text: str | Sequence[str] | None) -> list[str]:
    """Needs given as a text (separated by commas, semicolons or new lines) or as several texts.

    >>> split_needs("cybersécurité, énergie solaire; water"), split_needs(["a b", "c, d"]), split_needs(None)
    (['cybersécurité', 'énergie solaire', 'water'], ['a b', 'c', 'd'], [])
    """
    if text is None:
        return []
    texts = [text] if isinstance(text, str) else list(text)
    parts = (p.strip() for t in texts for p in re.split(r"[,;\n]", t))
    return list(dict.fromkeys(p for p in parts if p))


# --- what the rules mean for this graph ------------------------------------------------


@dataclass
class _Group:
    """A rule's group of organizations: a required or excluded country (or priority) or kind, as a mask."""

    token: str
    label: str
    mask: np.ndarray


def _country_group(index: PartnerIndex, token: str, field_name: str) -> _Group:
    """The organizations in country ``token`` (a code) or in the countries of priority ``token``."""
    s = index.coop.snapshot
    code = token.strip().upper()
    if code in s.countries or (index.country == code).any():
        return _Group(code, code, index.country == code)
    folded = fold(token).strip()
    codes = sorted(c for c, row in s.countries.items() if fold(row.get("priority")) == folded)
    if codes:
        return _Group(folded, Message("%(priority)s country", priority=folded), np.isin(index.country, codes))
    priorities = sorted({fold(row.get("priority")) for row in s.countries.values()} - {""})
    raise UnknownFilter(
        Message(
            "%(field)s: unknown country or priority %(value)r (priorities: %(priorities)s)",
            field=field_name,
            value=token,
            priorities=", ".join(priorities) or "-",
        )
    )


def _kind_group(index: PartnerIndex, token: str) -> _Group:
    """The organizations of kind or role ``token`` (:data:`KIND_ALIASES` widen it)."""
    folded = fold(token).strip()
    mask = np.zeros(index.n, dtype=bool)
    for value in KIND_ALIASES.get(folded, (folded,)):
        if value in index.role_masks:
            mask |= index.role_masks[value]
        if value in index.kind_values:
            mask |= index.org_kinds == value
    if not mask.any() and folded not in KIND_ALIASES:
        organization_filter(index, kind=token)  # raises UnknownFilter naming the kinds and roles there are
    return _Group(folded, token.strip(), mask)


def _tie(w: np.ndarray | float) -> np.ndarray:
    return np.asarray(w, dtype=float) / (np.asarray(w, dtype=float) + TIE_HALF)


@dataclass
class _Problem:
    """Everything a build needs, computed once: candidates (``rows``), their capabilities and ties."""

    index: PartnerIndex
    lead: int
    rules: Rules
    needs: list[str]
    #: need -> capability of every organization (only the needs understood)
    capability: dict[str, np.ndarray]
    topic: np.ndarray | None
    allowed: np.ndarray
    required: list[_Group]
    kinds: list[_Group]
    excluded: list[_Group]
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    cap: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    lead_tie: np.ndarray = field(default_factory=lambda: np.zeros(0))
    value: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pair: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    lead_cap: np.ndarray = field(default_factory=lambda: np.zeros(0))
    #: need -> the term columns it reaches
    reached: dict[str, np.ndarray] = field(default_factory=dict)


def _allowed(index: PartnerIndex, lead: int, excluded: list[_Group]) -> np.ndarray:
    """Organizations that may be members: not the lead, not funders only, not in an excluded country."""
    allowed = np.ones(index.n, dtype=bool)
    allowed[lead] = False
    if "funder" in index.role_masks:
        others = np.zeros(index.n, dtype=bool)
        for role, mask in index.role_masks.items():
            if role != "funder":
                others |= mask
        allowed &= ~(index.role_masks["funder"] & ~others)
    for group in excluded:
        allowed &= ~group.mask
    return allowed


def _pool(p: _Problem) -> None:
    """The candidates: the best by capability and tie to the lead, and the best of each group (see the docstring)."""
    index = p.index
    best = np.zeros(index.n)
    for c in p.capability.values():
        best = np.maximum(best, c)
    if p.topic is not None:
        best = np.maximum(best, p.topic)
    cols, weights = row_entries(index.W, p.lead)
    lead_w = np.zeros(index.n)
    lead_w[cols] = weights
    key = 0.5 * best + 0.3 * _tie(lead_w)
    rows = np.flatnonzero(p.allowed)
    order = rows[np.lexsort((rows, -np.round(key[rows], 9)))]
    keep = set(order[:POOL][key[order[:POOL]] > 0].tolist())
    country = index.country[order]
    for group_mask in [g.mask for g in (*p.required, *p.kinds)]:
        keep.update(order[group_mask[order]][:PER_GROUP].tolist())
    _, first = np.unique(country, return_index=True)  # each country's best, in key order
    for start in first.tolist():
        code = country[start]
        if code:
            keep.update(order[start:][country[start:] == code][:PER_GROUP].tolist())
    p.rows = np.array(sorted(keep), dtype=np.int64)
    needs = [n for n in p.needs if n in p.capability]
    p.cap = np.array([p.capability[n][p.rows] for n in needs]).T.reshape(len(p.rows), len(needs))
    p.lead_cap = np.array([p.capability[n][p.lead] for n in needs])
    p.lead_tie = _tie(lead_w[p.rows])
    p.value = p.topic[p.rows] if p.topic is not None else np.zeros(len(p.rows))
    p.pair = index.W[p.rows][:, p.rows].toarray()


# --- building --------------------------------------------------------------------------


@dataclass
class _State:
    """A consortium being built: chosen candidates (positions in ``p.rows``) and what they give."""

    chosen: list[int]
    best: np.ndarray  # best capability per need
    countries: set[str]
    required_met: list[bool]
    kinds_met: list[bool]


def _start(p: _Problem) -> _State:
    lead_country = p.index.country[p.lead]
    return _State(
        [],
        p.lead_cap.copy(),
        {lead_country} if lead_country else set(),
        [bool(g.mask[p.lead]) for g in p.required],
        [bool(g.mask[p.lead]) for g in p.kinds],
    )


def _deficit(p: _Problem, st: _State) -> int:
    """How many rule items are still unmet (countries lacking, required countries and kinds)."""
    return (
        max(0, p.rules.min_countries - len(st.countries))
        + sum(not m for m in st.required_met)
        + sum(not m for m in st.kinds_met)
    )


def _scores(p: _Problem, st: _State, candidates: np.ndarray) -> np.ndarray:
    """The score of the consortium with each candidate added (see the module docstring)."""
    k = len(st.chosen) + 1
    w = CONSORTIUM_WEIGHTS
    if p.cap.shape[1]:
        coverage = np.maximum(p.cap[candidates], st.best).mean(axis=1)
    else:
        coverage = np.zeros(len(candidates))
    chosen = np.array(st.chosen, dtype=np.int64)
    lead = (p.lead_tie[chosen].sum() + p.lead_tie[candidates]) / k
    if len(chosen):
        sums = p.pair[np.ix_(chosen, chosen)].sum(axis=1)  # each member's ties to the others
        added = p.pair[np.ix_(candidates, chosen)]  # candidate x member
        cohesion = (_tie(sums[None, :] + added).sum(axis=1) + _tie(added.sum(axis=1))) / k
    else:
        cohesion = np.zeros(len(candidates))
    return w["coverage"] * coverage + w["lead_ties"] * lead + w["cohesion"] * cohesion


def _helps(p: _Problem, st: _State, candidates: np.ndarray) -> np.ndarray:
    """How many unmet rule items each candidate would meet."""
    rows = p.rows[candidates]
    helps = np.zeros(len(candidates))
    if len(st.countries) < p.rules.min_countries:
        codes = p.index.country[rows]
        helps += np.array([bool(c) and c not in st.countries for c in codes.tolist()], dtype=float)
    for met, group in zip(st.required_met, p.required, strict=True):
        if not met:
            helps += group.mask[rows]
    for met, group in zip(st.kinds_met, p.kinds, strict=True):
        if not met:
            helps += group.mask[rows]
    return helps


def _add(p: _Problem, st: _State, c: int) -> None:
    st.chosen.append(c)
    if p.cap.shape[1]:
        st.best = np.maximum(st.best, p.cap[c])
    row = int(p.rows[c])
    if p.index.country[row]:
        st.countries.add(str(p.index.country[row]))
    st.required_met = [m or bool(g.mask[row]) for m, g in zip(st.required_met, p.required, strict=True)]
    st.kinds_met = [m or bool(g.mask[row]) for m, g in zip(st.kinds_met, p.kinds, strict=True)]


def _grow(p: _Problem, banned: set[int]) -> list[int]:
    """Candidates (positions in ``p.rows``) chosen one by one, in order (see the module docstring)."""
    st = _start(p)
    free = np.array([c for c in range(len(p.rows)) if int(p.rows[c]) not in banned], dtype=np.int64)
    limit = p.rules.max_size if p.rules.max_size is not None else len(p.rows) + 1
    while len(st.chosen) + 1 < limit and len(free):
        deficit = _deficit(p, st)
        helps = _helps(p, st, free) if deficit else np.zeros(len(free))
        gains = np.zeros(len(free))
        if len(st.best):
            gains = np.maximum(p.cap[free], st.best).mean(axis=1) - st.best.mean()
        if not deficit and len(st.chosen) + 1 >= p.rules.min_size and gains.max() < MIN_GAIN:
            break
        key = _scores(p, st, free) + _COVERAGE_FIRST * gains + 0.05 * p.value[free] + _RULE_BONUS * helps
        pick = int(np.lexsort((p.rows[free], -np.round(key, 9)))[0])
        _add(p, st, int(free[pick]))
        free = np.delete(free, pick)
    return st.chosen


def _alone(p: _Problem, banned: list[int]) -> set[int]:
    """Rows that alone (among the organizations allowed and not ``banned``) have a needed expertise, a
    required country or kind."""
    allowed = p.allowed.copy()
    allowed[banned] = False
    alone: set[int] = set()
    for mask in [c > 0 for c in p.capability.values()] + [g.mask for g in (*p.required, *p.kinds)]:
        having = np.flatnonzero(mask & allowed)
        if len(having) == 1:
            alone.add(int(having[0]))
    return alone


def _met(p: _Problem, chosen: list[int]) -> tuple[bool, ...]:
    """Which rule items the consortium of the lead and ``chosen`` meets (sizes, countries, each group)."""
    st = _start(p)
    for c in chosen:
        _add(p, st, c)
    size = len(chosen) + 1
    return (
        size >= p.rules.min_size,
        p.rules.max_size is None or size <= p.rules.max_size,
        len(st.countries) >= p.rules.min_countries,
        *st.required_met,
        *st.kinds_met,
    )


def _alternatives(p: _Problem) -> list[tuple[list[int], list[int]]]:
    """Up to :data:`ALTERNATIVES` different consortia: (chosen candidates, rows left out to build it).

    Each alternative leaves out one more member of the one before (its first choice that can be left out,
    see the module docstring) and must meet every rule the first consortium meets.
    """
    first = _grow(p, set())
    target = _met(p, first)
    found: list[tuple[list[int], list[int]]] = [(first, [])]
    seen = {frozenset(first)}
    banned: list[int] = []
    current = first
    while len(found) < ALTERNATIVES:
        alone = _alone(p, banned)
        leavable = [int(p.rows[c]) for c in current if int(p.rows[c]) not in alone]
        for row in leavable:
            chosen = _grow(p, {*banned, row})
            met = _met(p, chosen)
            if frozenset(chosen) not in seen and all(m or not t for m, t in zip(met, target, strict=True)):
                break
        else:
            break
        banned.append(row)
        seen.add(frozenset(chosen))
        found.append((chosen, list(banned)))
        current = chosen
    return found


# --- describing ------------------------------------------------------------------------


def _checks(p: _Problem, rows: list[int]) -> list[dict]:
    """Each rule of ``p.rules``, checked on the consortium of ``rows`` (the lead first)."""
    index, rules = p.index, p.rules
    countries = sorted({str(index.country[r]) for r in rows if index.country[r]})
    checks = [
        {"rule": "min_size", "expected": rules.min_size, "value": len(rows), "met": len(rows) >= rules.min_size},
        {
            "rule": "min_countries",
            "expected": rules.min_countries,
            "value": len(countries),
            "met": len(countries) >= rules.min_countries,
        },
    ]
    if rules.max_size is not None:
        checks.append(
            {"rule": "max_size", "expected": rules.max_size, "value": len(rows), "met": len(rows) <= rules.max_size}
        )
    for group in p.kinds:
        n = int(sum(bool(group.mask[r]) for r in rows))
        checks.append({"rule": "kind", "expected": group.label, "value": n, "met": n > 0})
    for group in p.required:
        n = int(sum(bool(group.mask[r]) for r in rows))
        checks.append({"rule": "require_country", "expected": group.token, "value": n, "met": n > 0})
    for group in p.excluded:
        n = int(sum(bool(group.mask[r]) for r in rows))
        checks.append({"rule": "exclude_country", "expected": group.token, "value": n, "met": n == 0})
    for check in checks:
        check["text"] = _rule_text(check)
    return checks


def _rule_text(check: dict) -> Message:
    rule, expected = check["rule"], check["expected"]
    if rule == "min_size":
        return Message("at least %(n)s organizations (has %(value)s)", n=expected, value=check["value"])
    if rule == "min_countries":
        return Message("at least %(n)s countries (has %(value)s)", n=expected, value=check["value"])
    if rule == "max_size":
        return Message("at most %(n)s organizations (has %(value)s)", n=expected, value=check["value"])
    if rule == "kind":
        return Message("at least one %(kind)s (has %(value)s)", kind=expected, value=check["value"])
    if rule == "require_country":
        return Message("at least one member in %(country)s (has %(value)s)", country=expected, value=check["value"])
    return Message("no member in %(country)s (has %(value)s)", country=expected, value=check["value"])


def _member(p: _Problem, row: int, rows: list[int], language: str, hops: np.ndarray) -> dict:
    """Organization ``row`` of the consortium of ``rows`` (the lead first), with its reasons."""
    index = p.index
    o = index.coop.ids[row]
    data = index.coop.snapshot.organizations[o]
    lead = row == p.lead
    reasons = _expertise_reasons(p, row, language)
    if not lead:
        reasons.append(_lead_reason(p, row, hops))
        tied = [r for r in rows[1:] if r != row and index.W[row, r] > 0]
        if tied:
            labels = [index.label(index.coop.ids[r]) for r in tied]
            reasons.append(
                Reason(
                    "members",
                    Message("works with %(orgs)s of this consortium", orgs=listing(labels)),
                    {"members": [index.coop.ids[r] for r in tied]},
                )
            )
        reasons += _rule_reasons(p, row, rows)
    return {
        "id": o,
        "name": data.get("name") or o,
        "short_name": data.get("short_name"),
        "country": data.get("country"),
        "role": primary_role(data.get("roles")),
        "kind": data.get("kind"),
        "lead": lead,
        "reasons": reasons,
    }


def _expertise_reasons(p: _Problem, row: int, language: str) -> list[Reason]:
    """A reason for each need the organization has some capability for, best first."""
    found = []
    for need, c in p.capability.items():
        if c[row] > 0:
            found.append((-float(c[row]), need))
    reasons = []
    for minus, need in sorted(found):
        terms = _terms_of(p, row, need, language)
        if terms:
            text = Message("covers “%(need)s”: %(terms)s", need=need, terms=listing(terms))
        else:
            text = Message("covers “%(need)s” (projects, keywords or name)", need=need)
        reasons.append(Reason("expertise", text, {"need": need, "capability": round(-minus, 4), "terms": terms[:3]}))
    if not reasons and p.capability and row != p.lead:
        reasons.append(Reason("expertise", Message("none of the needed expertise"), {"need": None}))
    return reasons


def _terms_of(p: _Problem, row: int, need: str, language: str) -> list[str]:
    """The names of the terms reached by ``need`` that the organization has, best evidence first."""
    index = p.index
    reached = p.reached.get(need, np.zeros(0, dtype=np.int64))
    cols, _ = row_entries(index.has, row)
    common = np.intersect1d(cols, reached)
    if not len(common):
        return []
    evidence = [(-float(index.evidence[row, int(c)]), index.term_ids[int(c)]) for c in common[:50]]
    return [index.term_label(t, language) for _, t in sorted(evidence)]


def _lead_reason(p: _Problem, row: int, hops: np.ndarray) -> Reason:
    index = p.index
    who = index.label(index.coop.ids[p.lead])
    shared = int(index.coop.counts[p.lead, row])
    if shared:
        if shared == 1:
            text = Message("already works with %(org)s (1 shared activity)", org=who)
        else:
            text = Message("already works with %(org)s (%(n)s shared activities)", org=who, n=shared)
        return Reason("lead", text, {"shared": shared, "weight": round(float(index.W[p.lead, row]), 4)})
    h = hops[row]
    if not np.isfinite(h):
        return Reason("lead", Message("no tie to %(org)s, near or far", org=who), {"hops": None})
    return Reason("lead", Message("no tie to %(org)s yet (%(n)s hops away)", org=who, n=int(h)), {"hops": int(h)})


def _rule_reasons(p: _Problem, row: int, rows: list[int]) -> list[Reason]:
    """What the organization brings to the rules: a required country or kind no one else brings, a country."""
    index = p.index
    reasons = []
    others = [r for r in rows if r != row]
    for group in p.required:
        if group.mask[row] and not any(group.mask[r] for r in others):
            reasons.append(
                Reason("rule", Message("brings %(what)s (required)", what=group.label), {"rule": group.token})
            )
    for group in p.kinds:
        if group.mask[row] and not any(group.mask[r] for r in others):
            reasons.append(
                Reason(
                    "rule", Message("is the consortium's %(kind)s (required)", kind=group.label), {"rule": group.token}
                )
            )
    code = str(index.country[row])
    alone = not any(index.country[r] == code for r in others)
    if code and p.rules.min_countries > 1 and alone and not reasons:
        reasons.append(Reason("rule", Message("brings a country: %(country)s", country=code), {"rule": "country"}))
    return reasons


def _parts(p: _Problem, chosen: list[int]) -> tuple[float, dict[str, float]]:
    """The score of the consortium of the lead and ``chosen`` (candidates), and its parts."""
    best = p.lead_cap.copy()
    for c in chosen:
        best = np.maximum(best, p.cap[c]) if len(best) else best
    coverage = float(best.mean()) if len(best) else 0.0
    lead = float(p.lead_tie[chosen].mean()) if chosen else 0.0
    cohesion = 0.0
    if chosen:
        inner = p.pair[np.ix_(chosen, chosen)]
        cohesion = float(_tie(inner.sum(axis=1)).mean())
    parts = {"coverage": round(coverage, 4), "lead_ties": round(lead, 4), "cohesion": round(cohesion, 4)}
    w = CONSORTIUM_WEIGHTS
    score = w["coverage"] * coverage + w["lead_ties"] * lead + w["cohesion"] * cohesion
    return round(score, 4), parts


def _describe(p: _Problem, chosen: list[int], banned: list[int], language: str, hops: np.ndarray) -> Consortium:
    """The consortium of the lead and ``chosen`` (candidates), built without ``banned`` (rows)."""
    index = p.index
    rows = [p.lead, *(int(p.rows[c]) for c in chosen)]
    score, parts = _parts(p, chosen)
    covers, uncovered = [], []
    for need in p.needs:
        c = p.capability.get(need)
        having = [] if c is None else sorted((r for r in rows if c[r] > 0), key=lambda r: (-c[r], index.coop.ids[r]))
        if c is not None and having:
            by = [index.coop.ids[r] for r in having]
            covers.append({"need": need, "by": by, "capability": round(float(c[having[0]]), 4)})
        else:
            uncovered.append(need)
    return Consortium(
        members=[_member(p, r, rows, language, hops) for r in rows],
        score=score,
        parts=parts,
        countries=sorted({str(index.country[r]) for r in rows if index.country[r]}),
        covers=covers,
        uncovered=uncovered,
        checks=_checks(p, rows),
        without=[{"id": index.coop.ids[r], "name": index.label(index.coop.ids[r])} for r in banned],
    )


# --- rules no consortium meets -----------------------------------------------------------

#: For each rule, whether a higher value is closer to meeting it.
_HIGHER_IS_CLOSER = {"min_size": True, "min_countries": True, "kind": True, "require_country": True}


def _why(p: _Problem, rule: str, expected: object) -> Message | None:
    """Why a rule cannot be met in this graph, when it is known (else ``None``)."""
    index, rules = p.index, p.rules
    can = p.allowed.copy()
    can[p.lead] = True
    if rule == "min_size":
        if int(can.sum()) < rules.min_size:
            return Message("only %(n)s organizations can take part", n=int(can.sum()))
        if rules.max_size is not None and rules.max_size < rules.min_size:
            return Message("the maximum size (%(max)s) is below the minimum", max=rules.max_size)
    if rule == "min_countries":
        possible = len(set(index.country[can].tolist()) - {""})
        if possible < rules.min_countries:
            return Message("only %(n)s countries possible (outside the excluded ones)", n=possible)
        if rules.max_size is not None and rules.max_size < rules.min_countries:
            return Message("%(max)s organizations at most: as many countries at most", max=rules.max_size)
    if rule in ("kind", "require_country"):
        groups = p.kinds if rule == "kind" else p.required
        group = next(g for g in groups if (g.label if rule == "kind" else g.token) == expected)
        if not (group.mask & can).any():
            return Message("no organization of the network can bring it (outside the excluded countries)")
    if rule == "exclude_country":
        return Message("the lead is there")
    if rules.max_size is not None:
        return Message("not within %(max)s organizations", max=rules.max_size)
    return None


def _unmet(p: _Problem, consortia: list[Consortium]) -> list[dict]:
    """The rules no consortium meets, each with the closest value got and why, when known."""
    unmet = []
    for k, check in enumerate(consortia[0].checks if consortia else []):
        values = [c.checks[k]["value"] for c in consortia]
        if any(c.checks[k]["met"] for c in consortia):
            continue
        higher = _HIGHER_IS_CLOSER.get(check["rule"], False)
        closest = max(values) if higher else min(values)
        why = _why(p, check["rule"], check["expected"])
        said = _rule_text({**check, "value": closest})
        text = said if why is None else Message("%(rule)s: %(why)s", rule=said, why=why)
        unmet.append({"rule": check["rule"], "expected": check["expected"], "closest": closest, "text": text})
    return unmet


def _notes(p: _Problem) -> list[Message]:
    """What the planner should know: needs whose organizations span fewer countries than asked for."""
    notes = []
    for need, c in p.capability.items():
        having = (c > 0) & p.allowed
        having[p.lead] = c[p.lead] > 0
        countries = len(set(p.index.country[having].tolist()) - {""})
        if 0 < countries < p.rules.min_countries:
            notes.append(
                Message(
                    "only %(n)s countries among the organizations having “%(need)s”: "
                    "members from the other countries bring a country, not this expertise",
                    n=countries,
                    need=need,
                )
            )
    return notes


# --- the function --------------------------------------------------------------------------


def _read_needs(index: PartnerIndex, needs: list[str], language: str) -> tuple[dict, dict, list[dict]]:
    """Each need's capability vector and reached terms (those understood), and how each was read."""
    from graph.analytics.finder import match_query

    capability: dict[str, np.ndarray] = {}
    reached: dict[str, np.ndarray] = {}
    reading = []
    for need in needs:
        try:
            vector, columns = expertise_scores(index, need)
        except NoMatchingExpertise as error:
            reading.append(
                {
                    "need": need,
                    "understood": False,
                    "terms": [],
                    "organizations": 0,
                    "message": nothing_matches(need),
                    "suggestions": error.suggestions,
                }
            )
            continue
        capability[need], reached[need] = vector, np.array(columns, dtype=np.int64)
        terms = [index.term_label(t["id"], language) for t in match_query(index, need).terms[:5]]
        reading.append(
            {
                "need": need,
                "understood": True,
                "terms": terms,
                "organizations": int((vector > 0).sum()),
                "message": None,
                "suggestions": [],
            }
        )
    return capability, reached, reading


def _check_rules(rules: Rules) -> None:
    if rules.min_size < 1 or rules.min_countries < 0 or (rules.max_size is not None and rules.max_size < 1):
        raise ValueError(f"rules out of range: {rules}")


def build_consortia(
    source: Cooperation | PartnerIndex | Analysis,
    lead: str,
    needs: str | Sequence[str],
    rules: Rules | None = None,
    *,
    topic: str | None = None,
    language: str = "en",
) -> ConsortiumResult:
    """Up to three alternative consortia led by ``lead`` that meet ``rules`` and cover ``needs``.

    Parameters
    ----------
    source : PartnerIndex, Analysis or Cooperation
        The partner index of the graph (see :func:`graph.analytics.finder.find_partners`).
    lead : str
        The leading organization (an id).
    needs : str or list of str
        The needed expertise: words or expertise ids, one need per string
        (:func:`split_needs` cuts a text at commas and semicolons).
    rules : Rules, optional
        The call's rules (default: 3 organizations, no other rule).
    topic : str, optional
        The call's words: candidates with expertise on them are preferred.
    language : str
        ``en`` or ``fr``: the language of the term names in the reasons.

    Returns
    -------
    ConsortiumResult
        The consortia (best first; fewer than three when the network does
        not allow as many different ones), the rules none of them meets with
        the closest got, how each need was read.

    Raises
    ------
    UnknownOrganization
        ``lead`` is not an organization of the graph.
    UnknownFilter
        A kind or a country (or priority) of the rules is not in the graph.

    Examples
    --------
    >>> from graph.analytics.cooperation import cooperation_graph
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> orgs = [{"id": o, "name": o.upper(), "roles": ["partner"], "country": c} for o, c in
    ...         [("lead", "FR"), ("a", "FR"), ("b", "MA"), ("c", "MA")]]
    >>> coop = cooperation_graph(snapshot_from_network({"organizations": orgs,
    ...     "expertise": [{"id": "solar", "name": "Solar energy", "name_fr": "Énergie solaire"}],
    ...     "organization_expertise": [{"organization": o, "expertise": "solar", "level": 5} for o in "bc"]}))
    >>> result = build_consortia(coop, "lead", "solar", Rules(min_size=2, min_countries=2))
    >>> [c.ids for c in result.consortia]
    [['lead', 'b'], ['lead', 'c']]
    >>> result.consortia[0].members[1]["reasons"][0].text
    'covers “solar”: Solar energy'
    """
    index = partner_index(source)
    rules = rules or Rules()
    _check_rules(rules)
    row = index.organization(lead)
    wanted = split_needs(needs)
    capability, reached, reading = _read_needs(index, wanted, language)
    topic_vector = None
    notes: list[Message] = []
    if topic:
        try:
            topic_vector = expertise_scores(index, topic)[0]
        except NoMatchingExpertise:
            notes.append(Message("the topic matches nothing: %(message)s", message=nothing_matches(topic)))
    excluded = [_country_group(index, t, "exclude_country") for t in rules.exclude_countries]
    p = _Problem(
        index=index,
        lead=row,
        rules=rules,
        needs=wanted,
        capability=capability,
        topic=topic_vector,
        allowed=_allowed(index, row, excluded),
        required=[_country_group(index, t, "require_country") for t in rules.require_countries],
        kinds=[_kind_group(index, t) for t in rules.kinds],
        excluded=excluded,
        reached=reached,
    )
    _pool(p)
    hops = index.hops(row)
    consortia = [_describe(p, chosen, banned, language, hops) for chosen, banned in _alternatives(p)]
    consortia.sort(key=lambda c: (-sum(k["met"] for k in c.checks), -c.score))  # stable: build order on ties
    data = index.coop.snapshot.organizations[lead]
    return ConsortiumResult(
        lead={
            "id": lead,
            "name": data.get("name") or lead,
            "country": data.get("country"),
            "role": primary_role(data.get("roles")),
        },
        needs=reading,
        topic=topic or None,
        rules=rules,
        consortia=consortia,
        unmet=_unmet(p, consortia),
        notes=[*notes, *_notes(p)],
    )
