"""Hubs, paths, partners and recommendations through the web app and the CLI, on the demo network."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def client(web_app):
    return web_app.test_client()


@pytest.fixture(scope="module")
def cli_env(demo_store):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["PARTNERNET_DATA_DIR"] = str(demo_store.settings.data_dir)
    return env


def _cli(env, *args) -> subprocess.CompletedProcess:
    """``partnernet ARGS`` as a user runs it, on the module's engine."""
    return subprocess.run(
        [sys.executable, "-m", "partnernet", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_hubs_page_and_json_agree_and_are_stable(client):
    data = client.get("/hubs.json").get_json()
    assert data["count"] == len(data["hubs"]) >= 3
    assert [h["score"] for h in data["hubs"]] == sorted((h["score"] for h in data["hubs"]), reverse=True)
    assert client.get("/hubs.json").get_json() == data, "same graph, same seed: same hubs in the same order"
    page = client.get("/hubs").get_data(as_text=True)
    first = data["hubs"][0]
    assert first["anchors"][0]["name"] in page or first["anchors"][0]["name"].replace("'", "&#39;") in page
    assert f'href="/network?hub={first["id"]}"' in page and 'href="/network?color=hub"' in page


def test_hub_filters_and_errors(client, demo_store):
    everything = client.get("/hubs.json").get_json()["hubs"]
    morocco = client.get("/hubs.json?country=MA").get_json()["hubs"]
    assert morocco and len(morocco) <= len(everything)
    for hub in morocco:
        detail = client.get(f"/hubs/{hub['id']}.json").get_json()["hub"]
        assert any(m["country"] == "MA" for m in detail["members"])
    term = everything[0]["specialisation"][0]["id"]
    assert everything[0]["id"] in {h["id"] for h in client.get(f"/hubs.json?expertise={term}").get_json()["hubs"]}
    bad = client.get("/hubs.json?country=ZZ")
    assert bad.status_code == 400 and "ZZ" in bad.get_json()["error"]["message"]
    assert client.get("/hubs/9999.json").status_code == 404


def test_network_shows_a_hub_and_colours_by_hub(client):
    hub = client.get("/hubs.json").get_json()["hubs"][0]
    members = set(
        client.get(f"/hubs/{hub['id']}.json").get_json()["hub"]["members"][i]["id"] for i in range(hub["size"])
    )
    view = client.get(f"/network.json?hub={hub['id']}").get_json()
    assert {n["id"] for n in view["nodes"]} == members
    assert {a["id"] for a in hub["anchors"]} <= set(view["highlight"])
    coloured = client.get("/network.json?color=hub").get_json()
    by_hub = {n["id"]: n["hub"] for n in coloured["nodes"]}
    assert all(by_hub[m] == hub["id"] for m in members)
    assert client.get("/network.json?color=country").status_code == 400


def test_cli_hubs_matches_the_web(cli_env, client):
    result = _cli(cli_env, "hubs", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == client.get("/hubs.json").get_json()["hubs"]
    table = _cli(cli_env, "hubs")
    assert table.returncode == 0 and "specialisation" in table.stdout
    bad = _cli(cli_env, "hubs", "--expertise", "nope")
    assert (
        bad.returncode == 1
        and bad.stderr.strip() == "error: unknown expertise 'nope': use an expertise id of the graph"
    )
