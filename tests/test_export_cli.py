"""``partnernet export``, run as a user runs it: the demo's views, read back with networkx, are the page's."""

from __future__ import annotations

import io
import json
import re

import networkx as nx
import pytest

from tests.test_cli import run  # noqa: F401 (the fixture: partnernet in a new process, on data_dir)
from tests.test_exports import _check, _expected


@pytest.fixture
def demo(run, data_dir, monkeypatch):  # noqa: F811
    """The demo network loaded by ``partnernet demo``, and the web app on the same data folder."""
    from graph.settings import load_settings
    from web import create_app

    run("demo")
    monkeypatch.setenv("PARTNERNET_DATA_DIR", str(data_dir))
    for name in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_AUTH", "PARTNERNET_ENGINE"):
        monkeypatch.delenv(name, raising=False)
    app = create_app({"TESTING": True, "SETTINGS": load_settings()})
    yield app
    app.extensions["partnernet"].close()


def test_export_gexf_and_graphml_of_the_demo_default_view_read_back_as_the_page_draws_it(run, demo, tmp_path):  # noqa: F811
    client = demo.test_client()
    nodes, ties, weights = _expected(client, demo, "")
    assert len(nodes) > 300 and len(ties) > 1000
    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        out = tmp_path / f"view.{fmt}"
        proc = run("export", "--format", fmt, str(out))
        assert f"{out}: " in proc.stderr
        _check(read(out), nodes, ties, weights)
        page = read(io.BytesIO(client.get(f"/network/export/{fmt}").data))
        assert dict(read(out).nodes(data=True)) == dict(page.nodes(data=True))
    assert not list(tmp_path.glob(".view.*")), "a temporary file was left"


def test_export_filters_are_the_page_parameters(run, demo, tmp_path):  # noqa: F811
    client = demo.test_client()
    query = "country=MA&country=TN&role=partner&role=centre&min_strength=2&year_from=2015"
    nodes, ties, weights = _expected(client, demo, query)
    args = ["--country", "MA", "--country", "TN", "--role", "partner", "--role", "centre"]
    out = run("export", "--format", "graphml", *args, "--min-strength", "2", "--year-from", "2015", "-").stdout
    _check(nx.read_graphml(io.BytesIO(out.encode("utf-8"))), nodes, ties, weights)


def test_export_html_snapshot_and_csv(run, demo, tmp_path):  # noqa: F811
    nodes, _, _ = _expected(demo.test_client(), demo, "")
    page = tmp_path / "view.html"
    run("export", "--format", "html", "--lang", "fr", str(page))
    text = page.read_text(encoding="utf-8")
    drawing = json.loads(re.search(r'<script type="application/json" id="view-data">(.*?)</script>', text, re.S)[1])
    assert {n["id"] for n in drawing["nodes"]} == set(nodes)
    assert "Instantané du réseau" in text and "<script src" not in text
    run("export", "--format", "csv", str(tmp_path / "view.zip"))
    assert (tmp_path / "view.zip").read_bytes()[:2] == b"PK"


def test_export_errors_are_one_line(run, demo, tmp_path):  # noqa: F811
    for args, needle in [
        (("--format", "gexf", "--country", "ZZ", str(tmp_path / "x.gexf")), "unknown country 'ZZ'"),
        (("--format", "csv", "-"), "give a file name"),
        (("--format", "gexf", str(tmp_path / "no" / "x.gexf")), "cannot write"),
    ]:
        proc = run("export", *args, check=False)
        assert proc.returncode != 0, args
        assert needle in proc.stderr, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
    assert not (tmp_path / "x.gexf").exists()
