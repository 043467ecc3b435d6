"""How the snapshot reads the graph: rows without a dict each, plain replies where they are exact, reads ahead.

On both engines, the snapshot read back from a loaded network is the snapshot of that network
(value for value, type for type, in the same order), with values that a reply written as text
could misread: ids, names and keywords holding commas and brackets, several roles, levels.
"""

from __future__ import annotations

import copy
import dataclasses
from functools import partial
from types import SimpleNamespace

import pytest

from graph.analytics.cooperation import cooperation_graph
from graph.analytics.snapshot import (
    COLUMN_READS,
    READS,
    TYPED_READS,
    WORD_LISTS,
    _columns,
    fetch_snapshot,
    snapshot_from_network,
)
from graph.errors import QueryError
from graph.store import Store
from graph.store.library import get_query
from loaders.load import load_network
from loaders.validate import format_problems, has_errors, validate_network
from tests.test_engines_agree import typed

pytestmark = pytest.mark.engines("falkordb", "neo4j")

ODD_ID = "lab, one [x]"


@pytest.fixture
def network(small_network) -> dict[str, list[dict]]:
    """The small fixture network, with an organization and a project whose values look like a list's text."""
    net = copy.deepcopy(small_network)
    org, project, took_part, held = (net[t][0] for t in ("organizations", "projects", "participations",
                                                          "organization_expertise"))  # fmt: skip
    net["organizations"].append(
        {**org, "id": ODD_ID, "name": "Lab [a, b]", "short_name": None, "roles": ["partner", "company"]}
    )
    net["projects"].append({**project, "id": "p, odd", "title": "[x, y]", "keywords": ["solar, wind", "[a]"]})
    net["participations"] += [
        {**took_part, "organization": ODD_ID, "project": "p, odd", "role": "coordinator"},
        {**took_part, "organization": "cnam", "project": "p, odd", "role": "partner"},
    ]
    net["organization_expertise"].append(
        {**held, "organization": ODD_ID, "expertise": "cybersecurity", "level": 3, "evidence": "a, b [c]"}
    )
    problems = validate_network(net, source="test")
    assert not has_errors(problems), format_problems(problems)
    return net


@pytest.fixture
def loaded(store, network):
    load_network(store, network, source="test")
    return store


def test_the_snapshot_read_back_is_the_snapshot_of_the_loaded_network(loaded, network):
    read = fetch_snapshot(loaded)
    built = snapshot_from_network(network, version=read.version)
    assert list(read.organizations) == list(built.organizations)
    assert [typed(sorted(o.items())) for o in read.organizations.values()] == [
        typed(sorted(o.items())) for o in built.organizations.values()
    ]
    assert read.organizations[ODD_ID]["roles"] == ["partner", "company"]
    assert typed(read.projects) == typed(built.projects)
    odd = next(p for p in read.projects if p["id"] == "p, odd")
    assert odd["keywords"] == ["solar, wind", "[a]"] and odd["participants"] == ["cnam", ODD_ID]
    assert odd["coordinators"] == [ODD_ID]
    assert typed(read.agreements) == typed(built.agreements)
    assert typed(read.memberships) == typed(built.memberships)
    for by_organization in ("organization_expertise", "expertise_evidence"):  # in the order of the input or of ids
        assert typed(sorted(getattr(read, by_organization).items())) == typed(
            sorted(getattr(built, by_organization).items())
        )
    assert read.expertise_evidence[ODD_ID, "cybersecurity"] == {"level": 3, "evidence": "a, b [c]"}
    assert typed(read.expertise) == typed(built.expertise) and typed(read.countries) == typed(built.countries)


def test_each_query_returns_the_columns_the_snapshot_reads(loaded):
    for name, columns in READS.items():
        assert get_query(name).returns == columns, name
        names, rows = loaded.read_rows(name)
        assert tuple(names) == columns and rows, name


@pytest.mark.engines("falkordb")
def test_plain_replies_give_the_values_of_typed_replies(loaded):
    plain = [name for name in READS if name not in TYPED_READS]
    assert "snapshot_organizations" in plain and "snapshot_participations" in plain
    for name in plain:
        typed_names, typed_rows = loaded.read_rows(name)
        names, rows = loaded.read_rows(name, plain=True, word_lists=WORD_LISTS.get(name, ()))
        if name in COLUMN_READS:  # lists of numbers, written as text: the snapshot parses them
            assert len(rows) == 1 and all(isinstance(value, str) for value in rows[0]), name
            rows = [[column.tolist() for column in _columns(rows)]]
        assert names == typed_names and typed(rows) == typed(typed_rows), name


def test_a_store_reading_only_dicts_gives_the_same_snapshot(loaded):
    # Store's own read_rows: the rows made from the dicts of read (what an adapter without its own gives)
    rows_only = SimpleNamespace(read_rows=partial(Store.read_rows, loaded), version=loaded.version)
    one, other = fetch_snapshot(rows_only).__dict__, fetch_snapshot(loaded).__dict__
    for a, b in zip(one.pop("participation_rows"), other.pop("participation_rows"), strict=True):
        assert a.tolist() == b.tolist()
    assert typed(one) == typed(other)


def test_the_participations_read_as_positions_are_the_projects_participants(loaded):
    read = fetch_snapshot(loaded)
    projects, organizations = read.participation_rows
    ids = list(read.organizations)
    pairs = [(read.projects[p]["id"], ids[o]) for p, o in zip(projects.tolist(), organizations.tolist(), strict=True)]
    assert pairs == [(p["id"], o) for p in read.projects for o in p["participants"]]
    assert pairs and len(set(projects.tolist())) > 1
    # the cooperation graph made from them is the one made from the lists
    by_lists = cooperation_graph(dataclasses.replace(read, participation_rows=None))
    by_rows = cooperation_graph(read)
    assert (by_lists.W != by_rows.W).nnz == 0 and (by_lists.counts != by_rows.counts).nnz == 0
    assert by_lists.projects_of == by_rows.projects_of and by_lists.agreements_of == by_rows.agreements_of


def test_a_failed_read_ahead_is_raised_and_a_query_with_other_columns_is_refused(loaded):
    def failing(name, **options):
        if name == "snapshot_fundings":
            raise QueryError("the engine stopped")
        return loaded.read_rows(name, **options)

    with pytest.raises(QueryError, match="the engine stopped"):
        fetch_snapshot(SimpleNamespace(read_rows=failing, version=loaded.version))

    def renamed(name, **options):
        names, rows = loaded.read_rows(name, **options)
        return (["other", *names[1:]] if name == "snapshot_projects" else names), rows

    with pytest.raises(QueryError, match="query snapshot_projects returns other, id, title"):
        fetch_snapshot(SimpleNamespace(read_rows=renamed, version=loaded.version))
