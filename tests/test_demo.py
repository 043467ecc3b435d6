"""The demo network generator: valid against the input schema, deterministic, rich enough to explore."""

from __future__ import annotations

import hashlib
import itertools
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from loaders.generators import demo
from loaders.generators.demo import DEMO_NOTICE, DEMO_SOURCE, demo_network
from loaders.schema import CENTRE_LEVELS, PARTICIPATION_ROLES, ROLES, TABLES

ROOT = Path(__file__).resolve().parents[1]
NODE_TABLES = ("organizations", "countries", "expertise", "projects", "agreements")
ACCENTS = set("àâäçéèêëîïôöùûüÿœÉÈÊÀÂÎÔÇ")


@pytest.fixture(scope="module", params=[2026, 99], ids=lambda seed: f"seed{seed}")
def seed(request) -> int:
    return request.param


@pytest.fixture(scope="module")
def network(seed) -> dict[str, list[dict]]:
    return demo_network(seed)


@pytest.fixture(scope="module")
def orgs(network) -> dict[str, dict]:
    return {row["id"]: row for row in network["organizations"]}


def _expertise_under(network, root: str) -> set[str]:
    """Ids of ``root`` and of every term whose broader chain reaches it."""
    broader = {row["id"]: row["broader"] for row in network["expertise"]}
    found = set()
    for term in broader:
        current = term
        while current is not None:
            if current == root:
                found.add(term)
                break
            current = broader[current]
    return found


def _organizations_with(network, orgs, root: str, country: str) -> set[str]:
    terms = _expertise_under(network, root)
    return {
        row["organization"]
        for row in network["organization_expertise"]
        if row["expertise"] in terms and orgs[row["organization"]]["country"] == country
    }


# -- determinism ---------------------------------------------------------------


def test_same_seed_same_network(network, seed):
    assert demo_network(seed) == network
    if seed == 2026:
        assert demo_network() == network


def test_other_seed_other_network(network, seed):
    other = demo_network(seed + 1)
    assert other != network
    assert other["participations"] != network["participations"]
    # The reference data does not depend on the seed.
    assert other["countries"] == network["countries"]
    assert other["expertise"] == network["expertise"]


def _digest_in_subprocess(seed: int, hash_seed: str) -> str:
    code = (
        "import hashlib; from loaders.generators.demo import demo_network; "
        f"print(hashlib.sha256(repr(demo_network({seed})).encode()).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout.strip()


def test_independent_of_hash_randomisation(network, seed):
    expected = hashlib.sha256(repr(network).encode()).hexdigest()
    assert _digest_in_subprocess(seed, "1") == expected
    assert _digest_in_subprocess(seed, "12345") == expected


def test_fast():
    started = time.perf_counter()
    demo_network(3)
    assert time.perf_counter() - started < 2.0  # about 0.1 s; generous for busy machines


# -- validity against loaders/schema.py ------------------------------------------


def test_tables_and_columns(network):
    assert list(network) == list(TABLES)
    for name, table in TABLES.items():
        columns = [column.name for column in table.columns]
        assert network[name], name
        for row in network[name]:
            assert list(row) == columns, (name, row)


def _type_ok(column, value) -> bool:
    if column.type == "text":
        return isinstance(value, str) and value != ""
    if column.type == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if column.type == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if column.type == "date":
        return isinstance(value, date)
    if column.type == "list":
        return isinstance(value, list) and bool(value) and all(isinstance(item, str) and item for item in value)
    raise AssertionError(f"unknown column type {column.type}")


def test_types_required_and_choices(network):
    for name, table in TABLES.items():
        for row in network[name]:
            for column in table.columns:
                value = row[column.name]
                if value is None:
                    assert not column.required, (name, column.name, row)
                    continue
                assert _type_ok(column, value), (name, column.name, value)
                if column.choices:
                    values = value if column.type == "list" else [value]
                    assert set(values) <= set(column.choices), (name, column.name, value)


def test_keys_unique(network):
    for name, table in TABLES.items():
        keys = [tuple(row[k] for k in table.key) for row in network[name]]
        duplicates = [key for key, count in Counter(keys).items() if count > 1]
        assert not duplicates, (name, duplicates[:5])


def test_every_reference_resolves(network):
    for name, table in TABLES.items():
        for column in table.columns:
            if not column.ref:
                continue
            target = TABLES[column.ref]
            assert len(target.key) == 1
            known = {row[target.key[0]] for row in network[column.ref]}
            missing = {row[column.name] for row in network[name] if row[column.name] is not None} - known
            assert not missing, (name, column.name, sorted(missing)[:5])


def test_schema_constants_used_as_documented():
    assert set(ROLES) == {"centre", "partner", "company", "funder"}
    assert "regional" in CENTRE_LEVELS and "coordinator" in PARTICIPATION_ROLES


# -- size and shape --------------------------------------------------------------


def test_size_bounds(network, orgs):
    nodes = sum(len(network[name]) for name in NODE_TABLES)
    assert 1000 <= nodes <= 3000
    assert 300 <= len(network["projects"]) <= 600
    assert 40 <= len(network["expertise"]) <= 80
    levels = Counter(row["centre_level"] for row in orgs.values())
    assert levels["headquarters"] == 1
    assert levels["regional"] == 30
    assert 100 <= levels["teaching"] <= 158
    assert levels["partner_centre"] >= 8


def test_centre_hierarchy(network, orgs):
    parents = defaultdict(list)
    for row in network["memberships"]:
        parents[row["member"]].append(row["parent"])
    (hq,) = [o for o in orgs.values() if o["centre_level"] == "headquarters"]
    assert hq["city"] == "Paris" and hq["country"] == "FR"
    for org in orgs.values():
        assert "centre" in org["roles"] or org["centre_level"] is None
        if org["centre_level"] == "regional":
            assert parents[org["id"]] == [hq["id"]]
        elif org["centre_level"] == "teaching":
            assert len(parents[org["id"]]) == 1, org["id"]
            assert orgs[parents[org["id"]][0]]["centre_level"] == "regional"
        elif org["centre_level"] == "partner_centre":
            assert org["country"] != "FR" and parents[org["id"]]
    for member, parent in ((r["member"], r["parent"]) for r in network["memberships"]):
        assert orgs[member]["centre_level"] and orgs[parent]["centre_level"]


def test_regional_centres_include_overseas(orgs):
    names = {o["name"] for o in orgs.values() if o["centre_level"] == "regional"}
    assert {"Cnam Bretagne", "Cnam Île-de-France", "Cnam La Réunion", "Cnam Guyane", "Cnam Nouvelle-Calédonie"} <= names
    for org in orgs.values():
        assert -90 <= org["lat"] <= 90 and -180 <= org["lon"] <= 180
        if org["centre_level"] in ("regional", "teaching"):
            assert org["country"] == "FR"


def test_countries(network):
    countries = {row["code"]: row for row in network["countries"]}
    for code in ("FR", "DZ", "CI", "HT", "LB", "MA", "SN", "TN", "BR", "CN", "RU"):
        assert code in countries
    assert countries["FR"]["priority"] == "home"
    assert countries["SN"]["priority"] == "francophone" and countries["SN"]["name_fr"] == "Sénégal"
    assert {countries[c]["priority"] for c in ("BR", "CN", "RU")} == {"emerging"}
    assert any(row["priority"] == "europe" for row in network["countries"])


def test_funders_and_programmes(network, orgs):
    funders = {o["short_name"] or o["name"] for o in orgs.values() if "funder" in o["roles"]}
    assert {"AFD", "EU", "MEAE", "MESR", "AIMF", "Campus France", "AUF"} <= funders
    assert sum(1 for o in orgs.values() if "funder" in o["roles"] and o["name"].startswith("Région ")) >= 5
    for row in network["fundings"]:
        assert "funder" in orgs[row["funder"]]["roles"]
        assert row["amount"] > 0 and 2012 <= row["year"] <= 2026
    programmes = {row["programme"] for row in network["projects"]}
    assert {"Brafitec", "Erasmus+ KA107", "Erasmus+ KA171", "Erasmus+ Capacity building", "PHC Maghreb"} <= programmes
    funded = {row["project"] for row in network["fundings"]}
    assert funded == {row["id"] for row in network["projects"]}


def test_companies(orgs):
    companies = [o for o in orgs.values() if "company" in o["roles"]]
    assert len(companies) >= 15
    assert any("partner" in o["roles"] for o in companies)
    assert any(o["country"] != "FR" for o in companies)


def test_expertise_vocabulary(network):
    terms = {row["id"]: row for row in network["expertise"]}
    assert terms["cybersecurity"]["name_fr"] == "Cybersécurité"
    assert terms["cybersecurity"]["broader"] == "computer-science"
    assert terms["computer-science"]["name_fr"] == "Informatique"
    depth = {}
    for term in terms:
        level, current = 1, terms[term]["broader"]
        while current is not None:
            level, current = level + 1, terms[current]["broader"]
        depth[term] = level
    assert max(depth.values()) == 3
    assert all(row["name_fr"] for row in terms.values())
    levels = {row["level"] for row in network["organization_expertise"]}
    assert levels <= {1, 2, 3, 4, 5} and len(levels) == 5
    assert all(row["evidence"] for row in network["organization_expertise"])


def test_projects_participations_and_dates(network):
    members = defaultdict(list)
    for row in network["participations"]:
        members[row["project"]].append(row)
    sizes = Counter()
    for project in network["projects"]:
        rows = members[project["id"]]
        assert 2 <= len(rows) <= 12, project["id"]
        assert sum(1 for r in rows if r["role"] == "coordinator") == 1, project["id"]
        assert date(2012, 1, 1) <= project["start"] <= project["end"] <= date(2026, 12, 31)
        assert project["budget"] > 0
        sizes[len(rows)] += 1
    assert sizes[2] > sizes[8] > 0  # heavy-tailed
    addressed = {row["project"] for row in network["project_expertise"]}
    assert addressed == {row["id"] for row in network["projects"]}
    for agreement in network["agreements"]:
        assert agreement["expires"] is None or agreement["expires"] > agreement["signed"]
    parties = Counter(row["agreement"] for row in network["agreement_parties"])
    assert all(parties[row["id"]] >= 2 for row in network["agreements"])
    kinds = {row["kind"] for row in network["agreements"]}
    assert {"convention", "MoU", "joint degree"} <= kinds


def test_every_teaching_centre_takes_part(network, orgs):
    active = {row["organization"] for row in network["participations"]}
    teaching = {o["id"] for o in orgs.values() if o["centre_level"] == "teaching"}
    assert teaching <= active


# -- what the analyses need --------------------------------------------------------


def test_partner_search_material(network, orgs):
    assert len(_organizations_with(network, orgs, "cybersecurity", "MA")) >= 4
    assert len(_organizations_with(network, orgs, "energy", "SN")) >= 4
    assert len(_organizations_with(network, orgs, "water-environment", "TN")) >= 4


def test_excellence_hubs(network):
    """The cooperation graph is connected and splits into clear communities."""
    members = defaultdict(list)
    for row in network["participations"]:
        members[row["project"]].append(row["organization"])
    G = nx.Graph()
    for orgs_of_project in members.values():
        for a, b in itertools.combinations(orgs_of_project, 2):
            weight = G.get_edge_data(a, b, {"weight": 0})["weight"]
            G.add_edge(a, b, weight=weight + 1)
    assert nx.is_connected(G)
    communities = nx.community.louvain_communities(G, weight="weight", seed=1)
    assert len(communities) >= 5
    assert nx.community.modularity(G, communities, weight="weight") > 0.3
    degrees = sorted((d for _n, d in G.degree()), reverse=True)
    assert degrees[0] > 10 * degrees[len(degrees) // 2]  # hubs


def test_cooperation_path_teaching_regional_abroad_funder(network, orgs):
    projects_of = defaultdict(set)
    for row in network["participations"]:
        projects_of[row["organization"]].add(row["project"])
    funders_of = defaultdict(set)
    for row in network["fundings"]:
        funders_of[row["project"]].add(row["funder"])
    parent = {row["member"]: row["parent"] for row in network["memberships"]}
    paths = 0
    for teaching in (o["id"] for o in orgs.values() if o["centre_level"] == "teaching"):
        regional = parent[teaching]
        if not projects_of[teaching] & projects_of[regional]:
            continue
        for abroad in (o["id"] for o in orgs.values() if o["country"] != "FR" and "funder" not in o["roles"]):
            if projects_of[regional] & projects_of[abroad]:
                if any(funders_of[p] for p in projects_of[abroad] - projects_of[regional]):
                    paths += 1
                    break
    assert paths >= 50


# -- marked as illustrative ----------------------------------------------------------


def test_marked_illustrative(orgs):
    assert all(org["website"] is None for org in orgs.values())
    assert "invented" in DEMO_NOTICE and DEMO_SOURCE == "partnernet-demo (illustrative)"
    assert demo.__all__ == ["DEMO_NOTICE", "DEMO_SOURCE", "demo_network"]


def test_french_accents(network, orgs):
    names = [o["name"] for o in orgs.values()] + [row["name_fr"] for row in network["expertise"]]
    assert sum(1 for name in names if set(name) & ACCENTS) >= 30
