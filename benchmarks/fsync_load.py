"""Load time under the embedded engine's fsync policies, alternated in one run (README: *The embedded engine*).

Run from the repository root::

    python -m benchmarks.fsync_load demo|h2020 [--rounds 3]

Each round loads the network once per policy, each into a fresh data folder (the order
reversed every other round): ``everysec``; ``always`` as partnernet runs it (the staging copy
written under ``everysec``, the swap under ``always``); and ``always`` with every batch of the
copy synced (what a load cost before the copy was relaxed). Prints each time, then the medians
as JSON. H2020 needs /work/shared/data (``../shared/data/cordis-h2020-eunets``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from graph.settings import load_settings
from graph.store import open_store
from graph.store.engine import EmbeddedEngine
from graph.store.falkordb_store import FalkorDBStore
from loaders.generators.demo import DEMO_SOURCE, demo_network
from loaders.inputs import read_input
from loaders.load import load_network

__all__ = ["VARIANTS", "main", "measure"]

H2020 = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "cordis-h2020-eunets"
VARIANTS = ("everysec", "always", "always-every-batch")


def _network(which: str) -> tuple[dict, str]:
    if which == "demo":
        return demo_network(2026), DEMO_SOURCE
    network, _, source = read_input(H2020, "auto")
    return network, source


def _load_once(network: dict, source: str, variant: str) -> float:
    relaxed = FalkorDBStore._set_fsync

    def strict(self: FalkorDBStore, policy: str) -> None:
        relaxed(self, self.settings.fsync)

    folder = Path(tempfile.mkdtemp(prefix="pnf-", dir="/tmp"))
    settings = load_settings(
        {"PARTNERNET_DATA_DIR": str(folder), "PARTNERNET_FSYNC": variant.split("-")[0]}, environ={}
    )
    FalkorDBStore._set_fsync = strict if variant == "always-every-batch" else relaxed  # type: ignore[method-assign]
    try:
        store = open_store(settings)
        started = time.perf_counter()
        load_network(store, network, source)
        elapsed = time.perf_counter() - started
        store.close()
    finally:
        FalkorDBStore._set_fsync = relaxed  # type: ignore[method-assign]
        EmbeddedEngine(folder).stop(force=True)
        shutil.rmtree(folder, ignore_errors=True)
    return elapsed


def measure(which: str, rounds: int) -> dict[str, dict]:
    """``{variant: {"median", "runs"}}``: seconds to load ``which`` (``demo`` or ``h2020``) per policy."""
    network, source = _network(which)
    times: dict[str, list[float]] = {v: [] for v in VARIANTS}
    for r in range(rounds):
        for variant in VARIANTS if r % 2 == 0 else VARIANTS[::-1]:
            times[variant].append(_load_once(network, source, variant))
            print(f"{which} {variant}: {times[variant][-1]:.2f} s", flush=True)
    return {v: {"median": round(statistics.median(t), 2), "runs": [round(x, 2) for x in t]} for v, t in times.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fsync_load", description=__doc__.split("\n")[0])
    parser.add_argument("network", choices=("demo", "h2020"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.network, args.rounds)))


if __name__ == "__main__":
    main()
