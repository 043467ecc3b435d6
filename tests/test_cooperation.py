"""The snapshot and the cooperation graph, on the real engine and on hand-checkable networks."""

from __future__ import annotations

import math

import pytest

from graph.analytics.cooperation import HALF_LIFE, cooperation_graph
from graph.analytics.snapshot import fetch_snapshot, snapshot_from_network


def test_snapshot_read_from_the_engine_equals_the_one_built_from_the_files(demo_store):
    from tests.conftest import demo_with_xss

    read = fetch_snapshot(demo_store)
    built = snapshot_from_network(demo_with_xss(), version=read.version)
    assert read.organizations == built.organizations
    assert sorted(read.projects, key=lambda p: p["id"]) == built.projects
    assert read.agreements == built.agreements
    assert sorted(read.memberships) == built.memberships
    assert read.organization_expertise == built.organization_expertise
    assert read.expertise_evidence == built.expertise_evidence
    assert read.expertise == built.expertise and read.countries == built.countries


def _network(projects, agreements=(), orgs="abcde"):
    """A tiny network: ``projects`` as (id, end year, participants), ``agreements`` as (id, year, parties)."""
    return {
        "organizations": [{"id": o, "name": o.upper(), "roles": ["partner"], "country": "FR"} for o in orgs],
        "projects": [{"id": p, "title": p, "end": str(y) if y else None} for p, y, _ in projects],
        "participations": [{"organization": o, "project": p} for p, _, members in projects for o in members],
        "agreements": [{"id": a, "signed": str(y)} for a, y, _ in agreements],
        "agreement_parties": [{"agreement": a, "organization": o} for a, _, parties in agreements for o in parties],
    }


def test_weights_follow_the_documented_formula():
    # p1 (2020, 3 partners) and p2 (2010, 2 partners); the reference year is 2020.
    coop = cooperation_graph(snapshot_from_network(_network([("p1", 2020, "abc"), ("p2", 2010, "ab")])))
    G = coop.G
    assert coop.ref_year == 2020
    assert G["a"]["b"]["weight"] == pytest.approx(1 / 2 + 0.5 ** (10 / HALF_LIFE) / 1)
    assert G["a"]["c"]["weight"] == pytest.approx(1 / 2)
    assert G["a"]["b"]["activities"] == 2 and G["b"]["c"]["activities"] == 1
    assert list(G["d"]) == [] and "e" in G


def test_undated_activities_count_half_and_agreements_tie_their_parties():
    coop = cooperation_graph(snapshot_from_network(_network([("p", None, "ab")], [("x", 2000, "cd")])))
    assert coop.G["a"]["b"]["weight"] == pytest.approx(0.5)
    assert coop.G["c"]["d"]["weight"] == pytest.approx(1.0), "the only dated activity sets the reference year"
    assert coop.shared("c", "d")["agreements"][0]["id"] == "x"


def test_shared_lists_what_two_organizations_did_together_most_recent_first():
    coop = cooperation_graph(
        snapshot_from_network(_network([("old", 2001, "ab"), ("new", 2019, "abc"), ("other", 2018, "cd")]))
    )
    assert [p["id"] for p in coop.shared("a", "b")["projects"]] == ["new", "old"]
    assert coop.shared("a", "d") == {"projects": [], "agreements": []}


def test_matrix_and_graph_agree_on_the_demo_network():
    from loaders.generators.demo import demo_network

    coop = cooperation_graph(snapshot_from_network(demo_network()))
    G = coop.G
    assert G.number_of_nodes() == len(coop.ids) == len(demo_network()["organizations"])
    assert G.number_of_edges() * 2 == coop.W.nnz
    strength = coop.strength()
    for o in ("cnam", coop.ids[7]):
        assert math.isclose(sum(d["weight"] for _, _, d in G.edges(o, data=True)), strength[coop.index[o]])


def test_activities_above_the_cap_tie_nobody_and_are_listed():
    net = {
        "organizations": [{"id": o, "name": o, "roles": ["partner"]} for o in "abcde"],
        "projects": [{"id": "big", "title": "t", "end": "2020"}, {"id": "small", "title": "t", "end": "2020"}],
        "participations": [{"organization": o, "project": "big"} for o in "abcd"]
        + [{"organization": o, "project": "small"} for o in "de"],
    }
    snapshot = snapshot_from_network(net)
    capped = cooperation_graph(snapshot, max_participants=3)
    assert capped.wide == [{"kind": "project", "id": "big", "participants": 4}]
    assert sorted(capped.G.edges()) == [("d", "e")]
    assert capped.hops(capped.index["a"])[capped.index["b"]] == float("inf"), "no path through a wide project"
    assert len(capped.projects_of["a"]) == 1, "the project still counts as the organization's own"
    full = cooperation_graph(snapshot)
    assert full.wide == [] and full.G.number_of_edges() == 7


def test_repeated_and_unknown_participants_count_once_or_not_at_all():
    from graph.analytics.snapshot import Snapshot

    org = {o: {"id": o, "name": o, "roles": ["partner"]} for o in "abc"}
    project = {"start_year": 2020, "end_year": 2020, "coordinators": [], "funders": [], "expertise": []}
    s = Snapshot(
        1,
        organizations=org,
        projects=[
            {**project, "id": "p", "title": "P", "participants": ["a", "a", "b", "zz"]},
            {**project, "id": "q", "title": "Q", "participants": ["b", "c"]},
        ],
        agreements=[{"id": "x", "kind": "MoU", "start_year": 2020, "parties": ["c", "a", "c"]}],
    )
    coop = cooperation_graph(s)
    assert coop.G["a"]["b"]["weight"] == pytest.approx(1.0), "two distinct known participants: 1 / (2 - 1)"
    assert coop.G["a"]["c"]["activities"] == 1 and coop.G["b"]["c"]["activities"] == 1
    assert coop.projects_of == {"a": [0], "b": [0, 1], "c": [1]}
    assert coop.agreements_of == {"a": [0], "c": [0]}
    assert "zz" not in coop.index and coop.W.shape == (3, 3)
