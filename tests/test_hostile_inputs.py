"""Hostile and odd inputs (issue #19 items 6, 7, 13): refused with a message naming the file, never an
internal error, never quoting much of what was read; look-alike ids named; the graph unchanged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from loaders.inputs import read_input
from loaders.load import load_network
from loaders.readers import MAX_MALFORMED_SHOWN
from loaders.schema import TABLES
from loaders.validate import format_problems, has_errors
from tests.conftest import FIXTURES

SMALL = FIXTURES / "network_small"
WORKBOOK = FIXTURES / "network_small.xlsx"

#: The same school spelled seven ways (issue #19 item 7): plain, capital accented, capitals, composed
#: accent, decomposed accent (e + combining acute), with a zero-width space, in full-width letters.
SEVEN = ["ecole", "\u00c9cole", "ECOLE", "\u00e9cole", "e\u0301cole", "ecole\u200b", "\uff45\uff43\uff4f\uff4c\uff45"]


def org(id: str, name: str | None = None) -> dict:
    row = dict.fromkeys(c.name for c in TABLES["organizations"].columns)
    row.update(id=id, name=name or f"School {id}", roles=["partner"])
    return row


def write_orgs(folder: Path, ids: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["id,name,roles", *(f"{i},School {n},partner" for n, i in enumerate(ids))]
    (folder / "organizations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------
# Item 6: what the problems quote
# ---------------------------------------------------------------------------

#: Lines of a file that is no CSV of ours (as /etc/passwd): the first, the header, has one field, the others four.
SECRET_LINES = [
    f"account{n}:x:{1000 + n}:{1000 + n}:secret-{n:03d}-{'s' * 40}{',,,' if n else ''}:/home/a{n}:/bin/sh"
    for n in range(30)
]


def _quotes_a_line(text: str) -> bool:
    """Whether ``text`` holds 41 characters or more of one of the secret lines."""
    return any(line[k : k + 41] in text for line in SECRET_LINES for k in range(len(line) - 40))


def test_a_link_out_of_the_input_folder_is_not_read(tmp_path):
    secret = tmp_path / "elsewhere" / "passwd"
    secret.parent.mkdir()
    secret.write_text("\n".join(SECRET_LINES) + "\n", encoding="utf-8")
    folder = tmp_path / "net"
    shutil.copytree(SMALL, folder)
    (folder / "organizations.csv").unlink()
    (folder / "organizations.csv").symlink_to(secret)
    network, problems, _ = read_input(folder)
    assert has_errors(problems)
    (problem,) = problems  # the organizations are not read, and nothing else is reported for them
    assert problem.file == str(folder / "organizations.csv") and problem.code == "outside_folder"
    assert "symbolic link to a file outside the input folder" in str(problem)
    assert "secret" not in format_problems(problems) and "account" not in format_problems(problems)
    assert network["organizations"] == []


def test_a_link_inside_the_input_folder_is_read(tmp_path):
    folder = tmp_path / "net"
    shutil.copytree(SMALL, folder)
    (folder / "organizations.csv").rename(folder / "organizations.kept")
    (folder / "organizations.csv").symlink_to("organizations.kept")
    network, problems, _ = read_input(folder)
    assert problems == [] and len(network["organizations"]) == 12


def test_a_link_out_of_a_cordis_folder_is_not_read(tmp_path):
    from loaders import cordis
    from tests.test_loaders_inputs import H2020_ROW, write_h2020

    source = write_h2020(tmp_path / "elsewhere", [H2020_ROW])
    folder = tmp_path / "h2020"
    folder.mkdir()
    (folder / cordis.H2020_FILE).symlink_to(source / cordis.H2020_FILE)
    shutil.copy(source / "programme_parts.csv.gz", folder)
    problems = read_input(folder, "cordis-h2020").problems
    assert [(p.file, p.code) for p in problems] == [(str(folder / cordis.H2020_FILE), "outside_folder")]
    xml = tmp_path / "xml"
    xml.mkdir()
    (tmp_path / "project.xml").write_text("<project><id>1</id></project>", encoding="utf-8")
    (xml / "project.xml").symlink_to(tmp_path / "project.xml")
    problems = read_input(xml, "cordis-xml").problems
    assert [(p.file, p.code) for p in problems] == [(str(xml / "project.xml"), "outside_folder")]


def test_a_cordis_problem_quotes_a_long_value_cut(tmp_path):
    from tests.test_loaders_inputs import H2020_ROW, write_h2020

    folder = write_h2020(tmp_path / "h2020", [H2020_ROW.replace(",100,", f",{'9x' * 5_000},")])
    (problem,) = read_input(folder, "cordis-h2020").problems
    assert problem.column == "contribution" and "(10000 characters)" in problem.reason
    assert len(str(problem)) < 300


def test_a_file_that_is_no_csv_of_ours_is_quoted_a_few_characters_at_a_time(tmp_path):
    folder = tmp_path / "net"
    shutil.copytree(SMALL, folder)
    (folder / "organizations.csv").write_text("\n".join(SECRET_LINES) + "\n", encoding="utf-8")
    _, problems, _ = read_input(folder)
    text = format_problems(problems, limit=None)
    assert has_errors(problems)
    assert not _quotes_a_line(text), text
    malformed = [p for p in problems if p.code == "malformed"]
    assert len(malformed) == MAX_MALFORMED_SHOWN + 1
    assert f"{len(SECRET_LINES) - 1 - MAX_MALFORMED_SHOWN} more malformed lines" in malformed[-1].reason


# ---------------------------------------------------------------------------
# Item 7: look-alike ids
# ---------------------------------------------------------------------------


def test_seven_spellings_of_one_id_are_not_seven_organizations(tmp_path):
    folder = write_orgs(tmp_path / "net", SEVEN)
    network, problems, _ = read_input(folder)
    errors = [p for p in problems if p.is_error]
    # composed and decomposed accent, zero-width space, full width: the same id, given twice
    assert [(p.line, p.code, p.value) for p in errors] == [
        (6, "duplicate_key", "\u00e9cole"),
        (7, "duplicate_key", "ecole"),
        (8, "duplicate_key", "ecole"),
    ]
    assert "the file has 'e\\u0301cole'" in errors[0].reason and "first at line 5" in errors[0].reason
    assert "the file has 'ecole\\u200b'" in errors[1].reason and "first at line 2" in errors[1].reason
    assert "the file has '\uff45\uff43\uff4f\uff4c\uff45'" in errors[2].reason
    # case and accents: different ids, named in one warning
    (warning,) = [p for p in problems if not p.is_error]
    assert warning.code == "look_alike" and warning.column == "id" and warning.line == 3
    assert (
        "4 ids differ only by case or accents: 'ecole' (line 2), '\u00c9cole' (line 3), 'ECOLE' (line 4), "
        "'\u00e9cole' (line 5)"
    ) in str(warning)


def test_references_spelled_another_way_find_their_row(tmp_path):
    folder = write_orgs(tmp_path / "net", ["\u00e9cole", "cnam"])
    (folder / "projects.csv").write_text("id,title\np1,Project \u200bone\n", encoding="utf-8")
    spellings = ["e\u0301cole", "\u00e9cole\u200b", "\u00e9\uff43\uff4f\uff4c\uff45"]
    rows = [f"{s},p1" for s in spellings]
    (folder / "participations.csv").write_text("organization,project\n" + "\n".join(rows) + "\n", encoding="utf-8")
    network, problems, _ = read_input(folder)
    assert [p for p in problems if p.code != "duplicate_key"] == [], format_problems(problems)
    assert {r["organization"] for r in network["participations"]} == {"\u00e9cole"}
    assert network["projects"][0]["title"] == "Project one"  # the zero-width space is gone from the name


def test_names_are_composed_and_lose_invisible_characters_but_keep_joiners():
    network = {
        "organizations": [
            org("a", "Universite\u0301 de Bordeaux\u00ad"),
            org("b", "\u0645\u06cc\u200c\u0634\u0648\u062f"),  # a Persian word: its non-joiner shapes it
        ]
    }
    from loaders.validate import validate_network

    del network["organizations"][0]["nuts"]  # a column added later: rows from Python may leave it out
    assert validate_network(network) == []
    assert [o["name"] for o in network["organizations"]] == [
        "Universit\u00e9 de Bordeaux",
        "\u0645\u06cc\u200c\u0634\u0648\u062f",
    ]


@pytest.mark.engines("falkordb")
def test_the_seven_spellings_loaded_one_by_one_are_four_organizations(store, tmp_path):
    """Before: each spelling, loaded alone, made an organization of its own (7)."""
    for n, spelling in enumerate(SEVEN):
        network, problems, _ = read_input(write_orgs(tmp_path / f"net{n}", [spelling]))
        assert not has_errors(problems), format_problems(problems)
        load_network(store, network, source="spelling")
    ids = store.run("MATCH (o:Organization) RETURN o.id AS id ORDER BY id").rows
    assert sorted(r["id"] for r in ids) == sorted(["ecole", "\u00c9cole", "ECOLE", "\u00e9cole"])


# ---------------------------------------------------------------------------
# Item 13: refused with a message, not an internal error
# ---------------------------------------------------------------------------


def rewrite_part(path: Path, part: str, change) -> Path:
    """A copy of the fixture workbook at ``path`` with its ``part`` changed by ``change(bytes) -> bytes``."""
    with zipfile.ZipFile(WORKBOOK) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info.filename, change(data) if info.filename == part else data, compresslevel=9)
    return path


LAUGHS = b"".join(
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">',
        *(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)),
        b"]>",
    ]
)
EXTERNAL = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def _entity_sheet(prolog: bytes, entity: bytes):
    return lambda data: prolog + data.replace(b"<t>", b"<t>" + entity, 2)


HOSTILE_WORKBOOKS = {
    "billion_laughs": ("xl/worksheets/sheet2.xml", _entity_sheet(LAUGHS, b"&lol9;"), "declares a document type"),
    "external_entity": ("xl/worksheets/sheet2.xml", _entity_sheet(EXTERNAL, b"&e;"), "declares a document type"),
    "zip_bomb": (  # 60 MB of white space in a part of 60 kB: 1,000 times
        "xl/worksheets/sheet2.xml",
        lambda data: data.replace(b"<sheetData>", b"<sheetData>" + b" " * 60_000_000, 1),
        "unpacks 99",
    ),
    "utf16_part": ("xl/workbook.xml", lambda data: data.decode("utf-8").encode("utf-16"), "XML not in UTF-8"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_WORKBOOKS))
def test_a_hostile_workbook_is_refused_with_a_message(tmp_path, case):
    part, change, words = HOSTILE_WORKBOOKS[case]
    path = rewrite_part(tmp_path / f"{case}.xlsx", part, change)
    network, problems, _ = read_input(path)
    (problem,) = problems
    assert problem.file == str(path) and problem.code == "unsafe_xlsx"
    assert f"refused: its part '{part}'" in problem.reason and words in problem.reason
    assert all(rows == [] for rows in network.values())


def test_a_workbook_with_binary_parts_is_read(tmp_path):
    """Excel keeps printer settings (which start with a UTF-16 device name) and images in binary parts."""
    path = tmp_path / "printer.xlsx"
    shutil.copy(WORKBOOK, path)
    with zipfile.ZipFile(path, "a") as workbook:
        workbook.writestr("xl/printerSettings/printerSettings1.bin", "Microsoft Print to PDF".encode("utf-16-le"))
        workbook.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(100))
    network, problems, _ = read_input(path)
    assert problems == [] and len(network["organizations"]) == 12


def test_a_damaged_workbook_is_a_problem_not_an_internal_error(tmp_path):
    path = rewrite_part(tmp_path / "damaged.xlsx", "xl/worksheets/sheet2.xml", lambda data: data[: len(data) // 2])
    (problem,) = read_input(path).problems
    assert problem.code == "read_error" and "not a readable .xlsx workbook" in problem.reason


def test_json_nested_a_thousand_deep_is_refused(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"organizations": [' + "[" * 1000 + "]" * 1000 + "]}", encoding="utf-8")
    (problem,) = read_input(path).problems
    assert (problem.file, problem.code) == (str(path), "malformed")
    assert "nested too deeply" in problem.reason


def test_half_a_surrogate_pair_in_json_is_refused_where_it_is(tmp_path):
    path = tmp_path / "net.json"
    path.write_text('{"organizations": [{"id": "a", "name": "A\\ud800", "roles": "partner"}]}', encoding="utf-8")
    (problem,) = read_input(path).problems
    assert str(problem).startswith(f"{path}, organizations[0], column 'name'")
    assert "U+D800 (half of a UTF-16 surrogate pair, not a character) at character 2" in problem.reason


def test_a_control_character_is_refused_in_a_python_network_too():
    from loaders.validate import validate_network

    (problem,) = validate_network({"organizations": [org("a", "A\x1bB")]}, source="demo")
    assert str(problem).startswith("demo, organizations[0], column 'name'") and "U+001B" in problem.reason


@pytest.mark.engines("falkordb")
def test_hostile_inputs_change_nothing_in_the_graph(data_dir, tmp_path):
    """Each is refused by `partnernet load` with a message naming it (no internal error); the graph is unchanged."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PARTNERNET_"))}
    env["PARTNERNET_DATA_DIR"] = str(data_dir)

    def cli(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "partnernet", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)

    assert cli("load", str(SMALL)).returncode == 0
    before = json.loads(cli("status", "--format", "json").stdout)
    deep = tmp_path / "deep.json"
    deep.write_text('{"organizations": [' + "[" * 1000 + "]" * 1000 + "]}", encoding="utf-8")
    linked = tmp_path / "linked"
    shutil.copytree(SMALL, linked)
    (linked / "organizations.csv").unlink()
    (linked / "organizations.csv").symlink_to(SMALL / "organizations.csv")  # outside the folder
    hostile = [deep, linked / "organizations.csv", FIXTURES / "bad" / "control_character"]
    hostile += [rewrite_part(tmp_path / f"{c}.xlsx", *HOSTILE_WORKBOOKS[c][:2]) for c in sorted(HOSTILE_WORKBOOKS)]
    for path in hostile:
        target = linked if path.parent == linked else path
        proc = cli("load", str(target))
        assert proc.returncode == 1, (path, proc.stderr)
        assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
        assert str(path) in proc.stderr and "nothing was written" in proc.stderr
    after = json.loads(cli("status", "--format", "json").stdout)
    assert {k: after[k] for k in ("nodes", "relationships", "version")} == {
        k: before[k] for k in ("nodes", "relationships", "version")
    }


def test_a_gzip_bomb_of_an_organizations_table_is_refused(tmp_path):
    """The table was unpacked whole in memory (a 1 MB file could take 1 GB)."""
    import gzip

    from loaders.table import _RATIO_FROM

    path = tmp_path / "organizations.csv.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b"id,name\n")
        for _ in range(_RATIO_FROM // 2**20 + 1):
            out.write(b" " * 2**20)
    (problem,) = read_input(path, "organizations-table").problems
    assert problem.file == str(path) and problem.code == "too_large"
    assert problem.reason.startswith("refused: it unpacks to more than 64 MB")
