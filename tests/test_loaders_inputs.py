"""The one way in (loaders.inputs): the table of input formats, detection, problems, and the CLI's list."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.errors import DataError, NetworkInputError, PartnernetError
from loaders import cordis
from loaders.inputs import FORMATS, Input, detect_input_format, format_names, read_input
from loaders.readers import read_network
from loaders.validate import Problem, has_errors, raise_for_problems
from tests.conftest import FIXTURES

SMALL = FIXTURES / "network_small"

H2020_HEADER = (
    "rcn,role,pic,type,contribution,country,start_date,end_date,max_contribution,total_cost,"
    "start_year,end_year,duration,group,nunique"
)
H2020_ROW = "1,coordinator,111,HES,100,FR,2020-01-01,2021-12-31,500,NA,2020,2021,24,eu15,1"


def write_h2020(folder: Path, rows: list[str], header: str = H2020_HEADER) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(folder / cordis.H2020_FILE, "wt", encoding="utf-8", newline="") as handle:
        handle.write("\n".join([header, *rows]) + "\n")
    with gzip.open(folder / "programme_parts.csv.gz", "wt", encoding="utf-8", newline="") as handle:
        handle.write("rcn,programme_part\n1,SC1\n")
    return folder


def test_every_row_is_complete_and_named_once():
    names = [f.name for f in FORMATS]
    assert names == ["cordis-h2020", "cordis-fp", "cordis-xml", "csv", "xlsx", "json", "organizations-table"]
    assert format_names() == ["auto", *names]
    for row in FORMATS:
        assert row.description and "\n" not in row.description, row.name
        assert callable(row.detect) and callable(row.read)


@pytest.mark.parametrize(
    ("path", "expected"),
    [(SMALL, "csv"), (FIXTURES / "network_small.xlsx", "xlsx"), (FIXTURES / "network_small.json", "json")],
)
def test_auto_reads_the_three_forms_as_the_readers_do(path, expected):
    found = detect_input_format(path)
    assert found is not None and found.name == expected
    result = read_input(path)
    assert isinstance(result, Input)
    assert result.source == str(path)
    assert (result.network, result.problems) == read_network(path)
    assert not has_errors(result.problems)
    assert read_input(path, expected) == result


def test_auto_recognizes_a_cordis_h2020_folder_before_a_csv_folder(tmp_path):
    folder = write_h2020(tmp_path / "h2020", [H2020_ROW])
    assert detect_input_format(folder).name == "cordis-h2020"
    network, problems, source = read_input(folder)
    assert source == cordis.H2020_SOURCE
    assert problems == []
    assert network == cordis.read_cordis_h2020(folder)


def test_auto_recognizes_a_cordis_fp_folder(tmp_path):
    (tmp_path / cordis.FP_FILE).write_text("frameworkProgramme\n", encoding="utf-8")
    assert detect_input_format(tmp_path).name == "cordis-fp"


def test_cordis_problems_are_problems_with_file_line_and_column(tmp_path):
    folder = write_h2020(tmp_path, [H2020_ROW.replace(",100,", ",lots,")])
    network, problems, _ = read_input(folder, "cordis-h2020")
    assert has_errors(problems) and all(isinstance(p, Problem) for p in problems)
    assert [(Path(p.file).name, p.line, p.column) for p in problems] == [("h2020.csv.gz", 2, "contribution")]
    assert problems[0].reason == "cannot read 'lots' as a number"
    assert all(rows == [] for rows in network.values())  # nothing to load
    with pytest.raises(NetworkInputError) as caught:
        cordis.read_cordis_h2020(folder)
    assert caught.value.problems == problems


def test_a_missing_cordis_file_is_a_problem_not_an_exception(tmp_path):
    _, problems, _ = read_input(tmp_path, "cordis-fp")
    assert [(Path(p.file).name, p.reason) for p in problems] == [(cordis.FP_FILE, "file not found")]


def test_unknown_and_missing_inputs(tmp_path):
    (tmp_path / "net.xls").write_bytes(b"")
    (tmp_path / "net.txt").write_text("x", encoding="utf-8")
    assert [p.reason for p in read_input(tmp_path / "net.xls").problems] == [
        ".xls files are not read; save the workbook as .xlsx"
    ]
    reason = read_input(tmp_path / "net.txt").problems[0].reason
    assert reason.startswith("unknown format") and all(f.description in reason for f in FORMATS)
    assert [p.code for p in read_input(tmp_path / "nothing").problems] == ["not_found"]
    with pytest.raises(ValueError, match="unknown format 'csvx'"):
        read_input(SMALL, "csvx")


def test_network_input_error_is_a_data_error():
    assert issubclass(NetworkInputError, DataError) and issubclass(NetworkInputError, PartnernetError)
    with pytest.raises(DataError) as caught:
        raise_for_problems([Problem("x.csv", "bad", line=2)])
    assert str(caught.value) == "1 error:\n  x.csv, line 2: bad"


def test_load_help_lists_every_format_from_the_table():
    from partnernet.cli import cli

    result = CliRunner().invoke(cli, ["load", "--help"])
    assert result.exit_code == 0, result.output
    assert "[default: auto]" in " ".join(result.output.split())
    for row in FORMATS:
        assert f"{row.name}: {row.description}" in result.output


def test_load_refuses_a_format_not_in_the_table():
    from partnernet.cli import cli

    result = CliRunner().invoke(cli, ["load", str(SMALL), "--format", "csvx"])
    assert result.exit_code != 0 and "csvx" in result.output
