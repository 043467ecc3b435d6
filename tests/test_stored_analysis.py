"""The analysis kept in the data folder per graph version: read back equal, invalidated by any write, never trusted
when damaged, and a command it answers does not start the engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from graph.analytics.cooperation import cooperation_graph
from graph.analytics.finder import find_partners
from graph.analytics.hubs import excellence_hubs
from graph.analytics.index import PartnerIndex, Vocabulary
from graph.analytics.layout import network_map
from graph.analytics.recommend import recommend_partners
from graph.analytics.snapshot import Snapshot
from graph.analytics.stored import (
    FOLDER,
    MEMBERS,
    GraphKey,
    StoredAnalysis,
    cooperation_arrays,
    cooperation_from_arrays,
    hubs_arrays,
    hubs_from_arrays,
    index_arrays,
    index_from_arrays,
    map_arrays,
    map_from_arrays,
    snapshot_arrays,
    snapshot_from_arrays,
)
from graph.store.version_file import read_version


def test_each_member_reads_back_equal(snapshot):
    back = snapshot_from_arrays(snapshot_arrays(snapshot))
    assert back == snapshot
    coop = cooperation_graph(snapshot)
    again = cooperation_from_arrays(cooperation_arrays(coop), back)
    for name in ("W", "counts", "incidence"):
        assert (getattr(again, name) != getattr(coop, name)).nnz == 0, name
    assert again.ids == coop.ids and again.index == coop.index and again.ref_year == coop.ref_year
    assert again.projects_of == coop.projects_of and again.agreements_of == coop.agreements_of
    assert again.wide == coop.wide
    hubs = excellence_hubs(coop)
    assert hubs and hubs_from_arrays(hubs_arrays(hubs)) == hubs
    found = network_map(coop, hubs)
    mapped = map_from_arrays(map_arrays(found))
    assert np.array_equal(mapped.xy, found.xy) and np.array_equal(mapped.hub_of, found.hub_of)
    assert (mapped.ids, mapped.centres, mapped.radii, mapped.margin) == (
        found.ids,
        found.centres,
        found.radii,
        found.margin,
    )


def _same(x, y) -> bool:
    if sp.issparse(x):
        return x.format == y.format and x.shape == y.shape and (x != y).nnz == 0
    if isinstance(x, np.ndarray):
        return x.dtype == y.dtype and np.array_equal(x, y)
    if isinstance(x, Vocabulary):
        return x.words == y.words and x.postings == y.postings
    if isinstance(x, dict) and x and isinstance(next(iter(x.values())), np.ndarray):
        return x.keys() == y.keys() and all(_same(x[k], y[k]) for k in x)
    return x == y


def test_the_partner_index_reads_back_equal(snapshot):
    from graph.analytics.analysis import Analysis

    coop = cooperation_graph(snapshot)
    index = PartnerIndex(coop)
    back = index_from_arrays(index_arrays(index), coop)
    built, read = vars(index), vars(back)
    assert built.keys() == read.keys()  # an attribute added to the index must be kept too
    for name in built.keys() - {"coop", "_lock"}:
        assert _same(built[name], read[name]), name
    assert back.coop is coop
    # The same answers from both.
    one, two = Analysis(snapshot), Analysis(snapshot)
    one._values.update(cooperation=coop, partner_index=index)
    two._values.update(cooperation=coop, partner_index=back)
    for query in ("cyber", "énergie solaire", "water"):
        assert [m.to_dict() for m in find_partners(one, query)] == [m.to_dict() for m in find_partners(two, query)]
    for org in ("cnam", "rc-bretagne"):  # the recommender's features are built from what the index keeps
        assert [r.to_dict() for r in recommend_partners(one, org)] == [
            r.to_dict() for r in recommend_partners(two, org)
        ]


def test_odd_values_read_back_equal():
    """Texts holding the column separator, lone surrogates (as bad input decodes), empty and missing lists,
    numbers with gaps, and values of other kinds (kept as JSON)."""
    organizations = {
        "a": {"id": "a", "name": "nul\x00inside", "roles": [], "n": 3, "w": 0.5},
        "b": {"id": "b", "name": "Ünïcode \udcff", "roles": None, "n": None, "w": True},
        "c": {"id": "c", "name": "", "roles": ["partner", "company"], "n": -7, "w": None},
    }
    projects = [
        {"id": "p", "keywords": None, "participants": ["a", "c"]},
        {"id": "q", "keywords": [], "participants": []},
    ]
    snapshot = Snapshot(9, organizations=organizations, projects=projects, memberships=[("a", "b")])
    assert snapshot_from_arrays(snapshot_arrays(snapshot)) == snapshot


KEY = GraphKey("falkordb", "", "g", 3, 1700000000000)


def test_a_file_of_another_version_or_damaged_is_not_used(tmp_path, caplog):
    kept = StoredAnalysis(tmp_path, KEY)
    kept.save("hubs-0", hubs_arrays([]))
    assert kept.load("hubs-0", hubs_from_arrays) == []
    assert (
        StoredAnalysis(tmp_path, GraphKey("falkordb", "", "g", 4, 1700000000000)).load("hubs-0", hubs_from_arrays)
        is None
    )
    assert StoredAnalysis(tmp_path, GraphKey("falkordb", "", "g", 3, 1)).current(["hubs-0"]) == {"hubs-0": False}
    path = kept.path("hubs-0")
    path.write_bytes(path.read_bytes()[:-40])  # truncated
    assert kept.load("hubs-0", hubs_from_arrays) is None
    assert "ignored the kept analysis" in caplog.text
    # The right key, but a pickled object inside: refused (np.load without pickles), not run.
    with open(path, "wb") as f:
        np.savez(f, key=np.frombuffer(KEY.text().encode(), dtype=np.uint8), hubs=np.array([object()], dtype=object))
    assert kept.load("hubs-0", hubs_from_arrays) is None
    path.write_bytes(b"not a zip at all")
    assert kept.load("hubs-0", hubs_from_arrays) is None and kept.current(["hubs-0"]) == {"hubs-0": False}


def test_an_unwritable_folder_is_only_logged(tmp_path, caplog):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    StoredAnalysis(blocked, KEY).save("hubs-0", hubs_arrays([]))
    assert "could not keep the analysis" in caplog.text


# -- as a user runs it: a new process per command, on the demo network --------------------------------------------


@pytest.fixture(scope="module")
def folder():
    path = Path(tempfile.mkdtemp(prefix="pn-kept-", dir="/tmp"))
    yield path
    from graph.store.engine import EmbeddedEngine

    EmbeddedEngine(path).stop(force=True)


@pytest.fixture(scope="module")
def run(folder):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PARTNERNET_"))}
    env["PARTNERNET_DATA_DIR"] = str(folder)

    def run(*args: str) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [sys.executable, "-m", "partnernet", *args], capture_output=True, text=True, env=env, timeout=300
        )
        assert proc.returncode == 0, f"partnernet {' '.join(args)} failed: {proc.stderr}"
        return proc

    loaded = run("demo")
    assert "hubs: computed and kept" in loaded.stderr and "map of the network: computed and kept" in loaded.stderr
    return run


def _analysis_status(run) -> dict:
    return json.loads(run("status", "--format", "json").stdout)["analysis"]


def _kept_soon(run, member: str, seconds: float = 30.0) -> bool:
    """Whether ``member`` is kept within ``seconds``: a command that computed it has answered, and a child
    process writes it (graph.analytics.stored.StoredAnalysis.flush)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _analysis_status(run)["members"][member]:
            return True
        time.sleep(0.2)
    return False


def _engine_down(run) -> bool:
    run("engine", "stop")
    return "down" in run("engine", "status").stdout


def test_load_keeps_the_analysis_and_status_says_it_is_current(run, folder):
    status = _analysis_status(run)
    assert status["current"] is True and set(status["members"]) == set(MEMBERS)
    assert len(list((folder / FOLDER).glob("*.npz"))) == len(MEMBERS)
    assert read_version(folder, "partnernet") is not None


def test_a_kept_analysis_answers_without_starting_the_engine(run, folder):
    computed = json.loads(run("hubs", "--format", "json").stdout)
    assert _engine_down(run)
    log = folder / "engine.log"
    before = log.stat().st_size
    found = run("hubs", "--format", "json")
    assert json.loads(found.stdout) == computed and computed
    assert log.stat().st_size == before, "the engine was started"
    assert "down" in run("engine", "status").stdout


def test_the_same_hubs_whether_kept_or_computed(run, folder):
    kept = run("hubs", "--format", "json", "--members").stdout
    for file in (folder / FOLDER).glob("*.npz"):
        file.unlink()
    assert run("hubs", "--format", "json", "--members").stdout == kept
    assert _kept_soon(run, "hubs-0")


def test_any_write_makes_every_command_recompute(run, folder):
    hubs = json.loads(run("hubs", "--format", "json").stdout)
    anchor = hubs[0]["anchors"][0]
    write = "MATCH (o:Organization {id: $id}) SET o.name = $name"
    run("query", "--cypher", write, "-p", f"id={anchor['id']}", "-p", "name=Renamed by the test", "--write")
    status = _analysis_status(run)
    assert status["current"] is False and not any(status["members"].values())
    again = json.loads(run("hubs", "--format", "json").stdout)
    assert again[0]["anchors"][0]["name"] == "Renamed by the test"
    assert _engine_down(run)
    path = json.loads(run("path", anchor["id"], hubs[1]["anchors"][0]["id"], "--format", "json").stdout)
    assert path["paths"][0]["organizations"][0]["name"] == "Renamed by the test"


def test_a_damaged_file_is_rebuilt(run, folder):
    before = run("hubs", "--format", "json").stdout
    for file in (folder / FOLDER).glob("*-hubs-0.npz"):
        file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    found = run("hubs", "--format", "json")
    assert found.stdout == before
    assert "ignored the kept analysis" in found.stderr
    assert _kept_soon(run, "hubs-0")
