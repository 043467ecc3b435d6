"""The consortium builder measured on held-out Horizon Europe projects (issue #20, item 4).

Run on a data folder holding CORDIS H2020 and Horizon Europe (README, "Data sources": ``partnernet load``
of both)::

    partnernet bench consortium --data-dir DIR [--sample 200] [--seed 0] [--json PATH]

1. **Held-out projects.** Among the Horizon Europe projects (programme ``Horizon Europe: ...``) with
   fields of science (euroSciVoc terms), whose coordinator took part in an H2020 project, and with
   3 to ``--max-members`` participants, ``--sample`` are drawn with ``random.Random(--seed)``. They are
   taken out of the snapshot: the cooperation graph and the partner index are built without them
   (so neither their ties nor their fields count as evidence); every other project stays (H2020, and
   Horizon Europe projects before and after them).
2. **Each held-out project.** The builder (:func:`graph.analytics.consortium.build_consortia`) is asked
   for consortia led by its coordinator, the need being its fields of science (one need per term id),
   with the rules the real consortium met: exactly its size (``min_size = max_size``), at least as many
   countries, and one member in each country of its real partners.
3. **Measure.** The share of the real partners (the coordinator left out) found: by the first
   consortium, by the best of the three, by the three together. Against the partner finder alone
   (:func:`graph.analytics.finder.find_partners`, ``origin`` the coordinator, each field asked for in
   turn and each organization kept with its best score): its top-N for N = the number of real partners,
   and for N = the number of organizations the three consortia propose; and its top-N among the
   organizations of the real partners' countries. Shares are over all real partners of all projects
   (each partner counts once). The build time of each project is timed (median, p95, max).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
from pathlib import Path

from benchmarks.common import describe, log_stderr

__all__ = ["main", "measure"]


def _parser(prog: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="A data folder holding H2020 and Horizon Europe.")
    parser.add_argument("--sample", type=int, default=200, help="Held-out Horizon Europe projects (default 200).")
    parser.add_argument("--seed", type=int, default=0, help="Seed of the draw (default 0).")
    parser.add_argument("--max-members", type=int, default=15, help="Largest real consortium drawn (default 15).")
    parser.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    return parser


def _held_out(snapshot, sample: int, seed: int, max_members: int) -> list[dict]:
    """The Horizon Europe projects drawn (see the module docstring)."""
    in_h2020 = {o for p in snapshot.projects if p["programme"].startswith("H2020") for o in p["participants"] or ()}
    eligible = [
        p
        for p in snapshot.projects
        if (p["programme"] or "").startswith("Horizon Europe")
        and p["expertise"]
        and len(set(p["coordinators"] or ())) == 1
        and p["coordinators"][0] in in_h2020
        and 3 <= len(set(p["participants"] or ())) <= max_members
    ]
    eligible.sort(key=lambda p: p["id"])
    return random.Random(seed).sample(eligible, min(sample, len(eligible)))


def _finder_ranking(index, fields: list[str], lead: str, limit: int) -> list[str]:
    """The partner finder's best ``limit`` for the fields: each asked for in turn, each organization's best score."""
    from graph.analytics.finder import find_partners
    from graph.errors import NoMatchingExpertise

    best: dict[str, float] = {}
    for field in fields:
        try:
            found = find_partners(index, field, origin=lead, limit=limit)
        except NoMatchingExpertise:
            continue
        for m in found:
            best[m.id] = max(best.get(m.id, 0.0), m.score)
    return sorted(best, key=lambda o: (-best[o], o))


def _one(index, project: dict) -> dict:
    """The builder and the finder on one held-out project: what each finds of its real partners."""
    from graph.analytics.consortium import Rules, build_consortia

    organizations = index.coop.snapshot.organizations
    lead = project["coordinators"][0]
    real = set(project["participants"]) - {lead}
    members = [lead, *sorted(real)]
    countries = sorted({organizations[o].get("country") for o in real} - {None, ""})
    size = len(members)
    rules = Rules(
        min_size=size,
        max_size=size,
        min_countries=len({organizations[o].get("country") for o in members} - {None, ""}),
        require_countries=tuple(countries),
    )
    started = time.perf_counter()
    result = build_consortia(index, lead, list(project["expertise"]), rules)
    seconds = time.perf_counter() - started
    proposed = [set(c.ids[1:]) for c in result.consortia]
    union = set().union(*proposed) if proposed else set()
    ranking = _finder_ranking(index, list(project["expertise"]), lead, 200)
    in_countries = [o for o in ranking if organizations[o].get("country") in countries]
    return {
        "project": project["id"],
        "partners": len(real),
        "seconds": seconds,
        "rules_met": bool(result.consortia) and result.consortia[0].meets_rules,
        "first": len(proposed[0] & real) if proposed else 0,
        "best_of_three": max((len(p & real) for p in proposed), default=0),
        "three_together": len(union & real),
        "proposed": len(union),
        "finder_top_n": len(set(ranking[: len(real)]) & real),
        "finder_top_proposed": len(set(ranking[: len(union)]) & real),
        "finder_top_n_in_countries": len(set(in_countries[: len(real)]) & real),
    }


def measure(snapshot, sample: int = 200, seed: int = 0, max_members: int = 15) -> dict:
    """The figures of the module docstring, for ``snapshot`` (H2020 and Horizon Europe)."""
    from graph.analytics.cooperation import cooperation_graph
    from graph.analytics.index import PartnerIndex

    drawn = _held_out(snapshot, sample, seed, max_members)
    held = {p["id"] for p in drawn}
    started = time.perf_counter()
    without = dataclasses.replace(snapshot, projects=[p for p in snapshot.projects if p["id"] not in held])
    index = PartnerIndex(cooperation_graph(without))
    built = time.perf_counter() - started
    log_stderr(f"{len(drawn)} projects held out; graph and index without them in {built:.1f} s")
    rows = []
    for k, project in enumerate(drawn, start=1):
        rows.append(_one(index, project))
        if k % 25 == 0:
            log_stderr(f"  {k} / {len(drawn)}")
    partners = sum(r["partners"] for r in rows)
    keys = ["first", "best_of_three", "three_together", "finder_top_n", "finder_top_proposed"]
    keys.append("finder_top_n_in_countries")
    return {
        "projects": len(rows),
        "partners": partners,
        "proposed_per_project": round(sum(r["proposed"] for r in rows) / max(len(rows), 1), 2),
        "found": {k: round(sum(r[k] for r in rows) / max(partners, 1), 4) for k in keys},
        "rules_met": sum(r["rules_met"] for r in rows),
        "build_seconds": describe([r["seconds"] for r in rows]),
        "index_seconds": round(built, 2),
        "rows": rows,
    }


def format_table(figures: dict) -> str:
    found = figures["found"]
    lines = [
        f"held-out Horizon Europe projects: {figures['projects']} ({figures['partners']} real partners; "
        f"the three consortia propose {figures['proposed_per_project']} organizations a project)",
        f"first consortium meets every rule: {figures['rules_met']} / {figures['projects']}",
        "share of the real partners found:",
        f"  consortium builder, first consortium      {found['first']:.1%}",
        f"  consortium builder, best of the three     {found['best_of_three']:.1%}",
        f"  consortium builder, the three together    {found['three_together']:.1%}",
        f"  partner finder, top-N (N = partners)      {found['finder_top_n']:.1%}",
        f"  partner finder, top-N (N = proposed)      {found['finder_top_proposed']:.1%}",
        f"  partner finder, top-N in their countries  {found['finder_top_n_in_countries']:.1%}",
        "build time (s): median {median:.3f}, p95 {p95:.3f}, max {max:.3f}".format(**figures["build_seconds"]),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    args = _parser(prog).parse_args(argv)
    from graph.analytics.stored import open_analysis
    from graph.settings import load_settings

    analysis = open_analysis(load_settings({"PARTNERNET_DATA_DIR": str(args.data_dir)}, environ={}))
    try:
        snapshot = analysis.snapshot
    finally:
        analysis.close()
    figures = measure(snapshot, args.sample, args.seed, args.max_members)
    print(format_table(figures))
    if args.json:
        args.json.write_text(json.dumps({"benchmark": "consortium_he", "seed": args.seed, **figures}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
