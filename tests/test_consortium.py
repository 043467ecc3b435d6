"""The consortium builder on tiny networks whose answers can be checked by hand (issue #20, items 4 and 5).

Each consortium is checked against its rules by :func:`tests.consortium_rules.broken_rules`, written apart
from the builder.
"""

from __future__ import annotations

import pytest

from graph.analytics.consortium import Rules, build_consortia, split_needs
from graph.analytics.cooperation import cooperation_graph
from graph.analytics.index import PartnerIndex
from graph.analytics.snapshot import snapshot_from_network
from graph.errors import UnknownFilter, UnknownOrganization
from tests.consortium_rules import broken_rules

EXPERTISE = [
    {"id": "solar", "name": "Solar energy", "name_fr": "Énergie solaire"},
    {"id": "cyber", "name": "Cybersecurity", "name_fr": "Cybersécurité"},
    {"id": "h2", "name": "Hydrogen storage", "name_fr": "Stockage de l'hydrogène"},
]
COUNTRIES = [
    {"code": "FR", "name": "France", "name_fr": "France", "priority": "home"},
    {"code": "MA", "name": "Morocco", "name_fr": "Maroc", "priority": "francophone"},
    {"code": "SN", "name": "Senegal", "name_fr": "Sénégal", "priority": "francophone"},
    {"code": "DE", "name": "Germany", "name_fr": "Allemagne", "priority": None},
]


def _org(id: str, country: str, kind: str = "university", roles=("partner",)) -> dict:
    return {"id": id, "name": id.upper(), "roles": list(roles), "kind": kind, "country": country}


def _index(orgs: list[dict], ties: list[tuple[str, ...]], knows: list[tuple[str, str, int]]) -> PartnerIndex:
    """Organizations, one project per tie (its participants), declared expertise (org, term, level)."""
    projects = [{"id": f"p{k}", "title": f"P{k}", "start_year": 2020, "end_year": 2022} for k in range(len(ties))]
    participations = [{"organization": o, "project": f"p{k}"} for k, tie in enumerate(ties) for o in tie]
    return PartnerIndex(
        cooperation_graph(
            snapshot_from_network(
                {
                    "organizations": orgs,
                    "projects": projects,
                    "participations": participations,
                    "expertise": EXPERTISE,
                    "countries": COUNTRIES,
                    "organization_expertise": [
                        {"organization": o, "expertise": t, "level": level} for o, t, level in knows
                    ],
                }
            )
        )
    )


def _checked(index: PartnerIndex, result, rules: Rules) -> list[list[str]]:
    """The consortia's ids, each checked by the independent checker."""
    spec = rules.to_dict() | {"kinds": rules.kinds}
    for c in result.consortia:
        assert broken_rules(index.coop.snapshot, c.ids, result.lead["id"], spec) == [], c.ids
        assert c.meets_rules and all(check["met"] for check in c.checks)
    return [c.ids for c in result.consortia]


@pytest.fixture(scope="module")
def small() -> PartnerIndex:
    """The lead ``L`` (FR) works with ``a`` (FR, solar, level 4) and ``b`` (MA, cybersecurity, level 5); ``c``
    (MA, cybersecurity, level 4) and ``s`` (SN, a company, solar, level 3) work with nobody; ``h`` (DE)
    alone has hydrogen storage and works with ``a``; ``f`` is a funder."""
    orgs = [
        _org("L", "FR"),
        _org("a", "FR"),
        _org("b", "MA"),
        _org("c", "MA"),
        _org("s", "SN", "company", ("company",)),
        _org("h", "DE", "research"),
        _org("f", "FR", "agency", ("funder",)),
    ]
    ties = [("L", "a"), ("L", "a"), ("L", "b"), ("a", "h"), ("L", "f")]
    knows = [("a", "solar", 4), ("b", "cyber", 5), ("c", "cyber", 4), ("s", "solar", 3), ("h", "h2", 4)]
    knows += [("f", "solar", 5)]
    return _index(orgs, ties, knows)


def test_the_strongest_tied_experts_first_then_alternatives_without_the_first_choice(small):
    rules = Rules(min_size=3, min_countries=2)
    result = build_consortia(small, "L", ["solar", "cyber"], rules)
    consortia = _checked(small, result, rules)
    # a new country is needed first: b (MA, tied to L) before c (MA, no tie); then a covers solar
    assert consortia[0] == ["L", "b", "a"]
    assert consortia[1] == ["L", "c", "a"], "built again without b, the first choice"
    assert result.consortia[1].without == [{"id": "b", "name": "B"}]
    assert len({tuple(sorted(c)) for c in consortia}) == len(consortia) == 3, "three different consortia"
    assert all("f" not in c for c in consortia), "a funder is never a member"
    assert result.consortia[0].parts["coverage"] == 0.9, "solar at level 4 (0.8) and cybersecurity at level 5 (1.0)"
    assert result.consortia[1].parts["coverage"] == 0.8
    reasons = {m["id"]: [r.text for r in m["reasons"]] for m in result.consortia[0].members}
    assert reasons["b"][0] == "covers “cyber”: Cybersecurity"
    assert "already works with L (1 shared activity)" in reasons["b"]
    assert "already works with L (2 shared activities)" in reasons["a"]
    assert result.unmet == [] and result.consortia[0].uncovered == []


def test_a_rule_that_cannot_be_met_is_named_with_the_closest_got(small):
    rules = Rules(min_size=3, min_countries=5, exclude_countries=("DE",))
    result = build_consortia(small, "L", "solar", rules)
    assert result.consortia, "the closest consortia are still proposed"
    (unmet,) = result.unmet
    assert unmet["rule"] == "min_countries" and unmet["closest"] == 3, "FR, MA and SN: Germany is excluded"
    assert unmet["text"] == "at least 5 countries (has 3): only 3 countries possible (outside the excluded ones)"
    for c in result.consortia:
        assert not c.meets_rules and "h" not in c.ids
        broken = broken_rules(small.coop.snapshot, c.ids, "L", rules.to_dict())
        assert broken == [f"{len(c.countries)} countries, fewer than 5"]
    too_small = build_consortia(small, "L", "solar", Rules(min_size=3, min_countries=3, max_size=2))
    texts = {u["rule"]: u["text"] for u in too_small.unmet}
    assert texts["min_size"] == "at least 3 organizations (has 2): the maximum size (2) is below the minimum"
    assert texts["min_countries"].endswith("2 organizations at most: as many countries at most")
    assert all(len(c.ids) == 2 for c in too_small.consortia), "the maximum size holds"


def test_a_required_kind_and_country_no_one_can_bring(small):
    rules = Rules(min_size=2, kinds=("research",), require_countries=("SN",), exclude_countries=("DE", "SN"))
    result = build_consortia(small, "L", "solar", rules)
    unmet = {u["rule"]: u for u in result.unmet}
    assert set(unmet) == {"kind", "require_country"}
    assert unmet["kind"]["closest"] == 0 and unmet["kind"]["text"].endswith(
        "no organization of the network can bring it (outside the excluded countries)"
    )
    with pytest.raises(UnknownFilter, match="kind"):
        build_consortia(small, "L", "solar", Rules(kinds=("planet",)))
    with pytest.raises(UnknownFilter, match="require_country: unknown country or priority 'ZZ'"):
        build_consortia(small, "L", "solar", Rules(require_countries=("ZZ",)))
    with pytest.raises(UnknownOrganization):
        build_consortia(small, "nobody", "solar")


def test_an_expertise_only_one_organization_has_is_in_every_consortium(small):
    rules = Rules(min_size=3)
    result = build_consortia(small, "L", "hydrogen, solar", rules)
    consortia = _checked(small, result, rules)
    assert len(consortia) >= 2 and all("h" in c for c in consortia), "h alone has hydrogen storage"
    assert all(c.uncovered == [] for c in result.consortia)
    h = next(m for m in result.consortia[0].members if m["id"] == "h")
    assert h["reasons"][0].text == "covers “hydrogen”: Hydrogen storage"
    assert h["reasons"][1].text == "no tie to L yet (2 hops away)", "h works with a, a partner of L"
    assert result.needs[0]["organizations"] == 1


def test_a_lead_with_no_ties(small):
    rules = Rules(min_size=3, min_countries=2, kinds=("company",))
    result = build_consortia(small, "c", "solar", rules)
    consortia = _checked(small, result, rules)
    assert consortia and all(c.parts["lead_ties"] == 0 for c in result.consortia)
    assert consortia[0][1] == "s", "the only company, which has solar energy too"
    for member in result.consortia[0].members[1:]:
        assert "no tie to C, near or far" in [r.text for r in member["reasons"]]
    assert result.lead == {"id": "c", "name": "C", "country": "MA", "role": "partner"}


def test_needs_that_match_nothing_and_priorities(small):
    rules = Rules(min_size=2, require_countries=("francophone",), exclude_countries=("MA",))
    result = build_consortia(small, "L", ["solar", "blockchain"], rules)
    _checked(small, result, rules)
    assert result.needs[1] == {
        "need": "blockchain",
        "understood": False,
        "terms": [],
        "organizations": 0,
        "message": "nothing matches 'blockchain'",
        "suggestions": [],
    }
    assert all(c.uncovered == ["blockchain"] for c in result.consortia), "an uncovered need is said"
    assert all("s" in c.ids for c in result.consortia), "Senegal: the only francophone country left"
    assert split_needs(" a ;b,, a\nc ") == ["a", "b", "c"]


def test_the_same_answer_every_time(small):
    rules = Rules(min_size=4, min_countries=3)
    first = build_consortia(small, "L", "solar, cyber, hydrogen", rules).to_dict()
    assert build_consortia(small, "L", "solar, cyber, hydrogen", rules).to_dict() == first
