"""The consortium builder on the demo network: the page, its JSON and ``partnernet consortium`` (issue #20,
items 4 and 5): a Cnam centre builds a consortium with a partner in Morocco and a company.

Every consortium answered is checked against the rules by :func:`tests.consortium_rules.broken_rules`,
written apart from the builder.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest
from click.testing import CliRunner

from tests.conftest import XSS_ID, XSS_NAME
from tests.consortium_rules import broken_rules

#: A Cnam regional centre, a need, and the rules of a call: 4 to 6 organizations from 2 countries at least, one in
#: Morocco, one company.
ASK = {
    "lead": "Cnam Bretagne",
    "need": "cybersécurité, énergie solaire",
    "min_size": "4",
    "min_countries": "2",
    "kind": "company",
    "require_country": "MA",
    "max_size": "6",
}
RULES = {"min_size": 4, "min_countries": 2, "kinds": ["company"], "require_countries": ["MA"], "max_size": 6}


@pytest.fixture(scope="module")
def cli_env(demo_store) -> dict[str, str | None]:
    """The environment of a ``partnernet`` command on the module's store (the embedded engine)."""
    unset = dict.fromkeys(("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_AUTH", "PARTNERNET_ENGINE"))
    return {**unset, "PARTNERNET_DATA_DIR": str(demo_store.settings.data_dir)}


def _json(client, **changes) -> dict:
    answer = client.get("/consortium.json?" + urlencode({**ASK, **changes}))
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_a_cnam_centre_gets_three_consortia_that_meet_the_rules(client, snapshot):
    data = _json(client)
    assert data["lead"]["id"] == "rc-bretagne" and data["rules"] == {**RULES, "exclude_countries": []}
    assert len(data["consortia"]) == 3 and data["unmet"] == []
    assert len({tuple(sorted(c["ids"])) for c in data["consortia"]}) == 3, "three different consortia"
    for consortium in data["consortia"]:
        assert broken_rules(snapshot, consortium["ids"], "rc-bretagne", RULES) == [], consortium["ids"]
        assert consortium["meets_rules"] and consortium["uncovered"] == []
        for member in consortium["members"][1:]:
            kinds = {r["kind"] for r in member["reasons"]}
            assert {"expertise", "lead"} <= kinds, member
        moroccan = [m for m in consortium["members"] if m["country"] == "MA"]
        assert any(r["kind"] == "rule" for m in moroccan for r in m["reasons"]) or len(moroccan) > 1
    scores = [c["score"] for c in data["consortia"]]
    assert scores == sorted(scores, reverse=True)
    assert [n["understood"] for n in data["needs"]] == [True, True]


def test_the_page_in_english_and_french(client):
    english = client.get("/consortium?" + urlencode({**ASK, "lang": "en"})).get_data(as_text=True)
    assert english.count('class="consortium"') == 3 and 'id="score-explained"' in english
    assert "Cnam Bretagne</a> <strong>(lead)</strong>" in english and "✓ at least one member in MA" in english
    assert "already works with Cnam Bretagne" in english
    french = client.get("/consortium?" + urlencode({**ASK, "lang": "fr"})).get_data(as_text=True)
    assert "Constructeur de consortium" in french and "(chef de file)" in french
    assert "✓ au moins un membre en MA" in french and "couvre « cybersécurité »\u00a0: Cybersécurité" in french
    left = [w for w in ("already works with", "covers “", "at least one", "of this consortium") if w in french]
    assert not left, left
    assert 'href="/consortium"' in client.get("/partners?q=energie").get_data(as_text=True), "in the menu"
    finder = client.get("/partners?q=energie&from=cnam&lang=en").get_data(as_text=True)
    assert 'id="to-consortium"' in finder and "/consortium?need=energie&amp;lead=cnam" in finder


def test_names_are_escaped_and_mistakes_named(client):
    page = client.get(f"/consortium?lead={XSS_ID}&need=energie&lang=en").get_data(as_text=True)
    assert XSS_NAME not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    unknown = client.get("/consortium.json?" + urlencode({**ASK, "require_country": "ZZ"}))
    assert unknown.status_code == 400
    assert unknown.get_json()["error"]["message"].startswith("require_country: unknown country or priority 'ZZ'")
    ambiguous = client.get("/consortium?" + urlencode({**ASK, "lead": "universite", "lang": "en"}))
    assert ambiguous.status_code == 400 and 'class="candidates"' in ambiguous.get_data(as_text=True)
    assert "lead: " in client.get("/consortium.json?lead=zzzzzz&need=energie").get_json()["error"]["message"]
    size = client.get("/consortium.json?" + urlencode({**ASK, "max_size": "0"})).get_json()["error"]["message"]
    assert size == "max_size must be a whole number from 1 to 100, not '0'"


def test_an_unmeetable_rule_and_an_uncovered_need_in_the_page(client):
    data = _json(client, min_countries="30", need="cybersécurité, blockchain")
    (unmet,) = data["unmet"]
    assert unmet["rule"] == "min_countries" and unmet["closest"] <= 6
    assert all(c["uncovered"] == ["blockchain"] for c in data["consortia"])
    page = client.get("/consortium?" + urlencode({**ASK, "min_countries": "30", "lang": "en"})).get_data(as_text=True)
    assert 'id="unmet-rules"' in page and "✗ at least 30 countries" in page


def test_cli_consortium_is_the_pages_answer(cli_env, client):
    from partnernet.cli import cli as group

    args = ["consortium", "--lead", "rc-bretagne", "--need", "cybersécurité", "--need", "énergie solaire"]
    args += ["--min-size", "4", "--min-countries", "2", "--kind", "company", "--require-country", "MA"]
    args += ["--max-size", "6"]
    runner = CliRunner(env=cli_env)
    result = runner.invoke(group, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    web = client.get("/consortium.json?" + urlencode(ASK) + "&lang=en").get_json()
    assert [c["ids"] for c in json.loads(result.output)["consortia"]] == [c["ids"] for c in web["consortia"]]
    table = runner.invoke(group, args, catch_exceptions=False)
    assert table.exit_code == 0 and table.output.count("consortium ") >= 3
    assert "Cnam Bretagne [rc-bretagne, FR, centre] (lead)" in table.output and "NOT met" not in table.output
    bad = runner.invoke(group, [*args, "--kind", "planet"])
    assert bad.exit_code == 1 and str(bad.exception).startswith("unknown kind 'planet' (kinds: agency, company")


def test_french_query_words_in_the_url(client):
    url = "/consortium.json?lead=rc-bretagne&need=" + quote("énergie solaire") + "&require_country=francophone"
    data = client.get(url).get_json()
    assert data["consortia"] and all(c["meets_rules"] for c in data["consortia"])
