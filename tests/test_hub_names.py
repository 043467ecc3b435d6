"""Hub names: made from each hub's data, in English and French, in the JSON, the pages and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from graph.analytics.cooperation import cooperation_graph
from graph.analytics.hubs import excellence_hubs, hub_name
from graph.analytics.snapshot import snapshot_from_network
from tests.test_hubs import _two_triangles


def test_the_leading_specialisation_is_common_and_characteristic():
    rare = {"name": "Hydropower", "name_fr": "Hydroélectricité", "share": 0.04, "lift": 9.0}
    common = {"name": "Cybersecurity", "name_fr": "Cybersécurité", "share": 0.5, "lift": 3.0}
    everywhere = {"name": "Management", "name_fr": None, "share": 0.9, "lift": 1.5}
    anchor = {"name": "Cnam Maroc", "name_fr": None, "short_name": None}
    # share x log(lift): 0.04 x 2.20 = 0.09, 0.5 x 1.10 = 0.55, 0.9 x 0.41 = 0.36
    assert hub_name([rare, common, everywhere], anchor) == ("Cybersecurity · Cnam Maroc", "Cybersécurité · Cnam Maroc")
    # a term without a French name keeps its English one in the French form
    assert hub_name([everywhere], anchor) == ("Management · Cnam Maroc", "Management · Cnam Maroc")


def test_short_and_french_names_of_the_anchor_and_the_country_stand_in():
    long = {"name": "Conservatoire national des arts et métiers", "name_fr": None, "short_name": "Cnam"}
    french = {"name": "University of Tunis", "name_fr": "Université de Tunis", "short_name": None}
    morocco = {"name": "Morocco", "name_fr": "Maroc"}
    assert hub_name([], long, morocco) == ("Morocco · Cnam", "Maroc · Cnam")
    assert hub_name([], french) == ("University of Tunis", "Université de Tunis")


def test_hubs_of_two_triangles_are_named_by_their_term_and_anchor():
    hubs = excellence_hubs(cooperation_graph(snapshot_from_network(_two_triangles())))
    names = {tuple(h.members): (h.name, h.name_fr) for h in hubs}
    # abc: robotics (a and b hold it); its anchors tie equally, so the first in id order, A
    # def: AI (their project p3 addresses it); anchor D
    assert names == {("a", "b", "c"): ("Robotics · A", "Robotics · A"), ("d", "e", "f"): ("AI · D", "AI · D")}
    assert all(h.to_dict()["name"] == h.name for h in hubs)


def test_hubs_json_pages_and_legend_use_the_names(client):
    hubs = client.get("/hubs.json").get_json()["hubs"]
    names = [h["name"] for h in hubs]
    assert len(hubs) >= 3 and all(" · " in n for n in names)
    assert len(set(names)) == len(names), "each hub has its own name"
    page = client.get("/hubs").get_data(as_text=True)
    assert all(n.replace("'", "&#39;") in page for n in names)
    first = hubs[0]
    detail = client.get(f"/hubs/{first['id']}").get_data(as_text=True)
    assert f"Hub {first['id']}: {first['name']}".replace("'", "&#39;") in detail
    french = client.get(f"/hubs/{first['id']}.json?lang=fr").get_json()["hub"]
    assert french["name"] == first["name"] and french["name_fr"] != first["name"], "the demo's terms have French names"
    assert f"Pôle {first['id']}\u00a0: {french['name_fr']}" in client.get(f"/hubs/{first['id']}?lang=fr").get_data(
        as_text=True
    ).replace("&#39;", "'")
    client.get("/hubs?lang=en")
    # the legend coloured by hub names the hubs the network has, and links only to them
    legend = client.get("/network?color=hub").get_data(as_text=True).split('id="legend"')[1].split("</ul>")[0]
    known = {h["id"] for h in hubs}
    linked = {int(part.split('"')[0]) for part in legend.split('href="/hubs/')[1:]}
    assert linked and linked <= known
    assert all(f"Hub {h['id']}: {h['name']}".replace("'", "&#39;") in legend for h in hubs if h["id"] in linked)


def test_network_json_lists_the_hub_regions_drawn(client):
    data = client.get("/network.json").get_json()
    drawn = {n["id"] for n in data["nodes"]}
    names = {h["id"]: h["name"] for h in client.get("/hubs.json").get_json()["hubs"]}
    regions = [r for r in data["regions"] if r["region"]]
    assert regions and all(r["name"] == names[r["id"]] for r in data["regions"])
    assert all(set(r["members"]) <= drawn and len(r["members"]) >= 3 for r in regions)
    members = [o for r in data["regions"] for o in r["members"]]
    assert len(members) == len(set(members)), "an organization is in one hub"


def test_the_hubs_command_prints_the_names(demo_store):
    if demo_store.dialect != "falkordb":
        pytest.skip("the command runs on the embedded engine of the demo store")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["PARTNERNET_DATA_DIR"] = str(demo_store.settings.data_dir)
    result = subprocess.run(
        [sys.executable, "-m", "partnernet", "hubs", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    hubs = json.loads(result.stdout)
    assert hubs and all(h["name"] and h["name_fr"] for h in hubs)
    table = subprocess.run(
        [sys.executable, "-m", "partnernet", "hubs"], capture_output=True, text=True, env=env, timeout=300, check=True
    ).stdout
    assert "name" in table.splitlines()[0] and hubs[0]["name"] in table
