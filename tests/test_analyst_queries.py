"""The analysts' saved queries (``queries/analyst_*.cypher``): their answers, checked.

Each query runs on both real engines (embedded FalkorDB and Neo4j) holding the demo network (``demo_store``: the demo
network plus one hostile name) and its rows are compared with the same answer computed here in
plain Python from the network's tables (:class:`Reference`), so a wrong join, a double count or a
lost filter fails. A few answers on the small fixture network (``tests/fixtures/network_small``)
are also written out by hand from its CSV files, and the edge cases (open-ended projects and
agreements, an unknown country, a funding without a year) run on a tiny network made in the test.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict

import pytest

from graph.analytics.cooperation import cooperation_graph
from graph.analytics.hubs import excellence_hubs
from graph.analytics.snapshot import snapshot_from_network
from graph.store.library import library, statements
from tests.conftest import demo_with_xss, load_demo, store_on

pytestmark = pytest.mark.engines("falkordb", "neo4j")

ANALYST = sorted(name for name in library() if name.startswith("analyst_"))
ALL = 10**6  # a $limit that cuts nothing

#: Parameters (but $limit) that give rows on the demo network.
DEMO_PARAMS = {
    "analyst_agreements_expiring_between_years": {"year_from": 2024, "year_to": 2026},
    "analyst_centre_members_and_projects": {"id": "cnam"},
    "analyst_centres_without_foreign_partner": {"since": 2025},
    "analyst_cofunded_projects": {"min_funders": 2},
    "analyst_companies_working_with_several_centres": {"min_centres": 2},
    "analyst_countries_by_partners_and_projects": {},
    "analyst_expertise_missing_in_country": {"country": "MA"},
    "analyst_expertise_missing_in_priority_group": {"priority": "emerging"},
    "analyst_funders_of_organizations_projects": {"ids": ["cnam", "pc-casablanca", "rc-bretagne", "co-capgemini"]},
    "analyst_funding_through_centre_partners_per_year": {"id": "rc-bretagne"},
    "analyst_organizations_with_expertise_or_narrower": {"expertise": "computer-science", "country": None},
    "analyst_partners_by_priority_country_and_expertise": {"priority": "francophone"},
    "analyst_project_partners_without_agreement": {"min_projects": 2},
    "analyst_top_coordinators_per_country": {"per_country": 3},
    "analyst_two_hops_from_centre": {"id": "tc-mulhouse"},
}


#: Analyst queries whose example returns no row on the small fixture network, but does on the demo.
EXAMPLE_ON_DEMO_ONLY = {"analyst_cofunded_projects"}


class Reference:
    """The network's tables indexed for the answers computed in Python."""

    def __init__(self, network: dict[str, list[dict]]):
        self.orgs = {o["id"]: o for o in network["organizations"]}
        self.countries = {c["code"]: c for c in network.get("countries", [])}
        self.projects = {p["id"]: p for p in network.get("projects", [])}
        self.agreements = {a["id"]: a for a in network.get("agreements", [])}
        self.expertise = {e["id"]: e for e in network.get("expertise", [])}
        self.fundings = network.get("fundings", [])
        self.participants: dict[str, set[str]] = defaultdict(set)
        self.projects_of: dict[str, set[str]] = defaultdict(set)
        self.role: dict[tuple[str, str], str | None] = {}
        for r in network.get("participations", []):
            self.participants[r["project"]].add(r["organization"])
            self.projects_of[r["organization"]].add(r["project"])
            self.role[r["organization"], r["project"]] = r["role"]
        self.parties: dict[str, set[str]] = defaultdict(set)
        self.agreements_of: dict[str, set[str]] = defaultdict(set)
        for r in network.get("agreement_parties", []):
            self.parties[r["agreement"]].add(r["organization"])
            self.agreements_of[r["organization"]].add(r["agreement"])
        self.declared: dict[str, dict[str, int | None]] = defaultdict(dict)
        for r in network.get("organization_expertise", []):
            self.declared[r["organization"]][r["expertise"]] = r["level"]
        self.addresses: dict[str, set[str]] = defaultdict(set)
        for r in network.get("project_expertise", []):
            self.addresses[r["project"]].add(r["expertise"])
        self.parents: dict[str, set[str]] = defaultdict(set)
        self.members: dict[str, set[str]] = defaultdict(set)
        for r in network.get("memberships", []):
            self.parents[r["member"]].add(r["parent"])
            self.members[r["parent"]].add(r["member"])

    # -- helpers ---------------------------------------------------------------
    def has(self, org: str, role: str) -> bool:
        return role in (self.orgs[org]["roles"] or ())

    def located(self, org: str) -> dict | None:
        """The country node an organization is LOCATED_IN (its code must be in the countries table)."""
        return self.countries.get(self.orgs[org]["country"])

    def activities_of(self, org: str) -> list[tuple[str, str, set[str]]]:
        """The projects and agreements of an organization: ``(kind, id, members)``."""
        return [("project", p, self.participants[p]) for p in sorted(self.projects_of[org])] + [
            ("agreement", a, self.parties[a]) for a in sorted(self.agreements_of[org])
        ]

    def partners(self, org: str, current=lambda kind, key: True) -> set[str]:
        """Organizations sharing a project or an agreement (for which ``current`` holds) with ``org``."""
        out: set[str] = set()
        for kind, key, members in self.activities_of(org):
            if current(kind, key):
                out |= members
        return out - {org}

    def project_year(self, project: str, field: str) -> int | None:
        value = self.projects[project][field]
        return value.year if value else None


@pytest.fixture(scope="module")
def ref() -> Reference:
    return Reference(demo_with_xss())


def _ordered(rows: list[dict], key) -> bool:
    keys = [key(r) for r in rows]
    return keys == sorted(keys)


def _body(name: str) -> str:
    """The FalkorDB and Neo4j texts of a query without their comment lines."""
    query = library()[name]
    return "\n".join(statements(query.text("falkordb")) + statements(query.text("neo4j")))


# -- the library's rules --------------------------------------------------------------------------


def test_there_are_at_least_twelve_documented_read_queries_for_analysts():
    assert len(ANALYST) >= 12, ANALYST
    assert set(DEMO_PARAMS) == set(ANALYST), "give every analyst query demo parameters in DEMO_PARAMS"
    for name in ANALYST:
        q = library()[name]
        assert not q.is_write, name
        assert len(q.title) >= 10 and len(q.description) >= 40, name
        assert q.returns and len(set(q.returns)) == len(q.returns), name
        assert set(q.example) == set(q.params), f"{name}: the example must give every parameter"
        assert all(q.parameters[p].help.strip() for p in q.params), name


@pytest.mark.parametrize("name", ANALYST)
def test_query_text_keeps_to_the_cypher_both_engines_run(name):
    body = _body(name)
    for construct in ("=~", "EXISTS {", "COUNT {", "CALL {", "shortestPath", "apoc."):
        assert construct.lower() not in body.lower(), f"{name} uses {construct}"
    assert "ORDER BY" in body, f"{name} has no ORDER BY"
    if "limit" in library()[name].params:
        assert "LIMIT $limit" in body, name
    # No text assembled into Cypher: values come in as $parameters only.
    assert not re.search(r"\+\s*\$|\$\w+\s*\+", body), f"{name} builds a value from a parameter with +"


@pytest.mark.parametrize("name", ANALYST)
def test_example_returns_rows_on_the_fixture_network_or_the_demo(name, small_store):
    q = library()[name]
    rows = small_store.read(name, **q.example)
    assert bool(rows) == (name not in EXAMPLE_ON_DEMO_ONLY), f"{name}: its example on the fixture network: {rows}"
    if rows:
        assert list(rows[0]) == list(q.returns)


@pytest.mark.parametrize("name", ANALYST)
def test_demo_parameters_return_rows_on_the_demo(name, demo_store):
    q = library()[name]
    if name in EXAMPLE_ON_DEMO_ONLY:
        assert demo_store.read(name, **q.example), f"{name}: its example returns no row on the demo network"
    params = dict(DEMO_PARAMS[name])
    if "limit" in q.params:
        params["limit"] = ALL
    rows = demo_store.read(name, **params)
    assert rows, f"{name}: DEMO_PARAMS return no row on the demo network"
    assert list(rows[0]) == list(q.returns)


@pytest.mark.parametrize("name", [n for n in ANALYST if "limit" in library()[n].params])
def test_limit_keeps_the_first_rows_of_the_same_order(name, demo_store):
    full = demo_store.read(name, **DEMO_PARAMS[name], limit=ALL)
    again = demo_store.read(name, **DEMO_PARAMS[name], limit=ALL)
    assert full == again, f"{name}: two runs disagree"
    cut = demo_store.read(name, **DEMO_PARAMS[name], limit=2)
    assert cut == full[:2]


@pytest.mark.parametrize("name", ANALYST)
def test_the_consoles_typed_fields_give_the_rows_of_the_typed_values(name, web_app, demo_store):
    """Each query run from the console with its fields as typed (text, no JSON quotes) answers what
    the store answers with the same values typed in Python."""
    q = library()[name]
    params = {**DEMO_PARAMS[name], **({"limit": ALL} if "limit" in q.params else {})}
    typed = {p: q.parameter(p).as_text(v) for p, v in params.items()}
    assert all(isinstance(v, str) for v in typed.values()) and '"' not in "".join(typed.values())
    client = web_app.test_client()
    token = client.get("/console.json").get_json()["csrf_token"]
    answer = client.post("/console/run", json={"name": name, "params": typed}, headers={"X-CSRF-Token": token})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["params"] == params
    expected = demo_store.read(name, **params)
    assert answer.get_json()["rows"] == json.loads(json.dumps(expected, default=str)) and expected


# -- the same answers on both engines -------------------------------------------------------------


@pytest.fixture(scope="module")
def falkordb_demo_store(request):
    """The demo network on the embedded engine, beside the Neo4j one (``demo_store``)."""
    with store_on("falkordb", request, "falkordb_demo_store", load_demo) as store:
        yield store


def _canonical(value):
    """A value comparable across engines: floats rounded (sums may add up in another order)."""
    if isinstance(value, float):
        return round(value, 6) if math.isfinite(value) else value
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    return value


@pytest.mark.engines("neo4j")
@pytest.mark.parametrize("name", ANALYST)
def test_same_rows_on_both_engines(name, demo_store, falkordb_demo_store):
    """Each analyst query answers the same rows on Neo4j and on FalkorDB, on the demo network.

    In the same order where the ORDER BY decides it; rows that tie on the ORDER BY keys may come
    in any order, so the rows are also compared as a multiset.
    """
    params = dict(DEMO_PARAMS[name])
    if "limit" in library()[name].params:
        params["limit"] = ALL
    on_neo4j = [_canonical(r) for r in demo_store.read(name, **params)]
    on_falkordb = [_canonical(r) for r in falkordb_demo_store.read(name, **params)]
    assert on_neo4j, name
    assert sorted(map(repr, on_neo4j)) == sorted(map(repr, on_falkordb))
    assert [list(r) for r in on_neo4j] == [list(r) for r in on_falkordb]  # the same columns, in order


# -- answers on the demo network, against Python --------------------------------------------------


@pytest.mark.parametrize("priority", ["francophone", "emerging", None])
def test_partners_per_priority_country_and_expertise(demo_store, ref, priority):
    rows = demo_store.read("analyst_partners_by_priority_country_and_expertise", priority=priority, limit=ALL)
    expected: dict[tuple, set[str]] = defaultdict(set)
    for org in ref.orgs:
        country = ref.located(org)
        if not ref.has(org, "partner") or not country or not country["priority"]:
            continue
        if priority is not None and country["priority"] != priority:
            continue
        for term in ref.declared[org]:
            expected[country["priority"], country["code"], term].add(org)
    assert expected
    got = {(r["priority"], r["country"], r["expertise"]): (r["partners"], r["partner_ids"]) for r in rows}
    assert len(got) == len(rows)
    assert got == {k: (len(v), sorted(v)[:10]) for k, v in expected.items()}
    for r in rows:
        assert r["country_name"] == ref.countries[r["country"]]["name"]
        assert r["expertise_name"] == ref.expertise[r["expertise"]]["name"]
    assert _ordered(rows, lambda r: (r["priority"], r["country"], -r["partners"], r["expertise"]))


def _funders_of(ref: Reference, ids: list[str]) -> list[dict]:
    given = set(ids)
    found: dict[str, dict] = {}
    for f in ref.fundings:
        members = ref.participants[f["project"]] & given
        if not members:
            continue
        row = found.setdefault(f["funder"], {"projects": 0, "shared_projects": 0, "orgs": set(), "amount": 0.0})
        row["projects"] += 1
        row["shared_projects"] += len(members) >= 2
        row["orgs"] |= members
        row["amount"] += f["amount"] or 0.0
    out = [
        {
            "id": fid,
            "projects": r["projects"],
            "shared_projects": r["shared_projects"],
            "organizations": len(r["orgs"]),
            "amount": pytest.approx(r["amount"]),
        }
        for fid, r in found.items()
    ]
    return sorted(out, key=lambda r: (-r["projects"], -r["amount"].expected, r["id"]))


def test_funders_of_each_excellence_hubs_projects(demo_store, ref):
    hubs = excellence_hubs(cooperation_graph(snapshot_from_network(demo_with_xss())))
    assert len(hubs) >= 3
    for hub in hubs[:3]:
        rows = demo_store.read("analyst_funders_of_organizations_projects", ids=hub.members, limit=ALL)
        assert [{k: r[k] for k in ("id", "projects", "shared_projects", "organizations", "amount")} for r in rows] == (
            _funders_of(ref, hub.members)
        )
        for r in rows:
            assert r["name"] == ref.orgs[r["id"]]["name"]
        # The hubs page lists the funders of the projects at least two members share: the same ones.
        shared = sorted((r for r in rows if r["shared_projects"]), key=lambda r: (-r["shared_projects"], r["id"]))
        assert [(r["id"], r["shared_projects"]) for r in shared[:5]] == [(f["id"], f["projects"]) for f in hub.funders]


def test_funders_of_a_set_of_organizations_ignore_unknown_ids(demo_store, ref):
    ids = DEMO_PARAMS["analyst_funders_of_organizations_projects"]["ids"]
    rows = demo_store.read("analyst_funders_of_organizations_projects", ids=[*ids, "no-such-id"], limit=ALL)
    assert [{k: r[k] for k in ("id", "projects", "shared_projects", "organizations", "amount")} for r in rows] == (
        _funders_of(ref, ids)
    )
    assert any(r["shared_projects"] for r in rows)
    assert demo_store.read("analyst_funders_of_organizations_projects", ids=[], limit=ALL) == []


@pytest.mark.parametrize("since", [None, 2025, 2027])
def test_centres_without_a_foreign_partner(demo_store, ref, since):
    def current(kind, key):
        if since is None:
            return True
        end = ref.projects[key]["end"] if kind == "project" else ref.agreements[key]["expires"]
        return end is None or end.year >= since

    expected = []
    for cid in sorted(ref.orgs):
        country = ref.orgs[cid]["country"]
        if not ref.has(cid, "centre") or country is None:
            continue
        partners = ref.partners(cid, current)
        if any(ref.orgs[x]["country"] not in (None, country) for x in partners):
            continue
        expected.append(
            {
                "id": cid,
                "partners": len(partners),
                "projects": len(ref.projects_of[cid]),
                "agreements": len(ref.agreements_of[cid]),
            }
        )
    rows = demo_store.read("analyst_centres_without_foreign_partner", since=since, limit=ALL)
    assert [{k: r[k] for k in ("id", "partners", "projects", "agreements")} for r in rows] == expected
    if since is not None:
        assert expected, "the demo network should have centres without a current foreign partner"
    assert all(r["centre_level"] == ref.orgs[r["id"]]["centre_level"] for r in rows)


@pytest.mark.parametrize("centre", ["tc-mulhouse", "rc-bretagne", "pc-casablanca"])
def test_organizations_two_hops_from_a_centre(demo_store, ref, centre):
    direct = ref.partners(centre)
    through: dict[str, set[str]] = defaultdict(set)
    for m in direct:
        for x in ref.partners(m) - direct - {centre}:
            through[x].add(m)
    assert through
    expected = sorted(
        ({"id": x, "via": len(ms), "via_ids": sorted(ms)[:5]} for x, ms in through.items()),
        key=lambda r: (-r["via"], r["id"]),
    )
    rows = demo_store.read("analyst_two_hops_from_centre", id=centre, limit=ALL)
    assert [{k: r[k] for k in ("id", "via", "via_ids")} for r in rows] == expected
    assert all(r["country"] == ref.orgs[r["id"]]["country"] for r in rows)


@pytest.mark.parametrize("per_country", [1, 3])
def test_top_coordinators_per_country(demo_store, ref, per_country):
    by_country: dict[str, list[tuple]] = defaultdict(list)
    for org, projects in ref.projects_of.items():
        coordinated = sum(1 for p in projects if ref.role[org, p] == "coordinator")
        country = ref.orgs[org]["country"]
        if coordinated and country is not None:
            by_country[country].append((-coordinated, -len(projects), org))
    expected = []
    for country in sorted(by_country):
        for rank, (minus_coordinated, minus_projects, org) in enumerate(sorted(by_country[country])[:per_country], 1):
            expected.append(
                {
                    "country": country,
                    "rank": rank,
                    "id": org,
                    "coordinated": -minus_coordinated,
                    "projects": -minus_projects,
                }
            )
    rows = demo_store.read("analyst_top_coordinators_per_country", per_country=per_country, limit=ALL)
    assert [{k: r[k] for k in ("country", "rank", "id", "coordinated", "projects")} for r in rows] == expected
    assert all(type(r["coordinated"]) is int for r in rows)
    assert all(r["country_name"] == ref.countries[r["country"]]["name"] for r in rows)


@pytest.mark.parametrize("priority", ["francophone", "emerging", "europe"])
def test_expertise_missing_in_a_priority_group(demo_store, ref, priority):
    declared_in_group = {
        term
        for org, terms in ref.declared.items()
        if (ref.located(org) or {}).get("priority") == priority
        for term in terms
    }
    expected = []
    for term in set(ref.expertise) - declared_in_group:
        expected.append(
            {
                "expertise": term,
                "broader": ref.expertise[term]["broader"],
                "projects": sum(1 for p in ref.projects if term in ref.addresses[p]),
                "holders": sum(1 for org in ref.declared if term in ref.declared[org]),
            }
        )
    expected.sort(key=lambda r: (-r["projects"], -r["holders"], r["expertise"]))
    rows = demo_store.read("analyst_expertise_missing_in_priority_group", priority=priority, limit=ALL)
    assert [{k: r[k] for k in ("expertise", "broader", "projects", "holders")} for r in rows] == expected
    assert expected


@pytest.mark.parametrize("country", ["MA", "BR", "CN"])
def test_expertise_missing_in_a_country(demo_store, ref, country):
    group = ref.countries[country]["priority"]
    here = {t for org, terms in ref.declared.items() if (ref.located(org) or {}).get("code") == country for t in terms}
    expected = []
    for term in set(ref.expertise) - here:
        near = sorted(
            org
            for org, terms in ref.declared.items()
            if term in terms
            and ref.located(org)
            and ref.located(org)["code"] != country
            and group is not None
            and ref.located(org)["priority"] == group
        )
        projects = sum(1 for p in ref.projects if term in ref.addresses[p])
        expected.append({"expertise": term, "in_group": len(near), "in_group_ids": near[:5], "projects": projects})
    expected.sort(key=lambda r: (-r["in_group"], -r["projects"], r["expertise"]))
    rows = demo_store.read("analyst_expertise_missing_in_country", country=country, limit=ALL)
    assert [{k: r[k] for k in ("expertise", "in_group", "in_group_ids", "projects")} for r in rows] == expected
    assert expected and any(r["in_group"] for r in expected)
    assert {r["priority"] for r in rows} == {group}


def test_cofunded_projects(demo_store, ref):
    funders: dict[str, list[dict]] = defaultdict(list)
    for f in ref.fundings:
        funders[f["project"]].append(f)
    expected = [
        {
            "id": p,
            "start_year": ref.project_year(p, "start"),
            "end_year": ref.project_year(p, "end"),
            "funders": len(fs),
            "funder_ids": sorted(f["funder"] for f in fs),
            "amount": pytest.approx(sum(f["amount"] or 0.0 for f in fs)),
            "participants": len(ref.participants[p]),
        }
        for p, fs in funders.items()
        if len(fs) >= 2
    ]
    expected.sort(key=lambda r: (-r["funders"], -r["amount"].expected, r["id"]))
    assert len(expected) > 5
    rows = demo_store.read("analyst_cofunded_projects", min_funders=2, limit=ALL)
    assert [{k: r[k] for k in expected[0]} for r in rows] == expected
    three = demo_store.read("analyst_cofunded_projects", min_funders=3, limit=ALL)
    assert [r["id"] for r in three] == [r["id"] for r in expected if r["funders"] >= 3]


@pytest.mark.parametrize("min_centres", [2, 5])
def test_companies_working_with_several_centres(demo_store, ref, min_centres):
    expected = []
    for company in sorted(o for o in ref.orgs if ref.has(o, "company")):
        centres: set[str] = set()
        shared = {"project": set(), "agreement": set()}
        for kind, key, members in ref.activities_of(company):
            with_centres = {m for m in members if m != company and ref.has(m, "centre")}
            if with_centres:
                centres |= with_centres
                shared[kind].add(key)
        if len(centres) >= min_centres:
            expected.append(
                {
                    "id": company,
                    "centres": len(centres),
                    "centre_ids": sorted(centres)[:10],
                    "projects": len(shared["project"]),
                    "agreements": len(shared["agreement"]),
                }
            )
    expected.sort(key=lambda r: (-r["centres"], -r["projects"], r["id"]))
    assert expected and any(r["agreements"] for r in expected)
    rows = demo_store.read("analyst_companies_working_with_several_centres", min_centres=min_centres, limit=ALL)
    assert [{k: r[k] for k in expected[0]} for r in rows] == expected


@pytest.mark.parametrize("centre", ["cnam", "rc-bretagne", "pc-casablanca", "tc-mulhouse"])
def test_funding_through_a_centres_partners_per_year(demo_store, ref, centre):
    partners = ref.partners(centre)
    years: dict = defaultdict(lambda: {"fundings": 0, "projects": set(), "partners": set(), "amount": 0.0, "with": 0.0})
    for f in ref.fundings:
        via = ref.participants[f["project"]] & partners
        if not via:
            continue
        year = f["year"] if f["year"] is not None else ref.project_year(f["project"], "start")
        y = years[year]
        y["fundings"] += 1
        y["projects"].add(f["project"])
        y["partners"] |= via
        y["amount"] += f["amount"] or 0.0
        if centre in ref.participants[f["project"]]:
            y["with"] += f["amount"] or 0.0
    assert None not in years  # every demo funding has a year: the order below is then plain
    expected = [
        {
            "year": year,
            "fundings": y["fundings"],
            "projects": len(y["projects"]),
            "partners": len(y["partners"]),
            "amount": pytest.approx(y["amount"]),
            "amount_with_centre": pytest.approx(y["with"]),
        }
        for year, y in sorted(years.items())
    ]
    assert len(expected) >= 2
    rows = demo_store.read("analyst_funding_through_centre_partners_per_year", id=centre)
    assert rows == expected


@pytest.mark.parametrize(("year_from", "year_to"), [(2024, 2026), (2030, 2030), (2027, 2026)])
def test_agreements_expiring_in_a_year_range(demo_store, ref, year_from, year_to):
    expected = [
        {
            "id": a["id"],
            "expires": a["expires"].isoformat(),
            "parties": len(ref.parties[a["id"]]),
            "party_ids": sorted(ref.parties[a["id"]]),
            "centre_ids": sorted(o for o in ref.parties[a["id"]] if ref.has(o, "centre")),
        }
        for a in ref.agreements.values()
        if a["expires"] and year_from <= a["expires"].year <= year_to
    ]
    expected.sort(key=lambda r: (r["expires"], r["id"]))
    rows = demo_store.read("analyst_agreements_expiring_between_years", year_from=year_from, year_to=year_to, limit=ALL)
    assert [{k: r[k] for k in ("id", "expires", "parties", "party_ids", "centre_ids")} for r in rows] == expected
    assert bool(expected) == (year_from <= year_to)


@pytest.mark.parametrize("centre", ["cnam", "rc-alsace", "tc-mulhouse"])
def test_a_centres_members_and_their_projects(demo_store, ref, centre):
    depth: dict[str, int] = {}
    frontier, d = {centre}, 0
    while frontier:
        d += 1
        frontier = {m for c in frontier for m in ref.members[c]} - set(depth) - {centre}
        for m in frontier:
            depth[m] = d
    expected = sorted(
        (
            {
                "id": m,
                "depth": depth[m],
                "parents": sorted(ref.parents[m]),
                "projects": len(ref.projects_of[m]),
                "coordinated": sum(1 for p in ref.projects_of[m] if ref.role[m, p] == "coordinator"),
                "agreements": len(ref.agreements_of[m]),
            }
            for m in depth
        ),
        key=lambda r: (r["depth"], r["id"]),
    )
    rows = demo_store.read("analyst_centre_members_and_projects", id=centre, limit=ALL)
    assert [{k: r[k] for k in ("id", "depth", "parents", "projects", "coordinated", "agreements")} for r in rows] == (
        expected
    )
    if centre == "cnam":
        assert {r["depth"] for r in rows} == {1, 2}
        assert len(rows) == sum(1 for o in ref.orgs if ref.parents[o])  # the whole tree under the headquarters
    if centre == "tc-mulhouse":
        assert rows == []


def test_countries_by_partners_and_projects(demo_store, ref):
    expected = []
    for code in ref.countries:
        orgs = [o for o in ref.orgs if ref.orgs[o]["country"] == code]
        expected.append(
            {
                "code": code,
                "priority": ref.countries[code]["priority"],
                "organizations": len(orgs),
                "partners": sum(ref.has(o, "partner") for o in orgs),
                "centres": sum(ref.has(o, "centre") for o in orgs),
                "companies": sum(ref.has(o, "company") for o in orgs),
                "funders": sum(ref.has(o, "funder") for o in orgs),
                "projects": len({p for o in orgs for p in ref.projects_of[o]}),
                "agreements": len({a for o in orgs for a in ref.agreements_of[o]}),
            }
        )
    expected.sort(key=lambda r: (-r["partners"], -r["projects"], r["code"]))
    rows = demo_store.read("analyst_countries_by_partners_and_projects", limit=ALL)
    assert [{k: r[k] for k in expected[0]} for r in rows] == expected


@pytest.mark.parametrize(
    ("term", "country"), [("computer-science", None), ("computer-science", "MA"), ("energy", None)]
)
def test_organizations_with_an_expertise_or_a_narrower_one(demo_store, ref, term, country):
    terms = {term}
    while True:
        more = {e for e, row in ref.expertise.items() if row["broader"] in terms} - terms
        if not more:
            break
        terms |= more
    assert len(terms) > 3
    expected = []
    for org, declared in ref.declared.items():
        mine = sorted(set(declared) & terms)
        if not mine or (country is not None and ref.orgs[org]["country"] != country):
            continue
        expected.append(
            {
                "id": org,
                "terms": mine,
                "level": max(declared[t] for t in mine),
                "projects": sum(1 for p in ref.projects_of[org] if ref.addresses[p] & terms),
            }
        )
    expected.sort(key=lambda r: (-r["level"], -r["projects"], r["id"]))
    assert expected
    rows = demo_store.read(
        "analyst_organizations_with_expertise_or_narrower", expertise=term, country=country, limit=ALL
    )
    assert [{k: r[k] for k in ("id", "terms", "level", "projects")} for r in rows] == expected


@pytest.mark.parametrize("min_projects", [1, 3])
def test_project_partners_of_centres_without_an_agreement(demo_store, ref, min_projects):
    expected = []
    for org in sorted(ref.orgs):
        if ref.has(org, "centre"):
            continue
        projects = {p for p in ref.projects_of[org] if any(ref.has(m, "centre") for m in ref.participants[p])}
        if len(projects) < min_projects:
            continue
        if any(ref.has(m, "centre") for a in ref.agreements_of[org] for m in ref.parties[a] - {org}):
            continue
        centres = {m for p in projects for m in ref.participants[p] if ref.has(m, "centre")}
        ends = [y for y in (ref.project_year(p, "end") for p in projects) if y is not None]
        expected.append(
            {
                "id": org,
                "projects": len(projects),
                "centres": len(centres),
                "centre_ids": sorted(centres)[:10],
                "last_year": max(ends) if ends else None,
            }
        )
    expected.sort(key=lambda r: (-r["projects"], r["id"]))
    assert expected
    rows = demo_store.read("analyst_project_partners_without_agreement", min_projects=min_projects, limit=ALL)
    assert [{k: r[k] for k in expected[0]} for r in rows] == expected


# -- answers on the small fixture network, written out from its CSV files -------------------------


def test_small_network_answers_written_out_by_hand(small_store):
    def read(name, keys, **params):
        return [tuple(r[k] for k in keys) for r in small_store.read(name, **params)]

    # Every centre works abroad at some time; from 2025 only cnam (UCAD on energie-senegal), cnam-paca (the
    # same project and the UCAD convention) and cnam-liban (the open-ended convention with cnam) still do.
    assert read("analyst_centres_without_foreign_partner", ["id"], since=None, limit=ALL) == []
    assert read("analyst_centres_without_foreign_partner", ["id", "partners"], since=2025, limit=ALL) == [
        ("cnam-brest", 0),
        ("cnam-bretagne", 0),
        ("cnam-nice", 0),
    ]
    # AFD funds cyber-maroc (cnam, uir) and energie-senegal (cnam, ucad); EACEA mobilite-liban (cnam).
    assert read(
        "analyst_funders_of_organizations_projects",
        ["id", "projects", "shared_projects", "organizations", "amount"],
        ids=["cnam", "uir", "ucad"],
        limit=ALL,
    ) == [("afd", 2, 2, 3, 2050000.0), ("eacea", 1, 0, 1, 120000.0)]
    # cnam-paca's partners are cnam and ucad.
    assert read(
        "analyst_funding_through_centre_partners_per_year",
        ["year", "fundings", "projects", "partners", "amount", "amount_with_centre"],
        id="cnam-paca",
    ) == [(2021, 2, 2, 2, 970000.0, 850000.0), (2022, 1, 1, 1, 1200000.0, 0.0)]
    # cnam-brest works with cnam and ufrj (brafitec-ufrj): everyone else of cnam's is two hops away.
    assert read("analyst_two_hops_from_centre", ["id", "via_ids"], id="cnam-brest", limit=ALL) == [
        (x, ["cnam"]) for x in ("cnam-bretagne", "cnam-liban", "cnam-nice", "cnam-paca", "cyberdef", "ucad", "uir")
    ]
    assert read(
        "analyst_top_coordinators_per_country", ["country", "rank", "id", "coordinated"], per_country=5, limit=ALL
    ) == [
        ("FR", 1, "cnam", 3),
        ("FR", 2, "cnam-paca", 1),
        ("LB", 1, "cnam-liban", 1),
    ]
    # Morocco, Senegal and Lebanon declare everything but "digital" (UIR's cybersecurity is narrower).
    assert read("analyst_expertise_missing_in_priority_group", ["expertise"], priority="francophone", limit=ALL) == [
        ("digital",)
    ]
    assert read("analyst_expertise_missing_in_country", ["expertise", "in_group_ids"], country="MA", limit=ALL) == [
        ("engineering-education", ["cnam-liban"]),
        ("energy", ["ucad"]),
        ("water", ["ucad"]),
        ("digital", []),
    ]
    assert read("analyst_cofunded_projects", ["id"], min_funders=2, limit=ALL) == []
    assert read("analyst_cofunded_projects", ["id", "funder_ids"], min_funders=1, limit=1) == [("cyber-maroc", ["afd"])]
    assert read("analyst_companies_working_with_several_centres", ["id", "centre_ids"], min_centres=2, limit=ALL) == [
        ("cyberdef", ["cnam", "cnam-bretagne"])
    ]
    assert read(
        "analyst_agreements_expiring_between_years",
        ["id", "party_ids", "centre_ids"],
        year_from=2024,
        year_to=2025,
        limit=ALL,
    ) == [("mou-uir", ["cnam", "uir"], ["cnam"]), ("accord-ucad", ["cnam-paca", "ucad"], ["cnam-paca"])]
    assert read(
        "analyst_centre_members_and_projects", ["id", "depth", "parents", "coordinated"], id="cnam", limit=ALL
    ) == [
        ("cnam-bretagne", 1, ["cnam"], 0),
        ("cnam-liban", 1, ["cnam"], 1),
        ("cnam-paca", 1, ["cnam"], 1),
        ("cnam-brest", 2, ["cnam-bretagne"], 0),
        ("cnam-nice", 2, ["cnam-paca"], 0),
    ]
    assert read(
        "analyst_countries_by_partners_and_projects", ["code", "partners", "centres", "projects"], limit=ALL
    ) == [
        ("BR", 1, 0, 1),
        ("LB", 1, 1, 1),
        ("MA", 1, 0, 1),
        ("SN", 1, 0, 1),
        ("FR", 0, 5, 5),
        ("BE", 0, 0, 0),
    ]
    assert read(
        "analyst_organizations_with_expertise_or_narrower",
        ["id", "terms", "level"],
        expertise="digital",
        country="FR",
        limit=ALL,
    ) == [
        ("cnam", ["ai", "cybersecurity"], 5),
        ("cyberdef", ["cybersecurity"], 5),
        ("cnam-bretagne", ["cybersecurity"], 4),
    ]
    assert read(
        "analyst_partners_by_priority_country_and_expertise",
        ["country", "expertise", "partner_ids"],
        priority=None,
        limit=ALL,
    ) == [
        ("BR", "engineering-education", ["ufrj"]),
        ("LB", "engineering-education", ["cnam-liban"]),
        ("MA", "ai", ["uir"]),
        ("MA", "cybersecurity", ["uir"]),
        ("SN", "energy", ["ucad"]),
        ("SN", "water", ["ucad"]),
    ]
    assert read(
        "analyst_project_partners_without_agreement", ["id", "projects", "centre_ids"], min_projects=1, limit=ALL
    ) == [
        ("cyberdef", 2, ["cnam", "cnam-bretagne"]),
        ("ufrj", 1, ["cnam", "cnam-brest"]),
    ]


def test_edge_cases_on_a_tiny_network(store):
    """Open-ended projects and agreements, an unknown country, a country without priority, a funding without year."""
    import datetime as dt

    from loaders.load import load_network
    from loaders.schema import TABLES
    from loaders.validate import has_errors, validate_network

    def org(id_, roles, country):
        return {"id": id_, "name": id_.upper(), "roles": roles, "country": country}

    network = {
        "countries": [
            {"code": "FR", "name": "France", "priority": None},
            {"code": "MA", "name": "Morocco", "priority": "francophone"},
            {"code": "BE", "name": "Belgium", "priority": None},
        ],
        "organizations": [
            org("hq", ["centre"], "FR"),
            org("tc-a", ["centre"], "FR"),
            org("tc-b", ["centre"], "FR"),
            org("tc-c", ["centre"], "FR"),
            org("ma-u", ["partner"], "MA"),
            org("be-u", ["partner"], "BE"),
            org("nowhere", ["partner"], None),
            org("fund", ["funder"], "FR"),
        ],
        "expertise": [{"id": "ai", "name": "AI"}],
        "organization_expertise": [
            {"organization": "ma-u", "expertise": "ai", "level": 3},
            {"organization": "be-u", "expertise": "ai", "level": 3},
        ],
        "projects": [{"id": "open", "title": "Open-ended", "start": dt.date(2029, 1, 1), "end": None}],
        "participations": [
            {"organization": o, "project": "open", "role": "participant"} for o in ("hq", "tc-a", "ma-u")
        ],
        "fundings": [{"funder": "fund", "project": "open", "amount": 100.0, "year": None}],
        "agreements": [
            {"id": "ag-open", "kind": "MoU", "signed": dt.date(2020, 1, 1), "expires": None},
            {"id": "ag-old", "kind": "MoU", "signed": dt.date(2015, 1, 1), "expires": dt.date(2020, 1, 1)},
        ],
        "agreement_parties": [
            {"agreement": "ag-open", "organization": "tc-b"},
            {"agreement": "ag-open", "organization": "nowhere"},
            {"agreement": "ag-old", "organization": "tc-c"},
            {"agreement": "ag-old", "organization": "ma-u"},
        ],
    }
    network = {t: [{c.name: row.get(c.name) for c in TABLES[t].columns} for row in rows] for t, rows in network.items()}
    assert not has_errors(validate_network(network))
    load_network(store, network, source="tests: tiny network")

    def read(name, keys, **params):
        return [tuple(r[k] for k in keys) for r in store.read(name, **params)]

    # tc-a's project has no end date: still running; nowhere's country is unknown: not foreign.
    assert read("analyst_centres_without_foreign_partner", ["id", "partners"], since=2030, limit=ALL) == [
        ("tc-b", 1),
        ("tc-c", 0),
    ]
    assert read("analyst_centres_without_foreign_partner", ["id", "partners"], since=None, limit=ALL) == [("tc-b", 1)]
    # Belgium has no priority group.
    assert read(
        "analyst_partners_by_priority_country_and_expertise", ["country", "partner_ids"], priority=None, limit=ALL
    ) == [("MA", ["ma-u"])]
    # A funding without a year counts in its project's start year.
    assert read(
        "analyst_funding_through_centre_partners_per_year",
        ["year", "fundings", "partners", "amount", "amount_with_centre"],
        id="hq",
    ) == [(2029, 1, 2, 100.0, 100.0)]
    assert read("analyst_expertise_missing_in_country", ["expertise", "in_group"], country="FR", limit=ALL) == [
        ("ai", 0)
    ]
    assert read("analyst_expertise_missing_in_priority_group", ["expertise"], priority="francophone", limit=ALL) == []
