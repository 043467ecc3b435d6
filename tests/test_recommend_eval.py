"""The evaluation of recommendations (issue 20): figures checked by hand on a tiny network, the same candidates for
every method, the shipped ranking is the one evaluated, and the fit reads H2020 alone."""

from __future__ import annotations

import csv
import gzip
import math
import random

import numpy as np
import pytest

import loaders.cordis_xml
from benchmarks import recommend_eval
from benchmarks.recommend_eval import evaluate_recommendations, fit_model, new_pairs, ranking_metrics
from graph.analytics.cooperation import cooperation_graph
from graph.analytics.index import PartnerIndex
from graph.analytics.recommend import candidate_features, recommend_partners
from graph.analytics.snapshot import snapshot_from_network


def tiny() -> PartnerIndex:
    """a works with b and e; b with c and d; e with f; g works with nobody (one-partner project).

    Candidates of a: c and d (through b, 3 partners), f (through e, 2 partners).
    """
    ties = ["ab", "bc", "bd", "ae", "ef"]
    return PartnerIndex(
        cooperation_graph(
            snapshot_from_network(
                {
                    "organizations": [{"id": o, "name": o.upper(), "roles": ["partner"]} for o in "abcdefg"],
                    "projects": [{"id": t, "title": t, "start": "2016-01-01"} for t in [*ties, "g"]],
                    "participations": [{"organization": o, "project": t} for t in [*ties, "g"] for o in t],
                }
            )
        )
    )


def test_precision_recall_and_reciprocal_rank_by_hand():
    index = tiny()
    a = index.coop.index["a"]
    # Later: a works with d, f and g (new), and again with b (not new); c with d (not a's).
    truth, active = new_pairs(index, [["a", "d", "EC"], ["a", "f"], ["a", "g", "b"], ["c", "d"]])
    assert sorted(index.coop.ids[j] for j in truth[a].indices) == ["d", "f", "g"]
    assert active[a] and not active[index.coop.index["e"]]
    figures = evaluate_recommendations(index, truth, [a], log=lambda _: None)["groups"]["all"]
    # Adamic–Adar: f = 1/log 2 first, then c and d = 1/log 3 (c before d by id): hits f, d -> 2 of 3 to find.
    aa = figures["Adamic–Adar"]
    assert (aa["precision_at_10"], aa["recall_at_50"], aa["mrr"]) == pytest.approx((2 / 10, 2 / 3, 1.0))
    # Common neighbours: 1 each, so by id: c (miss), d (hit), f (hit): first hit at rank 2.
    cn = figures["common neighbours"]
    assert (cn["precision_at_10"], cn["recall_at_50"], cn["mrr"]) == pytest.approx((2 / 10, 2 / 3, 1 / 2))
    assert ranking_metrics(np.array([False] * 12 + [True]), 1) == (0.0, 1.0, 1 / 13)
    assert all(f["organizations"] == 1 for f in figures.values())


def test_every_method_ranks_the_same_candidates_as_recommend():
    index = tiny()
    found = candidate_features(index, "a")
    assert [index.coop.ids[r] for r in found.rows] == ["c", "d", "f"]
    ranked = found.rows[np.lexsort((found.rows, -np.round(np.exp(found.score() - found.score().max()), 9)))]
    assert [r.id for r in recommend_partners(index, "a")] == [index.coop.ids[r] for r in ranked]


def test_the_shipped_recommendations_are_the_ranking_evaluated_on_the_demo():
    from loaders.generators.demo import demo_network

    index = PartnerIndex(cooperation_graph(snapshot_from_network(demo_network())))
    for org in ("cnam", "sn-ucad", "pc-casablanca"):
        found = candidate_features(index, org)
        s = found.score()
        relative = np.round(np.exp(s - s.max()), 9)
        top = [index.coop.ids[r] for r in found.rows[np.lexsort((found.rows, -relative))][:50]]
        shown = recommend_partners(index, org, limit=50, sisters=True)
        assert [r.id for r in shown] == top, org
        assert all(r.reasons and r.reasons[0].kind == "partners" for r in shown)


def write_h2020(folder, organizations=60, projects=90, seed=3):
    """A small H2020 folder in the eunets format: random consortia of 3 to 6 organizations, 2014-2020."""
    rng = random.Random(seed)
    pics = [str(900000000 + k) for k in range(organizations)]
    kinds = {p: rng.choice(["HES", "REC", "PRC"]) for p in pics}
    countries = {p: rng.choice(["FR", "DE", "EL", "NA"]) for p in pics}
    folder.mkdir()
    columns = "rcn,role,pic,type,contribution,country,start_date,end_date,max_contribution,total_cost,start_year,"
    columns += "end_year,duration,group,nunique"
    with (
        gzip.open(folder / "h2020.csv.gz", "wt", newline="") as f,
        gzip.open(folder / "programme_parts.csv.gz", "wt", newline="") as parts,
    ):
        w, pw = csv.writer(f), csv.writer(parts)
        w.writerow(columns.split(","))
        pw.writerow(["rcn", "programme_part"])
        for k in range(projects):
            rcn, year = str(100000 + k), 2014 + k * 7 // projects
            pw.writerow([rcn, rng.choice(["SC1", "SC3", "LEIT", "ERC"])])
            for n, pic in enumerate(rng.sample(pics[: 10 + k * (organizations - 10) // projects], rng.randint(3, 6))):
                role = "coordinator" if n == 0 else "participant"
                w.writerow([rcn, role, pic, kinds[pic], "1000", countries[pic], f"{year}-01-01", f"{year + 2}-12-31",
                            "5000", "6000", year, year + 2, 36, "eu15", 2])  # fmt: skip


def test_the_fit_reads_h2020_alone(tmp_path, monkeypatch, capsys):
    def no_horizon_europe(*args, **kwargs):
        raise AssertionError("the fit read Horizon Europe data")

    monkeypatch.setattr(loaders.cordis_xml, "read_cordis_xml", no_horizon_europe)
    write_h2020(tmp_path / "h2020")
    assert recommend_eval.main(["--fit", "--h2020", str(tmp_path / "h2020"), "--he", "/nonexistent"]) == 0
    out = capsys.readouterr().out
    assert "RECOMMEND_MODEL" in out and "log_adamic_adar" in out and "validation" in out


def test_the_fit_refuses_projects_of_another_programme(tmp_path):
    from loaders.cordis import read_cordis_h2020

    write_h2020(tmp_path / "h2020")
    network = read_cordis_h2020(tmp_path / "h2020")
    snapshot = snapshot_from_network(network)
    fitted = fit_model(snapshot, organizations=40, log=lambda _: None)
    assert set(fitted["weights"]) == set(recommend_eval.FEATURES)
    assert all(math.isfinite(w) for w in fitted["weights"].values())
    assert all(fitted["weights"][f] >= 0 for f in recommend_eval.CLOSENESS)
    network["projects"].append({"id": "HORIZON-101", "title": "HE", "programme": "Horizon Europe: Cluster 5",
                                "start": "2019-01-01"})  # fmt: skip
    with pytest.raises(ValueError, match="not of H2020"):
        fit_model(snapshot_from_network(network), log=lambda _: None)


def test_partnernet_bench_evaluate_is_the_evaluation(capsys):
    from benchmarks import suites

    with pytest.raises(SystemExit) as exit_:
        suites.main(["evaluate", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert "usage: partnernet bench evaluate" in text and "--fit" in text and "--finder-projects" in text
