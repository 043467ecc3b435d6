"""``partnernet bench``: the benchmark suites, by their first argument.

- ``cli``: whole partnernet processes, hyperfine-style (:mod:`benchmarks.cli_process`);
- ``communities`` (or ``h2020``): the analytics on H2020, the community step beside networkx,
  networkit and igraph with the modularity of each (:mod:`benchmarks.analytics_h2020`);
- ``console``: the console's hostile queries of issue #19 item 4 (:mod:`benchmarks.console`);
- ``web``: the web app served to many clients at once (:mod:`benchmarks.load_web`);
- ``consortium``: the consortium builder on held-out Horizon Europe projects (:mod:`benchmarks.consortium_he`);
- ``evaluate``: recommendations and the partner finder on H2020, checked against the partnerships of
  Horizon Europe; ``evaluate --fit`` refits the recommender's weights on H2020 alone
  (:mod:`benchmarks.recommend_eval`);
- ``scale``, or no suite at all (nothing, or an option first: ``partnernet bench --sizes demo``,
  ``partnernet bench --engine neo4j``): the scale benchmark (:mod:`benchmarks.scale`), as before
  the suites.

Every other argument goes to the suite: ``partnernet bench cli --help`` lists its options.
``python -m benchmarks.suites`` is the same command.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable

__all__ = ["SUITES", "main", "overview"]

#: Suite name -> (module of benchmarks, what it measures).
SUITES = {
    "scale": ("scale", "load and analytics from the demo to a million organizations (the default)"),
    "cli": ("cli_process", "whole partnernet processes: engine up or down, analysis cached or not"),
    "communities": ("analytics_h2020", "analytics on H2020, communities beside networkx, networkit and igraph"),
    "h2020": ("analytics_h2020", "the same as communities"),
    "console": ("console", "the console's hostile queries: time to answer, a page meanwhile, the engine's memory"),
    "web": ("load_web", "the web app served to many clients at once: a mixed workload, then 200 connections"),
    "consortium": ("consortium_he", "the consortium builder on held-out Horizon Europe projects, beside the finder"),
    "evaluate": ("recommend_eval", "recommendations and partner finder on H2020, checked against Horizon Europe"),
}


def overview(prog: str) -> str:
    """What ``--help`` says: the suites, then how the scale benchmark's options are reached."""
    lines = [
        f"usage: {prog} [SUITE] [OPTIONS...]",
        "",
        "The benchmark suites (the first argument; `SUITE --help` lists a suite's options):",
        "",
    ]
    lines += [f"  {name:<12} {what}" for name, (_, what) in SUITES.items()]
    lines += [
        "",
        "Without a suite, the arguments go to the scale benchmark, whose options follow:",
        f"  {prog} --sizes demo,h2020     (the scale benchmark)",
        f"  {prog} --engine neo4j         (Neo4j beside the embedded engine)",
        f"  {prog} cli --network demo     (a quick check of the cli suite)",
        "",
    ]
    return "\n".join(lines)


def _suite_main(module: str) -> Callable[..., int]:
    from importlib import import_module

    return import_module(f"benchmarks.{module}").main


def _call(run: Callable[..., int], argv: list[str], prog: str) -> int:
    """``run(argv, prog=prog)``, or ``run(argv)`` when that suite's main takes no ``prog``."""
    if "prog" in inspect.signature(run).parameters:
        return run(argv, prog=prog)
    return run(argv)


def main(argv: list[str] | None = None, prog: str = "partnernet bench") -> int:
    """Run the suite named by the first argument of ``argv`` (the scale benchmark without one)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["-h"], ["--help"]):
        from benchmarks.scale import _parser

        print(overview(prog))
        print(_parser(prog).format_help())
        return 0
    if argv and argv[0] in SUITES:
        name, rest = argv[0], argv[1:]
        return _call(_suite_main(SUITES[name][0]), rest, f"{prog} {name}")
    return _call(_suite_main("scale"), argv, prog)


if __name__ == "__main__":
    sys.exit(main(prog="python -m benchmarks.suites"))
