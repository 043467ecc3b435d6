"""Benchmark: the Horizon Europe CORDIS XML zip, parsed, validated and written into a fresh embedded engine.

    python -m benchmarks.cordis_xml [--zip PATH] [--json OUT]

Prints, for one run on a new data folder (deleted afterwards):

- **raw parse**: every document of the zip parsed with the reader's own safe
  parser (:func:`loaders.cordis_xml.parse_document`), nothing else: the floor;
- **read**: :func:`loaders.cordis_xml.read_cordis_xml` (parse + mapping to tables);
- **validate**: :func:`loaders.validate.validate_network`;
- **write**: :func:`loaders.load.load_network` into the embedded engine;
- the peak resident memory of this Python process (``ru_maxrss``) and the counts.

It prints figures; no test times anything.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, fresh_data_dir, log_stderr, python_peak_mb, write_json
from graph.settings import load_settings
from graph.store import open_store
from loaders.cordis_xml import XML_SOURCE, parse_document, read_cordis_xml, xml_members
from loaders.load import load_network
from loaders.validate import Problem, format_problems, has_errors, validate_network

__all__ = ["DEFAULT_ZIP", "main", "raw_parse"]

DEFAULT_ZIP = ROOT.parent / "shared" / "data" / "cordis-he-xml" / "cordis-HORIZONprojects-xml.zip"


def raw_parse(path: Path) -> int:
    """Parse every document of ``path`` with the reader's parser and drop it; the number of documents."""
    problems: list[Problem] = []
    n = 0
    for _, data in xml_members(path, problems):
        parse_document(data)
        n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cordis_xml", description=__doc__.splitlines()[0])
    parser.add_argument("--zip", type=Path, default=DEFAULT_ZIP, help="the CORDIS XML zip (default: shared data)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not args.zip.exists():
        parser.error(f"{args.zip} does not exist: download cordis-HORIZONprojects-xml.zip (see the README)")
    figures: dict = {"zip": str(args.zip)}
    started = time.perf_counter()
    figures["documents"] = raw_parse(args.zip)
    figures["raw_parse_s"] = time.perf_counter() - started
    log_stderr(f"raw parse: {figures['documents']} documents in {figures['raw_parse_s']:.1f} s")

    started = time.perf_counter()
    network, problems = read_cordis_xml(args.zip)
    figures["read_s"] = time.perf_counter() - started
    started = time.perf_counter()
    problems += validate_network(network, source=str(args.zip))
    figures["validate_s"] = time.perf_counter() - started
    if has_errors(problems):
        print(format_problems(problems), file=sys.stderr)
        return 1
    with fresh_data_dir("pnx-") as path:
        store = open_store(load_settings({"PARTNERNET_DATA_DIR": str(path)}))
        try:
            started = time.perf_counter()
            summary = load_network(store, network, XML_SOURCE)
            figures["write_s"] = time.perf_counter() - started
            figures["graph"] = store.counts()
        finally:
            store.close()
    figures["total_s"] = figures["read_s"] + figures["validate_s"] + figures["write_s"]
    figures["python_peak_mb"] = python_peak_mb()
    figures["rows"] = {t: sum(c.values()) for t, c in summary.counts.items()}
    print(f"CORDIS XML load benchmark: {args.zip}")
    print(f"  documents                 {figures['documents']:>10,}")
    print(f"  raw parse (baseline)      {figures['raw_parse_s']:>10.1f} s")
    print(f"  read (parse + mapping)    {figures['read_s']:>10.1f} s")
    print(f"  validate                  {figures['validate_s']:>10.1f} s")
    print(f"  write (embedded engine)   {figures['write_s']:>10.1f} s")
    print(f"  total (read+validate+write){figures['total_s']:>9.1f} s")
    print(f"  peak Python memory (RSS)  {figures['python_peak_mb']:>10.0f} MiB")
    for table, n in figures["rows"].items():
        if n:
            print(f"  {table:<25} {n:>10,}")
    if args.json:
        write_json(args.json, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
