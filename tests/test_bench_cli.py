"""``partnernet bench cli`` times whole processes on a real engine; ``partnernet bench`` dispatches its suites."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchmarks import cli_process, suites

#: A figure row of the table: condition, command, median, min, max (seconds), runs.
ROW = re.compile(
    r"^(?P<condition>.+?)\s{2,}(?P<command>\S.*?)\s+(?P<median>\d+\.\d{3})\s+(\d+\.\d{3})\s+(\d+\.\d{3})\s+1$"
)


@pytest.fixture
def embedded(monkeypatch):
    """The embedded engine, whatever the environment says (the benchmark's processes inherit it)."""
    for name in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_AUTH", "PARTNERNET_ENGINE", "PARTNERNET_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)


def test_cli_benchmark_times_every_command_on_the_demo(embedded, tmp_path, capsys):
    out = tmp_path / "cli.json"
    code = cli_process.main(["--network", "demo", "--runs", "1", "--warmup", "0", "--json", str(out)])

    table = capsys.readouterr().out
    document = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0, table
    figures = {
        (m["condition"].strip(), m["command"].strip()): float(m["median"])
        for m in map(ROW.match, table.splitlines())
        if m
    }
    assert figures[("process floor", "python -c pass")] > 0
    assert figures[("process floor", "python -m partnernet --help")] > 0
    names = [name for name, _ in cli_process.commands("rc-alsace", "tc-pau")]
    for engine, cached in cli_process.CONDITIONS:
        condition = cli_process.condition_label(engine, cached)
        for name in names:
            row = next(r for r in document["rows"] if r["condition"] == condition and r["command"] == name)
            if cached and "skipped" in row:  # no `partnernet analyse` in this partnernet: said, not measured
                assert "partnernet analyse" in row["skipped"]
                continue
            assert figures[(condition, name)] > 0, (condition, name)
            assert row["n"] == 1 and row["median"] > 0 and "note" not in row, row  # each command found something
    # the benchmark's folder is gone, its engine stopped: nothing left running
    assert not Path(document["data_dir"]).exists()


def test_bench_lists_its_suites(capsys):
    assert suites.main(["--help"]) == 0
    text = capsys.readouterr().out
    for name in ("cli", "communities", "consortium", "console", "evaluate", "h2020", "scale", "web", "--sizes"):
        assert name in text


def test_bench_dispatches_by_its_first_argument(capsys):
    with pytest.raises(SystemExit) as exit_:
        suites.main(["cli", "--help"])
    assert exit_.value.code == 0
    assert "usage: partnernet bench cli" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        suites.main(["console", "--help"])
    assert exit_.value.code == 0 and "usage: partnernet bench console" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # no suite: the scale benchmark, as before (its own error for a bad size)
        suites.main(["--sizes", "nonsense"])
    assert "--sizes" in capsys.readouterr().err
