"""The load benchmark's code runs (on a tiny network: no timing is checked)."""

from __future__ import annotations

import datetime as dt
import json

from benchmarks.load_h2020 import format_table, measure_once, summarize
from loaders.schema import TABLE_ORDER


def _tiny_network() -> dict[str, list[dict]]:
    org = dict.fromkeys(("name_fr", "short_name", "kind", "centre_level", "city", "lat", "lon", "website"))
    network: dict[str, list[dict]] = {t: [] for t in TABLE_ORDER}
    network["countries"] = [
        {"code": "FR", "name": "France", "name_fr": "France", "priority": None},
        {"code": "NA", "name": "Namibia", "name_fr": None, "priority": None},
    ]
    network["organizations"] = [
        {**org, "id": "EC", "name": "European Commission", "roles": ["funder"], "country": None},
        {**org, "id": "o1", "name": "Org one", "roles": ["partner"], "country": "FR"},
        {**org, "id": "o2", "name": "Org two", "roles": ["company", "partner"], "country": "NA"},
    ]
    network["expertise"] = [
        {"id": "e1", "name": "Science", "name_fr": None, "broader": None},
        {"id": "e2", "name": "Physics", "name_fr": None, "broader": "e1"},
    ]
    network["projects"] = [
        {"id": "p1", "title": "One", "programme": "H2020", "start": dt.date(2019, 1, 1), "end": None, "budget": 10.0},
        {"id": "p2", "title": "Two", "programme": None, "start": None, "end": None, "budget": None},
    ]
    network["project_expertise"] = [{"project": "p1", "expertise": "e2"}]
    network["participations"] = [
        {"organization": "o1", "project": "p1", "role": "coordinator", "contribution": 5.0},
        {"organization": "o2", "project": "p1", "role": "participant", "contribution": None},
        {"organization": "o2", "project": "p2", "role": None, "contribution": None},
    ]
    network["fundings"] = [{"funder": "EC", "project": "p1", "amount": 10.0, "year": 2019}]
    return network


def test_benchmark_runs_on_a_tiny_network(settings):
    lines: list[str] = []
    run = measure_once(settings, _tiny_network, "tests/tiny", log=lines.append)

    counts = run["counts"]
    assert counts["match"], counts
    assert counts["raw"]["nodes"] == counts["partnernet"]["nodes"] == 9
    assert counts["raw"]["types"] == {"ADDRESSES": 1, "FUNDS": 1, "LOCATED_IN": 2, "PARTICIPATES_IN": 3}
    for step in ("read", "validate", "load", "whole"):
        assert run["partnernet"][step]["rows"] == 14
    assert run["raw"]["rows"] == 14

    table = format_table(summarize([run]), title="tiny")
    assert "partnernet  whole" in table and "raw         UNWIND MERGE" in table
    assert any("raw UNWIND MERGE" in line for line in lines)


def test_explorer_benchmark_runs_on_the_demo_network(tmp_path, capsys):
    from benchmarks import explorer_h2020
    from loaders.demo import demo_network

    out = tmp_path / "figures.json"
    code = explorer_h2020.main(["--network", "demo", "--repeat", "2", "--browser-runs", "1", "--json", str(out)])

    figures = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0, figures["checks"]
    assert all(figures["checks"].values()), figures["checks"]
    organizations = len(demo_network()["organizations"])
    assert figures["load"]["organizations"] == organizations
    view = figures["http"]["view"]
    assert view["shown"] == view["total"] == organizations and view["left_out"] == 0
    assert figures["http"]["warm_ms"]["network"]["n"] == 2 and len(figures["http"]["warm_ms"]["static"]["values"]) == 2
    assert figures["http"]["bytes"]["static"] > 100_000
    (run,) = figures["browser"]["runs"]
    assert run["nodes"] == organizations and run["drawings"] == 1 and run["errors"] == []
    assert {"cpu_count", "python"} <= set(figures["machine"])
    table = capsys.readouterr().out
    assert "GET /network cold" in table and "canvas drawn" in table and "checks: all passed" in table


def test_analytics_benchmark_runs_on_the_demo_network(tmp_path, capsys):
    from benchmarks import analytics_h2020

    out = tmp_path / "figures.json"
    code = analytics_h2020.main(
        [
            "--network",
            "demo",
            "--repeat",
            "3",
            "--cold-runs",
            "1",
            "--yen-pairs",
            "1",
            "--baseline-repeat",
            "2",
            "--json",
            str(out),
        ]
    )

    figures = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0, figures["checks"]
    assert all(figures["checks"].values()), figures["checks"]
    assert {"machine", "load", "cold_hubs", "warm", "baselines", "ratios", "memory", "checks", "targets"} <= set(
        figures
    )
    cold = figures["cold_hubs"]
    assert cold["determinism"]["same_hubs"] and cold["determinism"]["compared"] == 2
    assert cold["hubs"] > 0 and cold["largest_sizes"] and len(cold["runs"]) == 1
    assert set(cold["median"]) == {"snapshot_seconds", "projection_seconds", "hubs_seconds", "total_seconds"}
    warm = figures["warm"]
    for kind in ("search", "paths", "recommendations"):
        assert warm[kind]["ms"]["n"] == 3 and {"p50", "p95", "max"} <= set(warm[kind]["ms"])
    assert warm["index_build_ms"] is not None and warm["search"]["queries"]
    assert warm["paths"]["pairs_connected"] >= 1
    baselines = figures["baselines"]
    assert baselines["louvain"]["communities"] > 0 and baselines["louvain"]["edges"] > 0
    assert baselines["yen"]["pairs"] == 1 and baselines["adamic_adar"]["organizations"] == 2
    assert {"louvain_vs_cold_total", "yen_vs_paths", "adamic_adar_vs_recommendations"} <= set(figures["ratios"])
    assert figures["memory"]["after_baselines"]["python_peak_mb"] > 0
    assert {"cold_hubs_ok", "search_ok", "paths_ok", "recommendations_ok"} <= set(figures["targets"])
    table = capsys.readouterr().out
    assert "cold hubs (seconds)" in table and "warm queries (ms)" in table and "checks: all passed" in table
