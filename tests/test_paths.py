"""Cooperation paths on tiny networks whose answers can be checked by hand, against Yen, and on the demo network.

Tie weights follow :mod:`graph.analytics.cooperation`: a two-partner project ending in
the reference year (2020 here) weighs 1 (cost 1); one ending in 2010 weighs
0.25 (cost 4).
"""

from __future__ import annotations

import itertools
import json
import math
import random

import networkx as nx
import pytest

from graph.analytics.cooperation import cooperation_graph
from graph.analytics.paths import FUNDED_BY, cooperation_paths, yen_paths
from graph.analytics.snapshot import snapshot_from_network
from graph.errors import PartnernetError, PathQueryError, UnknownOrganization
from tests.processes import in_a_fresh_process

STRONG, WEAK = 2020, 2010  # a two-partner project of that year costs 1, resp. 4


def _coop(ties, orgs=None, fundings=(), agreements=()):
    """A cooperation graph from ``ties`` = (org, org, year) two-partner projects, named ``p-<a>-<b>``.

    ``orgs`` maps an id to ``(roles, country)`` (default ``(["partner"], "FR")``);
    ``fundings`` are ``(funder, project, participants)``: an extra project of 2020
    of those participants, funded by ``funder``; ``agreements`` are ``(id, year, parties)``.
    """
    orgs = dict(orgs or {})
    for a, b, _ in ties:
        orgs.setdefault(a, (["partner"], "FR"))
        orgs.setdefault(b, (["partner"], "FR"))
    for o in (o for _, _, parties in agreements for o in parties):
        orgs.setdefault(o, (["partner"], "FR"))
    for funder, _, participants in fundings:
        orgs.setdefault(funder, (["funder"], "FR"))
        for o in participants:
            orgs.setdefault(o, (["partner"], "FR"))
    projects = [(f"p-{a}-{b}", year, [a, b]) for a, b, year in ties]
    projects += [(p, 2020, list(participants)) for _, p, participants in fundings]
    return cooperation_graph(
        snapshot_from_network(
            {
                "organizations": [
                    {"id": o, "name": o.upper(), "roles": roles, "country": country}
                    for o, (roles, country) in orgs.items()
                ],
                "countries": [{"code": c, "name": c} for c in ("FR", "BE", "DE")],
                "projects": [{"id": p, "title": f"Project {p}", "end": str(y)} for p, y, _ in projects],
                "participations": [{"organization": o, "project": p} for p, _, os in projects for o in os],
                "fundings": [{"funder": f, "project": p} for f, p, _ in fundings],
                "agreements": [{"id": x, "signed": str(y)} for x, y, _ in agreements],
                "agreement_parties": [{"agreement": x, "organization": o} for x, _, os in agreements for o in os],
            }
        )
    )


def _routes(result):
    return [p.organizations for p in result.paths]


#: a reaches d through b (two strong ties, cost 2) or through c (two weak ties, cost 8).
DIAMOND = [("a", "b", STRONG), ("b", "d", STRONG), ("a", "c", WEAK), ("c", "d", WEAK)]


def test_the_strong_route_of_a_diamond_comes_first_and_each_hop_is_explained():
    result = cooperation_paths(_coop(DIAMOND), "a", "d")
    assert _routes(result) == [("a", "b", "d"), ("a", "c", "d")]
    assert [p.cost for p in result.paths] == [pytest.approx(2.0), pytest.approx(8.0)]
    hop = result.paths[1].hops[0]
    assert (hop.source, hop.target, hop.kind) == ("a", "c", "cooperation")
    assert hop.weight == pytest.approx(0.25)
    assert [(p["id"], p["title"], p["end_year"]) for p in hop.projects] == [("p-a-c", "Project p-a-c", 2010)]
    assert result.reason is None and result.to_funder is False


def test_strong_ties_beat_fewer_hops():
    # a-b-c-d: three strong ties (cost 3); a-e-d: two weak ties (cost 8).
    coop = _coop([("a", "b", STRONG), ("b", "c", STRONG), ("c", "d", STRONG), ("a", "e", WEAK), ("e", "d", WEAK)])
    assert _routes(cooperation_paths(coop, "a", "d")) == [("a", "b", "c", "d"), ("a", "e", "d")]


def test_agreements_explain_a_hop_too():
    coop = _coop([("a", "b", STRONG)], agreements=[("mou", 2020, ["b", "c"])])
    (path,) = cooperation_paths(coop, "a", "c").paths
    assert path.organizations == ("a", "b", "c")
    assert [x["id"] for x in path.hops[1].agreements] == ["mou"] and path.hops[1].projects == []


def test_every_path_crosses_the_bridge_between_two_triangles():
    # Triangles a-b-c and d-e-f, joined by the bridge c-d; the weak sides a-c and d-f cost 4, the others 1.
    triangles = [("a", "b", STRONG), ("b", "c", STRONG), ("a", "c", WEAK), ("d", "e", STRONG), ("e", "f", STRONG)]
    coop = _coop([*triangles, ("d", "f", WEAK), ("c", "d", WEAK)])
    result = cooperation_paths(coop, "a", "f", k=10)
    # The four simple paths cost 8, 10, 10 and 12; the last one leaves the best path twice, which
    # no via-node or via-tie path does.
    assert _routes(result) == [("a", "b", "c", "d", "e", "f"), ("a", "b", "c", "d", "f"), ("a", "c", "d", "e", "f")]
    assert [p.cost for p in result.paths] == pytest.approx([8.0, 10.0, 10.0])
    for path in result.paths:
        i = path.organizations.index("c")
        assert path.organizations[i + 1] == "d"
        assert [p["id"] for p in path.hops[i].projects] == ["p-c-d"]


def test_k_larger_than_the_number_of_simple_paths_returns_them_all():
    result = cooperation_paths(_coop(DIAMOND), "a", "d", k=10)
    assert sorted(_routes(result)) == [("a", "b", "d"), ("a", "c", "d")]


def test_k_limits_the_number_of_paths():
    assert _routes(cooperation_paths(_coop(DIAMOND), "a", "d", k=1)) == [("a", "b", "d")]


def test_avoiding_an_organization_takes_the_other_route():
    assert _routes(cooperation_paths(_coop(DIAMOND), "a", "d", avoid=["b"])) == [("a", "c", "d")]


def test_avoiding_a_country_takes_the_other_route_but_keeps_the_endpoints():
    orgs = {"a": (["partner"], "BE"), "b": (["partner"], "BE"), "c": (["partner"], "FR"), "d": (["partner"], "BE")}
    coop = _coop(DIAMOND, orgs)
    assert _routes(cooperation_paths(coop, "a", "d", avoid=["be"])) == [("a", "c", "d")]
    assert _routes(cooperation_paths(coop, "a", "d", avoid=("FR",))) == [("a", "b", "d")]


def test_via_roles_keeps_intermediates_of_those_roles_only():
    orgs = {
        "a": (["centre"], "FR"),
        "b": (["company"], "FR"),
        "c": (["partner", "centre"], "FR"),
        "d": (["funder"], "FR"),
    }
    coop = _coop(DIAMOND, orgs)
    assert _routes(cooperation_paths(coop, "a", "d", via_roles=["partner"])) == [("a", "c", "d")]
    assert _routes(cooperation_paths(coop, "a", "d", via_roles=["company", "centre"])) == [
        ("a", "b", "d"),
        ("a", "c", "d"),
    ]


def test_max_hops_too_small_says_so_with_the_fewest_hops_possible():
    coop = _coop([("a", "b", STRONG), ("b", "c", STRONG), ("c", "d", STRONG)])
    result = cooperation_paths(coop, "a", "d", max_hops=2)
    assert result.paths == []
    assert "within the hop limit (2)" in result.reason and "fewest possible is 3 hops" in result.reason
    assert _routes(cooperation_paths(coop, "a", "d", max_hops=3)) == [("a", "b", "c", "d")]


def test_max_hops_finds_the_cheapest_short_path_when_the_cheapest_path_is_too_long():
    coop = _coop(
        [("a", "b", STRONG), ("b", "c", STRONG), ("c", "d", STRONG), ("a", "e", WEAK), ("e", "d", WEAK)]
        + [("a", "f", 2000), ("f", "d", 2000)]  # a third route of two hops, dearer still (cost 16 each)
    )
    result = cooperation_paths(coop, "a", "d", max_hops=2)
    assert _routes(result) == [("a", "e", "d"), ("a", "f", "d")]
    assert result.paths[0].cost == pytest.approx(8.0) and result.paths[1].cost == pytest.approx(32.0)


def test_disconnected_organizations_have_no_path_and_the_reason_says_so():
    result = cooperation_paths(_coop([("a", "b", STRONG), ("c", "d", STRONG)]), "a", "d")
    assert result.paths == []
    assert result.reason == "A and D are not connected: no chain of shared projects or agreements links them"


def test_a_constraint_that_rules_out_every_path_is_named():
    coop = _coop([("a", "b", STRONG), ("b", "c", STRONG)], {"b": (["company"], "DE")})
    by_id = cooperation_paths(coop, "a", "c", avoid=["b"])
    by_country = cooperation_paths(coop, "a", "c", avoid=["DE"])
    by_role = cooperation_paths(coop, "a", "c", via_roles=["partner", "centre"])
    for result in (by_id, by_country, by_role):
        assert result.paths == [] and "are connected, but not under these constraints" in result.reason
    assert "avoided organization or country (b)" in by_id.reason
    assert "avoided organization or country (DE)" in by_country.reason
    assert "only through centre or partner organizations" in by_role.reason


def test_a_funder_is_reached_through_the_organizations_it_funded():
    # a - b - c ; the funder F funded project "pf" of c and e.
    coop = _coop([("a", "b", STRONG), ("b", "c", WEAK)], fundings=[("F", "pf", ["c", "e"])])
    result = cooperation_paths(coop, "a", "F")
    assert result.to_funder
    assert _routes(result) == [("a", "b", "c", "F"), ("a", "b", "c", "e", "F")]  # pf also ties c and e
    path = result.paths[0]
    assert path.cost == pytest.approx(1 + 4), "the funded-by hop costs nothing"
    last = path.hops[-1]
    assert (last.kind, last.weight, [p["id"] for p in last.projects]) == (FUNDED_BY, None, ["pf"])
    assert last.projects[0]["funders"] == ["F"]


def test_a_funder_target_counts_its_funded_by_hop_and_accepts_a_funded_source():
    coop = _coop([("a", "b", STRONG), ("b", "c", STRONG)], fundings=[("F", "pf", ["c", "z"])])
    result = cooperation_paths(coop, "a", "F", max_hops=2)
    assert result.paths == [] and "fewest possible is 3 hops" in result.reason
    direct = cooperation_paths(coop, "c", "F")
    assert direct.paths[0].organizations == ("c", "F") and direct.paths[0].cost == 0
    assert [h.kind for h in direct.paths[0].hops] == [FUNDED_BY]
    assert all(len(set(p.organizations)) == len(p.organizations) for p in direct.paths)


def test_a_funder_that_funded_nobody_connected_is_not_connected():
    coop = _coop([("a", "b", STRONG), ("x", "y", STRONG)], fundings=[("F", "pf", ["x"])])
    result = cooperation_paths(coop, "a", "F")
    assert result.paths == [] and "not connected" in result.reason and "F funded" in result.reason


def test_to_dict_is_plain_json_with_names_and_explanations():
    result = cooperation_paths(_coop(DIAMOND), "a", "d", avoid=["c"])
    data = json.loads(json.dumps(result.to_dict()))
    assert data["source"] == {"id": "a", "name": "A"} and data["reason"] is None
    assert data["constraints"] == {"k": 5, "max_hops": None, "avoid": ["c"], "via_roles": []}
    (path,) = data["paths"]
    assert [o["name"] for o in path["organizations"]] == ["A", "B", "D"]
    assert path["cost"] == pytest.approx(2.0)
    assert path["hops"][0]["kind"] == "cooperation" and path["hops"][0]["projects"][0]["id"] == "p-a-b"


def test_the_same_question_gets_the_same_answer():
    rng = random.Random(7)
    coop = _random_coop(rng, 30, 60)
    a, b = _connected_pair(coop, rng)
    again = in_a_fresh_process(
        "import json, random\n"
        "from graph.analytics.paths import cooperation_paths\n"
        "from tests.test_paths import _connected_pair, _random_coop\n"
        "rng = random.Random(7)\n"
        "coop = _random_coop(rng, 30, 60)\n"
        "a, b = _connected_pair(coop, rng)\n"
        "print(json.dumps(cooperation_paths(coop, a, b, k=8).to_dict()))\n"
    )
    assert json.loads(json.dumps(cooperation_paths(coop, a, b, k=8).to_dict())) == again
    assert again["paths"], "the pair is connected: the comparison is not between two empty answers"


@pytest.mark.parametrize(
    ("source", "target", "options", "error"),
    [
        ("a", "a", {}, PathQueryError),
        ("a", "nobody", {}, UnknownOrganization),
        ("nobody", "a", {}, UnknownOrganization),
        ("a", "d", {"k": 0}, PathQueryError),
        ("a", "d", {"max_hops": 0}, PathQueryError),
        ("a", "d", {"avoid": ["XX"]}, PathQueryError),
        ("a", "d", {"via_roles": ["university"]}, PathQueryError),
    ],
)
def test_questions_that_cannot_be_asked_raise_a_named_error(source, target, options, error):
    with pytest.raises(error) as raised:
        cooperation_paths(_coop(DIAMOND), source, target, **options)
    assert isinstance(raised.value, PartnernetError)
    if error is UnknownOrganization:
        assert "'nobody'" in str(raised.value)


# -- against Yen's exact k shortest simple paths -----------------------------


def _random_coop(rng: random.Random, n: int, projects: int):
    orgs = {
        f"o{i:02d}": ([rng.choice(["partner", "company", "centre"])], rng.choice(["FR", "BE", "DE"])) for i in range(n)
    }
    ids = sorted(orgs)
    network = [(f"r{j}", rng.randint(2005, 2020), rng.sample(ids, rng.randint(2, 4))) for j in range(projects)]
    return cooperation_graph(
        snapshot_from_network(
            {
                "organizations": [{"id": o, "name": o, "roles": r, "country": c} for o, (r, c) in orgs.items()],
                "projects": [{"id": p, "title": p, "end": str(y)} for p, y, _ in network],
                "participations": [{"organization": o, "project": p} for p, _, os in network for o in os],
            }
        )
    )


def _connected_pair(coop, rng):
    G = coop.G
    component = sorted(max(nx.connected_components(G), key=len))
    return tuple(rng.sample(component, 2))


def _cost(G, path):
    return math.fsum(1 / G[u][v]["weight"] for u, v in itertools.pairwise(path))


@pytest.mark.parametrize("seed", range(6))
def test_the_best_path_is_yens_best_and_alternatives_are_simple_paths_no_cheaper_than_yens(seed):
    rng = random.Random(seed)
    coop = _random_coop(rng, 25, 35)
    G = coop.G
    for _ in range(5):
        a, b = _connected_pair(coop, rng)
        result = cooperation_paths(coop, a, b, k=6)
        yen = yen_paths(G, a, b, k=6)
        assert result.paths[0].cost == pytest.approx(_cost(G, yen[0]))
        assert len(result.paths) == len(set(_routes(result))) <= 6
        previous = 0.0
        for i, path in enumerate(result.paths):
            nodes = path.organizations
            assert nodes[0] == a and nodes[-1] == b and len(set(nodes)) == len(nodes)
            assert all(G.has_edge(u, v) for u, v in itertools.pairwise(nodes))
            assert path.cost == pytest.approx(_cost(G, nodes)) and path.cost >= previous
            assert path.cost >= _cost(G, yen[i]) - 1e-9, "the i-th path cannot beat the i-th shortest"
            previous = path.cost


def _best_cost(G, a, b, allowed):
    """The cost of the cheapest path from a to b whose intermediate nodes are ``allowed`` (None: no path)."""
    H = G.subgraph([o for o in G if o in (a, b) or allowed(o)])
    try:
        return nx.dijkstra_path_length(H, a, b, weight=lambda u, v, d: 1 / d["weight"])
    except nx.NetworkXNoPath:
        return None


@pytest.mark.parametrize("seed", range(6))
def test_constrained_best_paths_equal_the_best_allowed_simple_path(seed):
    rng = random.Random(100 + seed)
    coop = _random_coop(rng, 20, 30)
    G = coop.G
    for _ in range(4):
        a, b = _connected_pair(coop, rng)
        country = rng.choice(["FR", "BE", "DE"])
        for hops in (1, 2, 3):
            result = cooperation_paths(coop, a, b, k=4, max_hops=hops)
            short = [_cost(G, p) for p in nx.all_simple_paths(G, a, b, cutoff=hops)]
            assert all(len(p.organizations) - 1 <= hops for p in result.paths)
            if short:
                assert result.paths[0].cost == pytest.approx(min(short)) and len(result.paths) <= len(short)
            else:
                assert result.paths == [] and "hops" in result.reason
        for options, allowed in [
            ({"avoid": [country]}, lambda o, c=country: G.nodes[o]["country"] != c),
            ({"via_roles": ["partner"]}, lambda o: "partner" in G.nodes[o]["roles"]),
        ]:
            result = cooperation_paths(coop, a, b, k=4, **options)
            for path in result.paths:
                assert all(allowed(o) for o in path.organizations[1:-1]), (options, path.organizations)
                assert len(set(path.organizations)) == len(path.organizations)
            best = _best_cost(G, a, b, allowed)
            if best is None:
                assert result.paths == [] and "not under these constraints" in result.reason, options
            else:
                assert result.paths and result.paths[0].cost == pytest.approx(best), options


# -- the demo network --------------------------------------------------------


@pytest.fixture(scope="module")
def demo_coop():
    from loaders.generators.demo import demo_network

    return cooperation_graph(snapshot_from_network(demo_network()))


def test_paths_between_demo_organizations_are_explained_by_what_they_share(demo_coop):
    target = next(o for o in demo_coop.ids if o.startswith("cn-") and demo_coop.degree()[demo_coop.index[o]])
    result = cooperation_paths(demo_coop, "cnam", target)
    assert result.paths and result.reason is None
    for path in result.paths:
        assert path.organizations[0] == "cnam" and path.organizations[-1] == target
        for hop in path.hops:
            assert hop.weight > 0 and (hop.projects or hop.agreements), (hop.source, hop.target)
    data = result.to_dict()
    assert data["paths"][0]["organizations"][0]["name"] == "Conservatoire national des arts et métiers"


def test_a_demo_funder_is_reached_through_projects_it_funded(demo_coop):
    result = cooperation_paths(demo_coop, "cnam", "afd", k=3)
    assert result.to_funder and result.paths
    for path in result.paths:
        last = path.hops[-1]
        assert last.kind == FUNDED_BY and last.target == "afd" and last.projects
        assert all("afd" in p["funders"] for p in last.projects)
        assert all(hop.projects or hop.agreements for hop in path.hops[:-1])


def test_via_tie_candidates_come_cheapest_first_and_none_is_missed():
    # The lazy enumeration (a few organizations' ties at a time) must give what sorting every tie gives.
    from scipy.sparse.csgraph import dijkstra

    from graph.analytics.paths import _cost_matrix, _tree, _via_ties

    coop = _random_coop(random.Random(3), 25, 40)
    a, b = _connected_pair(coop, random.Random(3))
    C = _cost_matrix(coop, None)
    d_s, pred_s = dijkstra(C, indices=coop.index[a], return_predecessors=True)
    d_t, pred_t = dijkstra(C, indices=coop.index[b], return_predecessors=True)
    walks = list(_via_ties(C, d_s, _tree(pred_s), d_t, _tree(pred_t), d_s + d_t, first=1))
    costs = [math.fsum(C[u, v] for u, v in itertools.pairwise(walk)) for walk in walks]
    Ccoo = C.tocoo()
    expected = sorted(d_s[u] + c + d_t[v] for u, v, c in zip(Ccoo.row, Ccoo.col, Ccoo.data, strict=True))
    expected = [x for x in expected if math.isfinite(x)]
    assert costs == pytest.approx(expected)
    assert all(w[0] == coop.index[a] and w[-1] == coop.index[b] for w in walks)


def test_candidates_are_ordered_lazily_without_losing_ties():
    import numpy as np

    from graph.analytics.paths import _in_order

    totals = np.array([3.0, 1.0, 2.0, 1.0, np.inf, 2.0, 2.0])
    assert list(_in_order(totals, first=1)) == [1, 3, 2, 5, 6, 0]
    assert list(_in_order(totals)) == [1, 3, 2, 5, 6, 0]
