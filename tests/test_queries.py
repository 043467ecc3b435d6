"""Every query of the library runs on both engines and returns its documented columns."""

from __future__ import annotations

import re

import pytest

from graph.errors import ParameterError
from graph.store import Store
from graph.store.library import DIALECTS, GROUPS, QUERIES_DIR, TYPES, analyst_queries, library, load_library
from loaders.load import load_network
from tests.conftest import FIXTURES

pytestmark = pytest.mark.engines("falkordb", "neo4j")

READS = sorted(name for name, q in library().items() if not q.is_write)
WRITES = sorted(name for name, q in library().items() if q.is_write)


def test_library_reads_and_every_query_has_both_dialects():
    queries = load_library()
    assert len(queries) >= 10
    for q in queries.values():
        assert set(q.texts) == set(DIALECTS)
        assert q.title and q.description


@pytest.mark.parametrize("name", READS)
def test_read_query_runs_on_fixture_network_with_documented_columns(name, small_store):
    query = library()[name]
    assert set(query.example) == set(query.params), f"{name}: '// example:' must give every parameter"
    result = small_store.run(query.text(small_store.dialect), query.example)
    assert result.columns == list(query.returns), f"{name}: returns {result.columns}, documents {query.returns}"
    rows = small_store.read(name, **query.example)  # the library's own path: the same rows
    assert sorted(map(repr, rows)) == sorted(map(repr, result.rows))


def test_every_write_query_is_used_by_the_loader(store, small_network, monkeypatch):
    used = set()
    original = Store.write

    def recording_write(self, name, **params):
        used.add(name)
        return original(self, name, **params)

    monkeypatch.setattr(Store, "write", recording_write)
    store.setup_schema()
    load_network(store, small_network, source="fixture")
    changed = {t: [dict(r) for r in rows] for t, rows in small_network.items()}
    for row in changed["organizations"]:
        row["roles"] = list(reversed(row["roles"]))
    load_network(store, changed, source="fixture")  # updates
    nothing_but_countries = {"organizations": [], "countries": small_network["countries"][:1]}
    load_network(store, nothing_but_countries, source="fixture", replace=True)  # deletes
    store.write("bump_graph_version", key="graph")
    store.write("set_graph_version", key="graph", version=store.version() + 1)
    centre_or_funder_created = {f"create_organizations_{r}" for r in ("centre", "partner", "company", "funder")}
    missing = sorted(set(WRITES) - used - {"schema"})
    assert not missing, f"write queries never run by the tests: {missing}"
    assert centre_or_funder_created <= used
    assert store.counts()["labels"] == {"Country": 1}


def test_fixture_network_exists():
    assert (FIXTURES / "network_small" / "organizations.csv").exists()


# -- who a query is for, its groups, its typed parameters --------------------------------------

ANALYST = sorted(q.name for q in analyst_queries())


def test_analyst_queries_are_the_analyst_files_and_the_neighbourhood_and_nothing_internal():
    assert ANALYST == sorted([p.stem for p in QUERIES_DIR.glob("analyst_*.cypher")] + ["organization_neighbourhood"]), (
        "analyst_*.cypher are for analysts, and the neighbourhood (the console draws its paths)"
    )
    internal = {n for n, q in library().items() if q.internal}
    assert internal == set(library()) - set(ANALYST)
    for prefix in ("existing_", "snapshot_", "upsert_", "delete_", "graph_version", "count_", "properties_"):
        assert any(n.startswith(prefix) for n in internal), prefix
    assert all(q.audience == "internal" for q in library().values() if q.internal and not q.is_write), (
        "every internal read query says so in its header"
    )


@pytest.mark.parametrize("name", ANALYST)
def test_every_analyst_query_has_a_group_french_texts_and_typed_parameters(name):
    q = library()[name]
    assert q.group in GROUPS
    assert q.title_fr and q.description_fr and q.title_fr != q.title and q.description_fr != q.description
    for p in q.params:
        parameter = q.parameters[p]
        assert parameter.type in TYPES and parameter.type != "json", f"{name}: ${p} has no type"
        assert parameter.help and parameter.help_fr and parameter.help_fr != parameter.help
    assert q.convert_params(q.example) == q.example, "the example has the declared types"
    as_typed = {p: q.parameter(p).as_text(v) for p, v in q.example.items()}
    assert q.convert_params(as_typed) == q.example, "the form's fields (the example as text) read back the same"


def test_every_group_has_queries():
    assert {q.group for q in analyst_queries()} == set(GROUPS)
    order = [q.group for q in analyst_queries()]
    assert order == sorted(order, key=list(GROUPS).index), "listed group by group, in GROUPS order"


def _write(folder, name: str, header: str, body: str = "RETURN $id AS id") -> None:
    (folder / f"{name}.cypher").write_text(header.strip() + "\n" + body + "\n", encoding="utf-8")


def test_header_fields_audience_group_types_and_french(tmp_path):
    _write(
        tmp_path,
        "one",
        """
// title: One
// title.fr: Un
// description: The first.
// description.fr: Le premier.
// group: funding
// param id (text or null): An id.
// param.fr id: Un identifiant.
// param n (integer): How many.
// param on (boolean): Whether.
// param ids (list): Ids.
// param x (number): A number.
// returns: id
""",
        "RETURN $id AS id, $n AS n, $on AS on, $ids AS ids, $x AS x",
    )
    _write(
        tmp_path, "two", "// title: Two\n// description: d\n// audience: internal\n// param id: An id.\n// returns: id"
    )
    _write(tmp_path, "three", "// title: Three\n// description: d\n// mode: write\n// returns: nothing", "CREATE (:X)")
    queries = load_library(tmp_path)
    one, two, three = queries["one"], queries["two"], queries["three"]
    assert (one.title_fr, one.description_fr, one.group, one.audience, one.internal) == (
        "Un",
        "Le premier.",
        "funding",
        "analyst",
        False,
    )
    assert [(p.name, p.type, p.nullable) for p in one.parameters.values()] == [
        ("id", "text", True),
        ("n", "integer", False),
        ("on", "boolean", False),
        ("ids", "list", False),
        ("x", "number", False),
    ]
    assert one.parameters["id"].help == "An id." and one.parameters["id"].help_fr == "Un identifiant."
    assert two.internal and two.parameter("id").type == "json" and two.group is None
    assert three.internal and three.is_write, "a write is internal without saying so"
    given = {"id": " ", "n": "-3", "on": "Oui", "ids": '["a", "b"]', "x": "2,5"}
    assert one.convert_params(given) == {"id": None, "n": -3, "on": True, "ids": ["a", "b"], "x": 2.5}
    assert one.convert_params({"id": "null", "n": 4.0, "on": False, "ids": "a,\nb", "x": 1e3}) == {
        "id": None,
        "n": 4,
        "on": False,
        "ids": ["a", "b"],
        "x": 1000.0,
    }
    assert two.convert_params({"id": '{"a": 1}'}) == {"id": {"a": 1}} and two.convert_params({"id": "x"}) == {"id": "x"}


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("n", "1.5", "$n must be a whole number, not '1.5'"),
        ("n", True, "$n must be a whole number, not True"),
        ("n", "", "$n needs a value (whole number)"),
        ("n", None, "$n needs a value (whole number)"),
        ("x", "nan", "$x must be a number, not 'nan'"),
        ("x", "inf", "$x must be a number, not 'inf'"),
        ("x", "left", "$x must be a number, not 'left'"),
        ("on", "maybe", "$on must be true or false, not 'maybe'"),
        ("ids", [1, 2], "$ids must be a list of texts (a, b, c), not [1, 2]"),
        ("ids", '["a", 1]', "$ids must be a list of texts (a, b, c), not '[\"a\", 1]'"),
        ("id", 7, "$id must be text, not 7"),
        ("id", "x" * 100, None),
    ],
)
def test_a_bad_value_is_refused_naming_the_parameter(name, value, message):
    from graph.store.library import Parameter

    types = {"n": "integer", "x": "number", "on": "boolean", "ids": "list", "id": "text"}
    parameter = Parameter(name, types[name])
    if message is None:  # long text is text: kept whole
        assert parameter.convert(value) == value
        return
    with pytest.raises(ParameterError) as raised:
        parameter.convert(value)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("header", "error"),
    [
        ("// param id (integr): x", "parameter 'id' has type 'integr': use one of text, integer, number"),
        ("// param id (json): x", "has type 'json'"),
        ("// param id: x\n// group: astrology", "group must be one of network, cooperation"),
        ("// param id: x\n// audience: everyone", "audience must be analyst or internal, not 'everyone'"),
        ("// param id: x\n// returns.fr: id", "'// returns.fr:' is not a header field"),
        ("// param id: x\n// param.fr other: y", "'// param.fr' for parameters without a '// param' line: other"),
        ("// param id: x\n// title.fr (text): y", "a type in parentheses belongs on a '// param NAME (TYPE):' line"),
    ],
)
def test_header_mistakes_name_the_file(tmp_path, header, error):
    _write(tmp_path, "bad", f"// title: T\n// description: D\n{header}\n// returns: id")
    with pytest.raises(ValueError, match=re.escape(error)) as raised:
        load_library(tmp_path)
    assert str(tmp_path / "bad.cypher") in str(raised.value)


def test_a_write_query_cannot_be_for_analysts(tmp_path):
    _write(
        tmp_path,
        "w",
        "// title: W\n// description: D\n// mode: write\n// audience: analyst\n// returns: x",
        "CREATE (:X)",
    )
    with pytest.raises(ValueError, match="a write query is internal"):
        load_library(tmp_path)


def test_cli_lists_the_analysts_queries_by_group_and_all_with_internal_ones_marked():
    from click.testing import CliRunner

    from partnernet.cli import cli

    runner = CliRunner()
    listed = runner.invoke(cli, ["query", "--list"])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert [line for line in lines if not line.startswith(" ")] == [f"{title}:" for title in GROUPS.values()]
    assert sorted(line.split()[0] for line in lines if line.startswith(" ")) == ANALYST
    expiring = next(line for line in lines if "analyst_agreements_expiring_between_years" in line)
    assert expiring.endswith("-p year_from=<integer> -p year_to=<integer> -p limit=<integer>")
    assert "-p since=<integer or null>" in listed.output and "snapshot_" not in listed.output
    everything = runner.invoke(cli, ["query", "--list", "--all"])
    assert everything.exit_code == 0 and everything.output.startswith(listed.output)
    marked = {line.split()[0]: line for line in everything.output.splitlines()[len(lines) + 1 :]}
    assert set(marked) == set(library()) - set(ANALYST)
    assert marked["snapshot_organizations"].endswith("[internal]")
    assert marked["upsert_projects"].endswith("[internal, write]")
    bad = runner.invoke(cli, ["query", "analyst_cofunded_projects", "-p", "min_funders=two", "-p", "limit=5"])
    assert isinstance(bad.exception, ParameterError), "refused before any store is opened"
    assert str(bad.exception) == "$min_funders must be a whole number, not 'two'"
