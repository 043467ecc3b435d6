"""One Analysis per graph version: each member computed once, shared between threads, rebuilt after a write."""

from __future__ import annotations

import copy
import threading
import time

import pytest

import graph.analytics.cooperation as cooperation_module
import graph.analytics.hubs as hubs_module
from graph.analytics.analysis import Analysis
from graph.analytics.cooperation import cooperation_graph
from graph.analytics.finder import find_partners, match_query
from graph.analytics.index import PartnerIndex, partner_index
from graph.analytics.recommend import recommend_partners, why_no_recommendations
from graph.analytics.snapshot import snapshot_from_network

NETWORK = {
    "organizations": [{"id": o, "name": o.upper(), "roles": ["partner"], "country": "FR"} for o in "abcdef"],
    "expertise": [{"id": "solar", "name": "Solar energy", "name_fr": "Énergie solaire"}],
    "organization_expertise": [{"organization": o, "expertise": "solar", "level": 3} for o in "bd"],
    "projects": [{"id": p, "title": p.upper(), "end": "2020"} for p in ("abc", "cd", "def", "ab")],
    "participations": [{"organization": o, "project": p} for p in ("abc", "cd", "def", "ab") for o in p],
}


@pytest.fixture
def counted(monkeypatch):
    """How many times each member was computed (the computations slowed down, to let threads meet)."""
    calls = {"cooperation": 0, "hubs": 0, "partner_index": 0}

    def counting(name, compute):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            time.sleep(0.05)
            return compute(*args, **kwargs)

        return wrapper

    # The analysis imports each step from its module when it first needs it (so that a command answered
    # from the data folder imports none of them): the steps are counted there.
    monkeypatch.setattr(cooperation_module, "cooperation_graph", counting("cooperation", cooperation_graph))
    monkeypatch.setattr(hubs_module, "excellence_hubs", counting("hubs", hubs_module.excellence_hubs))
    monkeypatch.setattr(PartnerIndex, "__init__", counting("partner_index", PartnerIndex.__init__))
    return calls


def test_each_member_is_computed_once_per_analysis(counted):
    analysis = Analysis(snapshot_from_network(NETWORK, version=5))
    assert analysis.version == 5 and analysis.computed() == {"snapshot"}
    assert analysis.cooperation is analysis.cooperation
    assert analysis.hubs() is analysis.hubs(seed=0)
    assert analysis.hubs(seed=1) is analysis.hubs(seed=1)
    assert analysis.partner_index is analysis.partner_index
    find_partners(analysis, "solar")
    recommend_partners(analysis, "a")
    assert partner_index(analysis) is analysis.partner_index
    assert counted == {"cooperation": 1, "hubs": 2, "partner_index": 1}
    assert analysis.computed() == {"snapshot", "cooperation", ("hubs", 0), ("hubs", 1), "partner_index"}


def test_two_threads_share_one_computation(counted):
    analysis = Analysis(snapshot_from_network(NETWORK))
    start = threading.Barrier(2)
    found: list[tuple[object, object]] = []

    def ask() -> None:
        start.wait()
        found.append((analysis.partner_index, analysis.hubs()))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    (index_1, hubs_1), (index_2, hubs_2) = found
    assert index_1 is index_2 and hubs_1 is hubs_2
    assert counted == {"cooperation": 1, "hubs": 1, "partner_index": 1}


def test_a_failed_computation_is_tried_again(monkeypatch):
    analysis = Analysis(snapshot_from_network(NETWORK))
    failures = iter([RuntimeError("engine gone")])

    def flaky(snapshot):
        for error in failures:
            raise error
        return cooperation_graph(snapshot)

    monkeypatch.setattr(cooperation_module, "cooperation_graph", flaky)
    with pytest.raises(RuntimeError):
        analysis.cooperation  # noqa: B018
    assert "cooperation" not in analysis.computed()
    assert analysis.cooperation.ids == list("abcdef")


def test_the_functions_answer_the_same_from_an_analysis_an_index_or_a_cooperation_graph():
    snapshot = snapshot_from_network(NETWORK)
    analysis, coop = Analysis(snapshot), cooperation_graph(snapshot)
    for source in (analysis, analysis.partner_index, coop):
        assert [m.to_dict() for m in find_partners(source, "énergie", origin="a")] == [
            m.to_dict() for m in find_partners(coop, "énergie", origin="a")
        ]
        assert match_query(source, "solar") == match_query(coop, "solar")
        assert [r.to_dict() for r in recommend_partners(source, "a")] == [
            r.to_dict() for r in recommend_partners(coop, "a")
        ]
        assert why_no_recommendations(source, "a") == why_no_recommendations(coop, "a")
    assert partner_index(coop) is not partner_index(coop), "a bare cooperation graph keeps no index"


def test_why_no_recommendations_builds_no_index():
    analysis = Analysis(snapshot_from_network(NETWORK))
    assert why_no_recommendations(analysis, "a").startswith("Every partner")
    assert "partner_index" not in analysis.computed()


def test_an_analysis_of_a_store_reads_it_once_and_a_write_makes_a_new_version(loaded_store, small_network):
    from loaders.load import load_network

    analysis = Analysis.from_store(loaded_store)
    assert analysis.computed() == set(), "nothing is read before it is asked for"
    assert analysis.version == loaded_store.version() == analysis.snapshot.version
    before = set(analysis.snapshot.organizations)
    assert analysis.snapshot is analysis.snapshot

    changed = copy.deepcopy(small_network)
    new = {**changed["organizations"][0], "id": "zz-new", "name": "Newcomer"}
    changed["organizations"].append(new)
    load_network(loaded_store, changed, source="tests/test_analysis.py")

    assert loaded_store.version() != analysis.version
    assert set(analysis.snapshot.organizations) == before, "an analysis is of one version"
    again = Analysis.from_store(loaded_store)
    assert again.version == loaded_store.version()
    assert set(again.snapshot.organizations) == before | {"zz-new"}
    assert "zz-new" in again.cooperation.index


def test_the_web_app_keeps_one_analysis_per_version(loaded_store):
    from web.state import AppState

    state = AppState(loaded_store.settings, loaded_store)
    first = state.analysis()
    assert state.analysis() is first
    assert state.cooperation() is first.cooperation and state.hubs() is first.hubs()
    assert state.snapshot() is first.snapshot

    loaded_store.write("bump_graph_version", key="graph")
    second = state.analysis()
    assert second is not first and second.version == loaded_store.version() > first.version
    assert state.analysis() is second
    assert second.snapshot.version == second.version
