"""Are partnernet's recommendations any good? H2020 as it was, checked against the partnerships of Horizon Europe.

Run from the repository root (``partnernet bench evaluate`` is the same)::

    python -m benchmarks.recommend_eval [--h2020 DIR] [--he ZIP] [--sample N] [--finder-projects N] [--json PATH]
    python -m benchmarks.recommend_eval --fit [--h2020 DIR]      # refit RECOMMEND_MODEL on H2020 alone

The same organizations (PICs) took part in Horizon 2020 (2014–2020) and in Horizon Europe (2021–2025).

**Recommendations** (:func:`evaluate_recommendations`). The network is built from the H2020 files only
(:func:`loaders.cordis.read_cordis_h2020`, no engine: :func:`graph.analytics.snapshot.snapshot_from_network`).
The ground truth is read straight from the Horizon Europe XML (:func:`loaders.cordis_xml.read_cordis_xml`):
two organizations are a *new pair* when they share a Horizon Europe project (of at most
:data:`graph.analytics.snapshot.WIDE_ACTIVITY` participants, any role) and never shared an H2020 project.
Evaluated: every organization with H2020 ties that has at least one new pair with an organization of the
H2020 network (only those can ever be recommended). For each, every method ranks the **same candidates**,
the partners of its H2020 partners it never worked with (:func:`graph.analytics.recommend.candidate_features`,
which ``recommend`` ranks), ties broken by id. A *hit* is a candidate that is a new pair.
Figures, averaged over the organizations: precision@10 (hits in the top 10 / 10), recall@50 (hits in the top
50 / the organization's new pairs in the H2020 network, the candidates or not: a new partner three hops away
counts as missed by every method) and the mean reciprocal rank (1 / rank of the first hit, 0 without one).
Methods: partnernet (the shipped :data:`graph.analytics.recommend.RECOMMEND_MODEL`), partnernet's former
score (0.7 Adamic–Adar relative to the best + 0.3 shared expertise), random (seeded), preferential attachment
(the candidate's number of partners), common neighbours, Jaccard (of the neighbour sets), Adamic–Adar.
Also by kind of organization and by country group (the asking organization's).

**The fit** (:func:`fit_model`, ``--fit``) never reads Horizon Europe: a split by time inside H2020.
The network of the projects that started 2014–2017; the new pairs of those that started 2018–2020;
organizations with ties in the first and a new pair in the second, drawn with a seed, alternately to
fit and to validate. A conditional logit (softmax of the score over each organization's candidates,
400 negatives sampled per organization with the sampling corrected) on :data:`FEATURES`, by L-BFGS
with a small L2 penalty, the weights of :data:`CLOSENESS` kept >= 0; printed as raw-value weights, the
table to paste into ``RECOMMEND_MODEL``.

**The partner finder** (:func:`evaluate_finder`): Horizon Europe projects whose coordinator took part in
H2020, drawn with a seed. The query is the project's fields of science (euroSciVoc, the most specific of
each path) and keywords; for each country of its real partners (those of the H2020 network), the finder is
asked from the coordinator, in that country, 50 results. Reported: the share of real partners in the top 10
and the top 50, against a baseline on the same candidates (the organizations the query reaches in that
country): popularity in the field, the number of H2020 projects on the expertise terms the query reaches.
The H2020 data's only expertise is the programme parts, so many queries reach few terms: the share
that reaches none is reported.

Progress goes to stderr; the tables to stdout; ``--json PATH`` writes every figure.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from benchmarks.common import ROOT, log_stderr, write_json
from graph.analytics.cooperation import cooperation_graph
from graph.analytics.index import PartnerIndex
from graph.analytics.recommend import FEATURES, RECOMMEND_WEIGHTS, CandidateFeatures, candidate_features
from graph.analytics.snapshot import WIDE_ACTIVITY, Snapshot, snapshot_from_network

__all__ = [
    "DEFAULT_H2020",
    "DEFAULT_HE",
    "METHODS",
    "evaluate_finder",
    "evaluate_recommendations",
    "fit_model",
    "he_projects",
    "main",
    "new_pairs",
    "ranking_metrics",
    "restrict",
]

DEFAULT_H2020 = ROOT.parent / "shared" / "data" / "cordis-h2020-eunets"
DEFAULT_HE = ROOT.parent / "shared" / "data" / "cordis-he-xml" / "cordis-HORIZONprojects-xml.zip"
#: The funder every CORDIS project has: never a partner.
EC = "EC"


# --------------------------------------------------------------------------- metrics


def ranking_metrics(hits: np.ndarray, relevant: int) -> tuple[float, float, float]:
    """Precision@10, recall@50 and reciprocal rank of one ranking.

    ``hits``: whether each ranked candidate is a hit, best first (the whole ranking); ``relevant``: how many
    hits there are to find (the recall's denominator, at least the hits in ``hits``).

    >>> ranking_metrics(np.array([False, True, False, True]), 4)
    (0.2, 0.5, 0.5)
    >>> ranking_metrics(np.array([], dtype=bool), 3)
    (0.0, 0.0, 0.0)
    """
    found = np.flatnonzero(hits)
    precision = float(hits[:10].sum()) / 10
    recall = float(hits[:50].sum()) / relevant if relevant else 0.0
    reciprocal = 1.0 / (found[0] + 1) if len(found) else 0.0
    return precision, recall, float(reciprocal)


def _jaccard(found: CandidateFeatures, degree_u: float) -> np.ndarray:
    union = degree_u + found.degree - found.common
    return np.divide(found.common, union, out=np.zeros(len(union)), where=union > 0)


def _former(found: CandidateFeatures) -> np.ndarray:
    top = found.adamic_adar.max() if len(found.adamic_adar) else 0.0
    aa = found.adamic_adar / top if top > 0 else np.zeros(len(found.rows))
    return RECOMMEND_WEIGHTS["adamic_adar"] * aa + RECOMMEND_WEIGHTS["shared_expertise"] * found.jaccard


#: Method -> its score of the candidates (higher first), from the candidates, the asker's degree and a seeded
#: random generator. Every method ranks the same candidates, ties broken by id (row).
METHODS: dict[str, Callable[[CandidateFeatures, float, np.random.Generator], np.ndarray]] = {
    "partnernet": lambda f, d, rng: f.score(),
    "partnernet before": lambda f, d, rng: _former(f),
    "random": lambda f, d, rng: rng.random(len(f.rows)),
    "preferential attachment": lambda f, d, rng: f.degree,
    "common neighbours": lambda f, d, rng: f.common,
    "Jaccard": lambda f, d, rng: _jaccard(f, d),
    "Adamic–Adar": lambda f, d, rng: f.adamic_adar,
}


def _ranked(rows: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Positions of ``rows`` best score first, ties by row (as ``recommend`` breaks them)."""
    return np.lexsort((rows, -np.round(score, 9)))


# --------------------------------------------------------------------------- data


def restrict(snapshot: Snapshot, first: int, last: int) -> Snapshot:
    """``snapshot`` with only the projects that started in ``first`` .. ``last`` (every organization kept).

    >>> s = Snapshot(0, projects=[{"id": "p", "start_year": 2016}, {"id": "q", "start_year": 2019}])
    >>> [p["id"] for p in restrict(s, 2014, 2017).projects]
    ['p']
    """
    kept = [p for p in snapshot.projects if p["start_year"] is not None and first <= p["start_year"] <= last]
    return dataclasses.replace(snapshot, projects=kept)


def new_pairs(index: PartnerIndex, groups: Iterable[Iterable[str]]) -> tuple[sp.csr_matrix, np.ndarray]:
    """The pairs of organizations of ``index`` that share a group (a project's members) and no tie in ``index``,
    as a symmetric 0/1 matrix over its rows; and the mask of the organizations in some group.

    Groups of more than :data:`WIDE_ACTIVITY` members tie none (as in the cooperation graph); ``EC`` is no member.
    """
    rows: list[int] = []
    cols: list[int] = []
    active = np.zeros(index.n, dtype=bool)
    k = 0
    for members in groups:
        known = {index.coop.index[o] for o in members if o != EC and o in index.coop.index}
        active[list(known)] = True
        if 2 <= len(known) <= WIDE_ACTIVITY:
            rows += known
            cols += [k] * len(known)
            k += 1
    B = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(index.n, k))
    together = (B @ B.T).tocsr()
    together.setdiag(0)
    together.eliminate_zeros()
    together.data[:] = 1.0
    new = together - together.multiply(index.P)
    new.eliminate_zeros()
    return new.tocsr(), active


def he_projects(path: Path, log: Callable[[str], None] = log_stderr) -> list[dict]:
    """The Horizon Europe projects of the CORDIS XML at ``path``: ``id``, ``members`` (PICs), ``coordinators``,
    ``fields`` (names of each project's most specific euroSciVoc fields) and ``keywords``."""
    from loaders.cordis_xml import read_cordis_xml
    from loaders.validate import has_errors

    started = time.perf_counter()
    network, problems = read_cordis_xml(path, progress=lambda done, total: _every(log, done, total, 2000))
    if has_errors(problems):
        raise SystemExit(f"{path}: cannot be read ({problems[0]})")
    names = {t["id"]: t["name"] for t in network["expertise"]}
    projects = {
        p["id"]: {"id": p["id"], "members": [], "coordinators": [], "fields": [], "keywords": p.get("keywords") or []}
        for p in network["projects"]
    }
    for row in network["participations"]:
        project = projects[row["project"]]
        project["members"].append(row["organization"])
        if row["role"] == "coordinator":
            project["coordinators"].append(row["organization"])
    for row in network["project_expertise"]:
        projects[row["project"]]["fields"].append(names.get(row["expertise"], ""))
    log(f"Horizon Europe: {len(projects)} projects read in {time.perf_counter() - started:.0f} s")
    return list(projects.values())


def _every(log: Callable[[str], None], done: int, total: int, step: int) -> None:
    if done % step == 0 or done == total:
        log(f"  {done}/{total}")


def _h2020(folder: Path, log: Callable[[str], None]) -> Snapshot:
    from loaders.cordis import read_cordis_h2020

    started = time.perf_counter()
    snapshot = snapshot_from_network(read_cordis_h2020(folder))
    log(f"H2020: {len(snapshot.organizations)} organizations read in {time.perf_counter() - started:.0f} s")
    return snapshot


# --------------------------------------------------------------------------- recommendations


def evaluate_recommendations(
    index: PartnerIndex,
    truth: sp.csr_matrix,
    organizations: list[int],
    *,
    seed: int = 0,
    log: Callable[[str], None] = log_stderr,
) -> dict:
    """Precision@10, recall@50 and MRR of every method of :data:`METHODS` over ``organizations`` (rows of
    ``index``), a hit being a candidate in its row of ``truth``; overall, by kind and by country group."""
    from graph.analytics.recommend import _profile

    rng = np.random.default_rng(seed)
    groups = _profile(index).group
    degree = np.diff(index.P.indptr).astype(float)
    sums: dict[tuple[str, str], np.ndarray] = defaultdict(lambda: np.zeros(4))
    started = time.perf_counter()
    candidates = 0
    for done, u in enumerate(organizations, start=1):
        found = candidate_features(index, index.coop.ids[u])
        candidates += len(found.rows)
        wanted = truth.indices[truth.indptr[u] : truth.indptr[u + 1]]
        is_hit = np.isin(found.rows, wanted)
        where = ("all", f"kind: {index.org_kinds[u] or '?'}", f"country group: {groups[u] or '?'}")
        for name, method in METHODS.items():
            figures = ranking_metrics(is_hit[_ranked(found.rows, method(found, degree[u], rng))], len(wanted))
            for group in where:
                sums[group, name] += (*figures, 1.0)
        if done % 500 == 0 or done == len(organizations):
            log(f"  {done}/{len(organizations)} organizations, {time.perf_counter() - started:.0f} s")
    table: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)
    for (group, name), (p10, r50, rr, count) in sums.items():
        table[group][name] = {
            "precision_at_10": p10 / count,
            "recall_at_50": r50 / count,
            "mrr": rr / count,
            "organizations": int(count),
        }
    return {"organizations": len(organizations), "mean_candidates": candidates / max(len(organizations), 1),
            "groups": dict(table)}  # fmt: skip


def _check_shipped(index: PartnerIndex, organizations: list[int]) -> int:
    """That ``recommend_partners`` (the CLI's and the web page's) gives the top 50 of the ranking evaluated as
    "partnernet", for ``organizations``; how many were checked (a difference stops the run)."""
    from graph.analytics.recommend import recommend_partners

    for u in organizations:
        o = index.coop.ids[u]
        found = candidate_features(index, o)
        s = found.score()
        ranked = found.rows[_ranked(found.rows, np.exp(s - s.max()))][:50]
        shown = [index.coop.index[r.id] for r in recommend_partners(index, o, limit=50, sisters=True)]
        if shown != ranked.tolist():
            raise SystemExit(f"recommend_partners({o!r}) is not the ranking evaluated")
    return len(organizations)


def _evaluated(index: PartnerIndex, truth: sp.csr_matrix, active: np.ndarray) -> list[int]:
    """Organizations with ties in ``index``, active in the later period, with at least one new pair."""
    degree = np.diff(index.P.indptr)
    return [u for u in range(index.n) if degree[u] > 0 and active[u] and truth.indptr[u + 1] > truth.indptr[u]]


def _sample(organizations: list[int], size: int | None, seed: int) -> list[int]:
    if size is None or size >= len(organizations):
        return organizations
    return sorted(np.random.default_rng(seed).choice(organizations, size, replace=False).tolist())


# --------------------------------------------------------------------------- fit

#: Features a planner reads as reasons *for* a partner: their weights are kept >= 0 (on H2020 the programme parts
#: are few and the fit gave shared expertise a small negative weight, beside the field similarity it overlaps).
CLOSENESS = frozenset(
    {"log_adamic_adar", "log_shared_activities", "field_similarity", "shared_expertise", "same_country",
     "same_country_group", "same_kind"}
)  # fmt: skip


def _softmax_loss(groups: list[tuple[np.ndarray, int, np.ndarray]], l2: float) -> Callable:
    """Negative log-likelihood of the positives under the softmax over each group's rows (plus ``l2 * |b|^2``).

    A group: its standardized features (positives first), the number of positives, and each row's offset
    (the log of the negatives' sampling correction)."""

    def loss(b: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, np.zeros(len(b))
        for X, positives, offset in groups:
            s = X @ b + offset
            top = s.max()
            e = np.exp(s - top)
            z = e.sum()
            total -= s[:positives].sum() - positives * (top + np.log(z))
            grad -= X[:positives].sum(axis=0) - positives * ((e / z) @ X)
        return total / len(groups) + l2 * b @ b, grad / len(groups) + 2 * l2 * b

    return loss


def fit_model(
    snapshot: Snapshot,
    *,
    fit_years: tuple[int, int] = (2014, 2017),
    target_years: tuple[int, int] = (2018, 2020),
    organizations: int = 3000,
    negatives: int = 400,
    seed: int = 0,
    log: Callable[[str], None] = log_stderr,
) -> dict:
    """Weights of :data:`FEATURES` learned inside ``snapshot`` (H2020 only), and their validation.

    The network of the projects started in ``fit_years``, the new pairs of those started in ``target_years``.
    Refuses a snapshot holding a project of another programme than H2020 (``programme`` not starting with
    ``H2020``, as :func:`loaders.cordis.read_cordis_h2020` names them): no Horizon Europe data can be used.
    """
    from scipy.optimize import minimize

    other = [p["id"] for p in snapshot.projects if not str(p.get("programme") or "").startswith("H2020")]
    if other:
        raise ValueError(f"{len(other)} projects are not of H2020 (e.g. {other[0]}): the fit reads H2020 only")
    index = PartnerIndex(cooperation_graph(restrict(snapshot, *fit_years)))
    target = restrict(snapshot, *target_years).projects
    truth, active = new_pairs(index, (p["participants"] for p in target))
    chosen = _sample(_evaluated(index, truth, active), organizations, seed)
    fitting, validating = chosen[::2], chosen[1::2]
    log(
        f"fit: {len(fitting)} organizations, validation: {len(validating)} (of {len(_evaluated(index, truth, active))})"
    )
    rng = np.random.default_rng(seed)
    groups = []
    for u in fitting:
        found = candidate_features(index, index.coop.ids[u])
        hit = np.isin(found.rows, truth.indices[truth.indptr[u] : truth.indptr[u + 1]])
        pos, neg = np.flatnonzero(hit), np.flatnonzero(~hit)
        if not len(pos) or not len(neg):
            continue
        take = neg if len(neg) <= negatives else rng.choice(neg, negatives, replace=False)
        offset = np.r_[np.zeros(len(pos)), np.full(len(take), np.log(len(neg) / len(take)))]
        groups.append((found.X[np.r_[pos, take]], len(pos), offset))
    if not groups:
        raise ValueError("no organization with both a new pair and a candidate that is none: nothing to fit on")
    stacked = np.vstack([g[0] for g in groups])
    mean, sd = stacked.mean(axis=0), stacked.std(axis=0)
    sd[sd == 0] = 1.0
    scaled = [((X - mean) / sd, k, off) for X, k, off in groups]
    bounds = [(0.0, None) if f in CLOSENESS else (None, None) for f in FEATURES]
    loss = _softmax_loss(scaled, 1e-2)
    result = minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B", bounds=bounds)
    weights = {f: round(float(w / s), 4) for f, w, s in zip(FEATURES, result.x, sd, strict=True)}
    log(f"fitted in {result.nit} iterations ({result.message})")
    from graph.analytics import recommend

    shipped = dict(recommend.RECOMMEND_MODEL)
    recommend.RECOMMEND_MODEL.update(weights)  # validated with the new weights, then put back
    try:
        validation = evaluate_recommendations(index, truth, validating, seed=seed, log=log)
    finally:
        recommend.RECOMMEND_MODEL.update(shipped)
    return {"weights": weights, "validation": validation, "fit_years": fit_years, "target_years": target_years}


# --------------------------------------------------------------------------- partner finder


def evaluate_finder(
    index: PartnerIndex, projects: list[dict], *, sample: int = 300, seed: int = 0, log: Callable = log_stderr
) -> dict:
    """How often the finder, asked as the coordinator of a Horizon Europe project would ask, puts the project's
    real partners in its top 10 / top 50, beside popularity in the field (see the module docstring)."""
    from graph.analytics.finder import expertise_scores, find_partners
    from graph.errors import NoMatchingExpertise

    eligible = [
        p
        for p in projects
        if len(p["coordinators"]) == 1
        and p["coordinators"][0] in index.coop.index
        and (p["fields"] or p["keywords"])
        and any(o in index.coop.index and o not in (EC, p["coordinators"][0]) for o in p["members"])
    ]
    rng = np.random.default_rng(seed)
    chosen = [eligible[k] for k in sorted(rng.choice(len(eligible), min(sample, len(eligible)), replace=False))]
    taken = index.A.copy()
    taken.data[:] = 1.0
    counts = {"partners": 0, "finder_top10": 0, "finder_top50": 0, "popular_top10": 0, "popular_top50": 0}
    unmatched = unmatched_partners = 0
    started = time.perf_counter()
    for done, p in enumerate(chosen, start=1):
        coordinator = p["coordinators"][0]
        query = ", ".join(dict.fromkeys([*p["fields"], *p["keywords"]]))
        partners = sorted({o for o in p["members"] if o in index.coop.index and o not in (EC, coordinator)})
        by_country: dict[str, list[str]] = defaultdict(list)
        for o in partners:
            by_country[index.country[index.coop.index[o]]].append(o)
        counts["partners"] += len(partners)
        try:
            scores, terms = expertise_scores(index, query)
        except NoMatchingExpertise:
            unmatched += 1
            unmatched_partners += len(partners)
            continue
        on_terms = np.asarray(index.PT[:, terms].sum(axis=1)).ravel() > 0 if terms else np.zeros(index.m, bool)
        popularity = taken @ on_terms.astype(float)
        for country, real in by_country.items():
            if not country:
                continue
            found = [m.id for m in find_partners(index, query, country=country, origin=coordinator, limit=50)]
            rows = np.flatnonzero((scores > 0) & (index.country == country))
            rows = rows[rows != index.coop.index[coordinator]]
            popular = [index.coop.ids[r] for r in rows[_ranked(rows, popularity[rows])][:50]]
            for o in real:
                counts["finder_top10"] += o in found[:10]
                counts["finder_top50"] += o in found
                counts["popular_top10"] += o in popular[:10]
                counts["popular_top50"] += o in popular
        if done % 50 == 0 or done == len(chosen):
            log(f"  finder: {done}/{len(chosen)} projects, {time.perf_counter() - started:.0f} s")
    total = max(counts["partners"], 1)
    matched = max(counts["partners"] - unmatched_partners, 1)
    return {
        "projects": len(chosen),
        "eligible_projects": len(eligible),
        "queries_matching_nothing": unmatched,
        "partners_of_those": unmatched_partners,
        **counts,
        "rates": {k: v / total for k, v in counts.items() if k != "partners"},
        "rates_matched": {k: v / matched for k, v in counts.items() if k != "partners"},
    }


# --------------------------------------------------------------------------- command


def _parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    p.add_argument("--h2020", type=Path, default=DEFAULT_H2020, help=f"H2020 folder (default {DEFAULT_H2020})")
    p.add_argument("--he", type=Path, default=DEFAULT_HE, help=f"Horizon Europe CORDIS XML (default {DEFAULT_HE})")
    p.add_argument("--sample", type=int, default=None, help="evaluate this many organizations (default: all)")
    p.add_argument("--finder-projects", type=int, default=300, help="Horizon Europe projects for the finder (300)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--fit", action="store_true", help="refit RECOMMEND_MODEL on H2020 alone and print it")
    p.add_argument("--fit-organizations", type=int, default=3000, help="organizations drawn for the fit (3000)")
    p.add_argument("--json", type=Path, help="write every figure to this file")
    return p


def _print_table(figures: dict) -> None:
    overall = figures["groups"]["all"]
    print(f"{'method':<26} {'precision@10':>12} {'recall@50':>10} {'MRR':>7}")
    for name in METHODS:
        f = overall[name]
        print(f"{name:<26} {f['precision_at_10']:>12.4f} {f['recall_at_50']:>10.4f} {f['mrr']:>7.4f}")
    aa = overall["Adamic–Adar"]["precision_at_10"]
    if aa:
        print(f"partnernet / Adamic–Adar, precision@10: {overall['partnernet']['precision_at_10'] / aa:.2f}x")
    print()
    print(f"precision@10 by group ({', '.join(METHODS)})")
    for group in sorted(g for g in figures["groups"] if g != "all"):
        row = figures["groups"][group]
        cells = " ".join(f"{row[name]['precision_at_10']:.4f}" for name in METHODS)
        print(f"  {group:<30} n={row['partnernet']['organizations']:<6} {cells}")


def _print_finder(f: dict) -> None:
    print(
        f"\npartner finder: {f['projects']} Horizon Europe projects (of {f['eligible_projects']} eligible), "
        f"{f['partners']} real partners in H2020, {f['queries_matching_nothing']} queries matching nothing"
    )
    r, m = f["rates"], f["rates_matched"]
    print(f"{'':<26} {'all real partners':>22} {'those of queries that match':>30}")
    print(f"{'method':<26} {'in top 10':>10} {'in top 50':>11} {'in top 10':>14} {'in top 50':>15}")
    for name, key in (("partner finder", "finder"), ("popularity in the field", "popular")):
        print(
            f"{name:<26} {r[key + '_top10']:>10.4f} {r[key + '_top50']:>11.4f} "
            f"{m[key + '_top10']:>14.4f} {m[key + '_top50']:>15.4f}"
        )


def main(argv: list[str] | None = None, prog: str = "python -m benchmarks.recommend_eval") -> int:
    args = _parser(prog).parse_args(argv)
    log = log_stderr
    snapshot = _h2020(args.h2020, log)
    if args.fit:
        fitted = fit_model(snapshot, organizations=args.fit_organizations, seed=args.seed, log=log)
        print("RECOMMEND_MODEL: dict[str, float] = {")
        for name, weight in fitted["weights"].items():
            print(f'    "{name}": {weight:.4f},')
        print("}\nvalidation (H2020 2014-2017 -> 2018-2020, organizations not used to fit):")
        _print_table(fitted["validation"])
        if args.json:
            write_json(args.json, fitted)
        return 0
    index = PartnerIndex(cooperation_graph(snapshot))
    projects = he_projects(args.he, log)
    truth, active = new_pairs(index, (p["members"] for p in projects))
    organizations = _evaluated(index, truth, active)
    log(f"{len(organizations)} organizations in both programmes with a new pair in the H2020 network")
    chosen = _sample(organizations, args.sample, args.seed)
    figures = evaluate_recommendations(index, truth, chosen, seed=args.seed, log=log)
    figures["eligible_organizations"] = len(organizations)
    figures["shipped_checked"] = _check_shipped(index, chosen[:: max(1, len(chosen) // 20)])
    print(f"H2020 -> Horizon Europe: {len(chosen)} organizations, {figures['mean_candidates']:.0f} candidates each")
    print(f"(recommend_partners checked to give the ranking evaluated, on {figures['shipped_checked']} of them)")
    _print_table(figures)
    finder = evaluate_finder(index, projects, sample=args.finder_projects, seed=args.seed, log=log)
    _print_finder(finder)
    if args.json:
        write_json(args.json, {"recommendations": figures, "finder": finder, "argv": sys.argv})
    return 0


if __name__ == "__main__":
    sys.exit(main())
