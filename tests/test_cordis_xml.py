"""CORDIS XML (Horizon Europe), merging sources by PIC, enrichment by id and mojibake repair, on real data.

Most tests read a small zip built from the first members of the real zip (skipped when
``../shared/data`` is absent); the hostile XML tests need no data.
"""

from __future__ import annotations

import csv
import gzip
import io
import time
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from loaders.cordis import COUNTRY_NAMES, H2020_FILE, H2020_PARTS_FILE, H2020_SOURCE, KINDS
from loaders.cordis_xml import XML_ROLES, XML_SOURCE, read_cordis_xml
from loaders.inputs import read_input
from loaders.load import load_network
from loaders.table import parse_mapping, read_organizations_table, repair_text
from loaders.validate import has_errors

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
HE_ZIP = SHARED_DATA / "cordis-he-xml" / "cordis-HORIZONprojects-xml.zip"
H2020_FOLDER = SHARED_DATA / "cordis-h2020-eunets"
ORGS_2017 = SHARED_DATA / "cordis-h2020-orgs-2017" / "Stacked_by_activityType.csv.gz"
MEMBERS = 150
MAPPING_2017 = "orgId=id,name=name,shortName=short_name,city=city,country=country,activityType=kind"

needs_data = pytest.mark.skipif(
    not (HE_ZIP.is_file() and H2020_FOLDER.is_dir() and ORGS_2017.is_file()),
    reason=f"the real CORDIS data is not in {SHARED_DATA} (cordis-he-xml, cordis-h2020-eunets, cordis-h2020-orgs-2017)",
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<project><id>1</id><title>&lol9;</title></project>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<project><id>1</id><title>&secret;</title></project>
"""


@pytest.fixture(scope="module")
def he_subset(tmp_path_factory) -> Path:
    """A zip of the first :data:`MEMBERS` documents of the real Horizon Europe zip."""
    if not HE_ZIP.is_file():
        pytest.skip(f"the real CORDIS data is not in {SHARED_DATA}")
    out = tmp_path_factory.mktemp("he") / "he-subset.zip"
    with zipfile.ZipFile(HE_ZIP) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist()[:MEMBERS]:
            target.writestr(name, source.read(name))
    return out


def _documents(path: Path) -> list[ET.Element]:
    """The documents of the zip, parsed independently with the standard library (CORDIS files have no DTD)."""
    with zipfile.ZipFile(path) as zf:
        return [ET.fromstring(zf.read(name)) for name in zf.namelist()]


# --------------------------------------------------------------------------- hostile XML


@pytest.mark.parametrize("content", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_hostile_xml_is_refused_quickly_naming_the_file(tmp_path, content):
    folder = tmp_path / "xml"
    folder.mkdir()
    (folder / "101.xml").write_bytes(content)
    started = time.perf_counter()
    found = read_input(folder, "cordis-xml")
    # Not a speed figure: an expanded billion laughs would take minutes and gigabytes, a refusal takes
    # milliseconds; 10 s leaves room for a busy machine.
    assert time.perf_counter() - started < 10.0
    assert has_errors(found.problems)
    [problem] = found.problems
    assert problem.file == str(folder / "101.xml") and problem.code == "unsafe_xml"
    assert "document type declaration" in str(problem) and "refused" in str(problem)
    assert all(not rows for rows in found.network.values())


def test_hostile_member_of_a_zip_is_named_and_nothing_is_written(tmp_path, store):
    path = tmp_path / "hostile.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("237915.xml", BILLION_LAUGHS)
    from click.testing import CliRunner

    from partnernet.cli import cli

    version = store.version()
    result = CliRunner().invoke(cli, ["load", str(path), "--format", "cordis-xml"])
    assert result.exit_code != 0
    assert f"{path}:237915.xml" in result.output and "nothing was written" in str(result.exception or result.output)
    assert store.version() == version and store.counts()["nodes"] == 0


def test_a_document_that_is_not_xml_names_file_and_line(tmp_path):
    (tmp_path / "1.xml").write_bytes(b"<project>\n<id>1</id>\n<title>x</project>")
    [problem] = read_cordis_xml(tmp_path)[1]
    assert problem.code == "xml_syntax" and problem.line == 3 and problem.file.endswith("1.xml")


# --------------------------------------------------------------------------- the mapping, on real documents


@needs_data
def test_counts_follow_the_documents(he_subset):
    network, problems = read_cordis_xml(he_subset)
    assert not has_errors(problems)
    documents = _documents(he_subset)
    organizations = [o for d in documents for o in d.iterfind("relations/associations/organization")]
    fields = {
        c.findtext("code")
        for d in documents
        for c in d.iterfind("relations/categories/category")
        if c.get("classification") == "euroSciVoc"
    }
    assert len(network["projects"]) == MEMBERS
    assert len(network["organizations"]) == len({o.findtext("id") for o in organizations}) + 1  # + the EC
    assert len(network["fundings"]) == MEMBERS
    by_role = Counter(p["role"] for p in network["participations"])
    pairs = {(o.findtext("id"), id(d)) for d in documents for o in d.iterfind("relations/associations/organization")}
    assert sum(by_role.values()) == len(pairs)
    assert by_role["coordinator"] == sum(1 for o in organizations if o.get("type") == "coordinator")
    assert set(by_role) <= set(XML_ROLES.values())
    leaves = {e["expertise"] for e in network["project_expertise"]}
    assert {"esv-" + code.strip("/").replace("/", "-") for code in fields} == leaves
    terms = {t["id"]: t for t in network["expertise"]}
    for leaf in leaves:  # one node per path element, each tied to the one above
        path = leaf.removeprefix("esv-").split("-")
        assert terms[leaf]["broader"] == ("esv-" + "-".join(path[:-1]) if len(path) > 1 else None)
    assert all(t["name"] and not t["name"].startswith("euroSciVoc ") for t in terms.values())


@needs_data
def test_organizations_match_their_xml_field_by_field(he_subset):
    network, _ = read_cordis_xml(he_subset)
    organizations = {o["id"]: o for o in network["organizations"]}
    document = _documents(he_subset)[0]  # in the first document, each PIC appears in no later one of the subset
    for element in list(document.iterfind("relations/associations/organization"))[:5]:
        pic = element.findtext("id")
        row = organizations[pic]
        code = next(
            c.findtext("code").strip("/")
            for c in element.iterfind("relations/categories/category")
            if c.get("classification") == "organizationActivityType"
        )
        lat, lon = (float(v) for v in element.findtext("address/geolocation").split(","))
        nuts = [r.findtext("nutsCode") for r in element.iterfind("relations/regions/region")]
        assert row["name"] == element.findtext("legalName").strip()
        assert row["short_name"] == ((element.findtext("shortName") or "").strip() or None)
        assert row["kind"] == KINDS[code] and row["roles"] == (["company"] if code == "PRC" else ["partner"])
        assert row["city"] == element.findtext("address/city").strip()
        assert row["country"] == element.findtext("address/country") and row["country"] in COUNTRY_NAMES
        assert (row["lat"], row["lon"]) == (lat, lon) and row["nuts"] in nuts
        [participation] = [
            p
            for p in network["participations"]
            if p["organization"] == pic and p["project"].endswith(document.findtext("id"))
        ]
        assert participation["order"] == int(element.get("order"))
        contribution = element.get("ecContribution")
        assert participation["contribution"] == (float(contribution) if contribution else None)
    project = next(p for p in network["projects"] if p["id"] == "HORIZON-" + document.findtext("id"))
    assert project["title"] == document.findtext("title") and project["acronym"] == document.findtext("acronym")
    assert project["budget"] == float(document.findtext("totalCost"))
    assert project["keywords"] and project["keywords"][0] in document.findtext("keywords")


# --------------------------------------------------------------------------- several sources, one graph


def _h2020_subset(folder: Path, pics: set[str]) -> Path:
    """A cordis-h2020 folder with the real rows of the projects where one of ``pics`` takes part."""
    with gzip.open(H2020_FOLDER / H2020_FILE, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, pic, rcn = rows[0], rows[0].index("pic"), rows[0].index("rcn")
    projects = {row[rcn] for row in rows[1:] if row[pic] in pics}
    projects = set(sorted(projects)[:40])
    out = folder / "h2020"
    out.mkdir()
    with gzip.open(out / H2020_FILE, "wt", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header] + [row for row in rows[1:] if row[rcn] in projects])
    with gzip.open(H2020_FOLDER / H2020_PARTS_FILE, "rt", encoding="utf-8", newline="") as handle:
        parts = list(csv.reader(handle))
    with gzip.open(out / H2020_PARTS_FILE, "wt", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([parts[0]] + [row for row in parts[1:] if row[0] in projects])
    return out


def _orgs_2017_subset(folder: Path, pics: set[str]) -> Path:
    """The real 2017 rows of ``pics`` plus the first rows with mojibake, as the 2017 file writes them."""
    with gzip.open(ORGS_2017, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    org = rows[0].index("orgId")
    kept = [row for row in rows[1:] if row[org] in pics]
    kept += [row for row in rows[1:] if "√" in "".join(row)][:3]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_NONNUMERIC).writerows([rows[0], *kept])
    out = folder / "orgs.csv.gz"
    out.write_bytes(gzip.compress(buffer.getvalue().encode()))
    return out


@needs_data
def test_h2020_then_horizon_europe_then_2017_list_make_one_organization_per_pic(he_subset, tmp_path, store):
    he = read_input(he_subset, "cordis-xml")
    load_network(store, he.network, he.source)
    he_names = {o["id"]: o["name"] for o in he.network["organizations"]}
    pics = set(he_names) - {"EC"}

    h2020 = read_input(_h2020_subset(tmp_path, pics), "cordis-h2020")
    assert not has_errors(h2020.problems)
    summary = load_network(store, h2020.network, h2020.source)
    shared = pics & {o["id"] for o in h2020.network["organizations"]}
    assert shared, "the subsets share no PIC"
    assert any(note.startswith("organizations:") and "left alone" in note for note in summary.notes)
    rows = store.run(
        "MATCH (o:Organization) WHERE o.id IN $ids "
        "OPTIONAL MATCH (o)-[:PARTICIPATES_IN]->(p:Project) "
        "RETURN o.id AS id, o.name AS name, o.sources AS sources, collect(p.id) AS projects",
        {"ids": sorted(shared)},
    ).rows
    assert len(rows) == len(shared)  # one node per PIC
    for row in rows:
        assert row["name"] == he_names[row["id"]]  # the placeholder name of H2020 erases nothing
        assert row["sources"] == [XML_SOURCE, H2020_SOURCE]
        programmes = {p.split("-")[0] for p in row["projects"]}
        assert programmes == {"HORIZON", "H2020"}  # both histories

    orgs = _orgs_2017_subset(tmp_path, shared)
    table = read_input(orgs, "organizations-table", columns=parse_mapping(MAPPING_2017))
    assert not has_errors(table.problems)
    [repaired] = [p for p in table.problems if p.code == "repaired"]
    assert "√" in repaired.reason and "->" in repaired.reason
    ties = store.counts()["relationships"]
    summary = load_network(store, table.network, table.source)
    [note] = [n for n in summary.notes if n.startswith("organizations:")]
    assert "created" in note and "enriched" in note and "left alone" in note
    assert store.counts()["relationships"] >= ties  # ties untouched (only LOCATED_IN of new organizations added)
    new = [o for o in table.network["organizations"] if o["id"] not in pics | {"EC"}]
    if new:
        [found] = store.run("MATCH (o:Organization {id: $id}) RETURN o.name AS name", {"id": new[0]["id"]}).rows
        assert "√" not in found["name"]


@needs_data
def test_mojibake_of_the_2017_list_is_repaired():
    network, problems = read_organizations_table(ORGS_2017, parse_mapping(MAPPING_2017))
    assert not has_errors(problems)
    assert not any("√" in (o["name"] or "") + (o["city"] or "") for o in network["organizations"])
    [repaired] = [p for p in problems if p.code == "repaired"]
    assert "'M√ºnster' -> 'Münster'" in repaired.reason
    assert len(network["organizations"]) == 16_591  # 16,592 rows, one without an id


def test_mapping_and_separator_of_a_table(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("orgId\tname\tcity\tactivityType\n1\tA\tM√ºnster\tPRC\n", encoding="utf-8")
    network, problems = read_organizations_table(path, {"orgId": "id", "activityType": "kind"})
    [row] = network["organizations"]
    assert (row["id"], row["name"], row["city"], row["kind"], row["roles"]) == (
        "1",
        "A",
        "Münster",
        "company",
        ["company"],
    )
    assert [p.code for p in problems] == ["repaired"]
    assert repair_text("Ville-d'Avray") == "Ville-d'Avray"
    with pytest.raises(ValueError, match="not a column of organizations"):
        parse_mapping("orgId=pic")
    assert read_input(path, "csv", columns={"orgId": "id"}).problems[0].reason.startswith("--map is for")


def test_mapping_file(tmp_path):
    path = tmp_path / "map.txt"
    path.write_text("# theirs=ours\norgId=id\nname=name\n", encoding="utf-8")
    assert parse_mapping(str(path)) == {"orgId": "id", "name": "name"}
