"""The load benchmark's code runs (on a tiny network: no timing is checked)."""

from __future__ import annotations

import datetime as dt
import gc
import json
import time
from pathlib import Path

import pytest

from benchmarks.load_h2020 import format_table, measure_once, summarize
from loaders.schema import TABLE_ORDER
from web.state import AppState


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
    from loaders.generators.demo import demo_network

    out = tmp_path / "figures.json"
    code = explorer_h2020.main(["--network", "demo", "--repeat", "2", "--browser-runs", "1", "--json", str(out)])

    figures = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0, figures["checks"]
    assert all(figures["checks"].values()), figures["checks"]
    organizations = len(demo_network()["organizations"])
    assert figures["load"]["organizations"] == organizations
    view = figures["http"]["view"]
    assert view["shown"] == view["total"] == organizations - view["funders_hidden"] and view["left_out"] == 0
    assert figures["http"]["warm_ms"]["network"]["n"] == 2 and len(figures["http"]["warm_ms"]["static"]["values"]) == 2
    assert figures["http"]["bytes"]["static"] > 100_000
    (run,) = figures["browser"]["runs"]
    assert run["nodes"] == organizations - view["funders_hidden"] and run["drawings"] == 1 and run["errors"] == []
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


def test_scale_benchmark_sizes():
    from benchmarks.scale import parse_sizes, size_name

    assert parse_sizes("demo,h2020,2k,10k,100k,1m") == ["demo", "h2020", 2_000, 10_000, 100_000, 1_000_000]
    assert parse_sizes("1M, 2K,2000") == [1_000_000, 2_000]
    assert [size_name(s) for s in (2_000, 1_000_000, 1_500, "demo")] == ["2k", "1m", "1500", "demo"]
    for bad in ("", "tiny", "1g", "1", "-5k"):
        with pytest.raises(ValueError):
            parse_sizes(bad)


def _scale(tmp_path, capsys, *args: str) -> tuple[int, dict, str]:
    from benchmarks import scale

    out = tmp_path / "scale.json"
    code = scale.main([*args, "--json", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8")), capsys.readouterr().out


def _new_backends(before: set[int], wait: float = 5.0) -> list:
    """The web backends alive that were not in ``before``, once waitress's worker threads let go of the app."""
    deadline = time.monotonic() + wait
    while True:
        gc.collect()
        new = [o for o in gc.get_objects() if isinstance(o, AppState) and id(o) not in before]
        if not new or time.monotonic() > deadline:
            return new
        time.sleep(0.1)


def test_scale_benchmark_runs_on_the_demo_network(tmp_path, capsys):
    from loaders.generators.demo import demo_network

    gc.collect()
    backends = {id(o) for o in gc.get_objects() if isinstance(o, AppState)}
    code, figures, table = _scale(tmp_path, capsys, "--sizes", "demo", "--repeat", "3")

    assert code == 0, figures["checks"]
    assert figures["checks"] and all(figures["checks"].values()), figures["checks"]
    assert {"machine", "networks", "rows", "checks", "load_average_end", "wall_seconds"} <= set(figures)
    assert {"cpu_count", "cpu_model", "memory_gb", "python", "packages", "load_average"} <= set(figures["machine"])
    assert figures["machine"]["packages"]["networkx"]
    (net,) = figures["networks"]
    assert net["network"] == "demo" and net["checks"]["hubs_deterministic"]
    organizations = len(demo_network()["organizations"])
    load = net["load"]
    assert load["organizations_in_graph"] == organizations == net["analytics"]["graph"]["organizations"]
    for step in ("read", "validate", "load"):
        assert {"seconds", "python_peak_mb", "engine_peak_mb"} <= set(load[step])
    assert load["raw"]["seconds"] is not None and load["counts_match_raw"]
    assert load["raw"]["tables_left_out"]  # the raw queries write no agreements: said in the table
    analytics = net["analytics"]
    for kind in ("search", "paths", "recommendations"):
        assert analytics[kind]["ms"]["n"] == 3 and {"p50", "p95"} <= set(analytics[kind]["ms"])
    assert analytics["warm_hubs"]["same_hubs"] and analytics["hubs"] > 0
    base = analytics["baselines"]
    assert base["louvain"]["communities"] > 0 and base["yen"]["pairs"] >= 1 and base["adamic_adar"]["organizations"]
    on_backbone = base["backbone_communities"]
    assert on_backbone["ties"] > 0 and on_backbone["ours_communities"] > 0 and on_backbone["networkx_communities"] > 0
    # the hubs' step is networkit's PLM with refinement: at least networkx Louvain's modularity
    assert on_backbone["ours_modularity"] >= on_backbone["networkx_modularity"]
    pages = net["pages"]
    assert pages["http"]["warm_ms"]["network"]["n"] == 3 and pages["hubs_json"]["warm_ms"]["n"] == 3
    assert pages["app_hubs"] == analytics["hubs"]
    assert not Path(net["data_dir"]).exists()  # a fresh folder, deleted at the end
    measures = {r["measure"] for r in figures["rows"]}
    assert {"load: validate + load", "partner search p50 / p95", "GET /network cold"} <= measures
    assert "ours/base" in table and "demo: checks all passed" in table
    assert not _new_backends(backends)  # the app's backend (snapshot, caches) does not outlive the measurement


def test_scale_benchmark_quick_on_a_small_synthetic_network(tmp_path, capsys):

    work = tmp_path / "w"
    code, figures, table = _scale(
        tmp_path, capsys, "--sizes", "2k", "--quick", "--repeat", "3", "--work-dir", str(work)
    )

    assert code == 0, figures["checks"]
    (net,) = figures["networks"]
    assert net["network"] == "2k" and net["organizations_asked"] == 2_000
    assert net["load"]["organizations_in_graph"] == net["load"]["organizations_in"] == 2_000
    assert net["load"]["raw"] is None and "pages" not in net and "baselines" not in net["analytics"]
    assert net["analytics"]["search"]["ms"]["n"] == 3 and net["analytics"]["cold_hubs"]["total_seconds"] > 0
    assert {"cold_hubs_ok", "search_p95_ok"} <= set(net["targets"])
    assert (work / "2k").is_dir()  # --work-dir keeps the folder
    assert "2k: checks all passed" in table and "Louvain" not in table


def test_scale_benchmark_skips_louvain_above_the_threshold(tmp_path, capsys):
    code, figures, table = _scale(tmp_path, capsys, "--sizes", "demo", "--repeat", "2", "--baseline-max-ties", "10")

    assert code == 0, figures["checks"]
    assert "too large" in figures["networks"][0]["analytics"]["baselines"]["louvain"]["skipped"]
    assert "skipped: too large" in table
