"""The partner finder on project keywords, and French words bridged to English-only vocabularies.

A tiny network whose figures can be checked by hand (latest year 2024, so a 2024 project has recency 1):

* ``a`` (FR) coordinated p1 (2024, keywords "Quantum computing", "qubits") and took part in p2 (2023,
  keyword "quantum sensing"); ``b`` (FR) took part in p1;
* ``c`` (DE) took part in p3 (2022), whose field of science is "quantum computers" (no keywords),
  and in p5 (2024) on "machine learning" (an English-only field, as euroSciVoc's);
* ``d`` (DE) took part in p4 (2020, keyword "solar energy").

The vocabulary also holds one term of the project's own FR/EN list, "Machine learning" /
"Apprentissage automatique", which bridges French words to the English-only "machine learning".
"""

from __future__ import annotations

import pytest

from graph.analytics.cooperation import cooperation_graph
from graph.analytics.finder import KEYWORD_MATCH, TRACK_HALF, find_partners, match_query
from graph.analytics.index import PROJECT_ONLY, PartnerIndex
from graph.analytics.snapshot import snapshot_from_network
from graph.errors import NoMatchingExpertise

NETWORK = {
    "organizations": [
        {"id": o, "name": f"Org {o.upper()}", "roles": ["partner"], "country": c}
        for o, c in (("a", "FR"), ("b", "FR"), ("c", "DE"), ("d", "DE"))
    ],
    "expertise": [
        {"id": "qc", "name": "quantum computers"},
        {"id": "ml", "name": "machine learning"},
        {"id": "demo-ml", "name": "Machine learning", "name_fr": "Apprentissage automatique"},
    ],
    "projects": [
        {"id": "p1", "title": "Qubits", "start": "2024-01-01", "keywords": ["Quantum computing", "qubits"]},
        {"id": "p2", "title": "Sensors", "start": "2023-01-01", "keywords": "quantum sensing"},
        {"id": "p3", "title": "Computers", "start": "2022-01-01"},
        {"id": "p4", "title": "Sun", "start": "2020-01-01", "keywords": ["solar energy"]},
        {"id": "p5", "title": "Learning", "start": "2024-01-01"},
    ],
    "participations": [
        {"organization": "a", "project": "p1", "role": "coordinator"},
        {"organization": "b", "project": "p1", "role": "participant"},
        {"organization": "a", "project": "p2", "role": "participant"},
        {"organization": "c", "project": "p3", "role": "participant"},
        {"organization": "d", "project": "p4", "role": "participant"},
        {"organization": "c", "project": "p5", "role": "participant"},
    ],
    "project_expertise": [{"project": "p3", "expertise": "qc"}, {"project": "p5", "expertise": "ml"}],
}


@pytest.fixture(scope="module")
def index() -> PartnerIndex:
    return PartnerIndex(cooperation_graph(snapshot_from_network(NETWORK)))


def recency(years_before: int) -> float:
    return 0.5 ** (years_before / 5)


def track(total: float) -> float:
    return total / (total + TRACK_HALF)


def test_keywords_are_in_the_snapshot_and_the_index(index):
    projects = {p["id"]: p for p in index.coop.snapshot.projects}
    assert projects["p1"]["keywords"] == ["Quantum computing", "qubits"]
    assert projects["p2"]["keywords"] == ["quantum sensing"]  # a text separated by | is a list too
    assert projects["p3"]["keywords"] is None
    assert sorted(index.keyword_labels) == ["Quantum computing", "quantum sensing", "qubits", "solar energy"]
    assert index.keyword_words.matching("quantum") == ["quantum"]


def test_a_query_word_in_keywords_counts_in_track_record_and_expertise(index):
    found = {m.id: m for m in find_partners(index, "quantum computing")}
    assert sorted(found) == ["a", "b", "c"]  # d's solar project does not match
    # "quantum" matches the field "quantum computers" and keywords; "computing" only keywords
    # (computing / computers share 6 letters of 9: not the same word)
    a, b, c = found["a"], found["b"], found["c"]
    # a: p1 has both words in its keywords (0.75 each), coordinated (x1.5), 2024; p2 only "quantum", 2023
    assert a.track_record == pytest.approx(track(KEYWORD_MATCH * 1.5 + KEYWORD_MATCH / 2 * recency(1)), abs=1e-4)
    assert a.expertise == pytest.approx(PROJECT_ONLY * KEYWORD_MATCH, abs=1e-4)  # 0.3 for each of the two words
    assert b.track_record == pytest.approx(track(KEYWORD_MATCH), abs=1e-4)
    # c: p3 addresses the field (relevance 1 for "quantum", 0 for "computing"), 2022
    assert c.track_record == pytest.approx(track(0.5 * recency(2)), abs=1e-4)
    assert c.expertise == pytest.approx(PROJECT_ONLY / 2, abs=1e-4)
    assert a.score > b.score > c.score
    assert a.project_count == 2 and [p["id"] for p in a.projects] == ["p1", "p2"]
    # reasons in a planner's words
    assert a.text == "2 projects with keywords “Quantum computing”, “quantum sensing”, 2023–2024; coordinated 1"
    assert b.text == "1 project with keywords “Quantum computing”, 2024"
    assert c.text == "1 project on quantum computers, 2022"
    assert a.reasons[0].to_dict()["keywords"] == ["Quantum computing", "quantum sensing"]


def test_a_word_only_keywords_hold_finds_their_projects(index):
    assert [m.id for m in find_partners(index, "qubits")] == ["a", "b"]
    reading = match_query(index, "qubits")
    assert reading.terms == [] and reading.ignored == []
    assert reading.keywords == [{"word": "qubits", "projects": 1, "keywords": ["qubits"]}]


def test_the_reading_lists_the_keywords_found(index):
    reading = match_query(index, "quantum computing")
    assert [t["id"] for t in reading.terms] == ["qc"]
    assert reading.keywords == [
        {"word": "quantum", "projects": 2, "keywords": ["Quantum computing", "quantum sensing"]},
        {"word": "computing", "projects": 1, "keywords": ["Quantum computing"]},
    ]
    assert reading.ignored == []


def test_french_words_reach_english_only_terms_through_the_fr_en_list(index):
    reading = match_query(index, "apprentissage automatique")
    assert reading.language == "fr"
    assert [t["id"] for t in reading.terms] == ["demo-ml", "ml"]
    via = {"name": "Machine learning", "name_fr": "Apprentissage automatique"}
    assert reading.bridges == [{"words": ["apprentissage", "automatique"], "via": via, "terms": ["machine learning"]}]
    (m,) = find_partners(index, "apprentissage automatique")
    assert m.id == "c" and m.text == "1 project on machine learning, 2024"


def test_an_english_word_needs_no_bridge(index):
    reading = match_query(index, "machine learning")
    assert [t["id"] for t in reading.terms] == ["demo-ml", "ml"] and reading.bridges == []


def test_words_that_match_nothing_are_listed_as_ignored(index):
    reading = match_query(index, "apprentissage zorglub")
    assert reading.ignored == ["zorglub"]
    with pytest.raises(NoMatchingExpertise):
        match_query(index, "zorglub")


def test_without_the_fr_en_list_a_french_word_is_not_understood():
    network = {**NETWORK, "expertise": [e for e in NETWORK["expertise"] if e["id"] != "demo-ml"]}
    index = PartnerIndex(cooperation_graph(snapshot_from_network(network)))
    reading = match_query(index, "apprentissage quantum")
    assert reading.ignored == ["apprentissage"] and reading.bridges == []
