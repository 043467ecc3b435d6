"""CORDIS projects in CORDIS's own XML distribution (Horizon Europe, H2020, FP7): one ``<project>`` document each.

:func:`read_cordis_xml` reads the zip as CORDIS distributes it
(``cordis-HORIZONprojects-xml.zip``), a folder of its XML files, or one XML
file, into the network form of :mod:`loaders.schema`, and returns
``(network, problems)``; it never raises for bad input.

Reading
-------
- **Streamed**: the members of the zip are read one at a time (none larger
  than :data:`MAX_MEMBER_BYTES`, whatever its header claims: a zip bomb is a
  problem, not a crash), each parsed and reduced at once to the few values
  kept; memory grows with the network read, not with the XML (794 MB of XML
  for Horizon Europe).
- **Safely**: no XML document of CORDIS has a document type declaration, so
  a document with one (``<!DOCTYPE``: the only way to declare entities, as in
  the *billion laughs*, or to point at an external file or URL) is refused
  before it is parsed, and reading stops there. The parser (lxml) is also
  configured never to expand entities, load a DTD or use the network, and
  refuses documents deeper or larger than libxml2's safe limits
  (``huge_tree=False``).
- **Problems** name the file (``ZIP:MEMBER`` inside a zip) and the element
  (``project/startDate``, ``organization[order=3]/id``). Any error: the network
  returned is empty and nothing must be loaded.

Mapping (docs/input-format.md, "CORDIS XML", has the full table)
-----------------------------------------------------------------
- **projects**: id ``"<framework>-<grant id>"`` (``"HORIZON-101069359"``, as
  :func:`loaders.cordis.read_fp` names them), title, acronym, start, end,
  budget = totalCost, programme = ``"Horizon Europe: <legal basis title>"``,
  funding_scheme (``HORIZON-RIA``), keywords (split on commas).
- **organizations**: keyed by PIC, from the project that starts last when a PIC
  appears under several names: legalName, shortName, activity type as ``kind``
  (:data:`loaders.cordis.KINDS`), roles ``company`` for PRC, ``partner`` otherwise;
  city, country as CORDIS writes it (``EL`` Greece, ``UK`` United Kingdom, as
  :mod:`loaders.cordis`), NUTS code, latitude/longitude, website. Plus the
  European Commission (id ``"EC"``), funder of every project.
- **participations**: role (coordinator, participant, associatedPartner ->
  associated, thirdParty -> other), order, EU contribution.
- **fundings**: the EC funds every project, amount = ecMaxContribution, year = start year.
- **expertise**: every euroSciVoc field of science, one node per element of its
  path (``/natural sciences/computer and information sciences/...``), the path
  element above as broader term, id ``"esv-23-53-373"`` from the code path;
  **project_expertise** ties a project to its fields.
- **countries**: the codes used, named by :data:`loaders.cordis.COUNTRY_NAMES`.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lxml import etree

from loaders.cordis import COUNTRY_NAMES, EC_ID, EC_ORGANIZATION, FP_PROGRAMMES, FP_ROLES, KINDS
from loaders.schema import TABLE_ORDER, Network
from loaders.validate import WARNING, Problem, has_errors, inside_folder, outside_folder

__all__ = [
    "MAX_MEMBER_BYTES",
    "XML_ROLES",
    "XML_SOURCE",
    "UnsafeXML",
    "count_members",
    "declares_dtd",
    "is_cordis_xml",
    "parse_document",
    "read_cordis_xml",
    "xml_members",
]

#: Provenance label stamped on what this reader returns.
XML_SOURCE = "CORDIS projects (XML)"

#: The largest XML document read (the largest of Horizon Europe is 0.8 MB).
MAX_MEMBER_BYTES = 64 * 1024 * 1024

#: CORDIS organization @type -> participation role: the same codes as the FP CSV export.
XML_ROLES = FP_ROLES

#: frameworkProgramme -> the programme's name.
PROGRAMMES = FP_PROGRAMMES

Progress = Callable[[int, int], None]


class UnsafeXML(ValueError):
    """A document that declares a DTD (entities, external references): refused before it is parsed."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def parse_document(data: bytes, parser: etree.XMLParser | None = None) -> etree._Element:
    """The root element of one XML document, parsed safely; :class:`UnsafeXML` when it declares a DTD.

    Raises ``etree.XMLSyntaxError`` when it is not well-formed.

    >>> parse_document(b"<project><id>1</id></project>").findtext("id")
    '1'
    >>> parse_document(b'<!DOCTYPE p [<!ENTITY a "aaaa">]><p>&a;</p>')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    loaders.cordis_xml.UnsafeXML: a document type declaration (<!DOCTYPE): it could declare entities ...
    """
    if declares_dtd(data):
        raise UnsafeXML(
            "a document type declaration (<!DOCTYPE): it could declare entities (billion laughs) "
            "or external files; CORDIS files have none"
        )
    root = etree.fromstring(data, parser or _parser())
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.doctype:  # pragma: no cover - caught above
        raise UnsafeXML("a document type declaration")
    return root


def declares_dtd(data: bytes) -> bool:
    """Whether the XML document ``data`` (or its beginning) declares a document type or an entity before its root.

    >>> declares_dtd(b'<?xml version="1.0"?><!-- x --><a/>'), declares_dtd(b'<!DOCTYPE a [<!ENTITY e "e">]><a/>')
    (False, True)
    """
    root_at = _root_start(data)
    return data.find(b"<!DOCTYPE", 0, root_at) >= 0 or data.find(b"<!ENTITY", 0, root_at) >= 0


def _root_start(data: bytes) -> int:
    """Where the root element starts (after the XML declaration, comments and declarations)."""
    at = 0
    while True:
        at = data.find(b"<", at)
        if at < 0:
            return len(data)
        follower = data[at + 1 : at + 2]
        if follower not in (b"?", b"!"):
            return at
        if data.startswith(b"<!--", at):
            end = data.find(b"-->", at)
            at = len(data) if end < 0 else end + 3
        else:
            at += 2


# --------------------------------------------------------------------------- members


def is_cordis_xml(path: Path) -> bool:
    """A ``.zip`` or ``.xml`` file, or a folder holding ``.xml`` files (for ``format="auto"``)."""
    if path.is_dir():
        return next(path.glob("*.xml"), None) is not None
    return path.suffix.lower() in (".zip", ".xml")


def count_members(path: Path) -> int:
    """How many XML documents :func:`xml_members` will give."""
    if path.is_dir():
        return sum(1 for _ in path.glob("*.xml"))
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            return sum(1 for i in zf.infolist() if _is_xml_member(i))
    return 1


def _is_xml_member(info: zipfile.ZipInfo) -> bool:
    return not info.is_dir() and info.filename.lower().endswith(".xml")


def xml_members(path: Path, problems: list[Problem]) -> Iterator[tuple[str, bytes]]:
    """``(file name, bytes)`` of each XML document of ``path``, one at a time; a member that cannot
    be read (too large, corrupt) is a problem and is skipped. Names inside a zip are ``ZIP:MEMBER``."""
    if path.is_dir():
        for file in sorted(path.glob("*.xml")):
            if not inside_folder(file, path):
                problems.append(outside_folder(file))
                continue
            data = _read_limited(file.open("rb"), str(file), file.stat().st_size, problems)
            if data is not None:
                yield str(file), data
        return
    if path.suffix.lower() != ".zip":
        data = _read_limited(path.open("rb"), str(path), path.stat().st_size, problems)
        if data is not None:
            yield str(path), data
        return
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        problems.append(Problem(str(path), f"not a readable zip file ({exc})", code="read_error"))
        return
    with zf:
        for info in zf.infolist():
            if not _is_xml_member(info):
                continue
            name = f"{path}:{info.filename}"
            try:
                handle = zf.open(info)
            except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
                problems.append(Problem(name, f"cannot read this member ({exc})", code="read_error"))
                continue
            data = _read_limited(handle, name, info.file_size, problems)
            if data is not None:
                yield name, data


def _read_limited(handle, name: str, size: int, problems: list[Problem]) -> bytes | None:
    too_large = f"larger than {MAX_MEMBER_BYTES // 1024 // 1024} MB: not read (CORDIS documents are under 1 MB)"
    with handle:
        if size > MAX_MEMBER_BYTES:
            problems.append(Problem(name, too_large, code="too_large"))
            return None
        try:
            data = handle.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            problems.append(Problem(name, f"cannot read this member ({exc})", code="read_error"))
            return None
    if len(data) > MAX_MEMBER_BYTES:
        problems.append(Problem(name, too_large, code="too_large"))
        return None
    return data


# --------------------------------------------------------------------------- reading


def read_cordis_xml(path: Path | str, progress: Progress | None = None) -> tuple[Network, list[Problem]]:
    """``(network, problems)`` of a CORDIS XML zip, folder or file (see the module docstring).

    ``progress(done, total)`` is called now and then with the number of documents read.
    """
    path = Path(path)
    problems: list[Problem] = []
    total = count_members(path) if progress else 0
    reader = _Projects(problems)
    parser = _parser()
    done = 0
    for name, data in xml_members(path, problems):
        try:
            root = parse_document(data, parser)
        except UnsafeXML as exc:
            problems.append(Problem(name, f"refused: {exc}; nothing was read after it", code="unsafe_xml"))
            return _empty(), problems
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
            problems.append(Problem(name, f"not well-formed XML: {exc.msg}", line=line, code="xml_syntax"))
        else:
            reader.add(root, name)
        done += 1
        if progress and (done % 250 == 0 or done == total):
            progress(done, total)
    if done == 0 and not problems:
        problems.append(Problem(str(path), "no XML document found", code="empty_file"))
    if has_errors(problems):
        return _empty(), problems
    return reader.network(), problems


def _empty() -> Network:
    return {name: [] for name in TABLE_ORDER}


def _text(element: etree._Element, path: str) -> str | None:
    value = element.findtext(path)
    if value is None:
        return None
    value = value.strip()
    return value or None


@dataclass
class _Projects:
    """What the documents read add up to."""

    problems: list[Problem]
    projects: dict[str, dict] = field(default_factory=dict)
    fundings: list[dict] = field(default_factory=list)
    organizations: dict[str, tuple[str, dict]] = field(default_factory=dict)  # PIC -> (project start, row)
    participations: dict[tuple[str, str], dict] = field(default_factory=dict)
    expertise: dict[str, dict] = field(default_factory=dict)
    project_expertise: dict[tuple[str, str], dict] = field(default_factory=dict)
    countries: set[str] = field(default_factory=set)

    def problem(self, file: str, element: str, reason: str, value: str | None = None, warning: bool = False) -> None:
        self.problems.append(
            Problem(
                file,
                reason,
                column=element,
                value=value,
                code="xml_value",
                severity=WARNING if warning else "error",
            )
        )

    def add(self, root: etree._Element, file: str) -> None:
        if root.tag != "project":
            self.problem(file, root.tag, "expected a <project> document")
            return
        grant = _text(root, "id")
        if grant is None:
            self.problem(file, "project/id", "missing grant id")
            return
        framework = _text(root, "relations/associations/programme/frameworkProgramme") or "HORIZON"
        project_id = f"{framework}-{grant}"
        if project_id in self.projects:
            self.problem(file, "project/id", f"project {project_id} already read from another document", grant)
            return
        start = self._date(root, "startDate", file)
        project = {
            "id": project_id,
            "title": _text(root, "title"),
            "acronym": _text(root, "acronym"),
            "programme": self._programme(root, framework),
            "funding_scheme": None,
            "start": start,
            "end": self._date(root, "endDate", file),
            "budget": self._number(root, "totalCost", file),
            "keywords": _keywords(_text(root, "keywords")),
        }
        if project["title"] is None:
            self.problem(file, "project/title", "missing title")
        self.projects[project_id] = project
        self.fundings.append(
            {
                "funder": EC_ID,
                "project": project_id,
                "amount": self._number(root, "ecMaxContribution", file),
                "year": start.year if start else None,
            }
        )
        for category in root.iterfind("relations/categories/category"):
            classification = category.get("classification")
            if classification == "euroSciVoc":
                self._field(category, project_id, file)
            elif classification == "projectFundingSchemeCategory" and project["funding_scheme"] is None:
                project["funding_scheme"] = (_text(category, "code") or "").strip("/") or None
        since = start.isoformat() if start else ""
        for organization in root.iterfind("relations/associations/organization"):
            self._participation(organization, project_id, since, file)

    def _date(self, root: etree._Element, tag: str, file: str) -> date | None:
        text = _text(root, tag)
        if text is None:
            return None
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            self.problem(file, f"project/{tag}", "not a date (YYYY-MM-DD)", text)
            return None

    def _number(self, element: etree._Element, tag: str, file: str, where: str = "project") -> float | None:
        text = _text(element, tag) if not tag.startswith("@") else (element.get(tag[1:]) or "").strip() or None
        if text is None:
            return None
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.problem(file, f"{where}/{tag}", "not a number", text)
            return None
        return value

    @staticmethod
    def _programme(root: etree._Element, framework: str) -> str:
        name = PROGRAMMES.get(framework, framework)
        chosen = None
        for programme in root.iterfind("relations/associations/programme"):
            if programme.get("type") != "relatedLegalBasis":
                continue
            if chosen is None or programme.get("uniqueProgrammePart") == "true":
                chosen = programme
        title = _text(chosen, "title") if chosen is not None else None
        return f"{name}: {title}" if title else name

    def _field(self, category: etree._Element, project_id: str, file: str) -> None:
        code = (_text(category, "code") or "").strip("/")
        if not code:
            self.problem(file, "category[@classification=euroSciVoc]/code", "missing code", warning=True)
            return
        parts = code.split("/")
        labels = (_text(category, "displayCode") or "").strip("/").split("/")
        if len(labels) != len(parts):  # a label holding "/": only the last one is sure
            labels = [""] * (len(parts) - 1) + [_text(category, "title") or ""]
        broader = None
        for depth in range(1, len(parts) + 1):
            term_id = "esv-" + "-".join(parts[:depth])
            label = labels[depth - 1].strip()
            term = self.expertise.get(term_id)
            if term is None:
                term = self.expertise[term_id] = {"id": term_id, "name": label, "name_fr": None, "broader": broader}
            elif not term["name"] and label:
                term["name"] = label
            broader = term_id
        assert broader is not None
        self.project_expertise.setdefault((project_id, broader), {"project": project_id, "expertise": broader})

    def _participation(self, organization: etree._Element, project_id: str, since: str, file: str) -> None:
        order = organization.get("order")
        where = f"organization[order={order}]" if order else "organization"
        pic = _text(organization, "id")
        if pic is None:
            self.problem(file, f"{where}/id", "missing PIC")
            return
        kind_code = None
        for category in organization.iterfind("relations/categories/category"):
            if category.get("classification") == "organizationActivityType":
                kind_code = (_text(category, "code") or "").strip("/") or None
        if kind_code is not None and kind_code not in KINDS:
            self.problem(file, f"{where}/relations/categories/category/code", "unknown activity type", kind_code, True)
        role_text = organization.get("type")
        role = XML_ROLES.get(role_text or "")
        if role is None:
            self.problem(file, f"{where}/@type", f"unknown role (expected one of {', '.join(XML_ROLES)})", role_text)
        country = _text(organization, "address/country")
        if country:
            self.countries.add(country)
        lat, lon = self._location(organization, where, file)
        nuts = None
        for region in organization.iterfind("relations/regions/region"):
            if region.get("type") == "relatedNutsCode":
                nuts = _text(region, "nutsCode")
        row = {
            "id": pic,
            "name": _text(organization, "legalName"),
            "name_fr": None,
            "short_name": _text(organization, "shortName"),
            "roles": ["company"] if kind_code == "PRC" else ["partner"],
            "kind": KINDS.get(kind_code) if kind_code else None,
            "centre_level": None,
            "country": country,
            "city": _text(organization, "address/city"),
            "nuts": nuts,
            "lat": lat,
            "lon": lon,
            "website": _text(organization, "address/url"),
        }
        if row["name"] is None:
            self.problem(file, f"{where}/legalName", "missing legal name", pic)
        kept = self.organizations.get(pic)
        if kept is None or since >= kept[0]:  # the latest project's description wins
            self.organizations[pic] = (since, row)
        contribution = self._number(organization, "@ecContribution", file, where)
        position = int(order) if order and order.isdigit() else None
        key = (pic, project_id)
        participation = self.participations.get(key)
        if participation is None:
            self.participations[key] = {
                "organization": pic,
                "project": project_id,
                "role": role,
                "order": position,
                "contribution": contribution,
            }
            return
        _merge_participation(participation, role, position, contribution)

    def _location(self, organization: etree._Element, where: str, file: str) -> tuple[float | None, float | None]:
        text = _text(organization, "address/geolocation")
        if text is None:
            return None, None
        try:
            lat, lon = (float(v) for v in text.split(","))
        except ValueError:
            lat = lon = math.nan
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            self.problem(file, f"{where}/address/geolocation", "not 'latitude,longitude': ignored", text, True)
            return None, None
        return lat, lon

    def network(self) -> Network:
        network = _empty()
        network["countries"] = [
            {"code": code, "name": COUNTRY_NAMES.get(code, code), "name_fr": None, "priority": None}
            for code in sorted(self.countries)
        ]
        network["organizations"] = [dict(EC_ORGANIZATION)] + [row for _, row in self.organizations.values()]
        for term in self.expertise.values():
            if not term["name"]:
                term["name"] = "euroSciVoc " + term["id"].removeprefix("esv-").replace("-", "/")
        network["expertise"] = sorted(self.expertise.values(), key=lambda t: (t["id"].count("-"), t["id"]))
        network["projects"] = list(self.projects.values())
        network["project_expertise"] = list(self.project_expertise.values())
        network["participations"] = list(self.participations.values())
        network["fundings"] = self.fundings
        return network


_ROLE_RANK = {role: rank for rank, role in enumerate(("coordinator", "participant", "partner", "associated", "other"))}


def _merge_participation(kept: dict, role: str | None, order: int | None, contribution: float | None) -> None:
    """One organization twice in a project: the strongest role, the first order, contributions added."""
    if role is not None and (kept["role"] is None or _ROLE_RANK[role] < _ROLE_RANK[kept["role"]]):
        kept["role"] = role
    if order is not None and (kept["order"] is None or order < kept["order"]):
        kept["order"] = order
    if contribution is not None:
        kept["contribution"] = contribution if kept["contribution"] is None else kept["contribution"] + contribution


def _keywords(text: str | None) -> list[str] | None:
    """Keywords of a project, split on commas and semicolons, once each (case ignored).

    >>> _keywords("zero-carbon, solar energy; Solar energy,, DAC")
    ['zero-carbon', 'solar energy', 'DAC']
    """
    if not text:
        return None
    found: dict[str, str] = {}
    for word in text.replace(";", ",").split(","):
        word = " ".join(word.split())[:200]
        if word:
            found.setdefault(word.casefold(), word)
    return list(found.values()) or None
