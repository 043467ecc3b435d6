"""The planner's pages and commands (issue 16, items 7, 9, 10 and 5): on the demo network, both engines.

* words that match nothing answer 200, "nothing matches 'blockchain'", in the page and the JSON;
* recommendations take the finder's filters (``country``, ``role``, ``q``) and leave sister centres
  out unless ``sisters=1`` (page, JSON and ``partnernet recommend``);
* a path's cost, Adamic–Adar and the partner finder's score say what they mean;
* reasons, evidence, hop texts and messages are in French on a French page.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from tests.test_web_walk import BAD, _check

pytestmark = pytest.mark.engines("falkordb", "neo4j")


@pytest.fixture(scope="module")
def cli_env(engine, demo_store, request) -> dict[str, str | None]:
    """The environment of a ``partnernet`` command on the module's store."""
    unset = dict.fromkeys(("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_AUTH", "PARTNERNET_ENGINE"))
    if engine == "neo4j":
        return {**unset, **request.getfixturevalue("neo4j_server").env()}
    return {**unset, "PARTNERNET_DATA_DIR": str(demo_store.settings.data_dir)}


def cli(env, *args: str):
    from partnernet.cli import cli as group

    return CliRunner(env=env).invoke(group, list(args), catch_exceptions=False)


def text_of(response) -> str:
    return response.get_data(as_text=True)


def page(client, url: str, lang: str = "en") -> str:
    """The page at ``url`` in ``lang`` (asked each time: ``?lang=`` is remembered in a cookie)."""
    answer = client.get(f"{url}{'&' if '?' in url else '?'}lang={lang}")
    assert answer.status_code == 200, url
    return text_of(answer)


def prefix_of(short: list[str], long: list[str]) -> bool:
    return long[: len(short)] == short


# --- words that match nothing (item 7) ----------------------------------------------------


def test_words_that_match_nothing_answer_200_with_a_message(client):
    data = client.get("/partners.json?q=blockchain")
    assert data.status_code == 200
    assert data.get_json()["results"] == [] and data.get_json()["message"] == "nothing matches 'blockchain'"
    assert data.get_json()["suggestions"] == [] and data.get_json()["reading"] is None
    english = page(client, "/partners?q=blockchain")
    assert 'id="nothing-matches"' in english
    assert "nothing matches &#39;blockchain&#39;" in english and 'id="close-terms"' not in english
    assert 'id="no-partner"' not in english and 'id="form-error"' not in english
    assert "rien ne correspond à &#39;blockchain&#39;" in page(client, "/partners?q=blockchain", "fr")


def test_close_expertise_names_are_links_to_try(client):
    soler = client.get("/partners.json?q=soler").get_json()
    assert soler["results"] == [] and soler["suggestions"] == ["Solar energy"]
    html = page(client, "/partners?q=soler&country=MA")
    assert 'id="close-terms"' in html and 'href="/partners?q=Solar+energy&amp;country=MA&amp;lang=en"' in html


def test_recommendations_filtered_on_words_that_match_nothing_answer_200(client):
    answer = client.get("/recommendations.json?org=cnam&q=volcano")
    assert answer.status_code == 200
    data = answer.get_json()
    assert data["results"] == [] and data["message"] == "nothing matches 'volcano'" and data["why_none"] is None
    assert "nothing matches &#39;volcano&#39;" in page(client, "/recommendations?org=cnam&q=volcano")


# --- recommendations a planner would filter (item 9) ------------------------------------------


def ids(url: str, client) -> list[str]:
    answer = client.get(url)
    assert answer.status_code == 200, answer.get_json()
    return [r["id"] for r in answer.get_json()["results"]]


def test_recommendations_take_the_finders_filters_in_any_case(client, snapshot, web_app):
    from graph.analytics.recommend import recommend_partners
    from web.state import get_state

    with web_app.app_context():
        analysis = get_state().analysis()
    # the best 200 of every recommendation: those passing a filter are the first of the filtered list
    everything = ids("/recommendations.json?org=cnam&limit=200", client)
    morocco = ids("/recommendations.json?org=cnam&limit=200&country=ma", client)
    assert morocco and prefix_of([o for o in everything if snapshot.organizations[o]["country"] == "MA"], morocco)
    assert all(snapshot.organizations[o]["country"] == "MA" for o in morocco)
    companies = ids("/recommendations.json?org=cnam&limit=200&role=Company", client)
    assert prefix_of([o for o in everything if "company" in snapshot.organizations[o]["roles"]], companies)
    assert companies and all("company" in snapshot.organizations[o]["roles"] for o in companies)
    cyber = ids("/recommendations.json?org=cnam&limit=200&q=" + quote("cybersécurité"), client)
    assert cyber and cyber == [r.id for r in recommend_partners(analysis, "cnam", limit=200, expertise="cybersecurite")]
    assert len(cyber) < len(everything), "the words keep some"
    assert cyber == ids("/recommendations.json?org=cnam&limit=200&q=CYBERSECURITY", client)
    data = client.get("/recommendations.json?org=cnam&country=MA&q=cybersecurity").get_json()
    assert data["filters"] == {"country": "MA", "q": "cybersecurity"} and data["sisters"] is False


def test_sister_centres_only_when_asked(client, snapshot):
    sisters = {m for m, p in snapshot.memberships if p == "cnam" and m != "rc-bretagne"}
    default = ids("/recommendations.json?org=rc-bretagne&limit=200", client)
    asked = ids("/recommendations.json?org=rc-bretagne&limit=200&sisters=1", client)
    assert not sisters & set(default) and sisters & set(asked)
    assert prefix_of([o for o in asked if o not in sisters], default)
    html = page(client, "/recommendations?org=rc-bretagne&sisters=1")
    assert 'name="sisters" value="1" checked' in html and "include sister centres" in html


def test_bad_filter_values_name_their_parameter(client):
    problems = []
    for param in ("q", "country", "role", "sisters"):
        for value in BAD:
            problems += _check(client, "/recommendations", {"org": "cnam", param: value}, param, True, ("org",))
    assert not problems, "\n".join(problems)
    bad = client.get("/recommendations.json?org=cnam&sisters=yes").get_json()["error"]["message"]
    assert "sisters" in bad and "'yes'" in bad
    wrong = client.get("/recommendations?org=cnam&country=zz&lang=en")
    assert wrong.status_code == 400 and 'id="form-error"' in text_of(wrong)


def test_cli_recommend_takes_the_same_options(cli_env, client):
    result = cli(cli_env, "recommend", "cnam", "--country", "ma", "--role", "PARTNER", "--format", "json")
    assert result.exit_code == 0, result.output
    web = client.get("/recommendations.json?org=cnam&country=MA&role=partner").get_json()["results"]
    assert [r["id"] for r in json.loads(result.output)] == [r["id"] for r in web] and web
    expertise = cli(cli_env, "recommend", "cnam", "--expertise", "cybersécurité", "--limit", "200", "--format", "json")
    assert [r["id"] for r in json.loads(expertise.output)] == ids(
        "/recommendations.json?org=cnam&limit=200&q=" + quote("cybersécurité"), client
    )
    sisters = cli(cli_env, "recommend", "rc-bretagne", "--sisters", "--limit", "200", "--format", "json")
    assert [r["id"] for r in json.loads(sisters.output)] == ids(
        "/recommendations.json?org=rc-bretagne&limit=200&sisters=1", client
    )
    nothing = cli(cli_env, "recommend", "cnam", "--expertise", "blockchain")
    assert nothing.exit_code == 0 and nothing.output.strip() == "nothing matches 'blockchain'"


def test_cli_partners_says_nothing_matches(cli_env):
    table = cli(cli_env, "partners", "soler")
    assert table.exit_code == 0
    assert table.output.strip() == "nothing matches 'soler'; close expertise names: Solar energy"
    as_json = cli(cli_env, "partners", "volcano", "--format", "json")
    assert as_json.exit_code == 0 and as_json.stdout.strip() == "[]" and "nothing matches" in as_json.stderr


# --- numbers that explain themselves (item 10) ----------------------------------------------------


def test_a_paths_cost_says_what_it_means(client):
    html = page(client, "/paths?from=cnam&to=lb-ul")
    assert 'id="cost-explained"' in html and "Lower is a stronger chain of ties" in html
    assert 'class="measure" title="Cost: the sum' in html
    french = page(client, "/paths?from=cnam&to=lb-ul", "fr")
    assert "Plus il est bas, plus la chaîne de liens est solide" in french and "coût" in french


def test_adamic_adar_and_shared_expertise_say_what_they_mean(client):
    html = page(client, "/recommendations?org=rc-bretagne")
    assert 'title="Adamic–Adar: the sum, over the partners in common, of 1 / log(their number of partners)' in html
    assert 'id="score-explained"' in html and "a model learned from the partnerships that actually formed" in html
    assert "Score 1 is the likeliest new partner" in html and "Jaccard" in html
    assert "active: " in html, "a reason says how active each recommended organization is"
    french = page(client, "/recommendations?org=rc-bretagne", "fr")
    assert "un modèle appris des partenariats réellement noués" in french
    assert "plus les partenaires communs sont nombreux" in french and "active\u00a0: " in french


def test_the_finders_score_says_what_it_means(client):
    alone = page(client, "/partners?q=cybersecurity")
    assert "Score = 0.625 × expertise + 0.375 × track record" in alone
    asked = page(client, "/partners?q=cybersecurity&from=cnam")
    assert "Score = 0.5 × expertise + 0.3 × track record + 0.2 × proximity" in asked
    assert 'title="Proximity, from 0 to 1: 1 for a partner of the asking organization' in asked


# --- in French (item 5) -------------------------------------------------------------------------------


ENGLISH_REASONS = ("level ", "narrower than", "projects on", "project on", "funded by", "hops from", "works with")


def test_partner_reasons_are_in_french(client):
    english = page(client, "/partners?q=cybersecurity&from=cnam")
    assert "expertise Cybersecurity (level" in english and "funded by" in english
    french = page(client, "/partners?q=cybers%C3%A9curit%C3%A9&from=cnam", "fr")
    assert "expertise Cybersécurité (niveau" in french and "financement\u00a0:" in french
    assert "travaille déjà avec" in french or "à 2 étapes de" in french
    left = [words for words in ENGLISH_REASONS if words in french]
    assert not left, left


def test_recommendation_evidence_is_in_french(client):
    french = page(client, "/recommendations?org=rc-bretagne", "fr")
    assert "travaille avec" in french and "de vos partenaires" in french
    assert "Intelligence artificielle" in french and "Artificial intelligence" not in french, "French term names"
    assert not [words for words in (*ENGLISH_REASONS, "shares ", "expertise topic") if words in french]


def test_paths_hops_are_in_french(client):
    english = page(client, "/paths?from=cnam&to=afd&k=2")
    assert "1 hop)" in english or " hops)" in english
    assert "Conservatoire national des arts et métiers with " in english and ", in projects funded by " in english
    french = page(client, "/paths?from=cnam&to=afd&k=2", "fr")
    assert " étape" in french and " avec " in french and ", dans des projets financés par " in french
    assert " hops)" not in french and " with " not in french


def test_paths_reasons_and_form_errors_are_in_french(client):
    two_hops = client.get("/recommendations.json?org=cnam").get_json()["results"][0]["id"]
    french = page(client, f"/paths?from=cnam&to={two_hops}&max_hops=1", "fr")
    assert "dans la limite d&#39;étapes (1)\u00a0: il en faut au moins 2" in french
    error = client.get("/recommendations.json?org=zzzzzz&lang=fr").get_json()["error"]["message"]
    assert error == "« org »\u00a0: aucune organisation ne correspond à 'zzzzzz'"
    same = client.get("/paths.json?from=cnam&to=cnam&lang=fr").get_json()["error"]["message"]
    assert same == "le départ et l'arrivée sont la même organisation (cnam)"
