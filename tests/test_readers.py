"""Reading and validating network files: CSV folders, Excel workbooks, JSON files, Python networks.

The fixture network ``tests/fixtures/network_small/`` is also the fixture of
the query tests. Its Excel and JSON forms are generated from the CSV files
(and committed, as examples for users)::

    python -m loaders.readers convert tests/fixtures/network_small tests/fixtures/network_small.xlsx
    python -m loaders.readers convert tests/fixtures/network_small tests/fixtures/network_small.json

``test_committed_forms_are_up_to_date`` fails when they are out of date.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import openpyxl
import pytest

from loaders import docs
from loaders.readers import detect_format, read_network, write_network
from loaders.schema import TABLE_ORDER, TABLES
from loaders.validate import (
    MAX_FIELD_CHARS,
    NetworkInputError,
    Problem,
    format_problems,
    has_errors,
    parse_date,
    parse_integer,
    parse_number,
    raise_for_problems,
    validate_network,
)

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "network_small"
BAD = FIXTURES / "bad"


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def row(table: str, **values) -> dict:
    """A typed row with every column of ``table``."""
    result = dict.fromkeys(c.name for c in TABLES[table].columns)
    result.update(values)
    return result


@pytest.fixture(scope="module")
def small() -> dict[str, list[dict]]:
    network, problems = read_network(SMALL)
    assert problems == [], format_problems(problems)
    return network


def by_id(network, table: str, key: str = "id") -> dict[str, dict]:
    return {r[key]: r for r in network[table]}


# ---------------------------------------------------------------------------
# The valid network
# ---------------------------------------------------------------------------


def test_small_network_shape(small):
    assert list(small) == list(TABLE_ORDER)
    counts = {name: len(rows) for name, rows in small.items()}
    assert counts == {
        "countries": 6,
        "organizations": 12,
        "memberships": 5,
        "expertise": 6,
        "organization_expertise": 11,
        "projects": 5,
        "project_expertise": 6,
        "participations": 15,  # the ';;;' row and the empty line at the end are ignored
        "fundings": 3,
        "agreements": 3,
        "agreement_parties": 6,
    }
    for name, rows in small.items():
        columns = [c.name for c in TABLES[name].columns]
        assert all(list(r) == columns for r in rows), name


def test_bom_semicolon_decimal_comma_accents(small):
    raw = (SMALL / "organizations.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0]
    orgs = by_id(small, "organizations")
    cnam = orgs["cnam"]  # first column of the BOM file is 'id', not '\ufeffid'
    assert cnam["name"] == "Conservatoire national des arts et métiers"
    assert (cnam["lat"], cnam["lon"]) == (48.8667, 2.3553)
    assert orgs["ufrj"]["lat"] == -22.8617
    assert orgs["cyberdef"]["city"] == "La Défense"
    projects = by_id(small, "projects")
    assert projects["cyber-maroc"]["budget"] == 1234567.5  # "1 234 567,50"
    assert projects["energie-senegal"]["budget"] == 850000.0  # no-break space as thousands separator
    assert projects["brafitec-ufrj"]["budget"] == 45000.5  # "45000,5"
    assert projects["energie-senegal"]["title"] == "Énergies renouvelables au Sénégal"
    parts = {(r["organization"], r["project"]): r for r in small["participations"]}
    assert parts[("uir", "cyber-maroc")]["contribution"] == 400000.5  # "400 000,50"


def test_types_dates_lists_choices_headers(small):
    projects = by_id(small, "projects")
    assert projects["cyber-maroc"]["start"] == dt.date(2022, 1, 1)  # "2022-01"
    assert projects["brafitec-ufrj"]["end"] == dt.date(2024, 1, 1)  # "2024"
    assert projects["ia-pme"]["end"] is None and projects["ia-pme"]["programme"] is None
    orgs = by_id(small, "organizations")
    assert orgs["cnam-liban"]["roles"] == ["centre", "partner"]  # "centre | partner"
    assert orgs["cnam-liban"]["centre_level"] == "partner_centre"  # "Partner centre"
    parts = {(r["organization"], r["project"]): r for r in small["participations"]}
    assert parts[("cnam-paca", "energie-senegal")]["role"] == "coordinator"  # "Coordinator"
    assert by_id(small, "countries", "code")["SN"]["name_fr"] == "Sénégal"  # header "Name FR"
    levels = {(r["organization"], r["expertise"]): r["level"] for r in small["organization_expertise"]}
    assert levels[("cnam", "cybersecurity")] == 5
    evidence = {(r["organization"], r["expertise"]): r["evidence"] for r in small["organization_expertise"]}
    assert evidence[("cnam", "cybersecurity")] == "Master cybersécurité, laboratoire Cédric"  # quoted comma


def test_small_network_has_what_the_query_tests_need(small):
    orgs = by_id(small, "organizations")
    assert len({o["country"] for o in orgs.values()}) >= 2
    parent = {m["member"]: m["parent"] for m in small["memberships"]}
    levels = {o: orgs[o]["centre_level"] for o in orgs}
    teaching = [o for o, level in levels.items() if level == "teaching"]
    assert any(levels[parent[t]] == "regional" and levels[parent[parent[t]]] == "headquarters" for t in teaching)
    assert any("partner" in o["roles"] and o["country"] != "FR" for o in orgs.values())
    funded: dict[str, set[str]] = {}
    for f in small["fundings"]:
        funded.setdefault(f["funder"], set()).add(f["project"])
    assert any(len(projects) >= 2 for projects in funded.values())
    members: dict[str, set[str]] = {}
    for p in small["participations"]:
        members.setdefault(p["project"], set()).add(p["organization"])
    assert sum(len(m) >= 3 for m in members.values()) >= 2
    assert small["agreements"] and len(small["agreement_parties"]) >= 2
    assert any(e["broader"] for e in small["expertise"])


def test_committed_forms_are_up_to_date(small):
    for path in (FIXTURES / "network_small.xlsx", FIXTURES / "network_small.json"):
        network, problems = read_network(path)
        assert problems == [], format_problems(problems)
        assert network == small, path


@pytest.mark.parametrize("form", ["xlsx", "json", "csv-semicolon", "csv-comma"])
def test_same_network_from_every_form(small, tmp_path, form):
    if form == "csv-semicolon":
        target = tmp_path / "net"
        write_network(small, target, "csv", delimiter=";", decimal_comma=True)
    elif form == "csv-comma":
        target = tmp_path / "net"
        write_network(small, target, "csv")
    else:
        target = tmp_path / f"net.{form}"
        write_network(small, target)
    network, problems = read_network(target)
    assert problems == [], format_problems(problems)
    assert network == small


def test_detect_format(tmp_path):
    assert detect_format(SMALL) == "csv"
    assert detect_format(tmp_path / "a.XLSX") == "xlsx"
    assert detect_format(tmp_path / "a.json") == "json"
    with pytest.raises(ValueError, match="save the workbook as .xlsx"):
        detect_format(tmp_path / "a.xls")
    _, problems = read_network(tmp_path / "nothing-here")
    assert [p.code for p in problems] == ["not_found"]


def test_template_has_every_header(tmp_path):
    write_network({}, tmp_path / "template.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "template.xlsx")
    assert workbook.sheetnames == list(TABLE_ORDER)
    assert [c.value for c in workbook["organizations"][1]] == [c.name for c in TABLES["organizations"].columns]
    network, problems = read_network(tmp_path / "template.xlsx")
    assert problems == [] and network == {name: [] for name in TABLE_ORDER}


# ---------------------------------------------------------------------------
# Bad inputs: each is rejected with file, line and field
# ---------------------------------------------------------------------------

BAD_CASES = [
    # case, file, line, column, code, words in the reason
    ("malformed_line", "organizations.csv", 3, None, "malformed", "5 fields, the header has 4"),
    ("malformed_line", "organizations.csv", 4, None, "malformed", "unbalanced quote"),
    ("wrong_type", "projects.csv", 2, "start", "type", "not a valid date"),
    ("wrong_type", "projects.csv", 3, "budget", "type", "not a number"),
    ("wrong_type", "organization_expertise.csv", 2, "level", "type", "not an integer"),
    ("missing_column", "organizations.csv", 1, "roles", "missing_column", "missing required column 'roles'"),
    ("unknown_reference", "participations.csv", 3, "project", "unknown_reference", "no id 'ghost-project'"),
    ("duplicate_key", "organizations.csv", 5, "id", "duplicate_key", "first at line 2"),
    ("bad_choice", "organizations.csv", 2, "roles", "choice", "separate values with |"),
    ("bad_choice", "organizations.csv", 2, "centre_level", "choice", "not one of: headquarters"),
    ("empty_required", "organizations.csv", 2, "name", "required", "empty required value"),
    ("bad_encoding", "organizations.csv", 2, None, "encoding", "byte 0xE9 at byte 42 of the line"),
    # a NUL byte passed the validation, then failed the write with a Cypher syntax error (issue #19 item 13)
    ("control_character", "organizations.csv", 3, "name", "control_character", "U+0000 (a control character)"),
    ("unknown_file", "organisations.csv", None, None, "unknown_table", "did you mean 'organizations'"),
    ("unknown_file", "organizations.csv", None, None, "missing_table", "'organizations' is required"),
]


@pytest.mark.parametrize(("case", "file", "line", "column", "code", "words"), BAD_CASES)
def test_bad_case_is_rejected(case, file, line, column, code, words):
    network, problems = read_network(BAD / case)
    assert has_errors(problems)
    matching = [p for p in problems if p.code == code and Path(p.file).name == file and p.line == line]
    assert matching, format_problems(problems)
    problem = next((p for p in matching if p.column == column), None)
    assert problem is not None, format_problems(problems)
    message = str(problem)
    assert str(BAD / case / file) in message
    if line is not None:
        assert f"line {line}" in message
    if column is not None:
        assert f"column {column!r}" in message
    assert words in message
    assert message in format_problems(problems)


def test_bad_cases_report_nothing_else():
    """No cascade of noise: each bad folder reports its own problems only."""
    expected = {case: sum(1 for c in BAD_CASES if c[0] == case) for case, *_ in BAD_CASES}
    for case, count in expected.items():
        _, problems = read_network(BAD / case)
        assert len(errors(problems)) == count, format_problems(problems)


def test_every_bad_folder_is_tested():
    assert {p.name for p in BAD.iterdir() if p.is_dir()} == {c[0] for c in BAD_CASES}


def test_bad_encoding_is_not_guessed():
    _, problems = read_network(BAD / "bad_encoding")
    (problem,) = errors(problems)
    assert problem.line == 2
    assert "offset 63 in the file" in problem.reason  # 0xE9 of "métiers" on line 2
    assert "métiers" in problem.reason  # a hint, not a guess: the network is not read


def test_utf16_is_refused(tmp_path):
    (tmp_path / "organizations.csv").write_text("id,name,roles\na,A,partner\n", encoding="utf-16")
    _, problems = read_network(tmp_path)
    assert [p.code for p in problems] == ["encoding"] and "UTF-16" in problems[0].reason


@pytest.mark.parametrize("size", [200_000, 10 * 1024 * 1024])
def test_huge_field(tmp_path, size):
    """Longer than MAX_FIELD_CHARS, and longer than the csv module's default limit (131072)."""
    text = "id;name;roles\ncnam;Cnam;centre\nbig;" + "x" * size + ";partner\nafd;AFD;funder\n"
    (tmp_path / "organizations.csv").write_text(text, encoding="utf-8")
    network, problems = read_network(tmp_path)
    (problem,) = problems
    assert (problem.line, problem.column, problem.code) == (3, "name", "type")
    message = str(problem)
    assert "organizations.csv, line 3, column 'name'" in message
    assert f"too long ({size} characters, at most {MAX_FIELD_CHARS})" in message
    assert len(message) < 500
    assert [o["id"] for o in network["organizations"]] == ["cnam", "big", "afd"]  # the rest is read


def test_field_limit_error_is_reported_cleanly(tmp_path, monkeypatch):
    """If the csv module's own limit is hit anyway, the problem names the file and line."""
    import loaders.readers

    previous = csv.field_size_limit(500)
    monkeypatch.setattr(loaders.readers, "_CSV_FIELD_LIMIT", 1000)
    try:
        (tmp_path / "organizations.csv").write_text("id,name,roles\na," + "x" * 5000 + ",partner\n", encoding="utf-8")
        _, problems = read_network(tmp_path)
    finally:
        csv.field_size_limit(previous)
    problem = next(p for p in problems if p.code == "field_too_long")
    assert problem.line == 2 and "organizations.csv, line 2" in str(problem)
    assert "limit (1000 characters)" in problem.reason


# ---------------------------------------------------------------------------
# CSV details
# ---------------------------------------------------------------------------


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text.encode(encoding))


def test_csv_details(tmp_path):
    write(
        tmp_path,
        "organizations.csv",
        "sep=;\r\n  ID ; Name ;ROLES; Centre-Level;Notes\r\n"
        'a ;"Multi\r\nline ; name";centre;Headquarters;note\r\n'
        ";;;;\r\n"
        "b;B;partner;;\r\n",
    )
    write(tmp_path, "countries.csv", "code\tname\nFR\tFrance\n")
    write(tmp_path, "memberships.csv", "")  # empty optional file: a warning
    write(tmp_path, "fundings.csv", "funder,project,amount,year\n")  # header only: fine
    write(tmp_path, "README.txt", "not a table")  # ignored
    network, problems = read_network(tmp_path)
    assert not has_errors(problems), format_problems(problems)
    assert sorted((p.code, Path(p.file).name, p.line) for p in problems) == [
        ("empty_file", "memberships.csv", None),
        ("unknown_column", "organizations.csv", 2),
    ]
    a, b = network["organizations"]
    assert a["id"] == "a" and a["name"] == "Multi\r\nline ; name" and a["centre_level"] == "headquarters"
    assert b["id"] == "b" and b["roles"] == ["partner"]
    assert network["countries"] == [row("countries", code="FR", name="France")]


def test_unbalanced_quote_spanning_lines(tmp_path):
    write(tmp_path, "organizations.csv", 'id,name,roles\na,"A,partner\nb,B,partner\nc,C",partner,extra\nd,D,partner\n')
    _, problems = read_network(tmp_path)
    problem = next(p for p in problems if p.code == "malformed")
    assert problem.line == 2 and "lines 2-4" in problem.reason and "quote" in problem.reason


def test_text_after_closing_quote(tmp_path):
    write(tmp_path, "organizations.csv", 'id,name,roles\na,"A"x,partner\nb,B,partner\n')
    network, problems = read_network(tmp_path)
    assert [(p.code, p.line) for p in problems] == [("malformed", 2)]
    assert [o["id"] for o in network["organizations"]] == ["b"]


def test_short_line_and_trailing_empty_fields(tmp_path):
    write(tmp_path, "organizations.csv", "id,name,roles\na,A\nb,B,partner,,\n")
    network, problems = read_network(tmp_path)
    assert [(p.code, p.line) for p in problems] == [("malformed", 2)]
    assert "2 fields, the header has 3" in problems[0].reason
    assert [o["id"] for o in network["organizations"]] == ["b"]


def test_duplicate_and_unnamed_columns(tmp_path):
    write(tmp_path, "organizations.csv", "id,name,Name,roles,\na,A,A2,partner,stray\n")
    _, problems = read_network(tmp_path)
    codes = sorted((p.code, p.severity) for p in problems)
    assert codes == [("duplicate_column", "error"), ("unknown_column", "warning")]


def test_duplicate_table_file(tmp_path):
    write(tmp_path, "organizations.csv", "id,name,roles\na,A,partner\n")
    write(tmp_path, "Organizations.CSV", "id,name,roles\nb,B,partner\n")
    _, problems = read_network(tmp_path)
    assert [p.code for p in problems] == ["duplicate_table"]


def test_single_csv_file(tmp_path):
    write(tmp_path, "organizations.csv", "id,name,roles\na,A,partner\n")
    network, problems = read_network(tmp_path / "organizations.csv")
    assert problems == [] and len(network["organizations"]) == 1


def test_excel_error_values_and_references_hint(tmp_path):
    write(tmp_path, "organizations.csv", "id,name,roles,country\nCnam,#N/A,centre,fr\n")
    write(tmp_path, "countries.csv", "code,name\nFR,France\n")
    _, problems = read_network(tmp_path)
    reasons = sorted(p.reason for p in problems)
    assert "Excel error value #N/A" in reasons[0]
    assert "did you mean 'FR'?" in reasons[1]


def test_reference_into_a_missing_table_is_reported_once(tmp_path):
    write(tmp_path, "organizations.csv", "id,name,roles,country\na,A,partner,FR\nb,B,partner,MA\n")
    _, problems = read_network(tmp_path)
    (problem,) = problems
    assert problem.code == "unknown_reference" and "no countries table, but 2 rows refer to it" in problem.reason


# ---------------------------------------------------------------------------
# Excel and JSON problems
# ---------------------------------------------------------------------------


def test_xlsx_problems_name_sheet_and_row(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Organizations"
    sheet.append(["Id", "Name", "Roles", "Lat"])
    sheet.append([None])
    sheet.append([101, "Numbered", "partner", "north"])
    sheet.append(["b", "B", "partner", 12.5])
    sheet.append([None, None])
    projects = workbook.create_sheet("projects")
    projects.append(["id", "title", "start", "budget"])
    projects.append(["p", "P", dt.datetime(2021, 9, 1), "1 000,5"])
    projects.append(["q", "Q", 44927, None])
    workbook.create_sheet("Notes").append(["free text"])
    workbook.save(tmp_path / "net.xlsx")
    network, problems = read_network(tmp_path / "net.xlsx")
    shown = sorted(str(p) for p in problems)
    path = tmp_path / "net.xlsx"
    assert shown == [
        f"{path}, sheet 'Notes': unknown sheet 'Notes': its rows would be lost; tables are {', '.join(TABLE_ORDER)}",
        f"{path}, sheet 'Organizations', row 3, column 'lat', value 'north': not a number",
        f"{path}, sheet 'projects', row 3, column 'start', value '44927': "
        "not a date (a number: an Excel date serial? format the cell as a date)",
    ]
    assert network["organizations"][0]["id"] == "101"  # a number in a text column
    assert network["organizations"][1]["lat"] == 12.5
    assert network["projects"][0]["start"] == dt.date(2021, 9, 1)
    assert network["projects"][0]["budget"] == 1000.5


def _declare_dimension(path: Path, ref: str) -> None:
    """Rewrite the <dimension> every sheet of the workbook at ``path`` declares (as some writers get it wrong)."""
    import zipfile

    parts = {}
    with zipfile.ZipFile(path) as z:
        for item in z.infolist():
            parts[item.filename] = z.read(item.filename)
    with zipfile.ZipFile(path, "w") as z:
        for filename, data in parts.items():
            if filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)
                assert f'<dimension ref="{ref}"'.encode() in data
            z.writestr(filename, data)


def test_xlsx_rows_and_columns_beyond_the_declared_dimension_are_read(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "organizations"
    sheet.append(["id", "name", "roles"])
    for i in range(2, 52):
        sheet.append([f"o{i}", f"Organization {i}", "partner"])
    sheet.cell(row=60, column=1, value="far")
    sheet.cell(row=60, column=2, value="Row sixty")
    sheet.cell(row=60, column=3, value="partner")
    sheet.cell(row=1, column=4, value="city")
    sheet.cell(row=60, column=4, value="Casablanca")
    path = tmp_path / "net.xlsx"
    workbook.save(path)
    _declare_dimension(path, "A1:C51")  # says 51 rows and 3 columns: row 60 and column D lie beyond
    network, problems = read_network(path)
    assert not has_errors(problems), problems
    ids = [o["id"] for o in network["organizations"]]
    assert len(ids) == 51 and ids[-1] == "far"
    assert network["organizations"][-1]["city"] == "Casablanca"


def test_unreadable_xlsx(tmp_path):
    (tmp_path / "net.xlsx").write_bytes(b"PK not really a zip")
    _, problems = read_network(tmp_path / "net.xlsx")
    assert [p.code for p in problems] == ["read_error"]


def test_json_problems_name_table_and_index(tmp_path):
    path = tmp_path / "net.json"
    document = {
        "organizations": [
            {"id": "a", "name": "A", "roles": ["centre", "partner"], "lat": "48,5"},
            {"id": "b", "name": "B", "roles": "partner", "lat": True},
            "not an object",
            {"ID": "c", "Name": "C", "roles": [], "extra": 1},
        ],
        "projets": [],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    network, problems = read_network(path)
    shown = sorted(str(p) for p in problems)
    assert shown == [
        f"{path}, organizations[1], column 'lat', value 'True': a boolean, expected a number",
        f"{path}, organizations[2], value 'not an object': a row is a JSON object, not str",
        f"{path}, organizations[3], column 'roles': empty required value",
        f"{path}: unknown table 'projets': its rows would be lost; tables are {', '.join(TABLE_ORDER)}"
        " (did you mean 'projects'?)",
        f"warning: {path}, table 'organizations', column 'extra': unknown column 'extra', ignored",
    ]
    assert network["organizations"][0]["lat"] == 48.5
    assert network["organizations"][1]["roles"] == ["partner"]


def test_json_syntax_error_has_a_line(tmp_path):
    path = tmp_path / "net.json"
    path.write_text('{"organizations": [\n {"id": "a",}\n]}', encoding="utf-8")
    _, problems = read_network(path)
    (problem,) = problems
    assert problem.line == 2 and "not valid JSON" in str(problem) and "line 2" in str(problem)


def test_json_missing_required_column(tmp_path):
    path = tmp_path / "net.json"
    path.write_text('{"organizations": [{"id": "a", "name": "A"}]}', encoding="utf-8")
    _, problems = read_network(path)
    assert [str(p) for p in problems] == [
        f"{path}, table 'organizations', column 'roles': missing required column 'roles' "
        "(columns are: id, name, name_fr, short_name, roles, kind, centre_level, country, city, nuts, lat, lon, "
        "website)"
    ]


# ---------------------------------------------------------------------------
# Networks from Python
# ---------------------------------------------------------------------------


def test_python_network_valid(small):
    assert validate_network(small, source="fixture") == []


def test_python_network_problems(small):
    network = {name: [dict(r) for r in rows] for name, rows in small.items()}
    network["organizations"][0]["lat"] = "48.8"  # a string where a number is expected
    network["organizations"][1]["roles"] = "centre"  # a string where a list is expected
    network["organization_expertise"][0]["level"] = 4.0
    network["projects"][0]["start"] = dt.datetime(2022, 1, 1)
    network["participations"][0]["role"] = "leader"
    network["participations"][1]["project"] = "nowhere"
    network["participations"].append(dict(network["participations"][2]))
    del network["fundings"][0]["year"]
    network["fundings"][1]["extra"] = 1
    network["countries"][0]["code"] = ""
    network["agreements"][0]["signed"] = float("nan")
    network["memberships"].append(row("memberships", member="cnam", parent="cnam-brest"))
    network["unknown"] = []
    problems = validate_network(network, source="demo")
    shown = sorted(str(p) for p in problems)
    assert shown == sorted(
        [
            "demo, organizations[0], column 'lat', value '48.8': not a number, got str",
            "demo, organizations[1], column 'roles', value 'centre': not a list of texts, got str",
            "demo, organization_expertise[0], column 'level', value '4.0': not an integer, got float",
            "demo, projects[0], column 'start', value '2022-01-01T00:00:00': "
            "not a date (expected datetime.date), got datetime",
            "demo, participations[0], column 'role', value 'leader': "
            "not one of: coordinator, participant, partner, associated, funder, other",
            "demo, participations[1], column 'project', value 'nowhere': "
            "unknown reference: projects has no id 'nowhere'",
            "demo, participations[15], column 'organization, project', value 'cnam-bretagne|cyber-maroc': "
            "duplicate key organization='cnam-bretagne', project='cyber-maroc' (first at participations[2])",
            "demo, fundings[0]: missing column year",
            "demo, fundings[1]: unknown column extra",
            "demo, countries[0], column 'code': empty required value",
            "demo, organizations[0], column 'country', value 'FR': unknown reference: countries has no code 'FR'",
            "demo, organizations[1], column 'country', value 'FR': unknown reference: countries has no code 'FR'",
            "demo, organizations[2], column 'country', value 'FR': unknown reference: countries has no code 'FR'",
            "demo, organizations[3], column 'country', value 'FR': unknown reference: countries has no code 'FR'",
            "demo, organizations[4], column 'country', value 'FR': unknown reference: countries has no code 'FR'",
            "demo, organizations[9], column 'country', value 'FR': unknown reference: countries has no code 'FR'",
            "demo, organizations[10], column 'country', value 'FR': unknown reference: countries has no code 'FR'",
            "demo, agreements[0], column 'signed', value 'nan': not a date (expected datetime.date), got float",
            "demo, memberships[0], column 'parent': "
            "membership cycle: cnam-bretagne -> cnam -> cnam-brest -> cnam-bretagne",
            "demo: unknown table 'unknown'",
        ]
    )


def test_python_network_warnings_and_structure():
    orgs = [
        row("organizations", id="a", name="A", roles=["partner"], centre_level="regional"),
        row("organizations", id="b", name="B", roles=["partner"]),
    ]
    network = {
        "organizations": orgs,
        "memberships": [row("memberships", member="a", parent="b")],
        "projects": [row("projects", id="p", title="P", start=dt.date(2022, 1, 1), end=dt.date(2021, 1, 1))],
        "fundings": [row("fundings", funder="b", project="p")],
        "expertise": [row("expertise", id="x", name="X", broader="x")],
    }
    problems = validate_network(network)
    assert sorted((p.code, p.severity, p.table) for p in problems) == [
        ("consistency", "warning", "fundings"),
        ("consistency", "warning", "memberships"),
        ("consistency", "warning", "memberships"),
        ("consistency", "warning", "organizations"),
        ("consistency", "warning", "projects"),
        ("cycle", "error", "expertise"),
    ]
    assert [p.code for p in validate_network({})] == ["missing_table"]
    assert [p.code for p in validate_network({"organizations": [1]})] == ["shape"]
    assert [p.code for p in validate_network({"organizations": {}})] == ["shape"]
    assert [p.code for p in validate_network([])] == ["shape"]


def test_raise_for_problems():
    raise_for_problems([Problem("x", "just a warning", severity="warning")])
    with pytest.raises(NetworkInputError) as caught:
        raise_for_problems([Problem("x", "bad", line=2)])
    assert "x, line 2: bad" in str(caught.value) and len(caught.value.problems) == 1


def test_validation_handles_cordis_scale():
    """144,726 participations, 31,451 projects, 35,871 organizations (its speed: benchmarks/load_h2020.py)."""
    orgs = [row("organizations", id=f"{i:09d}", name=f"Org {i}", roles=["partner"], country="BE") for i in range(35871)]
    projects = [row("projects", id=str(i), title=f"P {i}", budget=1.5, start=dt.date(2020, 1, 1)) for i in range(31451)]
    participations = [
        row("participations", organization=f"{(i * 7919) % 35871:09d}", project=str(i % 31451), role="participant")
        for i in range(144726)
    ]
    network = {
        "countries": [row("countries", code="BE", name="Belgium")],
        "organizations": orgs,
        "projects": projects,
        "participations": participations,
    }
    assert validate_network(network, source="cordis") == []
    network["participations"].append(row("participations", organization="nobody", project="0", role="participant"))
    assert [p.code for p in validate_network(network, source="cordis")] == ["unknown_reference"]


# ---------------------------------------------------------------------------
# Problems as text
# ---------------------------------------------------------------------------


def test_format_problems_caps_with_a_count():
    problems = [Problem("net/participations.csv", "unknown reference", line=n, column="project") for n in range(2, 122)]
    problems.append(Problem("net/organizations.csv", "unknown column 'notes'", line=1, severity="warning"))
    text = format_problems(problems, limit=50)
    lines = text.splitlines()
    assert lines[0] == "120 errors, 1 warning:"
    assert len(lines) == 1 + 50 + 1
    assert lines[1] == "  net/participations.csv, line 2, column 'project': unknown reference"
    assert lines[-1] == "  ... and 71 more (70 errors, 1 warning)"
    assert format_problems(problems, limit=None).count("\n") == 121


def test_long_values_are_shortened():
    network = {"organizations": [row("organizations", id="a", name="A", roles=["x" * 1000])]}
    (problem,) = validate_network(network)
    assert len(str(problem)) < 300 and "(1000 characters)" in str(problem)


# ---------------------------------------------------------------------------
# Value parsers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234", 1234.0),
        ("1234,5", 1234.5),
        ("1 234,50", 1234.5),
        ("1\u00a0234,50", 1234.5),
        ("1\u202f234,50", 1234.5),
        ("1,234.50", 1234.5),
        ("1.234,50", 1234.5),
        ("1.234.567", 1234567.0),
        ("1,234,567", 1234567.0),
        ("-2,7947", -2.7947),
        ("+3", 3.0),
        (",5", 0.5),
        ("1,5E+3", 1500.0),
        ("12 000 €", 12000.0),
        ("€12", 12.0),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", "abc", "1,2,3", "1.2.3", "1,234.5,6", "nan", "inf", "1e999", "--1", "1-2", "12abc", "1,23,456"]
)
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_parse_integer():
    assert parse_integer("2 021") == 2021 and parse_integer("-3") == -3 and parse_integer("4,0") == 4
    for text in ("4,5", "four", ""):
        with pytest.raises(ValueError, match="not an integer"):
            parse_integer(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2021-09-01", dt.date(2021, 9, 1)),
        ("2021-9-1", dt.date(2021, 9, 1)),
        ("2021-09-01T00:00:00", dt.date(2021, 9, 1)),
        ("2021-09-01 12:30", dt.date(2021, 9, 1)),
        ("2021-09", dt.date(2021, 9, 1)),
        ("2021", dt.date(2021, 1, 1)),
        ("01/09/2021", dt.date(2021, 9, 1)),
        ("1.9.2021", dt.date(2021, 9, 1)),
        ("2021/09/01", dt.date(2021, 9, 1)),
    ],
)
def test_parse_date(text, value):
    assert parse_date(text) == value


@pytest.mark.parametrize("text", ["2021-02-30", "13/13/2021", "yesterday", "21-09-01", "2021-13"])
def test_parse_date_refuses(text):
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


# ---------------------------------------------------------------------------
# Documentation
# ---------------------------------------------------------------------------


def test_input_format_doc_is_up_to_date():
    current = docs.DOC_PATH.read_text(encoding="utf-8")
    assert current == docs.render(current), "docs/input-format.md is out of date: run python -m loaders.docs"


def test_doc_documents_every_table_and_column():
    text = docs.DOC_PATH.read_text(encoding="utf-8")
    for table in TABLES.values():
        assert f"### {table.name}\n" in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text


def test_doc_worked_example_is_valid(tmp_path):
    """The CSV files of the worked example in docs/input-format.md read without problems."""
    text = docs.DOC_PATH.read_text(encoding="utf-8")
    example = text.split("## A worked example", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^`(\w+\.csv)`\n\n```text\n(.*?)```", example, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) == 6
    for name, content in blocks:
        (tmp_path / name).write_text(content, encoding="utf-8")
    network, problems = read_network(tmp_path)
    assert problems == [], format_problems(problems)
    assert len(network["organizations"]) == 5 and network["projects"][0]["budget"] == 1234567.5


def test_the_tab_that_defuses_a_formula_is_kept(tmp_path):
    """CSV injection (OWASP): a tab or CR before = + - @ makes a spreadsheet read the cell as text; the loader
    keeps it (other white space around values is still trimmed)."""
    (tmp_path / "organizations.csv").write_text(
        'id,name,roles\na,"\t=HYPERLINK(""http://x"")",partner\nb,"  Plain name  ",partner\nc,"\t@SUM(A1)",partner\n',
        encoding="utf-8",
    )
    network, problems = read_network(tmp_path)
    assert not has_errors(problems), problems
    names = {o["id"]: o["name"] for o in network["organizations"]}
    assert names == {"a": '\t=HYPERLINK("http://x")', "b": "Plain name", "c": "\t@SUM(A1)"}
