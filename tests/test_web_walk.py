"""Every GET route × every query parameter it reads × missing/unknown/ambiguous/malformed values.

No answer is a 500, and a 4xx JSON answer caused by a query parameter names it
(issue 16, item 2). Path variables are filled with a real id of the demo
network and with a bogus one (that one must answer 404, not 500).
"""

from __future__ import annotations

import re

import pytest

#: The network page's parameters (its exports take the same).
NETWORK = (
    "role",
    "kind",
    "country",
    "priority",
    "expertise",
    "funder",
    "year_from",
    "year_to",
    "min_strength",
    "max_nodes",
    "highlight",
    "path",
    "hub",
    "color",
)

#: The query parameters each route reads (``lang`` is read by every page).
PARAMS: dict[str, tuple[str, ...]] = {
    "/network": (*NETWORK, "spread"),
    "/network/export/<fmt>": (*NETWORK, "funders"),
    "/map": NETWORK,
    "/network/expand.json": (
        "node",
        "x",
        "y",
        "limit",
        "expertise",
        "funder",
        "year_from",
        "year_to",
        "min_strength",
    ),
    "/organizations/<org_id>": (),
    "/search": ("q", "limit"),
    "/suggest.json": ("q", "limit"),
    "/hubs": ("expertise", "country", "role", "kind"),
    "/hubs/<int:hub_id>": (),
    "/hubs/<int:hub_id>/timeline.json": (),
    "/hubs/<int:hub_id>/timeline.csv": (),
    "/hubs/<int:hub_id>/partner-countries.csv": (),
    "/organizations/<org_id>/timeline.json": (),
    "/organizations/<org_id>/timeline.csv": (),
    "/organizations/<org_id>/partner-countries.csv": (),
    "/changes": ("before", "after", "role", "country", "priority", "expertise", "funder", "limit"),
    "/paths": ("from", "to", "k", "max_hops", "avoid", "via_role", "via_kind"),
    "/partners": ("q", "country", "role", "kind", "funder", "from", "limit"),
    "/recommendations": ("org", "q", "country", "role", "sisters", "limit"),
    "/consortium": (
        "lead",
        "need",
        "topic",
        "min_size",
        "min_countries",
        "kind",
        "require_country",
        "exclude_country",
        "max_size",
    ),
    "/console": ("name", "cypher", "params", "run", "p.id"),
    "/library": (),
    "/signin": ("next",),
    "/": (),
    "/favicon.ico": (),
    "/static/<path:filename>": (),
    "/assets/vis/<path:name>": (),
}

#: What a form page needs before it reads its other parameters.
BASE: dict[str, dict[str, str]] = {
    "/paths": {"from": "cnam", "to": "{other}"},
    "/partners": {"q": "energie"},
    "/recommendations": {"org": "cnam"},
    "/consortium": {"lead": "cnam", "need": "energie"},
    "/network/expand.json": {"node": "cnam"},
}

BAD = ("nope-unknown", "ecole", "abc", "-1", "nan", "inf", "%00", "\x00", "x" * 300, "", " , ,")

#: Path variables: a real value (``None``: from the demo network) and a bogus one.
PATH_VALUES = {
    "org_id": ("cnam", "nope-unknown"),
    "hub_id": (None, "999999"),
    "filename": ("console.js", "nope.js"),
    "name": ("vis-network.min.js", "nope.js"),
    "fmt": ("gexf", "nope"),
}


@pytest.fixture(scope="module")
def demo_ids(client):
    nodes = client.get("/network.json").get_json()["nodes"]
    hubs = client.get("/hubs.json").get_json()["hubs"]
    other = next(n["id"] for n in nodes if n["id"] != "cnam")
    return {"other": other, "hub": str(hubs[0]["id"])}


def _get_rules(web_app) -> list[str]:
    """Every GET rule, ``rule.json`` folded into ``rule`` (the walk asks for both)."""
    rules = {r.rule for r in web_app.url_map.iter_rules() if "GET" in r.methods}
    return sorted({r.removesuffix(".json") if r.removesuffix(".json") in rules else r for r in rules})


def test_every_get_route_is_listed(web_app):
    """A new route (or one renamed) must get its parameters listed here, so the walk covers it."""
    assert set(_get_rules(web_app)) == set(PARAMS)


def _urls(rule: str, demo_ids: dict[str, str]) -> list[tuple[str, bool]]:
    """``rule`` with its path variables filled: (url, whether the values are real)."""
    names = re.findall(r"<(?:[^:>]+:)?([^>]+)>", rule)
    if not names:
        return [(rule, True)]
    (name,) = names
    real, bogus = PATH_VALUES[name]
    real = real or demo_ids["hub"]
    fill = lambda v: re.sub(r"<[^>]+>", v, rule)  # noqa: E731
    return [(fill(real), True), (fill(bogus), False)]


def _variants(url: str) -> list[str]:
    if (
        url.endswith(".json")
        or url.startswith(("/static/", "/assets/", "/network/export/"))
        or url in ("/", "/favicon.ico")
    ):
        return [url]
    return [url, url + ".json"]


def _check(client, url: str, query: dict[str, str], param: str | None, real: bool, required=()) -> list[str]:
    """No 500; a 4xx JSON answer names ``param``, or a ``required`` parameter left out of ``query``."""
    problems = []
    for variant in _variants(url):
        response = client.get(variant, query_string=query)
        where = f"{variant} {query!r}"
        if response.status_code >= 500:
            problems.append(f"{where}: {response.status_code}")
            continue
        if not 400 <= response.status_code < 500 or response.mimetype != "application/json":
            continue
        message = (response.get_json().get("error") or {}).get("message", "")
        named = [param, *(r for r in required if not query.get(r))]
        if param is not None and real and not any(p in message for p in named):
            problems.append(f"{where}: {response.status_code} {message!r} does not name {param}")
    return problems


def test_walk_every_route_with_bad_values(web_app, client, demo_ids):
    problems: list[str] = []
    for rule in _get_rules(web_app):
        base = {k: v.format(**demo_ids) for k, v in BASE.get(rule, {}).items()}
        for url, real in _urls(rule, demo_ids):
            problems += _check(client, url, {}, None, real)
            problems += _check(client, url, {"lang": "xx"}, None, real)
            for param in PARAMS[rule]:
                for value in BAD:
                    problems += _check(client, url, {param: value}, param, real, required=tuple(base))
                    if base:
                        problems += _check(client, url, {**base, param: value}, param, real, required=tuple(base))
    assert not problems, f"{len(problems)} bad answers:\n" + "\n".join(problems[:300])


@pytest.mark.parametrize("url", ["/network.json", "/partners.json?q=energie", "/hubs.json"])
def test_country_codes_in_any_case(client, url):
    sep = "&" if "?" in url else "?"
    upper, lower = client.get(f"{url}{sep}country=MA"), client.get(f"{url}{sep}country=ma")
    assert upper.status_code == lower.status_code == 200, lower.get_json()
    assert client.get(f"{url}{sep}country=Ma").status_code == 200
    for key in ("nodes", "results", "hubs"):
        if key in upper.get_json():
            assert upper.get_json()[key] == lower.get_json()[key]


def test_expertise_and_funder_ids_in_any_case(web_app, client):
    from web.state import get_state

    with web_app.app_context():
        term = sorted(get_state().snapshot().expertise)[0]
    assert term != term.upper()
    for url in (f"/network.json?expertise={term.upper()}", f"/hubs.json?expertise={term.upper()}"):
        assert client.get(url).status_code == 200, url
    upper = client.get("/network.json?funder=AFD")
    assert upper.status_code == 200, upper.get_json()
    assert upper.get_json()["nodes"] == client.get("/network.json?funder=afd").get_json()["nodes"]
    assert upper.get_json()["filters"]["funder"] == "afd"
