"""The consortium builder on real data: CORDIS H2020 and Horizon Europe in one embedded graph (issue #20,
items 4 and 5).

``partnernet consortium`` led by the organization that coordinates the most Horizon Europe projects,
for the fields of science of its projects, answers three consortia that meet every rule (checked by
:func:`tests.consortium_rules.broken_rules`, apart from the builder), each member with its reasons; on
held-out Horizon Europe projects (:mod:`benchmarks.consortium_he`) every first consortium meets the rules
the real consortium met. Build times are printed (no timing assertion). Skipped with a reason when the
shared data is absent.
"""

from __future__ import annotations

import json
import time
from collections import Counter

import pytest
from click.testing import CliRunner

from tests.conftest import SHARED_DATA, _holder, store_on
from tests.consortium_rules import broken_rules

pytestmark = pytest.mark.engines("falkordb")

H2020_FOLDER = SHARED_DATA / "cordis-h2020-eunets"
HE_ZIP = SHARED_DATA / "cordis-he-xml" / "cordis-HORIZONprojects-xml.zip"


@pytest.fixture(scope="module")
def real_store(request):
    if not (H2020_FOLDER / "h2020.csv.gz").is_file() or not HE_ZIP.is_file():
        pytest.skip(f"shared data not found in {SHARED_DATA} (cordis-h2020-eunets and cordis-he-xml)")
    from loaders.cordis import H2020_SOURCE, read_cordis_h2020
    from loaders.inputs import read_input
    from loaders.load import load_network

    h2020 = read_cordis_h2020(H2020_FOLDER)
    he = read_input(HE_ZIP, "cordis-xml")

    def fill(store):
        load_network(store, h2020, source=H2020_SOURCE)
        load_network(store, he.network, source=he.source)

    with store_on("falkordb", request, _holder("h2020-he", request.module), fill) as store:
        yield store


@pytest.fixture(scope="module")
def snapshot(real_store):
    from graph.analytics.snapshot import fetch_snapshot

    return fetch_snapshot(real_store)


def _lead_and_fields(snapshot) -> tuple[str, list[str]]:
    """The organization coordinating the most Horizon Europe projects, and their two commonest fields."""
    he = [p for p in snapshot.projects if (p["programme"] or "").startswith("Horizon Europe") and p["coordinators"]]
    lead = Counter(p["coordinators"][0] for p in he).most_common(1)[0][0]
    fields = Counter(t for p in he if p["coordinators"][0] == lead for t in p["expertise"] or ())
    return lead, [t for t, _ in fields.most_common(2)]


def test_cli_consortium_on_h2020_and_horizon_europe(real_store, snapshot):
    from partnernet.cli import cli as group

    lead, fields = _lead_and_fields(snapshot)
    assert len(fields) == 2
    rules = {"min_size": 5, "min_countries": 3, "kinds": ["company", "university"], "require_countries": ["MA"]}
    rules["max_size"] = 8
    args = ["consortium", "--lead", lead, "--need", ",".join(fields), "--min-size", "5", "--min-countries", "3"]
    args += ["--kind", "company", "--kind", "university", "--require-country", "MA", "--max-size", "8"]
    env = {"PARTNERNET_DATA_DIR": str(real_store.settings.data_dir), "NEO4J_URI": None, "PARTNERNET_ENGINE": None}
    runner = CliRunner(env=env)
    runner.invoke(group, ["analyse"], catch_exceptions=False)  # as `partnernet load` leaves it
    started = time.perf_counter()
    result = runner.invoke(group, [*args, "--format", "json"], catch_exceptions=False)
    print(f"partnernet consortium on H2020 + Horizon Europe: {time.perf_counter() - started:.2f} s (whole command)")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["consortia"]) == 3 and data["unmet"] == []
    for consortium in data["consortia"]:
        assert broken_rules(snapshot, consortium["ids"], lead, rules) == [], consortium["ids"]
        assert consortium["uncovered"] == []
        for member in consortium["members"][1:]:
            assert {"expertise", "lead"} <= {r["kind"] for r in member["reasons"]}, member
    table = runner.invoke(group, args, catch_exceptions=False)
    assert table.exit_code == 0 and "NOT met" not in table.output and "(lead)" in table.output


def test_held_out_horizon_europe_projects(snapshot):
    from benchmarks.consortium_he import format_table, measure

    figures = measure(snapshot, sample=30, seed=1)
    print(format_table(figures))
    assert figures["projects"] == 30 and figures["partners"] > 60
    assert figures["rules_met"] == 30, "the real consortium meets its own rules: the builder finds one that does"
    assert figures["found"]["best_of_three"] >= figures["found"]["first"] > 0
