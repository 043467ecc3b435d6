"""Excellence hubs on hand-checkable networks and on the demo network."""

from __future__ import annotations

import json

import pytest
import scipy.sparse as sp

from graph.analytics.cooperation import cooperation_graph
from graph.analytics.hubs import UnknownFilter, backbone, excellence_hubs, filter_hubs
from graph.analytics.snapshot import snapshot_from_network
from tests.processes import in_a_fresh_process


def _two_triangles():
    """Triangles abc (FR, robotics) and def (MA), each with two projects, joined by one project of c and d."""
    orgs = [
        {
            "id": o,
            "name": o.upper(),
            "roles": ["company" if o == "f" else "partner"],
            "country": "FR" if o < "d" else "MA",
        }
        for o in "abcdefg"
    ]
    projects = [("p1", "abc"), ("p2", "abc"), ("p3", "def"), ("p4", "def"), ("p5", "cd")]
    return {
        "organizations": orgs,
        "countries": [{"code": "FR", "name": "France"}, {"code": "MA", "name": "Morocco"}],
        "expertise": [{"id": "robotics", "name": "Robotics"}, {"id": "ai", "name": "AI"}],
        "organization_expertise": [{"organization": o, "expertise": "robotics"} for o in "abg"],
        "projects": [{"id": p, "title": p, "end": "2020"} for p, _ in projects],
        "participations": [{"organization": o, "project": p} for p, m in projects for o in m],
        "project_expertise": [{"project": "p3", "expertise": "ai"}],
        "fundings": [],
    }


def test_two_dense_groups_make_two_hubs_with_their_figures():
    coop = cooperation_graph(snapshot_from_network(_two_triangles()))
    hubs = excellence_hubs(coop)
    assert sorted(h.members for h in hubs) == [["a", "b", "c"], ["d", "e", "f"]]
    french = next(h for h in hubs if h.members == ["a", "b", "c"])
    # robotics: a and b of the 3 members, 3 (a, b, g) of the 7 organizations -> lift (2/3)/(3/7) = 1.56
    assert french.specialisation[0]["id"] == "robotics" and french.specialisation[0]["members"] == 2
    assert french.specialisation[0]["lift"] == pytest.approx((2 / 3) / (3 / 7), abs=0.01)
    moroccan = next(h for h in hubs if h.members == ["d", "e", "f"])
    assert [s["id"] for s in moroccan.specialisation] == ["ai"], "took part in a project addressing it"
    assert french.density == 1.0 and 0 < french.cohesion < 1
    assert french.countries == [{"code": "FR", "members": 3}] and moroccan.roles == {"company": 1, "partner": 2}
    for hub in hubs:
        assert hub.score == pytest.approx(sum(hub.parts.values()) / 3, abs=0.002)
        assert hub.anchors[0]["id"] in hub.members
    # inside the triangle every tie weighs 2 x 1/2 (two 3-partner projects): equal anchors, in id order
    assert [(a["id"], a["weight"]) for a in french.anchors] == [("a", 2.0), ("b", 2.0), ("c", 2.0)]


def test_filters_keep_the_hubs_that_match_and_refuse_unknown_values():
    coop = cooperation_graph(snapshot_from_network(_two_triangles()))
    hubs = excellence_hubs(coop)
    assert [h.members for h in filter_hubs(hubs, coop, expertise="robotics")] == [["a", "b", "c"]]
    assert [h.members for h in filter_hubs(hubs, coop, country="MA")] == [["d", "e", "f"]]
    assert [h.members for h in filter_hubs(hubs, coop, role="company")] == [["d", "e", "f"]]
    assert filter_hubs(hubs, coop, role="centre") == []
    with pytest.raises(UnknownFilter, match="ZZ"):
        filter_hubs(hubs, coop, country="ZZ")
    with pytest.raises(UnknownFilter, match="nope"):
        filter_hubs(hubs, coop, expertise="nope")


def test_backbone_keeps_each_organizations_strongest_ties():
    # a works with b in three projects, with c, d, e once each: with one tie per node, a keeps b.
    net = {
        "organizations": [{"id": o, "name": o, "roles": ["partner"]} for o in "abcde"],
        "projects": [{"id": f"p{i}", "title": "t", "end": "2020"} for i in range(6)],
        "participations": [
            {"organization": o, "project": p}
            for p, members in [("p0", "ab"), ("p1", "ab"), ("p2", "ab"), ("p3", "ac"), ("p4", "ad"), ("p5", "ae")]
            for o in members
        ],
    }
    coop = cooperation_graph(snapshot_from_network(net))
    B = backbone(coop, per_node=1)
    assert (B != B.T).nnz == 0, "symmetric"
    upper = sp.triu(B, k=1).tocoo()
    kept = sorted((coop.ids[a], coop.ids[b]) for a, b in zip(upper.row, upper.col, strict=True))
    assert kept == [("a", "b"), ("a", "c"), ("a", "d"), ("a", "e")], "c, d, e keep their only tie"
    assert B[coop.index["a"], coop.index["b"]] == pytest.approx(3.0)


def test_no_ties_no_hubs():
    net = {"organizations": [{"id": o, "name": o, "roles": ["partner"]} for o in "ab"]}
    assert excellence_hubs(cooperation_graph(snapshot_from_network(net))) == []


def test_same_input_same_seed_same_hubs_in_the_same_order():
    from loaders.generators.demo import demo_network

    first = excellence_hubs(cooperation_graph(snapshot_from_network(demo_network())), seed=7)
    again = in_a_fresh_process(
        "import json\n"
        "from graph.analytics.cooperation import cooperation_graph\n"
        "from graph.analytics.hubs import excellence_hubs\n"
        "from graph.analytics.snapshot import snapshot_from_network\n"
        "from loaders.generators.demo import demo_network\n"
        "hubs = excellence_hubs(cooperation_graph(snapshot_from_network(demo_network())), seed=7)\n"
        "print(json.dumps([h.to_dict(members=True) for h in hubs]))\n"
    )
    assert json.loads(json.dumps([h.to_dict(members=True) for h in first])) == again
    assert len(first) >= 3
    assert [h.score for h in first] == sorted((h.score for h in first), reverse=True)
    members = [o for h in first for o in h.members]
    assert len(members) == len(set(members)), "an organization belongs to one hub"
