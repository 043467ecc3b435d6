"""The partner finder and partner recommendations, on networks whose answers can be checked by hand."""

from __future__ import annotations

import json
import math

import networkx as nx
import pytest

from graph.analytics.cooperation import cooperation_graph
from graph.analytics.finder import find_partners, match_query
from graph.analytics.recommend import FEATURES, RECOMMEND_MODEL, recommend_partners, why_no_recommendations
from graph.analytics.snapshot import snapshot_from_network
from graph.errors import NoMatchingExpertise, PartnernetError, UnknownFilter, UnknownOrganization

VOCABULARY = [
    {"id": "it", "name": "Computer science", "name_fr": "Informatique"},
    {"id": "cyber", "name": "Cybersecurity", "name_fr": "Cybersécurité", "broader": "it"},
    {"id": "crypto", "name": "Cryptography", "name_fr": "Cryptographie", "broader": "cyber"},
    {"id": "energy", "name": "Energy", "name_fr": "Énergie"},
    {"id": "solar", "name": "Solar energy", "name_fr": "Énergie solaire", "broader": "energy"},
]
# Names chosen not to match any query word of these tests.
NAMES = {
    "lo": "Lima",
    "hi": "Hotel",
    "cr": "Charlie",
    "cs": "Sierra",
    "sun": "Uniform",
    "en": "Echo",
    "o": "Oscar",
    "a": "Alfa",
    "b": "Bravo",
    "c": "Delta",
    "e": "Kilo",
    "f": "Foxtrot",
    "g": "Golf",
    "h": "Papa",
    "x": "Xray",
    "y": "Yankee",
    "z": "Zulu",
    "lone": "Romeo",
    "afd": "Agence française de développement",
}


def network(orgs, expertise=(), projects=()):
    """A tiny network.

    ``orgs``: ids, or ``(id, roles, country)``; ``expertise``: ``(org, term, level, evidence)``;
    ``projects``: ``(id, year, participants, {coordinators, funders, expertise})``.
    """
    rows = []
    for o in orgs:
        o, roles, country = (o, ["partner"], "FR") if isinstance(o, str) else o
        rows.append({"id": o, "name": NAMES.get(o, o.upper()), "roles": roles, "country": country})
    participations, fundings, addressed = [], [], []
    for p, _, members, more in projects:
        for o in members:
            role = "coordinator" if o in more.get("coordinators", ()) else "partner"
            participations.append({"organization": o, "project": p, "role": role})
        fundings += [{"funder": f, "project": p} for f in more.get("funders", ())]
        addressed += [{"project": p, "expertise": t} for t in more.get("expertise", ())]
    return {
        "organizations": rows,
        "expertise": VOCABULARY,
        "organization_expertise": [
            {"organization": o, "expertise": t, "level": level, "evidence": evidence}
            for o, t, level, evidence in expertise
        ],
        "projects": [
            {"id": p, "title": p.upper(), "start": f"{y}-01-01", "end": f"{y}-12-31"} for p, y, _, _ in projects
        ],
        "participations": participations,
        "fundings": fundings,
        "project_expertise": addressed,
    }


def coop_of(net):
    return cooperation_graph(snapshot_from_network(net))


def ranking(results):
    return [(m.id, m.score) for m in results]


# --- finding partners ------------------------------------------------------------


@pytest.fixture
def cyber():
    """hi: Cybersecurity 5; lo: Cybersecurity 2; cr: Cryptography 5 (narrower); cs: Computer science 5 (broader)."""
    return coop_of(
        network(
            ["lo", "hi", ("cr", ["company"], "SN"), "cs", ("sun", ["partner"], "SN")],
            [
                ("lo", "cyber", 2, None),
                ("hi", "cyber", 5, "Research team in cybersecurity"),
                ("cr", "crypto", 5, "Business line: cryptography"),
                ("cs", "it", 5, None),
                ("sun", "solar", 4, None),
            ],
        )
    )


def test_higher_level_ranks_first_and_narrower_and_broader_terms_count_less(cyber):
    # expertise: hi 1 (5/5), cr 0.75 (narrower, 5/5), lo 0.4 (2/5), cs 0.4 (broader, 5/5);
    # without origin nor projects, score = 0.625 * expertise; lo and cs tie: by id.
    results = find_partners(cyber, "cybersecurity")
    assert ranking(results) == [("hi", 0.625), ("cr", 0.4688), ("cs", 0.25), ("lo", 0.25)]
    assert [m.expertise for m in results] == [1.0, 0.75, 0.4, 0.4]
    assert all(m.proximity is None and m.hops is None and m.track_record == 0 for m in results)
    hi, cr, cs, _ = results
    assert hi.terms == [
        {
            "id": "cyber",
            "name": "Cybersecurity",
            "level": 5,
            "evidence": "Research team in cybersecurity",
            "relation": "direct",
            "via": None,
        }
    ]
    assert hi.text == "expertise Cybersecurity (level 5): Research team in cybersecurity"
    assert (cr.terms[0]["relation"], cr.terms[0]["via"]) == ("narrower", "cyber")
    assert cr.text == "expertise Cryptography (level 5; narrower than Cybersecurity): Business line: cryptography"
    assert cs.terms[0]["relation"] == "broader"


def test_a_broader_query_finds_the_narrower_terms(cyber):
    m = match_query(cyber, "informatique")
    assert [(t["id"], t["relation"]) for t in m.terms] == [
        ("it", "direct"),
        ("crypto", "narrower"),
        ("cyber", "narrower"),
    ]
    assert [m.id for m in find_partners(cyber, "informatique")] == ["cs", "cr", "hi", "lo"]


def test_french_accented_and_upper_case_queries_give_the_same_partners(cyber):
    english = find_partners(cyber, "cybersecurity")
    for query in ("Cybersécurité", "CYBERSECURITE", "cybersécu"):
        assert ranking(find_partners(cyber, query)) == ranking(english), query
    assert find_partners(cyber, "cybersécurité")[0].terms[0]["name"] == "Cybersécurité", (
        "labels in the query's language"
    )
    assert match_query(cyber, "cybersécurité").language == "fr"


def test_a_query_matching_the_specific_term_ranks_it_above_the_broader_one():
    coop = coop_of(network(["sun", "en"], [("sun", "solar", 4, None), ("en", "energy", 5, None)]))
    # "energie" reaches Energy and Solar energy directly; "solaire" reaches Solar energy, and Energy
    # as its broader term:
    # sun: (0.8 + 0.8) / 2 = 0.8; en: (1.0 + 0.4 * 1.0) / 2 = 0.7.
    results = find_partners(coop, "énergie solaire")
    assert [(m.id, m.expertise) for m in results] == [("sun", 0.8), ("en", 0.7)]


def test_query_words_that_match_nothing_are_ignored_and_reported(cyber):
    m = match_query(cyber, "cybersecurity and the zzyzx")
    assert (m.words, m.ignored) == (["cybersecurity"], ["zzyzx"])
    assert ranking(find_partners(cyber, "cybersecurity and the zzyzx")) == ranking(
        find_partners(cyber, "cybersecurity")
    )


def test_no_matching_expertise_names_the_closest_terms(cyber):
    with pytest.raises(NoMatchingExpertise) as caught:
        find_partners(cyber, "soler")
    assert isinstance(caught.value, PartnernetError)
    assert caught.value.suggestions[0] == "Solar energy"
    assert str(caught.value).startswith("no expertise or organization matches 'soler'; closest expertise: Solar energy")
    for query in ("", "de la", "cy"):
        with pytest.raises(NoMatchingExpertise):
            find_partners(cyber, query)


def test_an_expertise_id_is_a_query(cyber):
    assert [m.id for m in find_partners(cyber, "crypto")][0] == "cr"
    assert match_query(cyber, "solar").terms[0]["id"] == "solar"


def test_names_match_the_query_words_that_name_no_expertise():
    coop = coop_of(network(["hi", "sorb"], [("hi", "cyber", 5, None)]))
    # NAMES has no "sorb": its name is "SORB".
    assert [(m.id, m.name_match, m.expertise) for m in find_partners(coop, "sorb")] == [("sorb", True, 0.6)]
    # "cybersecurity": hi (1.0 + 0) / 2; "sorb": SORB (0 + 0.6) / 2.
    both = find_partners(coop, "cybersecurity sorb")
    assert [(m.id, m.expertise) for m in both] == [("hi", 0.5), ("sorb", 0.3)]
    assert both[1].text == "name matches “sorb”"


def test_track_record_counts_recent_and_coordinated_projects():
    coop = coop_of(
        network(
            ["e", "f", "g", "h", ("afd", ["funder"], "FR")],
            [("e", "cyber", 4, None), ("f", "cyber", 4, None)],
            [
                ("p1", 2020, "eg", {"coordinators": "e", "funders": ["afd"], "expertise": ["cyber"]}),
                ("p2", 2010, "fh", {"expertise": ["crypto"]}),
            ],
        )
    )
    # Reference year 2020. e: coordinated p1 -> T = 1 * 1 * 1.5; g: took part in p1 -> T = 1;
    # f: p2 is 10 years old (recency 0.25) on a narrower term (0.75) -> T = 0.1875.
    # g and h have no declared expertise: their projects show it (0.4, and 0.75 * 0.4 for h).
    results = {m.id: m for m in find_partners(coop, "cybersecurity")}
    assert results["e"].track_record == pytest.approx(1.5 / 3.5, abs=1e-4)
    assert results["g"].track_record == pytest.approx(1 / 3, abs=1e-4)
    assert results["f"].track_record == pytest.approx(0.1875 / 2.1875, abs=1e-4)
    assert results["h"].expertise == pytest.approx(0.3)
    assert results["e"].score == pytest.approx(0.625 * 0.8 + 0.375 * 1.5 / 3.5, abs=1e-4)
    assert [m.id for m in find_partners(coop, "cybersecurity")] == ["e", "f", "g", "h"]
    assert results["e"].text == (
        "expertise Cybersecurity (level 4); "
        "1 project on Cybersecurity, 2020, funded by Agence française de développement; coordinated 1"
    )
    assert results["e"].projects == [{"id": "p1", "title": "P1", "year": 2020, "coordinator": True}]
    assert results["g"].terms == [] and results["g"].project_count == 1


@pytest.fixture
def filtered():
    return coop_of(
        network(
            ["hi", ("cr", ["company"], "SN"), ("lo", ["partner"], "SN"), ("afd", ["funder"], "FR")],
            [("hi", "cyber", 5, None), ("cr", "cyber", 4, None), ("lo", "cyber", 3, None)],
            [("pa", 2020, ["lo"], {"funders": ["afd"]})],
        )
    )


def test_filters_keep_country_kind_and_funder(filtered):
    assert [m.id for m in find_partners(filtered, "cyber")] == ["hi", "cr", "lo"]
    assert [m.id for m in find_partners(filtered, "cyber", country="SN")] == ["cr", "lo"]
    assert [m.id for m in find_partners(filtered, "cyber", country="sn")] == ["cr", "lo"]
    assert [m.id for m in find_partners(filtered, "cyber", kind="company")] == ["cr"]
    assert [m.id for m in find_partners(filtered, "cyber", funder="afd")] == ["lo"]
    assert [m.id for m in find_partners(filtered, "cyber", funder="AFD")] == ["lo"], "ids are case-insensitive"
    assert find_partners(filtered, "cyber", country="FR", kind="company") == []
    assert [m.id for m in find_partners(filtered, "cyber", limit=1)] == ["hi"]


@pytest.mark.parametrize(
    "bad, named",
    [({"country": "XX"}, "'XX'"), ({"kind": "robot"}, "'robot'"), ({"funder": "nobody"}, "'nobody'")],
)
def test_unknown_filter_values_are_named(filtered, bad, named):
    with pytest.raises(UnknownFilter, match=named):
        find_partners(filtered, "cyber", **bad)


def test_unknown_origin_is_named(filtered):
    with pytest.raises(UnknownOrganization, match="'nowhere'"):
        find_partners(filtered, "cyber", origin="nowhere")


@pytest.fixture
def around_o():
    """a: Cybersecurity 5, not connected to o; b: 4, o's partner; c: 4, partner of b (2 hops); d: o's partner."""
    net = network(
        ["o", "a", "b", "c", "d"],
        [("a", "cyber", 5, None), ("b", "cyber", 4, None), ("c", "cyber", 4, None), ("o", "cyber", 5, None)],
        [("ob", 2020, "ob", {}), ("bc", 2020, "bc", {}), ("od", 2020, "od", {})],
    )
    net["organizations"][0]["short_name"] = "OSC"
    return coop_of(net)


def test_distance_from_the_origin_changes_the_ranking_and_is_shown(around_o):
    # Without origin: a 0.625 * 1, b and c 0.625 * 0.8 (o is a candidate too).
    assert ranking(find_partners(around_o, "cyber")) == [("a", 0.625), ("o", 0.625), ("b", 0.5), ("c", 0.5)]
    # From o: a 0.5 * 1 + 0.2 * 0; b 0.5 * 0.8 + 0.2 * 1; c 0.5 * 0.8 + 0.2 * 1/2; o itself is left out.
    results = find_partners(around_o, "cyber", origin="o")
    assert ranking(results) == [("b", 0.6), ("a", 0.5), ("c", 0.5)]
    assert [(m.hops, m.proximity) for m in results] == [(1, 1.0), (None, 0.0), (2, 0.5)]
    network_reasons = [next(r for r in m.reasons if r.kind == "network") for m in results]
    assert [r.text for r in network_reasons] == [
        "already works with OSC (1 shared activity)",
        "not connected to OSC",
        "2 hops from OSC (through Bravo)",
    ]
    assert network_reasons[2].data == {"hops": 2, "via": "b"}


def test_results_are_plain_json(around_o):
    d = find_partners(around_o, "cyber", origin="o")[0].to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["parts"] == {"expertise": 0.8, "track_record": 0.0, "proximity": 1.0}
    assert d["reasons"][0] == {
        "kind": "expertise",
        "text": "expertise Cybersecurity (level 4)",
        "term": "cyber",
        "level": 4,
    }
    assert d["text"].endswith("already works with OSC (1 shared activity)")


# --- recommending partners ---------------------------------------------------------


@pytest.fixture
def hub():
    """x works with a, b and the hub h; y works with a and b; h also works with z, w1..w4; lone works with nobody.

    Each tie is a two-partner project of 2020; y's project with a is on energy, funded by afd.
    """
    ties = ["xa", "xb", "xh", "yb", "hz"] + [f"h{w}" for w in ("w1", "w2", "w3", "w4")]
    projects = [(t, 2020, [t[0], t[1:]], {}) for t in ties]
    projects.append(("ya", 2020, ["y", "a"], {"expertise": ["energy"], "funders": ["afd"]}))
    orgs = ["x", "a", "b", "h", "y", "z", "w1", "w2", "w3", "w4", "lone", ("afd", ["funder"], "FR")]
    net = network(orgs, [("x", "solar", 3, None), ("z", "solar", 4, None)], projects)
    net["organizations"][-1]["short_name"] = "AFD"
    return coop_of(net)


def test_the_candidate_sharing_the_most_low_degree_partners_ranks_first(hub):
    results = recommend_partners(hub, "x")
    # Adamic–Adar: y shares a and b (2 ties each): 2 / log 2; z and w1..w4 share the hub h (6 ties): 1 / log 6.
    # z also has x's only expertise (Jaccard 1, same fields); y's expertise (energy, by its project) is not x's.
    assert [r.id for r in results] == ["y", "z", "w1", "w2", "w3", "w4"]
    y, z, w1 = results[:3]
    assert (y.adamic_adar, y.common_partners, y.shared_expertise) == (round(2 / math.log(2), 4), 2, 0.0)
    # the features, by hand: y shares 1 activity with each of a and b, which share 1 each with x
    assert y.features["log_common_partners"] == round(math.log(2), 4)
    assert y.features["log_adamic_adar"] == round(math.log(2 / math.log(2)), 4)
    assert y.features["log_shared_activities"] == round(math.log(1 + 1 * 1 + 1 * 1), 4)
    assert y.features["log_projects"] == y.features["log_recent_projects"] == round(math.log(1 + 2), 4)
    assert (y.features["field_similarity"], z.features["field_similarity"]) == (0.0, 1.0)
    assert (z.shared_expertise, z.shared_terms) == (1.0, [{"id": "solar", "name": "Solar energy"}])
    # the score: exp(s - max s), s the model's weighted sum of the features (rounded to 4 digits here)
    s = {r.id: sum(RECOMMEND_MODEL[f] * r.features[f] for f in FEATURES) for r in results}
    assert y.score == 1.0
    assert z.score == pytest.approx(math.exp(s["z"] - s["y"]), abs=1e-3)
    assert w1.score == pytest.approx(math.exp(s["w1"] - s["y"]), abs=1e-3) and w1.score < z.score


def test_partners_already_tied_never_come_back(hub):
    for org in hub.ids:
        for r in recommend_partners(hub, org, limit=100):
            assert r.id != org and hub.counts[hub.index[org], hub.index[r.id]] == 0, (org, r.id)


def test_the_evidence_names_common_partners_topics_and_funders(hub):
    y = recommend_partners(hub, "x")[0]
    assert y.partners == [{"id": "a", "name": "Alfa"}, {"id": "b", "name": "Bravo"}]
    assert y.topics == [{"id": "energy", "name": "Energy", "projects": 1}]
    assert y.funders == [{"id": "afd", "name": "AFD", "projects": 1}]
    assert y.text == (
        "works with 2 of your partners (Alfa, Bravo) on Energy, funded by AFD; "
        "active: 2 projects, 2 started since 2018; also in FR"
    )
    z = recommend_partners(hub, "x")[1]
    assert z.text == (
        "works with 1 of your partners (Papa); shares 1 expertise topic (Solar energy); "
        "active: 1 project, 1 started since 2018; also in FR"
    )
    d = y.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["parts"] == {"adamic_adar": round(2 / math.log(2), 4), "common_partners": 2, "shared_expertise": 0.0}


def test_no_recommendation_without_ties_and_the_reason_why(hub):
    assert recommend_partners(hub, "lone") == []
    assert "no cooperation ties" in why_no_recommendations(hub, "lone")
    assert [r.id for r in recommend_partners(hub, "x", limit=2)] == ["y", "z"]
    with pytest.raises(UnknownOrganization, match="'nobody'"):
        recommend_partners(hub, "nobody")


def test_adamic_adar_is_networkx_adamic_adar(hub):
    G = hub.G
    for r in recommend_partners(hub, "w1", limit=100):
        ((_, _, expected),) = nx.adamic_adar_index(G, [("w1", r.id)])
        assert r.adamic_adar == pytest.approx(expected, abs=1e-4)


# --- on the demo network ---------------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    from loaders.generators.demo import demo_network

    return cooperation_graph(snapshot_from_network(demo_network()))


def test_demo_french_and_english_queries_find_the_same_partners(demo):
    french = find_partners(demo, "cybersécurité", limit=10)
    english = find_partners(demo, "cybersecurity", limit=10)
    assert len(french) == 10
    assert ranking(french) == ranking(english)
    top = french[0]
    assert "cybersecurity" in {t["id"] for t in top.terms}


def test_demo_every_result_has_reasons(demo):
    for query in ("cybersecurity training", "énergie solaire", "eau", "cnam", "machine learning"):
        results = find_partners(demo, query, origin="cnam", limit=20)
        assert results, query
        for m in results:
            assert m.id != "cnam"
            kinds = {r.kind for r in m.reasons}
            assert kinds & {"expertise", "projects", "name"} and "network" in kinds, (query, m.id)
            assert m.text and json.dumps(m.to_dict())
        scores = [m.score for m in results]
        assert scores == sorted(scores, reverse=True)


def test_demo_solar_query_puts_solar_expertise_first(demo):
    top = find_partners(demo, "énergie solaire")[0]
    assert "solar-energy" in demo.snapshot.organization_expertise[top.id]


def test_demo_hops_are_shortest_path_lengths(demo):
    lengths = nx.single_source_shortest_path_length(demo.G, "cnam")
    for m in find_partners(demo, "energy", origin="cnam", limit=50):
        assert m.hops == lengths.get(m.id), m.id


def test_demo_recommendations_for_centres_are_new_partners(demo):
    for centre in ("cnam", "sn-ucad", "rc-bretagne"):
        results = recommend_partners(demo, centre)
        assert len(results) == 10
        mine = set(demo.G[centre])
        for r in results:
            assert r.id != centre and r.id not in mine
            assert r.common_partners == len(mine & set(demo.G[r.id])) > 0
            assert all(p["id"] in mine and p["id"] in demo.G[r.id] for p in r.partners)
            assert r.reasons[0].kind == "partners"
        assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_recommendations_leave_out_the_centres_an_organization_belongs_to():
    from loaders.generators.demo import demo_network

    network = demo_network()
    coop = cooperation_graph(snapshot_from_network(network))
    for member, parent in network_memberships(network)[:20]:
        for org, other in ((member, parent), (parent, member)):
            assert other not in {r.id for r in recommend_partners(coop, org, limit=1000)}


def network_memberships(network):
    return [(m["member"], m["parent"]) for m in network["memberships"]]
