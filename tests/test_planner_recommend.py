"""Recommendations a planner would filter (issue 16, item 9): country, role, expertise, and sister centres.

The filters read values as the partner finder does (:func:`graph.analytics.filters.organization_filter`,
the finder's query for ``expertise``) and leave the scores as they are: a filtered list is the full
list with some rows left out. Sister centres (members of the same parent centre) are of the
organization's own network: not new partners unless asked for.
"""

from __future__ import annotations

import pytest

from graph.analytics.cooperation import cooperation_graph
from graph.analytics.finder import expertise_scores
from graph.analytics.index import PartnerIndex
from graph.analytics.recommend import recommend_partners, sister_centres, why_no_recommendations
from graph.analytics.snapshot import snapshot_from_network
from graph.errors import NoMatchingExpertise, UnknownFilter


@pytest.fixture(scope="module")
def demo() -> PartnerIndex:
    from loaders.generators.demo import demo_network

    return PartnerIndex(cooperation_graph(snapshot_from_network(demo_network())))


def ranked(results):
    return [(r.id, r.score) for r in results]


def test_sister_centres_are_the_other_members_of_the_same_parent(demo):
    memberships = demo.coop.snapshot.memberships
    parents = {p for m, p in memberships if m == "tc-chartres"}
    assert parents == {"rc-centre-val-de-loire"}
    expected = {m for m, p in memberships if p == "rc-centre-val-de-loire"} - {"tc-chartres"}
    assert sister_centres(demo.coop.snapshot, "tc-chartres") == expected and len(expected) >= 3
    assert sister_centres(demo.coop.snapshot, "cnam") == set(), "the headquarters belongs to no centre"


@pytest.mark.parametrize("org", ["rc-bretagne", "tc-chartres", "tc-chateauroux"])
def test_sister_centres_are_not_new_partners_unless_asked(demo, org):
    sisters = sister_centres(demo.coop.snapshot, org)
    default = recommend_partners(demo, org, limit=1000)
    assert not sisters & {r.id for r in default}
    asked = recommend_partners(demo, org, limit=1000, sisters=True)
    assert sisters & {r.id for r in asked}, "these centres have sisters among the partners of their partners"
    assert [r for r in ranked(asked) if r[0] not in sisters] == ranked(default), "the others keep their scores"


def test_filters_keep_some_rows_of_the_full_list_with_the_same_scores(demo):
    everything = recommend_partners(demo, "cnam", limit=1000)
    organizations = demo.coop.snapshot.organizations
    morocco = recommend_partners(demo, "cnam", limit=1000, country="MA")
    assert morocco and ranked(morocco) == [r for r in ranked(everything) if organizations[r[0]]["country"] == "MA"]
    companies = recommend_partners(demo, "cnam", limit=1000, role="company")
    assert companies and ranked(companies) == [
        r for r in ranked(everything) if "company" in organizations[r[0]]["roles"]
    ]
    both = recommend_partners(demo, "cnam", limit=1000, country="MA", role="partner")
    assert {r.id for r in both} == {r.id for r in morocco} & {
        r.id for r in recommend_partners(demo, "cnam", limit=1000, role="partner")
    }
    assert ranked(recommend_partners(demo, "cnam", limit=3, country="MA")) == ranked(morocco)[:3]


def test_filters_ignore_case_as_the_finder_does(demo):
    upper = ranked(recommend_partners(demo, "cnam", country="MA", role="partner"))
    assert upper == ranked(recommend_partners(demo, "cnam", country="ma", role="Partner"))
    with pytest.raises(UnknownFilter, match="unknown country 'ZZ'"):
        recommend_partners(demo, "cnam", country="ZZ")
    with pytest.raises(UnknownFilter, match="unknown role 'planet'"):
        recommend_partners(demo, "cnam", role="planet")


def test_the_expertise_filter_reads_words_as_the_finder(demo):
    french = recommend_partners(demo, "cnam", limit=1000, expertise="cybersécurité")
    assert french and ranked(french) == ranked(recommend_partners(demo, "cnam", limit=1000, expertise="CYBERSECURITY"))
    scores, terms = expertise_scores(demo, "cybersécurité")
    assert all(scores[demo.coop.index[r.id]] > 0 for r in french)
    everything = recommend_partners(demo, "cnam", limit=1000)
    assert ranked(french) == [r for r in ranked(everything) if scores[demo.coop.index[r[0]]] > 0]
    said = [next((x for x in r.reasons if x.kind == "asked"), None) for r in french]
    assert sum(x is not None for x in said) >= len(french) / 2, "most say which of the asked expertise they have"
    assert all(x.text.startswith("expertise asked for: ") for x in said if x is not None)
    with pytest.raises(NoMatchingExpertise):
        recommend_partners(demo, "cnam", expertise="blockchain")


def test_why_none_names_the_filters_and_the_sister_centres():
    # hq has two members, a and b; a works with p, p with b (a's sister) and with hq: only b is two hops from a.
    coop = cooperation_graph(
        snapshot_from_network(
            {
                "organizations": [
                    {"id": o, "name": o.upper(), "roles": ["centre"], "country": "FR"} for o in ("hq", "a", "b")
                ]
                + [{"id": "p", "name": "P", "roles": ["partner"], "country": "MA"}],
                "memberships": [{"member": "a", "parent": "hq"}, {"member": "b", "parent": "hq"}],
                "projects": [{"id": "ap", "title": "AP"}, {"id": "pb", "title": "PB"}, {"id": "ph", "title": "PH"}],
                "participations": [
                    {"organization": o, "project": j} for j, os in (("ap", "ap"), ("pb", "pb")) for o in os
                ]
                + [{"organization": "p", "project": "ph"}, {"organization": "hq", "project": "ph"}],
            }
        )
    )
    assert recommend_partners(coop, "a") == []
    assert "sister centres" in why_no_recommendations(coop, "a")
    assert [r.id for r in recommend_partners(coop, "a", sisters=True)] == ["b"]
    assert recommend_partners(coop, "a", sisters=True, country="MA") == []
    assert why_no_recommendations(coop, "a", sisters=True, filtered=True) == (
        "None of the new partners for A matches these filters."
    )
    assert why_no_recommendations(coop, "hq").startswith("Every partner of the partners of HQ")
