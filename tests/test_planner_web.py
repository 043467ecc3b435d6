"""Hubs, paths, partners and recommendations through the web app and the CLI, on the demo network."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


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
    view = client.get(f"/network.json?hub={hub['id']}&funders=1").get_json()
    assert {n["id"] for n in view["nodes"]} == members
    drawn = {n["id"] for n in client.get(f"/network.json?hub={hub['id']}").get_json()["nodes"]}
    assert drawn == {n["id"] for n in view["nodes"] if n["role"] != "funder"}, "funders drawn only when asked for"
    assert {a["id"] for a in hub["anchors"]} <= set(view["highlight"])
    coloured = client.get("/network.json?color=hub&funders=1").get_json()
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


def test_paths_page_json_and_network_hook(client, demo_store):
    data = client.get("/paths.json?from=cnam&to=Universit%C3%A9+libanaise&k=3").get_json()
    assert data["source"]["id"] == "cnam" and data["target"]["name"] == "Université libanaise"
    assert 1 <= len(data["paths"]) <= 3
    assert [p["cost"] for p in data["paths"]] == sorted(p["cost"] for p in data["paths"])
    for found in data["paths"]:
        assert found["ids"][0] == "cnam" and found["ids"][-1] == data["target"]["id"]
        assert all(h["projects"] or h["agreements"] for h in found["hops"]), "every hop is explained"
        assert all(len(h["projects"]) <= h["project_count"] for h in found["hops"])
    best = data["paths"][0]["ids"]
    view = client.get("/network.json?path=" + ",".join(best)).get_json()
    assert view["path"] == best and set(best) <= {n["id"] for n in view["nodes"]}
    assert sum(1 for e in view["edges"] if e["color"] == "#8e44ad") == len(best) - 1
    page = client.get("/paths?from=cnam&to=lb-ul").get_data(as_text=True)
    assert "/network?path=" in page and "Université libanaise" in page


def test_paths_to_a_funder_and_why_there_is_none(client):
    data = client.get("/paths.json?from=cnam&to=afd&k=2").get_json()
    assert data["to_funder"] and data["paths"][0]["hops"][-1]["kind"] == "funded_by"
    two_hops = client.get("/recommendations.json?org=cnam").get_json()["results"][0]["id"]  # a partner of partners
    none = client.get(f"/paths.json?from=cnam&to={two_hops}&max_hops=1").get_json()
    assert none["paths"] == [] and "hop" in none["reason"]
    page = client.get(f"/paths?from=cnam&to={two_hops}&max_hops=1").get_data(as_text=True)
    assert 'id="no-path"' in page


def test_names_that_match_nothing_or_several_answer_with_candidates(client):
    ambiguous = client.get("/paths.json?from=cnam&to=universite")
    assert ambiguous.status_code == 400
    error = ambiguous.get_json()["error"]
    assert "universite" in error["message"] and len(error["candidates"]) == 10
    page = client.get("/paths?from=cnam&to=universite")
    assert page.status_code == 400 and 'class="candidates"' in page.get_data(as_text=True)
    typo = client.get("/paths.json?from=cnam&to=Univrsit%C3%A9+libanaise")
    assert typo.status_code == 400
    assert {"id": "lb-ul", "name": "Université libanaise"} in typo.get_json()["error"]["candidates"]
    assert client.get("/paths.json").status_code == 400


def test_partner_finder_page_and_json(client):
    french = client.get("/partners.json?q=cybers%C3%A9curit%C3%A9").get_json()
    english = client.get("/partners.json?q=cybersecurity").get_json()
    assert [m["id"] for m in french["results"][:10]] == [m["id"] for m in english["results"][:10]]
    assert all(m["reasons"] for m in french["results"])
    morocco = client.get("/partners.json?q=cybersecurity&country=MA&from=cnam").get_json()["results"]
    assert morocco and all(m["country"] == "MA" and m["parts"]["proximity"] is not None for m in morocco)
    soler = client.get("/partners.json?q=soler")
    assert soler.status_code == 200, "words that match nothing are not a mistake (issue 16, item 7)"
    assert soler.get_json()["results"] == [] and "Solar energy" in soler.get_json()["suggestions"]
    assert "Cybersécurité" in client.get("/partners?q=cybers%C3%A9curit%C3%A9&lang=fr").get_data(as_text=True)


def test_recommendations_page_and_json(client, demo_store):
    data = client.get("/recommendations.json?org=Cnam+Bretagne").get_json()
    assert data["organization"]["id"] == "rc-bretagne" and data["results"]
    tied = {
        r["id"]
        for r in demo_store.run(
            "MATCH (a:Organization {id: 'rc-bretagne'})-[:PARTICIPATES_IN|PARTY_TO]->()"
            "<-[:PARTICIPATES_IN|PARTY_TO]-(b) RETURN DISTINCT b.id AS id "
            "UNION MATCH (a:Organization {id: 'rc-bretagne'})-[:MEMBER_OF]-(b) RETURN b.id AS id"
        ).rows
    }
    assert not tied & {r["id"] for r in data["results"]}
    assert all(r["reasons"] and r["parts"]["common_partners"] >= 1 for r in data["results"])
    assert "works with" in client.get("/recommendations?org=rc-bretagne&lang=en").get_data(as_text=True)


def test_cli_path_partners_recommend(cli_env, client):
    path = _cli(cli_env, "path", "cnam", "Université libanaise", "-k", "2", "--format", "json")
    assert path.returncode == 0, path.stderr
    assert json.loads(path.stdout)["paths"][0]["organizations"][0]["id"] == "cnam"
    table = _cli(cli_env, "path", "cnam", "afd", "-k", "1")
    assert table.returncode == 0 and "funded by" in table.stdout
    found = _cli(cli_env, "partners", "cybersécurité", "--country", "MA", "--format", "json")
    web = client.get("/partners.json?q=cybers%C3%A9curit%C3%A9&country=MA").get_json()["results"]
    assert [m["id"] for m in json.loads(found.stdout)] == [m["id"] for m in web]
    rec = _cli(cli_env, "recommend", "rc-bretagne", "--limit", "3")
    assert rec.returncode == 0 and "works with" in rec.stdout
    bad = _cli(cli_env, "path", "cnam", "universite")
    assert bad.returncode == 1 and "matches" in bad.stderr and "(id " in bad.stderr
