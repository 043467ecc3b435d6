"""Name resolution: ids, names in any case and accents, short names, a few words; ambiguous and unknown names."""

from __future__ import annotations

import pytest

from graph.analytics.names import MAX_AMBIGUOUS, resolve_organization
from graph.analytics.snapshot import snapshot_from_network
from graph.errors import AmbiguousOrganization, PartnernetError, UnknownOrganization

ORGANIZATIONS = [
    {"id": "x", "name": "École polytechnique", "short_name": "X"},
    {"id": "enpc", "name": "École nationale des ponts et chaussées", "short_name": "ENPC"},
    {"id": "cnam", "name": "Conservatoire national des arts et métiers", "short_name": "Cnam"},
    {"id": "cnam-bretagne", "name": "Cnam Bretagne", "short_name": None},
    {"id": "ma-um5", "name": "Mohammed V University", "name_fr": "Université Mohammed V de Rabat", "short_name": "UM5"},
    {"id": "ENPC", "name": "Escuela Nacional de Policía de Colombia", "short_name": None},
]


@pytest.fixture(scope="module")
def snapshot():
    return snapshot_from_network({"organizations": ORGANIZATIONS})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cnam-bretagne", "cnam-bretagne"),  # an id
        ("ENPC", "ENPC"),  # an id wins over a short name
        ("ecole polytechnique", "x"),  # accents and case ignored
        ("  ÉCOLE   Polytechnique ", "x"),  # spaces too
        ("Université Mohammed V de Rabat", "ma-um5"),  # the French name
        ("um5", "ma-um5"),  # a short name
        ("Cnam", "cnam"),  # an exact short name wins over "Cnam Bretagne", which contains it
        ("ponts chaussees", "enpc"),  # words, in any order, parts of words
        ("chaus nation", "enpc"),
        ("rabat mohammed", "ma-um5"),
        ("bretagne", "cnam-bretagne"),
    ],
)
def test_a_name_resolves_to_one_organization(snapshot, text, expected):
    assert resolve_organization(snapshot, text) == expected


def test_several_matches_are_ambiguous_and_listed(snapshot):
    with pytest.raises(AmbiguousOrganization) as raised:
        resolve_organization(snapshot, "ecole")
    assert raised.value.candidates == [("x", "École polytechnique"), ("enpc", "École nationale des ponts et chaussées")]
    assert str(raised.value) == (
        "'ecole' matches 2 organizations: École polytechnique (id x), "
        "École nationale des ponts et chaussées (id enpc); give more words or the id"
    )
    assert isinstance(raised.value, PartnernetError)


def test_two_organizations_with_the_same_name_are_ambiguous():
    s = snapshot_from_network({"organizations": [{"id": i, "name": "Université de Lomé"} for i in ("tg-1", "tg-2")]})
    with pytest.raises(AmbiguousOrganization) as raised:
        resolve_organization(s, "universite de lome")
    assert [o for o, _ in raised.value.candidates] == ["tg-1", "tg-2"]


def test_ambiguous_candidates_are_capped():
    s = snapshot_from_network({"organizations": [{"id": f"c{i:02d}", "name": f"Centre {i}"} for i in range(25)]})
    with pytest.raises(AmbiguousOrganization) as raised:
        resolve_organization(s, "centre")
    assert len(raised.value.candidates) == MAX_AMBIGUOUS
    assert "matches 25 organizations" in str(raised.value) and "and 15 more" in str(raised.value)


def test_an_unknown_name_suggests_the_closest_ones(snapshot):
    with pytest.raises(UnknownOrganization) as raised:
        resolve_organization(snapshot, "ecole polytecnique")
    assert raised.value.candidates[0] == ("x", "École polytechnique")
    assert str(raised.value).startswith(
        "no organization matches 'ecole polytecnique'; closest: École polytechnique (id x)"
    )
    assert isinstance(raised.value, PartnernetError)


def test_an_unknown_name_with_nothing_close_says_so(snapshot):
    with pytest.raises(UnknownOrganization) as raised:
        resolve_organization(snapshot, "zzyzx")
    assert raised.value.candidates == [] and str(raised.value) == "no organization matches 'zzyzx'"


def test_a_blank_name_is_unknown(snapshot):
    with pytest.raises(UnknownOrganization, match="no organization name given"):
        resolve_organization(snapshot, "   ")


def test_names_of_the_demo_network():
    from loaders.generators.demo import demo_network

    s = snapshot_from_network(demo_network())
    assert resolve_organization(s, "conservatoire national des arts et metiers") == "cnam"
    assert resolve_organization(s, "AFD") == "afd"
    with pytest.raises(AmbiguousOrganization):
        resolve_organization(s, "universite")
