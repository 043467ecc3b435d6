"""The synthetic network generator: valid, deterministic, sized as asked, with the structure of real networks."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections import Counter, defaultdict

import pytest

from loaders.generators.synthetic import COUNTRIES, MIN_ORGANIZATIONS, PROJECT_SIZE_CAP, generate_network
from loaders.schema import TABLES
from loaders.validate import format_problems, has_errors, validate_network

SIZES = (2_000, 10_000)


@pytest.fixture(scope="module", params=SIZES, ids=lambda n: f"n{n}")
def network(request) -> dict[str, list[dict]]:
    return generate_network(request.param, seed=7)


@pytest.fixture(scope="module")
def small() -> dict[str, list[dict]]:
    return generate_network(2_000, seed=3)


def _participations_per_org(network) -> Counter:
    return Counter(row["organization"] for row in network["participations"])


def _project_sizes(network) -> Counter:
    return Counter(row["project"] for row in network["participations"])


# -- the contract ------------------------------------------------------------------


def test_validates_without_errors(network):
    problems = validate_network(network, source="synthetic")
    assert not has_errors(problems), format_problems(problems, limit=20)
    assert not problems, format_problems(problems, limit=20)  # not even warnings


def test_every_table_is_filled(network):
    assert list(network) == list(TABLES)
    assert all(network[name] for name in TABLES)


def test_same_seed_same_network_different_seed_different(small):
    assert generate_network(2_000, seed=3) == small
    other = generate_network(2_000, seed=4)
    assert other != small
    assert other["participations"] != small["participations"]
    assert len(other["organizations"]) == len(small["organizations"])


@pytest.mark.parametrize("n", [MIN_ORGANIZATIONS, 123, 2_001])
def test_sizes_are_honoured(n):
    network = generate_network(n, seed=1)
    assert len(network["organizations"]) == n
    assert not has_errors(validate_network(network))


def test_sizes_follow_h2020_ratios(network):
    n = len(network["organizations"])
    assert 0.85 * n <= len(network["projects"]) <= 0.9 * n  # H2020: 0.877
    assert 3.5 * n <= len(network["participations"]) <= 4.6 * n  # H2020: 4.03


@pytest.mark.parametrize("bad", [MIN_ORGANIZATIONS - 1, 0, -5, 10.5, True, "100"])
def test_a_bad_size_is_refused(bad):
    with pytest.raises(ValueError, match="organizations"):
        generate_network(bad)


def test_a_bad_seed_is_refused():
    with pytest.raises(ValueError, match="seed"):
        generate_network(100, seed=-1)


# -- structure ------------------------------------------------------------------------


def test_activity_is_heavy_tailed(network):
    per_org = _participations_per_org(network)
    counts = sorted(per_org.values())
    median = statistics.median(counts)
    assert median <= 3
    assert counts[-1] >= 20 * median, counts[-10:]
    assert sum(1 for c in counts if c <= 3) / len(counts) >= 0.6  # most organizations in 1 to 3 projects
    if len(network["organizations"]) >= 10_000:
        assert sum(1 for c in counts if c >= 100) >= 3  # a few in hundreds


def test_every_organization_but_the_funders_takes_part(network):
    per_org = _participations_per_org(network)
    for org in network["organizations"]:
        if org["roles"] == ["funder"]:
            assert org["id"] not in per_org
        else:
            assert per_org[org["id"]] >= 1, org["id"]


def test_project_sizes_median_tail_and_cap(network):
    sizes = sorted(_project_sizes(network).values())
    assert len(sizes) == len(network["projects"])  # every project has participants
    assert 3 <= statistics.median(sizes) <= 5
    assert sizes[-1] <= PROJECT_SIZE_CAP
    assert sizes[-1] >= 30  # a long tail of large consortia


def test_one_coordinator_per_project(network):
    coordinators = Counter(row["project"] for row in network["participations"] if row["role"] == "coordinator")
    assert set(coordinators) == {p["id"] for p in network["projects"]}
    assert set(coordinators.values()) == {1}


def test_projects_draw_most_participants_from_their_community(network):
    """A project's first expertise is its community's term; most participants declare it."""
    declared = defaultdict(set)
    for row in network["organization_expertise"]:
        declared[row["organization"]].add(row["expertise"])
    community = {}
    for row in network["project_expertise"]:
        community.setdefault(row["project"], row["expertise"])
    members = defaultdict(list)
    for row in network["participations"]:
        members[row["project"]].append(community[row["project"]] in declared[row["organization"]])
    shares = [sum(inside) / len(inside) for inside in members.values()]
    assert statistics.mean(shares) >= 0.6
    assert sum(1 for s in shares if s > 0.5) / len(shares) >= 0.75  # most projects: a majority inside
    assert sum(1 for s in shares if s < 1) / len(shares) >= 0.2  # and some partners from outside


def test_projects_draw_most_participants_from_their_country_group(network):
    group_of = {code: group for code, _en, _fr, _p, group, *_rest in COUNTRIES}
    country = {row["id"]: row["country"] for row in network["organizations"]}
    by_project = defaultdict(list)
    coordinator = {}
    for row in network["participations"]:
        by_project[row["project"]].append(group_of[country[row["organization"]]])
        if row["role"] == "coordinator":
            coordinator[row["project"]] = group_of[country[row["organization"]]]
    inside = sum(sum(g == coordinator[p] for g in groups) for p, groups in by_project.items())
    share = inside / len(network["participations"])
    baseline = max(Counter(group_of[c] for c in country.values()).values()) / len(country)
    assert share >= 0.6
    assert share >= baseline + 0.15


def test_a_few_funders_fund_most_projects(network):
    funders = [org for org in network["organizations"] if "funder" in org["roles"]]
    assert 5 <= len(funders) <= 20
    projects = {p["id"]: p for p in network["projects"]}
    per_funder = Counter(row["funder"] for row in network["fundings"])
    ranked = [n for _f, n in per_funder.most_common()]
    assert ranked[0] >= 0.4 * len(projects)  # one funds a large share
    assert sum(ranked[:3]) >= 0.7 * len(projects)
    assert {row["project"] for row in network["fundings"]} == set(projects)  # every project funded
    for row in network["fundings"]:
        project = projects[row["project"]]
        assert 0 < row["amount"] <= project["budget"]
        assert row["year"] == project["start"].year


def test_years_are_spread_and_projects_last(network):
    years = Counter(p["start"].year for p in network["projects"])
    assert len(years) >= 12
    assert max(years.values()) < 0.2 * len(network["projects"])
    assert all(p["start"] < p["end"] for p in network["projects"])
    assert all(a["expires"] is None or a["signed"] < a["expires"] for a in network["agreements"])


def test_centre_hierarchy_scales_with_size(network, small):
    def levels(net):
        return Counter(org["centre_level"] for org in net["organizations"] if org["centre_level"])

    count = levels(network)
    assert count["headquarters"] == 1
    assert count["regional"] >= 3 and count["teaching"] >= 5 and count["partner_centre"] >= 2
    if len(network["organizations"]) > len(small["organizations"]):
        assert count["teaching"] > levels(small)["teaching"]
    level = {org["id"]: org["centre_level"] for org in network["organizations"]}
    parents = defaultdict(list)
    for row in network["memberships"]:
        parents[row["member"]].append(level[row["parent"]])
    for org_id, org_level in level.items():
        if org_level == "teaching":
            assert parents[org_id] == ["regional"]
        elif org_level in ("regional", "partner_centre"):
            assert parents[org_id] == ["headquarters"]
        else:
            assert org_id not in parents


def test_organizations_have_readable_names_and_kinds(network):
    kinds = Counter(org["kind"] for org in network["organizations"])
    assert {"company", "university", "research", "public"} <= set(kinds)
    universities = [org for org in network["organizations"] if org["id"].startswith("uni-")]
    org = universities[0]
    country = next(c for c in COUNTRIES if c[0] == org["country"])
    assert org["name"].startswith("Synthetic University ") and org["name"].endswith(f"({country[1]})")
    assert org["name_fr"].startswith("Université synthétique ") and org["name_fr"].endswith(f"({country[2]})")
    companies = [org for org in network["organizations"] if org["kind"] == "company"]
    assert all(org["roles"] == ["company"] for org in companies)


def test_expertise_vocabulary_levels_and_evidence(network):
    terms = {row["id"]: row for row in network["expertise"]}
    assert all(row["name_fr"] for row in terms.values())
    assert sum(1 for row in terms.values() if row["broader"]) >= 0.8 * len(terms)
    declared = Counter(row["organization"] for row in network["organization_expertise"])
    for org in network["organizations"]:
        if "funder" not in org["roles"]:
            assert declared[org["id"]] >= 1
    assert {row["level"] for row in network["organization_expertise"]} <= {1, 2, 3, 4, 5}
    assert all(row["evidence"] for row in network["organization_expertise"])


def test_agreements_are_mostly_bilateral(network):
    parties = Counter(row["agreement"] for row in network["agreement_parties"])
    assert set(parties) == {a["id"] for a in network["agreements"]}
    assert min(parties.values()) >= 2
    assert sum(1 for n in parties.values() if n == 2) / len(parties) >= 0.75
    assert max(parties.values()) > 2


def test_larger_networks_have_a_larger_vocabulary():
    assert len(generate_network(60_000)["expertise"]) > len(generate_network(2_000)["expertise"])


# -- the command line -----------------------------------------------------------------


@pytest.fixture
def run(data_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["PARTNERNET_DATA_DIR"] = str(data_dir)

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "partnernet", *args], capture_output=True, text=True, env=env, timeout=300
        )

    return run


def test_cli_generate_writes_a_folder_that_loads(run, tmp_path):
    out = tmp_path / "net"
    proc = run("generate", "--nodes", "300", "--seed", "5", str(out))
    assert proc.returncode == 0, proc.stderr
    summary = proc.stdout.strip()
    assert len(summary.splitlines()) == 1
    assert "organizations 300" in summary and "participations" in summary
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.csv" for name in TABLES)

    proc = run("load", "--dry-run", "--output", "json", str(out))
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["dry_run"] is True
    assert report["graph"]["nodes"] == 0  # nothing written


def test_cli_generate_does_not_overwrite_without_force(run, tmp_path):
    out = tmp_path / "net"
    assert run("generate", "--nodes", "100", str(out)).returncode == 0
    before = (out / "organizations.csv").read_bytes()
    proc = run("generate", "--nodes", "100", "--seed", "1", str(out))
    assert proc.returncode != 0
    assert "not empty" in proc.stderr and "--force" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr
    assert (out / "organizations.csv").read_bytes() == before
    proc = run("generate", "--nodes", "100", "--seed", "1", "--force", str(out))
    assert proc.returncode == 0, proc.stderr
    assert (out / "organizations.csv").read_bytes() != before


def test_cli_generate_json(run, tmp_path):
    out = tmp_path / "net.json"
    proc = run("generate", "--nodes", "100", "--format", "json", str(out))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["organizations"]) == 100
    assert run("load", "--dry-run", str(out)).returncode == 0


def test_cli_generate_refuses_a_too_small_network(run, tmp_path):
    proc = run("generate", "--nodes", "10", str(tmp_path / "net"))
    assert proc.returncode != 0
    assert "--nodes" in proc.stderr
    assert not (tmp_path / "net").exists()
