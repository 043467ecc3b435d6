"""The CORDIS importers: real shared data (skipped when absent) and small hand-written files."""

from __future__ import annotations

import csv
import gzip
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph.errors import DataError
from loaders import cordis
from loaders.cordis import FP_SOURCE, H2020_SOURCE, read_cordis_fp, read_cordis_h2020
from loaders.schema import LIST_SEPARATOR, TABLE_ORDER, TABLES

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
H2020_FOLDER = SHARED_DATA / "cordis-h2020-eunets"
FP_FOLDER = SHARED_DATA / "cordis-fp-ca-nz-pacific"

H2020_PARTICIPATIONS = 144_726
H2020_PROJECTS = 31_451
H2020_PICS = 35_871

PYTHON_TYPES: dict[str, type] = {"text": str, "integer": int, "number": float, "date": date, "list": list}


def assert_follows_schema(network: dict[str, list[dict]]) -> None:
    """Everything loaders.schema promises: all tables, exact columns, types, required, keys, refs, choices."""
    assert list(network) == list(TABLE_ORDER)
    keys: dict[str, set] = {}
    for name in TABLE_ORDER:
        table = TABLES[name]
        columns = [c.name for c in table.columns]
        seen = set()
        for row in network[name]:
            assert list(row) == columns, (name, row)
            for column in table.columns:
                value: Any = row[column.name]
                if value is None:
                    assert not column.required, (name, column.name, row)
                    continue
                actual: type = type(value)  # exact type: a bool is no integer, an int no number
                assert actual is PYTHON_TYPES[column.type], (name, column.name, value)
                if column.type == "list":
                    assert value and all(isinstance(v, str) and v and LIST_SEPARATOR not in v for v in value)
                if column.type == "text":
                    assert value.strip() == value and value, (name, column.name, value)
                if column.choices:
                    values = value if column.type == "list" else [value]
                    assert set(values) <= set(column.choices), (name, column.name, value)
            key = tuple(row[k] for k in table.key)
            assert key not in seen, (name, key)
            seen.add(key)
        keys[name] = seen
    for name in TABLE_ORDER:
        for column in TABLES[name].columns:
            if column.ref is None:
                continue
            targets = {key[0] for key in keys[column.ref]}
            dangling = {row[column.name] for row in network[name]} - targets - {None}
            assert not dangling, (name, column.name, sorted(dangling)[:5])


# --------------------------------------------------------------------------- H2020 (eunets), real data


@pytest.fixture(scope="module")
def h2020() -> tuple[dict[str, list[dict]], float]:
    if not (H2020_FOLDER / "h2020.csv.gz").is_file():
        pytest.skip(f"shared data not found at {H2020_FOLDER} (the CORDIS H2020 eunets snapshot)")
    started = time.perf_counter()
    network = read_cordis_h2020(H2020_FOLDER)
    return network, time.perf_counter() - started


def test_h2020_is_read_whole(h2020):
    """Every participation row is read (its speed is the load benchmark's figure, not a test's)."""
    network, seconds = h2020
    print(f"reading the H2020 set took {seconds:.1f} s")
    assert len(network["participations"]) == H2020_PARTICIPATIONS


def test_h2020_follows_the_schema(h2020):
    assert_follows_schema(h2020[0])


def test_h2020_counts(h2020):
    network, _ = h2020
    organizations = network["organizations"]
    assert len(organizations) == H2020_PICS + 1
    assert sum(1 for o in organizations if o["id"] != cordis.EC_ID) == H2020_PICS
    assert len(network["projects"]) == H2020_PROJECTS
    # No (pic, rcn) pair occurs twice in the snapshot, so no participation is merged.
    assert len(network["participations"]) == H2020_PARTICIPATIONS
    assert len(network["fundings"]) == H2020_PROJECTS
    # 37,441 rows in programme_parts.csv.gz, one of an RCN absent from h2020.csv.gz.
    assert len(network["project_expertise"]) == 37_440
    assert len(network["countries"]) == 169
    assert Counter(p["role"] for p in network["participations"]) == {
        "participant": 106_108,
        "coordinator": 31_476,
        "partner": 7_142,
    }
    assert sum(p["contribution"] is None for p in network["participations"]) == 13_754


def test_h2020_countries(h2020):
    network, _ = h2020
    countries = {c["code"]: c for c in network["countries"]}
    assert countries["NA"]["name"] == "Namibia"
    assert countries["NA"]["priority"] == "tc"
    assert countries["EL"]["name"] == "Greece"
    assert countries["UK"]["name"] == "United Kingdom"
    assert countries["FR"]["priority"] == "eu15"
    assert all(c["name"] != c["code"] for c in countries.values()), "a country code without a name"
    namibians = [o for o in network["organizations"] if o["country"] == "NA"]
    assert namibians and all(o["name"].startswith("Organisation PIC ") for o in namibians)


def test_h2020_organizations(h2020):
    network, _ = h2020
    organizations = {o["id"]: o for o in network["organizations"]}
    ec = organizations[cordis.EC_ID]
    assert ec["roles"] == ["funder"] and ec["name"] == "European Commission"
    cnrs = organizations["999997930"]
    assert cnrs["name"] == "Organisation PIC 999997930"
    assert cnrs["country"] == "FR" and cnrs["kind"] == "research" and cnrs["roles"] == ["partner"]
    kinds = Counter(o["kind"] for o in organizations.values() if o["id"] != cordis.EC_ID)
    assert set(kinds) == set(cordis.KINDS.values())
    for organization in organizations.values():
        if organization["id"] != cordis.EC_ID:
            assert organization["roles"] == (["company"] if organization["kind"] == "company" else ["partner"])


def test_h2020_projects_and_fundings(h2020):
    network, _ = h2020
    projects = {p["id"]: p for p in network["projects"]}
    first = projects["H2020-RCN-221856"]
    assert first["title"] == "H2020 project 221856"
    assert first["programme"] == "H2020 SC4"
    assert (first["start"], first["end"], first["budget"]) == (date(2019, 5, 1), date(2022, 4, 30), 2_928_125.0)
    fundings = {f["project"]: f for f in network["fundings"]}
    assert set(fundings) == set(projects)
    assert {f["funder"] for f in fundings.values()} == {cordis.EC_ID}
    assert fundings["H2020-RCN-221856"]["amount"] == 2_927_875.0
    assert fundings["H2020-RCN-221856"]["year"] == 2019
    assert all(p["programme"].startswith("H2020") for p in projects.values())
    # Several parts are listed in the programme's order whatever the file's order.
    programmes = {p["programme"] for p in projects.values()}
    assert "H2020 LEIT, Innovation in SMEs" in programmes
    assert "H2020 Innovation in SMEs, LEIT" not in programmes
    coordinated = {p["project"] for p in network["participations"] if p["role"] == "coordinator"}
    assert coordinated == set(projects)


def test_h2020_expertise(h2020):
    network, _ = h2020
    expertise = {e["id"]: e for e in network["expertise"]}
    assert expertise["h2020-sc1"]["name"] == "Health, demographic change and wellbeing"
    assert expertise["h2020-sc1"]["broader"] == "h2020-societal-challenges"
    assert expertise["h2020-erc"]["broader"] == "h2020-excellent-science"
    assert all(e["name_fr"] for e in expertise.values())
    used = Counter(pe["expertise"] for pe in network["project_expertise"])
    assert used["h2020-msca"] == 9_976
    assert set(used) <= set(expertise)


# --------------------------------------------------------------------------- FP7 / H2020 / HE, real data


@pytest.fixture(scope="module")
def fp() -> dict[str, list[dict]]:
    if not (FP_FOLDER / cordis.FP_FILE).is_file():
        pytest.skip(f"shared data not found at {FP_FOLDER} (the CORDIS FP Canada/NZ/Pacific workbook export)")
    return read_cordis_fp(FP_FOLDER)


def _fp_rows() -> list[dict[str, str]]:
    with open(FP_FOLDER / cordis.FP_FILE, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_fp_follows_the_schema(fp):
    assert_follows_schema(fp)


def test_fp_counts_match_the_file(fp):
    rows = _fp_rows()
    assert len(rows) == 1_018
    projects = {(r["frameworkProgramme"], r["projectAcronym"], r["startDate"]) for r in rows}
    assert len(fp["projects"]) == len(projects) == 824
    assert len(fp["fundings"]) == 824
    # No organization is listed twice in one project: one participation per row.
    assert len(fp["participations"]) == len(rows)
    # 245 names, one of them (The Fields Institute) with two PICs: 246 organizations, plus the EC.
    assert len({r["Organisation"] for r in rows}) == 245
    assert len(fp["organizations"]) == 246 + 1
    assert {c["code"] for c in fp["countries"]} == {r["country"] for r in rows}
    contributions = sum(float(r["ecContribution"]) for r in rows if r["ecContribution"])
    assert sum(p["contribution"] or 0 for p in fp["participations"]) == pytest.approx(contributions)


def test_fp_organizations_are_named_and_keyed_by_pic(fp):
    organizations = {o["id"]: o for o in fp["organizations"]}
    assert all(o["name"] and not o["name"].startswith("Organisation PIC") for o in organizations.values())
    assert all(o_id.isdigit() for o_id in organizations if o_id != cordis.EC_ID)  # every PIC recovered
    western = organizations["988059752"]
    assert (western["name"], western["short_name"], western["country"]) == (
        "THE UNIVERSITY OF WESTERN ONTARIO",
        "UWO",
        "CA",
    )
    assert western["kind"] == "higher education"
    fields = {o["kind"] for o in organizations.values() if o["name"].startswith("The Fields Institute")}
    assert fields == {"higher education", "research"}
    assert "not applicable" not in {o["short_name"] for o in organizations.values()}


def test_fp_projects(fp):
    projects = {p["id"]: p for p in fp["projects"]}
    decoder = projects["FP7-DECODER-2010-02-01"]
    assert decoder["programme"] == "FP7"
    assert decoder["title"].startswith("Deployment of Brain-Computer Interfaces")
    assert (decoder["start"], decoder["end"]) == (date(2010, 2, 1), date(2013, 4, 30))
    # The same acronym and title, two grants: two projects.
    assert {"H2020-INTERACT-2016-10-01", "H2020-INTERACT-2020-01-01"} <= set(projects)
    assert {p["programme"] for p in projects.values()} == {"FP7", "H2020", "Horizon Europe"}
    fundings = {f["project"]: f for f in fp["fundings"]}
    assert fundings["FP7-DECODER-2010-02-01"]["amount"] == 2_799_921.0
    assert fundings["FP7-DECODER-2010-02-01"]["year"] == 2010
    roles = Counter(p["role"] for p in fp["participations"])
    assert roles == {"participant": 512, "partner": 297 + 24, "associated": 165, "other": 15, "coordinator": 5}


def test_source_labels():
    assert H2020_SOURCE == "CORDIS H2020 (eunets snapshot)"
    assert FP_SOURCE == "CORDIS FP7/H2020/HE: Canada, New Zealand, Pacific"


# --------------------------------------------------------------------------- small hand-written files

H2020_HEADER = (
    "rcn,role,pic,type,contribution,country,start_date,end_date,max_contribution,total_cost,"
    "start_year,end_year,duration,group,nunique"
)


def write_gz(path: Path, text: str) -> None:
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        handle.write(text)


def write_h2020(folder: Path, lines: list[str], header: str = H2020_HEADER, parts: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_gz(folder / "h2020.csv.gz", "\n".join([header, *lines]) + "\n")
    write_gz(folder / "programme_parts.csv.gz", parts if parts is not None else "rcn,programme_part\n1,SC1\n")
    return folder


def test_small_h2020_file(tmp_path):
    folder = write_h2020(
        tmp_path,
        [
            "1,coordinator,111,HES,100,NA,2020-01-01,2021-12-31,500,NA,2020,2021,24,tc,2",
            "1,participant,222,PRC,NA,FR,2020-01-01,2021-12-31,500,NA,2020,2021,24,eu15,2",
            "2,participant,111,HES,50.5,DE,NA,NA,80,90,NA,NA,NA,eu15,1",
            "3,participant,111,HES,1,NA,2019-01-01,2019-12-31,10,10,2019,2019,12,tc,1",
            "3,partner,111,HES,2,NA,2019-01-01,2019-12-31,10,10,2019,2019,12,tc,1",
        ],
        parts="rcn,programme_part\n1,SC1\n1,ERC\n2,Something new\n99,SC2\n",
    )
    network = read_cordis_h2020(folder)
    assert_follows_schema(network)
    organizations = {o["id"]: o for o in network["organizations"]}
    assert organizations["111"]["country"] == "NA"  # NA, NA, DE, NA, NA: Namibia, not missing
    assert organizations["111"]["name"] == "Organisation PIC 111"
    assert organizations["222"]["roles"] == ["company"] and organizations["222"]["kind"] == "company"
    assert {c["code"]: c["name"] for c in network["countries"]} == {"DE": "Germany", "FR": "France", "NA": "Namibia"}
    participations = {(p["organization"], p["project"]): p for p in network["participations"]}
    assert participations[("222", "H2020-RCN-1")]["contribution"] is None
    # (111, 3) twice: merged, strongest role, contributions added.
    assert participations[("111", "H2020-RCN-3")] == {
        "organization": "111",
        "project": "H2020-RCN-3",
        "role": "participant",
        "order": None,
        "contribution": 3.0,
    }
    projects = {p["id"]: p for p in network["projects"]}
    assert projects["H2020-RCN-1"]["programme"] == "H2020 ERC, SC1"
    assert projects["H2020-RCN-2"] == {
        "id": "H2020-RCN-2",
        "title": "H2020 project 2",
        "acronym": None,
        "programme": "H2020 Something new",
        "funding_scheme": None,
        "start": None,
        "end": None,
        "budget": 90.0,
        "keywords": None,
    }
    assert projects["H2020-RCN-3"]["programme"] == "H2020"
    assert {e["id"] for e in network["expertise"]} == {
        "h2020-erc",
        "h2020-sc1",
        "h2020-something-new",
        "h2020-excellent-science",
        "h2020-societal-challenges",
    }
    fundings = {f["project"]: f for f in network["fundings"]}
    assert fundings["H2020-RCN-2"] == {"funder": "EC", "project": "H2020-RCN-2", "amount": 80.0, "year": None}


def test_country_is_the_most_frequent_then_the_first_seen(tmp_path):
    row = "{rcn},participant,111,REC,1,{country},2020-01-01,2020-12-31,1,1,2020,2020,12,eu15,1"
    countries = ["BE", "FR", "FR", "BE", "DE"]
    folder = write_h2020(tmp_path, [row.format(rcn=i, country=c) for i, c in enumerate(countries, 1)])
    network = read_cordis_h2020(folder)
    assert [o["country"] for o in network["organizations"] if o["id"] == "111"] == ["BE"]


def test_missing_column_names_the_file_and_column(tmp_path):
    header = H2020_HEADER.replace(",pic,", ",organisation,")
    folder = write_h2020(
        tmp_path, ["1,coordinator,111,HES,100,FR,2020-01-01,2021-12-31,500,NA,2020,2021,24,eu15,1"], header
    )
    with pytest.raises(DataError) as error:
        read_cordis_h2020(folder)
    assert "h2020.csv.gz" in str(error.value) and "pic" in str(error.value)
    # Problems (loaders.validate.Problem) name the file, line and column, in the one format of every reader.
    assert any("h2020.csv.gz, line 1, column 'pic': required column missing" in str(p) for p in error.value.problems)
    assert [(Path(p.file).name, p.line, p.column) for p in error.value.problems] == [("h2020.csv.gz", 1, "pic")]


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="h2020.csv.gz: file not found"):
        read_cordis_h2020(tmp_path)
    write_gz(tmp_path / "h2020.csv.gz", H2020_HEADER + "\n")
    with pytest.raises(DataError, match="programme_parts.csv.gz: file not found"):
        read_cordis_h2020(tmp_path)


def test_bad_values_name_file_line_and_column(tmp_path):
    folder = write_h2020(
        tmp_path,
        [
            "1,coordinator,111,HES,lots,FR,2020-01-01,2021-12-31,500,NA,2020,2021,24,eu15,1",
            "1,participant,222,HES,1,FR,2020-01-01,2021-12-31,500,NA,2020,2021,24,eu15,1",
            "2,boss,333,XYZ,1,FR,2020-13-01,2021-12-31,500,NA,2020,2021,24,eu15,1",
        ],
    )
    with pytest.raises(DataError) as error:
        read_cordis_h2020(folder)
    problems = error.value.problems
    first = f"{folder / 'h2020.csv.gz'}, line 2, column 'contribution': cannot read 'lots'"
    assert str(problems[0]).startswith(first) and first in str(error.value)
    assert any("line 4, column 'role': unknown role 'boss'" in str(p) for p in problems)
    assert any("line 4, column 'type': unknown type 'XYZ'" in str(p) for p in problems)
    assert any("line 4, column 'start_date': cannot read '2020-13-01'" in str(p) for p in problems)
    assert len(problems) == 4


def test_corrupt_gzip(tmp_path):
    (tmp_path / "h2020.csv.gz").write_bytes(b"not a gzip file at all")
    with pytest.raises(DataError, match="h2020.csv.gz.*cannot read the file"):
        read_cordis_h2020(tmp_path)


FP_HEADER = (
    "frameworkProgramme,projectID,projectAcronym,title,ecSignatureDate,startDate,endDate,country,countryName,"
    "PIC,Organisation,shortName,activityType,SME,Type of action,subCall,order,role,ecContribution,"
    "netEcContribution,totalCost"
)


def test_small_fp_file(tmp_path):
    (tmp_path / cordis.FP_FILE).write_text(
        "\n".join(
            [
                FP_HEADER,
                "FP7,0,A:B,Title one,,2010-02-01,2013-04-30,NA,Namibia,0,Université X,UX,HES,,CP,c,1,"
                "participant,10.0,,",
                "FP7,0,A B,Title two,,2010-02-01,2013-04-30,CA,Canada,0,Université X,,HES,,CP,c,1,thirdParty,,,",
                "H2020,123,ZZ,Title three,,2016-01-01,2018-12-31,CA,Canada,456,Company Y,not applicable,PRC,,RIA,c,2,"
                "internationalPartner,5.0,,",
                "H2020,123,ZZ,Title three,,2016-01-01,2018-12-31,CA,Canada,456,Company Y,CY,PRC,,RIA,c,2,"
                "coordinator,1.5,,",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    network = read_cordis_fp(tmp_path)
    assert_follows_schema(network)
    projects = {p["id"]: p for p in network["projects"]}
    # Two acronyms with the same slug and start date: the second gets -2.
    assert set(projects) == {"FP7-A-B-2010-02-01", "FP7-A-B-2010-02-01-2", "H2020-123"}
    assert projects["H2020-123"]["programme"] == "H2020"
    organizations = {o["id"]: o for o in network["organizations"]}
    assert set(organizations) == {"EC", "na-universite-x", "ca-universite-x", "456"}
    assert organizations["456"]["short_name"] == "CY" and organizations["456"]["roles"] == ["company"]
    assert organizations["na-universite-x"]["country"] == "NA"
    assert {c["code"]: c["name"] for c in network["countries"]} == {"CA": "Canada", "NA": "Namibia"}
    participations = {(p["organization"], p["project"]): p for p in network["participations"]}
    assert participations[("456", "H2020-123")]["role"] == "coordinator"
    assert participations[("456", "H2020-123")]["contribution"] == 6.5
    assert participations[("ca-universite-x", "FP7-A-B-2010-02-01-2")]["role"] == "other"
    assert {f["amount"] for f in network["fundings"]} == {None}


def test_fp_missing_column(tmp_path):
    (tmp_path / cordis.FP_FILE).write_text(FP_HEADER.replace(",Organisation,", ",Name,") + "\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_cordis_fp(tmp_path)
    assert cordis.FP_FILE in str(error.value) and "Organisation" in str(error.value)
