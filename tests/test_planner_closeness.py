"""Suggestions only when they are close (issue 16, item 7): expertise names, organization names, funders.

The measure: a suggestion *shares half of its letters* with what was typed when
:func:`graph.analytics.closeness.similarity` (difflib's ratio of the two folded
texts: ``2 * letters matched in order / (len(a) + len(b))``) is at least 0.5.
Twenty words unrelated to research and cooperation must get no suggestion that
shares fewer than half of its letters with them, on the demo network and on
real CORDIS data (Horizon 2020's programme parts in French and English; the
named organizations of the Canada / New Zealand / Pacific set). The rule the
code follows (:func:`~graph.analytics.closeness.is_close`) is stricter: it
also wants a word a typo away, so none of these words gets any suggestion.
"""

from __future__ import annotations

import pytest

from graph.analytics.closeness import CLOSE, close_names, closest_terms, is_close, similarity, typo_away
from graph.analytics.cooperation import cooperation_graph
from graph.analytics.filters import organization_filter
from graph.analytics.finder import find_partners
from graph.analytics.index import PartnerIndex
from graph.analytics.names import resolve_organization
from graph.analytics.snapshot import snapshot_from_network
from graph.errors import NoMatchingExpertise, UnknownFilter, UnknownOrganization
from tests.conftest import SHARED_DATA

#: Words that name nothing in a network of universities, research centres, companies and funders.
UNRELATED = (
    "blockchain volcano ballet cheese guitar penguin tennis umbrella chocolate dinosaur "
    "origami saxophone tornado pyjamas zebra karaoke lasagna trampoline igloo marathon"
).split()
H2020_FOLDER = SHARED_DATA / "cordis-h2020-eunets"
FP_FOLDER = SHARED_DATA / "cordis-fp-ca-nz-pacific"


def shares_half(word: str, suggestion: str) -> bool:
    """The measure of this file: at least half of the letters in common, in order (folded text)."""
    return similarity(word, suggestion) >= 0.5


@pytest.fixture(scope="module")
def demo() -> PartnerIndex:
    from loaders.generators.demo import demo_network

    return PartnerIndex(cooperation_graph(snapshot_from_network(demo_network())))


@pytest.fixture(scope="module")
def h2020() -> PartnerIndex:
    if not (H2020_FOLDER / "h2020.csv.gz").is_file():
        pytest.skip(f"shared data not found at {H2020_FOLDER} (the CORDIS H2020 eunets snapshot)")
    from loaders.cordis import read_cordis_h2020

    return PartnerIndex(cooperation_graph(snapshot_from_network(read_cordis_h2020(H2020_FOLDER))))


@pytest.fixture(scope="module")
def fp_snapshot():
    if not (FP_FOLDER / "derived_FP_participation.csv").is_file():
        pytest.skip(f"shared data not found at {FP_FOLDER} (the CORDIS FP Canada/NZ/Pacific workbook export)")
    from loaders.cordis import read_cordis_fp

    return snapshot_from_network(read_cordis_fp(FP_FOLDER))


def suggestions_for(index: PartnerIndex, word: str) -> list[str]:
    """What the partner finder suggests for ``word``: ``None`` when the word matches something."""
    with pytest.raises(NoMatchingExpertise) as caught:
        find_partners(index, word)
    return caught.value.suggestions


# --- the rule ---------------------------------------------------------------------


def test_a_typo_is_one_edit_per_four_letters():
    assert typo_away("soler", "solar") and typo_away("cnma", "cnam"), "a change, a swap"
    assert typo_away("polytecnique", "polytechnique") and typo_away("energi", "energie")
    assert not typo_away("cybersecurite", "securite"), "a word that merely holds another is not a typo of it"
    assert not typo_away("penguin", "energie") and not typo_away("zzz", "zzzzzz")


def test_the_rule_is_at_least_as_strict_as_the_measure():
    for typed, name in [("penguin", "Énergie"), ("cybersécurité", "Food security"), ("tennis", "Geotechnics")]:
        assert not is_close(typed, name), (typed, name)
    for typed, name in [("soler", "Solar energy"), ("Univrsité libanaise", "Université libanaise"), ("AFX", "AFD")]:
        assert is_close(typed, name) and shares_half(typed, name), (typed, name)
    names = ["Solar energy", "Énergie", "Geotechnics", "Food security", "Cybersecurity"]
    for word in [*UNRELATED, "soler", "cybersécurite", "energi", "de la", ""]:
        close = close_names(word, names)
        assert all(similarity(word, name) >= CLOSE for name in close), (word, close)


# --- the partner finder ------------------------------------------------------------


def test_unrelated_words_get_no_misleading_expertise_on_the_demo(demo):
    suggested = {word: suggestions_for(demo, word) for word in UNRELATED}
    far = {w: [s for s in names if not shares_half(w, s)] for w, names in suggested.items()}
    assert not any(far.values()), f"suggestions sharing fewer than half of their letters: {far}"
    assert suggested == dict.fromkeys(UNRELATED, []), "none is a typo of an expertise name"


def test_typos_of_the_demo_expertise_are_still_suggested(demo):
    assert suggestions_for(demo, "soler")[0] == "Solar energy"
    assert suggestions_for(demo, "agronmie") == ["Agronomie"]
    assert closest_terms(demo, "volcano") == []


def test_unrelated_words_get_no_misleading_expertise_on_h2020(h2020):
    far = {}
    for word in [*UNRELATED, "cybersécurité"]:
        names = suggestions_for(h2020, word)
        far[word] = [s for s in names if not shares_half(word, s)]
        assert names == [], (word, names)
    assert not any(far.values()), far
    # issue 16 reported "cybersécurité" -> "Food security, sustainable agriculture…": far from it by the measure
    food = next(
        row["name"] for row in h2020.coop.snapshot.expertise.values() if row["name"].startswith("Food security")
    )
    assert not shares_half("cybersécurité", food)


def test_h2020_typos_are_still_suggested(h2020):
    assert suggestions_for(h2020, "Excelent") == ["Excellent science"]
    assert suggestions_for(h2020, "Inovation") == ["Innovation in SMEs", "Innovation dans les PME"]


# --- organization names and funders -------------------------------------------------


def names_suggested(snapshot, word: str) -> list[str]:
    with pytest.raises(UnknownOrganization) as caught:
        resolve_organization(snapshot, word)
    return [name for _, name in caught.value.candidates]


def test_organization_names_follow_the_same_rule_on_the_demo(demo):
    snapshot = demo.coop.snapshot
    for word in UNRELATED:
        names = names_suggested(snapshot, word)
        assert names == [] and not [n for n in names if not shares_half(word, n)], (word, names)
    close = names_suggested(snapshot, "Univrsité libanaise")
    assert close[0] == "Université libanaise" and len(close) > 1, close
    assert all(shares_half("Univrsité libanaise", name) for name in close), "each shown by the name that is close"


def test_organization_names_follow_the_same_rule_on_cordis(fp_snapshot):
    for word in UNRELATED:
        names = names_suggested(fp_snapshot, word)
        assert not [n for n in names if not shares_half(word, n)], (word, names)
        assert names == [], (word, names)
    assert "UNIVERSITE LAVAL" in names_suggested(fp_snapshot, "universite lavall")


def test_an_unknown_funder_suggests_only_close_ones(demo):
    with pytest.raises(UnknownFilter, match=r"unknown funder 'AFX' \(did you mean .*afd") as caught:
        organization_filter(demo, funder="AFX")
    assert "Erasmus" not in str(caught.value)
    with pytest.raises(UnknownFilter) as caught:
        organization_filter(demo, funder="blockchain")
    assert str(caught.value) == "unknown funder 'blockchain'"
