"""Importers of real CORDIS data into the in-memory network form of :mod:`loaders.schema`.

Two data sets of ``shared/data/`` are read, each into ``dict[str, list[dict]]``
(every table of :data:`loaders.schema.TABLES`, empty ones included):

- :func:`read_cordis_h2020`: every Horizon 2020 participation (the *eunets*
  snapshot: anonymous organisations keyed by PIC, projects keyed by RCN,
  programme parts as a coarse expertise vocabulary).
- :func:`read_cordis_fp`: the named FP7 / H2020 / Horizon Europe participations
  of Canadian, New Zealand and Pacific organisations.

Both add the European Commission as one funder organization (id ``"EC"``) with a
funding of every project. The readers record nothing about provenance: the
loader stamps rows with :data:`H2020_SOURCE` or :data:`FP_SOURCE`.

Files are read with the :mod:`csv` module, never with pandas: in these files the
country code ``NA`` is Namibia, not a missing value. Any other column's missing
value is the literal ``NA`` (R ``write_csv``) or an empty cell (pandas export).

A missing file or column, or a value that cannot be read, is a
:class:`loaders.validate.Problem` naming the file, the line and the column:
:func:`read_h2020` and :func:`read_fp` return ``(network, problems)`` (the
rows of :data:`loaders.inputs.FORMATS` use them), :func:`read_cordis_h2020`
and :func:`read_cordis_fp` return the network and raise
:class:`graph.errors.NetworkInputError` (a ``DataError``) listing every
problem.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import math
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from loaders.schema import TABLE_ORDER, Network
from loaders.validate import Problem, has_errors, inside_folder, outside_folder, raise_for_problems, shorten

__all__ = [
    "COUNTRY_NAMES",
    "EC_ID",
    "EC_ORGANIZATION",
    "FP_FILE",
    "FP_SOURCE",
    "H2020_FILE",
    "H2020_PARTS",
    "H2020_SOURCE",
    "KINDS",
    "read_cordis_fp",
    "read_cordis_h2020",
    "read_fp",
    "read_h2020",
]

#: Provenance labels, for the loader to stamp on what each importer returns.
H2020_SOURCE = "CORDIS H2020 (eunets snapshot)"
FP_SOURCE = "CORDIS FP7/H2020/HE: Canada, New Zealand, Pacific"

#: The European Commission, funder of every CORDIS project.
EC_ID = "EC"
EC_ORGANIZATION = {
    "id": EC_ID,
    "name": "European Commission",
    "name_fr": "Commission européenne",
    "short_name": "EC",
    "roles": ["funder"],
    "kind": "public body",
    "centre_level": None,
    "country": None,  # a supranational body: no country, so it does not weigh on Belgium's figures
    "city": None,
    "nuts": None,
    "lat": None,
    "lon": None,
    "website": "https://commission.europa.eu",
}

#: CORDIS activityType -> organization ``kind``.
KINDS = {
    "HES": "higher education",
    "REC": "research",
    "PRC": "company",
    "PUB": "public body",
    "OTH": "other",
}

#: H2020 programme parts (programme_parts.csv.gz) -> (legal basis, English name, French name, broader part).
#: cordis-programmes.yml only maps each part to its legal basis (no names): the names are the programme's own.
H2020_PARTS: dict[str, tuple[str, str, str, str | None]] = {
    "Excellent science": ("H2020-EU.1.", "Excellent science", "Excellence scientifique", None),
    "Industrial leadership": ("H2020-EU.2.", "Industrial leadership", "Primauté industrielle", None),
    "Societal challenges": ("H2020-EU.3.", "Societal challenges", "Défis de société", None),
    "ERC": (
        "H2020-EU.1.1.",
        "European Research Council (ERC): frontier research",
        "Conseil européen de la recherche (ERC) : recherche exploratoire",
        "Excellent science",
    ),
    "FET": (
        "H2020-EU.1.2.",
        "Future and emerging technologies (FET)",
        "Technologies futures et émergentes (FET)",
        "Excellent science",
    ),
    "MSCA": (
        "H2020-EU.1.3.",
        "Marie Skłodowska-Curie actions (MSCA): researcher mobility and training",
        "Actions Marie Skłodowska-Curie (MSCA) : mobilité et formation des chercheurs",
        "Excellent science",
    ),
    "RI": ("H2020-EU.1.4.", "Research infrastructures", "Infrastructures de recherche", "Excellent science"),
    "LEIT": (
        "H2020-EU.2.1.",
        "Leadership in enabling and industrial technologies (LEIT): ICT, nanotechnologies, "
        "advanced materials, biotechnology, manufacturing, space",
        "Primauté dans le domaine des technologies génériques et industrielles (LEIT) : TIC, "
        "nanotechnologies, matériaux avancés, biotechnologies, production, espace",
        "Industrial leadership",
    ),
    "ARF": ("H2020-EU.2.2.", "Access to risk finance", "Accès au financement à risque", "Industrial leadership"),
    "Innovation in SMEs": ("H2020-EU.2.3.", "Innovation in SMEs", "Innovation dans les PME", "Industrial leadership"),
    "SC1": (
        "H2020-EU.3.1.",
        "Health, demographic change and wellbeing",
        "Santé, évolution démographique et bien-être",
        "Societal challenges",
    ),
    "SC2": (
        "H2020-EU.3.2.",
        "Food security, sustainable agriculture and forestry, marine and maritime research, bioeconomy",
        "Sécurité alimentaire, agriculture et sylviculture durables, recherche marine et maritime, bioéconomie",
        "Societal challenges",
    ),
    "SC3": (
        "H2020-EU.3.3.",
        "Secure, clean and efficient energy",
        "Énergies sûres, propres et efficaces",
        "Societal challenges",
    ),
    "SC4": (
        "H2020-EU.3.4.",
        "Smart, green and integrated transport",
        "Transports intelligents, verts et intégrés",
        "Societal challenges",
    ),
    "SC5": (
        "H2020-EU.3.5.",
        "Climate action, environment, resource efficiency and raw materials",
        "Action pour le climat, environnement, utilisation efficace des ressources et matières premières",
        "Societal challenges",
    ),
    "SC6": (
        "H2020-EU.3.6.",
        "Europe in a changing world: inclusive, innovative and reflective societies",
        "L'Europe dans un monde en évolution : sociétés inclusives, innovantes et capables de réflexion",
        "Societal challenges",
    ),
    "SC7": (
        "H2020-EU.3.7.",
        "Secure societies: protecting freedom and security of Europe and its citizens",
        "Sociétés sûres : protéger la liberté et la sécurité de l'Europe et de ses citoyens",
        "Societal challenges",
    ),
    "SEWP": (
        "H2020-EU.4.",
        "Spreading excellence and widening participation",
        "Propager l'excellence et élargir la participation",
        None,
    ),
    "SWAFS": ("H2020-EU.5.", "Science with and for society", "La science avec et pour la société", None),
    "JRC": (
        "H2020-EU.6.",
        "Non-nuclear direct actions of the Joint Research Centre (JRC)",
        "Actions directes non nucléaires du Centre commun de recherche (JRC)",
        None,
    ),
    "EIT": (
        "H2020-EU.7.",
        "European Institute of Innovation and Technology (EIT)",
        "Institut européen d'innovation et de technologie (EIT)",
        None,
    ),
    "Euratom": (
        "H2020-Euratom",
        "Euratom research and training: nuclear fission, fusion, radiation protection",
        "Recherche et formation Euratom : fission et fusion nucléaires, radioprotection",
        None,
    ),
}

#: FP participation roles -> schema participation roles.
FP_ROLES = {
    "coordinator": "coordinator",
    "participant": "participant",
    "partner": "partner",
    "associatedPartner": "associated",
    "internationalPartner": "partner",
    "thirdParty": "other",
}

#: frameworkProgramme -> the ``programme`` of a project.
FP_PROGRAMMES = {"FP7": "FP7", "H2020": "H2020", "HORIZON": "Horizon Europe"}

#: Roles from strongest to weakest: when one organization appears twice in a project, the strongest is kept.
_ROLE_RANK = {role: rank for rank, role in enumerate(("coordinator", "participant", "partner", "associated", "other"))}

#: English names of ISO 3166-1 alpha-2 codes, with CORDIS' own EL (Greece), UK (United Kingdom) and XK (Kosovo).
#: countries.yml of the eunets snapshot holds only country groups, no names.
# fmt: off
COUNTRY_NAMES = {
    "AD": "Andorra", "AE": "United Arab Emirates", "AF": "Afghanistan", "AG": "Antigua and Barbuda",
    "AI": "Anguilla", "AL": "Albania", "AM": "Armenia", "AO": "Angola", "AQ": "Antarctica", "AR": "Argentina",
    "AS": "American Samoa", "AT": "Austria", "AU": "Australia", "AW": "Aruba", "AX": "Åland Islands",
    "AZ": "Azerbaijan", "BA": "Bosnia and Herzegovina", "BB": "Barbados", "BD": "Bangladesh", "BE": "Belgium",
    "BF": "Burkina Faso", "BG": "Bulgaria", "BH": "Bahrain", "BI": "Burundi", "BJ": "Benin",
    "BL": "Saint Barthélemy", "BM": "Bermuda", "BN": "Brunei", "BO": "Bolivia",
    "BQ": "Bonaire, Sint Eustatius and Saba", "BR": "Brazil", "BS": "Bahamas", "BT": "Bhutan",
    "BV": "Bouvet Island", "BW": "Botswana", "BY": "Belarus", "BZ": "Belize", "CA": "Canada",
    "CC": "Cocos (Keeling) Islands", "CD": "Democratic Republic of the Congo", "CF": "Central African Republic",
    "CG": "Congo", "CH": "Switzerland", "CI": "Côte d'Ivoire", "CK": "Cook Islands", "CL": "Chile",
    "CM": "Cameroon", "CN": "China", "CO": "Colombia", "CR": "Costa Rica", "CU": "Cuba", "CV": "Cabo Verde",
    "CW": "Curaçao", "CX": "Christmas Island", "CY": "Cyprus", "CZ": "Czechia", "DE": "Germany",
    "DJ": "Djibouti", "DK": "Denmark", "DM": "Dominica", "DO": "Dominican Republic", "DZ": "Algeria",
    "EC": "Ecuador", "EE": "Estonia", "EG": "Egypt", "EH": "Western Sahara", "EL": "Greece", "ER": "Eritrea",
    "ES": "Spain", "ET": "Ethiopia", "FI": "Finland", "FJ": "Fiji", "FK": "Falkland Islands",
    "FM": "Micronesia", "FO": "Faroe Islands", "FR": "France", "GA": "Gabon", "GB": "United Kingdom",
    "GD": "Grenada", "GE": "Georgia", "GF": "French Guiana", "GG": "Guernsey", "GH": "Ghana",
    "GI": "Gibraltar", "GL": "Greenland", "GM": "Gambia", "GN": "Guinea", "GP": "Guadeloupe",
    "GQ": "Equatorial Guinea", "GR": "Greece", "GS": "South Georgia and the South Sandwich Islands",
    "GT": "Guatemala", "GU": "Guam", "GW": "Guinea-Bissau", "GY": "Guyana", "HK": "Hong Kong",
    "HM": "Heard Island and McDonald Islands", "HN": "Honduras", "HR": "Croatia", "HT": "Haiti",
    "HU": "Hungary", "ID": "Indonesia", "IE": "Ireland", "IL": "Israel", "IM": "Isle of Man", "IN": "India",
    "IO": "British Indian Ocean Territory", "IQ": "Iraq", "IR": "Iran", "IS": "Iceland", "IT": "Italy",
    "JE": "Jersey", "JM": "Jamaica", "JO": "Jordan", "JP": "Japan", "KE": "Kenya", "KG": "Kyrgyzstan",
    "KH": "Cambodia", "KI": "Kiribati", "KM": "Comoros", "KN": "Saint Kitts and Nevis", "KP": "North Korea",
    "KR": "South Korea", "KW": "Kuwait", "KY": "Cayman Islands", "KZ": "Kazakhstan", "LA": "Laos",
    "LB": "Lebanon", "LC": "Saint Lucia", "LI": "Liechtenstein", "LK": "Sri Lanka", "LR": "Liberia",
    "LS": "Lesotho", "LT": "Lithuania", "LU": "Luxembourg", "LV": "Latvia", "LY": "Libya", "MA": "Morocco",
    "MC": "Monaco", "MD": "Moldova", "ME": "Montenegro", "MF": "Saint Martin", "MG": "Madagascar",
    "MH": "Marshall Islands", "MK": "North Macedonia", "ML": "Mali", "MM": "Myanmar", "MN": "Mongolia",
    "MO": "Macao", "MP": "Northern Mariana Islands", "MQ": "Martinique", "MR": "Mauritania",
    "MS": "Montserrat", "MT": "Malta", "MU": "Mauritius", "MV": "Maldives", "MW": "Malawi", "MX": "Mexico",
    "MY": "Malaysia", "MZ": "Mozambique", "NA": "Namibia", "NC": "New Caledonia", "NE": "Niger",
    "NF": "Norfolk Island", "NG": "Nigeria", "NI": "Nicaragua", "NL": "Netherlands", "NO": "Norway",
    "NP": "Nepal", "NR": "Nauru", "NU": "Niue", "NZ": "New Zealand", "OM": "Oman", "PA": "Panama",
    "PE": "Peru", "PF": "French Polynesia", "PG": "Papua New Guinea", "PH": "Philippines", "PK": "Pakistan",
    "PL": "Poland", "PM": "Saint Pierre and Miquelon", "PN": "Pitcairn", "PR": "Puerto Rico",
    "PS": "Palestine", "PT": "Portugal", "PW": "Palau", "PY": "Paraguay", "QA": "Qatar", "RE": "Réunion",
    "RO": "Romania", "RS": "Serbia", "RU": "Russia", "RW": "Rwanda", "SA": "Saudi Arabia",
    "SB": "Solomon Islands", "SC": "Seychelles", "SD": "Sudan", "SE": "Sweden", "SG": "Singapore",
    "SH": "Saint Helena, Ascension and Tristan da Cunha", "SI": "Slovenia", "SJ": "Svalbard and Jan Mayen",
    "SK": "Slovakia", "SL": "Sierra Leone", "SM": "San Marino", "SN": "Senegal", "SO": "Somalia",
    "SR": "Suriname", "SS": "South Sudan", "ST": "São Tomé and Príncipe", "SV": "El Salvador",
    "SX": "Sint Maarten", "SY": "Syria", "SZ": "Eswatini", "TC": "Turks and Caicos Islands", "TD": "Chad",
    "TF": "French Southern Territories", "TG": "Togo", "TH": "Thailand", "TJ": "Tajikistan", "TK": "Tokelau",
    "TL": "Timor-Leste", "TM": "Turkmenistan", "TN": "Tunisia", "TO": "Tonga", "TR": "Türkiye",
    "TT": "Trinidad and Tobago", "TV": "Tuvalu", "TW": "Taiwan", "TZ": "Tanzania", "UA": "Ukraine",
    "UG": "Uganda", "UK": "United Kingdom", "UM": "United States Minor Outlying Islands",
    "US": "United States", "UY": "Uruguay", "UZ": "Uzbekistan", "VA": "Holy See",
    "VC": "Saint Vincent and the Grenadines", "VE": "Venezuela", "VG": "British Virgin Islands",
    "VI": "United States Virgin Islands", "VN": "Viet Nam",
    "VU": "Vanuatu", "WF": "Wallis and Futuna", "WS": "Samoa", "XK": "Kosovo", "YE": "Yemen", "YT": "Mayotte",
    "ZA": "South Africa", "ZM": "Zambia", "ZW": "Zimbabwe",
}
# fmt: on

H2020_FILE = "h2020.csv.gz"
H2020_PARTS_FILE = "programme_parts.csv.gz"
H2020_COLUMNS = (
    "rcn",
    "role",
    "pic",
    "type",
    "contribution",
    "country",
    "start_date",
    "end_date",
    "max_contribution",
    "total_cost",
    "start_year",
    "group",
)
H2020_PARTS_COLUMNS = ("rcn", "programme_part")
H2020_ROLES = ("coordinator", "participant", "partner")

FP_FILE = "derived_FP_participation.csv"
FP_ORGS_FILE = "derived_Orgs_summary.csv"
FP_PROJECTS_FILE = "derived_FP_projects.csv"
FP_COLUMNS = (
    "frameworkProgramme",
    "projectID",
    "projectAcronym",
    "title",
    "startDate",
    "endDate",
    "country",
    "countryName",
    "PIC",
    "Organisation",
    "shortName",
    "activityType",
    "role",
    "ecContribution",
)
FP_ORGS_COLUMNS = ("PIC", "Organisation", "shortName", "country", "activityType")
FP_PROJECTS_COLUMNS = ("frameworkProgramme", "projectID", "projectAcronym", "startDate", "total_ecContribution")

#: Placeholders that mean "no value" in a text cell of the FP files.
_NO_TEXT = {"", "not applicable", "n/a"}


# --------------------------------------------------------------------------- reading helpers


class _Problems:
    """Adds the problems of one file to a list, as :class:`Problem` objects naming the file, line and column."""

    def __init__(self, path: Path, found: list[Problem]):
        self.file = str(path)
        self.found = found

    def add(self, line: int | None, column: str | None, text: str, code: str = "invalid") -> None:
        self.found.append(Problem(self.file, text, line=line, column=column, code=code))


@contextlib.contextmanager
def _open_table(
    path: Path, required: tuple[str, ...], problems: list[Problem]
) -> Iterator[tuple[Any, dict[str, int]] | None]:
    """Open a CSV file (gzip-compressed when it ends in .gz): yield its csv reader and column index.

    Yields None, with the problem added to ``problems``, when the file is absent, empty, or lacks a
    required column; a file that cannot be read (at its start or half-way) adds a problem too.
    """
    file = str(path)
    if not path.is_file():
        problems.append(Problem(file, "file not found", code="not_found"))
        yield None
        return
    if not inside_folder(path, path.parent):
        problems.append(outside_folder(path))
        yield None
        return
    reader = None
    yielded = False
    try:
        if path.suffix == ".gz":
            handle = gzip.open(path, "rt", encoding="utf-8-sig", newline="")
        else:
            handle = open(path, encoding="utf-8-sig", newline="")
        with handle:
            reader = csv.reader(handle)
            index = _header_index(path, next(reader, None), required, problems)
            yielded = True
            yield (reader, index) if index is not None else None
    except (OSError, EOFError, UnicodeDecodeError, csv.Error, zlib.error) as exc:
        line = reader.line_num if reader is not None and reader.line_num else None
        problems.append(Problem(file, f"cannot read the file ({exc})", line=line, code="read_error"))
        if not yielded:
            yield None


def _header_index(
    path: Path, header: list[str] | None, required: tuple[str, ...], problems: list[Problem]
) -> dict[str, int] | None:
    """Column name -> position (the first of duplicates), or None and problems when a column is missing."""
    if header is None:
        problems.append(Problem(str(path), "empty file, expected a header line", code="empty_file"))
        return None
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(name.strip(), position)
    missing = [name for name in required if name not in index]
    for name in missing:
        problems.append(Problem(str(path), "required column missing", line=1, column=name, code="missing_column"))
    return None if missing else index


def _number(text: str) -> float | None:
    """A decimal number; ``NA`` or empty is None."""
    if text == "NA" or text == "":
        return None
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _integer(text: str) -> int | None:
    """A whole number (``2019`` or ``2019.0``); ``NA`` or empty is None."""
    if text == "NA" or text == "":
        return None
    try:
        return int(text)
    except ValueError:
        value = float(text)
        if not value.is_integer():
            raise
        return int(value)


def _date(text: str) -> date | None:
    """A ``YYYY-MM-DD`` date; ``NA`` or empty is None."""
    if text == "NA" or text == "":
        return None
    if len(text) != 10:
        raise ValueError(text)
    return date.fromisoformat(text)


_KIND_OF: dict[Callable[[str], Any], str] = {
    _number: "a number",
    _integer: "a whole number",
    _date: "a date (YYYY-MM-DD)",
}


def _parse(
    parse: Callable[[str], Any], row: list[str], position: int, column: str, line: int, problems: _Problems
) -> Any:
    """``parse(row[position])``, recording a problem (and returning None) when it fails."""
    text = row[position]
    try:
        return parse(text)
    except ValueError:
        problems.add(line, column, f"cannot read {shorten(text)!r} as {_KIND_OF[parse]}", code="type")
        return None


def _most_frequent(counts: dict[str, int]) -> str | None:
    """The most frequent value; on a tie, the first seen (dicts keep insertion order)."""
    if not counts:
        return None
    return max(counts, key=counts.__getitem__)


def _count(counts: dict[str, int], value: str | None) -> None:
    if value is not None:
        counts[value] = counts.get(value, 0) + 1


def _slug(text: str, lower: bool = True) -> str:
    """ASCII letters and digits joined by hyphens: ``"Université Laval"`` -> ``"universite-laval"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^0-9A-Za-z]+", "-", ascii_text).strip("-")
    return slug.lower() if lower else slug


def _merge_participation(kept: dict, role: str | None, contribution: float | None) -> None:
    """One organization listed twice in a project: keep the strongest role, add the contributions."""
    if role is not None and (kept["role"] is None or _ROLE_RANK[role] < _ROLE_RANK[kept["role"]]):
        kept["role"] = role
    if contribution is not None:
        kept["contribution"] = contribution if kept["contribution"] is None else kept["contribution"] + contribution


def _add_participation(
    participations: dict[tuple[str, str], dict],
    organization_id: str,
    project_id: str,
    role: str | None,
    contribution: float | None,
) -> None:
    """A participation, merged with an earlier one of the same organization in the same project."""
    kept = participations.get((organization_id, project_id))
    if kept is None:
        participations[(organization_id, project_id)] = {
            "organization": organization_id,
            "project": project_id,
            "role": role,
            "order": None,
            "contribution": contribution,
        }
    else:
        _merge_participation(kept, role, contribution)


def _organization(
    id: str, name: str, short_name: str | None, kind_code: str | None, country: str | None
) -> dict[str, Any]:
    return {
        "id": id,
        "name": name,
        "name_fr": None,
        "short_name": short_name,
        "roles": ["company"] if kind_code == "PRC" else ["partner"],
        "kind": KINDS.get(kind_code) if kind_code else None,
        "centre_level": None,
        "country": country,
        "city": None,
        "nuts": None,
        "lat": None,
        "lon": None,
        "website": None,
    }


def _empty_network() -> Network:
    return {name: [] for name in TABLE_ORDER}


def _raise_for_errors(result: tuple[Network, list[Problem]]) -> Network:
    network, problems = result
    raise_for_problems(problems)
    return network


# --------------------------------------------------------------------------- H2020 (eunets)


def read_cordis_h2020(folder: Path | str) -> Network:
    """Read the eunets snapshot of Horizon 2020 participations (``h2020.csv.gz`` + ``programme_parts.csv.gz``).

    Raises :class:`graph.errors.NetworkInputError` (a ``DataError``) listing every problem when the
    files cannot be read as described below; :func:`read_h2020` returns them instead.

    - **organizations**: one per PIC (the file has no names: ``"Organisation PIC 999997930"``, id the PIC
      itself, e.g. ``"999997930"``); ``kind`` from the CORDIS type (see :data:`KINDS`); roles ``company``
      for PRC, ``partner`` otherwise. Country and type are each the most frequent over the
      organisation's rows (ties: first seen). Plus the European Commission (id ``"EC"``, role funder).
    - **countries**: the codes used, as in the file (``EL`` Greece, ``UK`` United Kingdom, ``NA``
      Namibia), named from :data:`COUNTRY_NAMES` (countries.yml has only groups); ``priority`` is the
      file's country group: ``eu15``, ``eu13``, ``ac`` (associated country) or ``tc`` (third country).
    - **projects**: one per RCN, id ``"H2020-RCN-<rcn>"``, title ``"H2020 project <rcn>"`` (no titles in
      the data), programme ``"H2020 "`` + its programme parts in the programme's order (``"H2020 SC4"``,
      ``"H2020 LEIT, Innovation in SMEs"``), start/end dates, budget = total_cost. Project columns are
      taken from the project's first row (they agree across a project's rows in the snapshot).
    - **participations**: one per (PIC, RCN) with role (coordinator/participant/partner) and the EC
      contribution (None where ``NA``). The snapshot has no duplicate (PIC, RCN) pair; if one occurs,
      the rows are merged: the strongest role is kept and the contributions are added.
    - **fundings**: the EC funds every project: amount = max_contribution, year = start_year.
    - **expertise**: the programme parts used (ids ``"h2020-<part>"``, e.g. ``"h2020-sc1"``), with English and
      French names (:data:`H2020_PARTS`) and, for parts of the three pillars, the pillar as broader term;
      **project_expertise** from programme_parts.csv.gz (rows of RCNs absent from h2020.csv.gz are skipped:
      one in the snapshot).
    """
    return _raise_for_errors(read_h2020(folder))


def read_h2020(folder: Path | str) -> tuple[Network, list[Problem]]:
    """``(network, problems)`` of the H2020 folder (see :func:`read_cordis_h2020`); never raises for bad input.

    The programme parts are read only when the participations have no error; on an error the
    network holds what could be read and must not be loaded.
    """
    folder = Path(folder)
    found: list[Problem] = []
    rows = _H2020Rows(_Problems(folder / H2020_FILE, found))
    with _open_table(folder / H2020_FILE, H2020_COLUMNS, found) as table:
        if table is not None:
            rows.read(*table)
    if has_errors(found):
        return _empty_network(), found
    project_parts = _h2020_project_parts(folder / H2020_PARTS_FILE, rows.projects, found)
    if has_errors(found):
        return _empty_network(), found
    return _h2020_network(rows, project_parts), found


@dataclass
class _H2020Rows:
    """What the rows of h2020.csv.gz add up to, read one after the other."""

    problems: _Problems
    projects: dict[str, dict] = field(default_factory=dict)  # rcn -> project row
    fundings: list[dict] = field(default_factory=list)
    organizations: dict[str, tuple[dict[str, int], dict[str, int]]] = field(default_factory=dict)  # pic -> counts
    participations: dict[tuple[str, str], dict] = field(default_factory=dict)
    country_groups: dict[str, dict[str, int]] = field(default_factory=dict)
    column: dict[str, int] = field(default_factory=dict)

    def read(self, reader: Any, index: dict[str, int]) -> None:
        self.column = {name: index[name] for name in H2020_COLUMNS}
        width = len(index)
        for row in reader:
            if len(row) < width:
                if any(row):
                    self.problems.add(reader.line_num, None, f"{len(row)} fields, expected at least {width}")
                continue
            self.add(row, reader.line_num)

    def add(self, row: list[str], line: int) -> None:
        """One participation row: checked, then counted into the project, organization and participation."""
        column, problems = self.column, self.problems
        rcn, pic = row[column["rcn"]], row[column["pic"]]
        if rcn in ("", "NA"):
            problems.add(line, "rcn", "missing project record number", code="required")
            return
        if pic in ("", "NA"):
            problems.add(line, "pic", "missing PIC", code="required")
            return
        role: str | None = row[column["role"]]
        if role not in H2020_ROLES:
            problems.add(
                line, "role", f"unknown role {shorten(role)!r} (expected one of {', '.join(H2020_ROLES)})", "choice"
            )
            role = None
        kind_code = row[column["type"]]
        if kind_code not in KINDS:
            problems.add(
                line, "type", f"unknown type {shorten(kind_code)!r} (expected one of {', '.join(KINDS)})", "choice"
            )
        country = row[column["country"]] or None  # "NA" is Namibia
        contribution = (
            None
            if row[column["contribution"]] == "NA"
            else _parse(_number, row, column["contribution"], "contribution", line, problems)
        )
        if rcn not in self.projects:
            self._add_project(rcn, row, line)
        self._count_organization(pic, kind_code, country, row[column["group"]])
        _add_participation(self.participations, pic, self.projects[rcn]["id"], role, contribution)

    def _add_project(self, rcn: str, row: list[str], line: int) -> None:
        column, problems = self.column, self.problems
        project_id = f"H2020-RCN-{rcn}"
        self.projects[rcn] = {
            "id": project_id,
            "title": f"H2020 project {rcn}",
            "acronym": None,
            "programme": "H2020",
            "funding_scheme": None,
            "start": _parse(_date, row, column["start_date"], "start_date", line, problems),
            "end": _parse(_date, row, column["end_date"], "end_date", line, problems),
            "budget": _parse(_number, row, column["total_cost"], "total_cost", line, problems),
            "keywords": None,
        }
        self.fundings.append(
            {
                "funder": EC_ID,
                "project": project_id,
                "amount": _parse(_number, row, column["max_contribution"], "max_contribution", line, problems),
                "year": _parse(_integer, row, column["start_year"], "start_year", line, problems),
            }
        )

    def _count_organization(self, pic: str, kind_code: str, country: str | None, group: str) -> None:
        counts = self.organizations.get(pic)
        if counts is None:
            counts = self.organizations[pic] = ({}, {})
        types, countries = counts
        types[kind_code] = types.get(kind_code, 0) + 1
        if country is not None:
            countries[country] = countries.get(country, 0) + 1
            _count(self.country_groups.setdefault(country, {}), group if group not in ("", "NA") else None)


def _h2020_project_parts(path: Path, projects: dict[str, dict], found: list[Problem]) -> dict[str, list[str]]:
    """RCN -> its programme parts (programme_parts.csv.gz), for the projects read."""
    problems = _Problems(path, found)
    project_parts: dict[str, list[str]] = {}
    with _open_table(path, H2020_PARTS_COLUMNS, found) as table:
        if table is None:
            return project_parts
        reader, index = table
        i_rcn, i_part = index["rcn"], index["programme_part"]
        width = max(i_rcn, i_part) + 1
        for row in reader:
            if len(row) < width:
                if any(row):
                    problems.add(reader.line_num, None, f"{len(row)} fields, expected {len(index)}")
                continue
            rcn, part = row[i_rcn], row[i_part].strip()
            if part in ("", "NA"):
                problems.add(reader.line_num, "programme_part", "missing programme part", code="required")
                continue
            if rcn not in projects:
                continue  # a project without participations in h2020.csv.gz: nothing to attach the part to
            parts = project_parts.setdefault(rcn, [])
            if part not in parts:
                parts.append(part)
    return project_parts


def _h2020_network(rows: _H2020Rows, project_parts: dict[str, list[str]]) -> Network:
    """The network of the rows read and the projects' programme parts."""
    network = _empty_network()
    network["countries"] = [
        {
            "code": code,
            "name": COUNTRY_NAMES.get(code, code),
            "name_fr": None,
            "priority": _most_frequent(rows.country_groups[code]),
        }
        for code in sorted(rows.country_groups)
    ]
    network["organizations"] = [dict(EC_ORGANIZATION)] + [
        _organization(pic, f"Organisation PIC {pic}", None, _most_frequent(types), _most_frequent(countries))
        for pic, (types, countries) in rows.organizations.items()
    ]
    expertise_ids: dict[str, str] = {}
    for rcn, parts in project_parts.items():
        parts.sort(key=_part_order)  # the file lists a project's parts in no fixed order
        rows.projects[rcn]["programme"] = "H2020 " + ", ".join(parts)
        project_id = rows.projects[rcn]["id"]
        for part in parts:
            expertise_id = expertise_ids.get(part)
            if expertise_id is None:
                expertise_id = expertise_ids[part] = "h2020-" + (_slug(part) or "unknown")
            network["project_expertise"].append({"project": project_id, "expertise": expertise_id})
    network["expertise"] = _h2020_expertise(expertise_ids)
    network["projects"] = list(rows.projects.values())
    network["participations"] = list(rows.participations.values())
    network["fundings"] = rows.fundings
    return network


def _part_order(part: str) -> tuple[int, str]:
    """Programme parts in the programme's order (ERC, FET, ..., SC1 ... SC7, ...), unknown ones last."""
    return (_PART_RANK.get(part, len(_PART_RANK)), part)


_PART_RANK = {part: rank for rank, part in enumerate(H2020_PARTS)}


def _h2020_expertise(used: dict[str, str]) -> list[dict]:
    """Expertise rows for the programme parts used, their broader pillars first."""
    rows: dict[str, dict] = {}
    wanted = list(used)
    for part in used:
        broader = H2020_PARTS.get(part, (None, None, None, None))[3]
        if broader is not None and broader not in used and broader not in wanted:
            wanted.insert(0, broader)
    for part in wanted:
        _, name, name_fr, broader = H2020_PARTS.get(part, (None, part, None, None))
        expertise_id = used.get(part) or "h2020-" + _slug(part)
        rows[expertise_id] = {
            "id": expertise_id,
            "name": name,
            "name_fr": name_fr,
            "broader": ("h2020-" + _slug(broader)) if broader else None,
        }
    return sorted(rows.values(), key=lambda row: (row["broader"] is not None, row["id"]))


# --------------------------------------------------------------------------- FP7 / H2020 / HE (CA, NZ, Pacific)


def read_cordis_fp(folder: Path | str) -> Network:
    """Read the named FP7 / H2020 / Horizon Europe participations of Canadian, NZ and Pacific organisations.

    Raises :class:`graph.errors.NetworkInputError` (a ``DataError``) listing every problem when the
    files cannot be read as described below; :func:`read_fp` returns them instead.

    Input: ``derived_FP_participation.csv`` (required), plus, when present, ``derived_Orgs_summary.csv``
    (real PICs) and ``derived_FP_projects.csv`` (each project's total EC contribution). Only the listed
    participants are named in this data: the network is what the file holds (one participant country
    per project, usually), not the full consortia.

    - **projects**: in this export ``projectID`` is 0 in every row (and ``PIC`` too: a bug of the tool
      that built the workbook). A nonzero projectID gives the id ``"<programme>-<projectID>"``. Otherwise
      the project is identified by frameworkProgramme + projectAcronym + startDate, id
      ``"<programme>-<acronym slug>-<startDate>"`` (e.g. ``"FP7-DECODER-2010-02-01"``): acronyms alone
      are not unique (``INTERACT`` is two H2020 grants, 2016 and 2020, with the same title; ``REFRESH``
      two FP7 projects), and acronym + start date is unique in the data (824 projects). Should two keys
      still make the same id, later ones get ``-2``, ``-3``... in file order. Title as in the file,
      programme ``FP7``/``H2020``/``Horizon Europe``, start/end dates; no budget (the data holds no
      project total cost).
    - **organizations**: keyed by PIC: the row's PIC when nonzero, otherwise the PIC of
      derived_Orgs_summary.csv for the same name + country (+ activityType when the name has several
      PICs, as The Fields Institute: one HES, one REC), otherwise a slug ``"<country>-<name slug>"``
      (e.g. ``"ca-universite-laval"``). Name as in the file; short name, type and country the most
      frequent over the rows (ties: first seen; ``not applicable`` is no short name); roles ``company``
      for PRC, ``partner`` otherwise; plus the European Commission (id ``"EC"``, role funder).
    - **participations**: role mapped by :data:`FP_ROLES` (associatedPartner -> associated,
      internationalPartner -> partner, thirdParty -> other), contribution = ecContribution (None when
      empty). An organization listed twice in one project is merged: strongest role, contributions added.
    - **fundings**: the EC funds every project; amount = total_ecContribution of derived_FP_projects.csv
      for the same key (None when that file or row is absent), year = start year.
    - **countries**: the codes used, named by the file's countryName. No expertise in this data.
    """
    return _raise_for_errors(read_fp(folder))


def read_fp(folder: Path | str) -> tuple[Network, list[Problem]]:
    """``(network, problems)`` of the FP folder (see :func:`read_cordis_fp`); never raises for bad input.

    The optional files are read first; an error in one of them stops the reading there.
    """
    folder = Path(folder)
    found: list[Problem] = []
    summary_pics = _fp_summary(folder / FP_ORGS_FILE, found)
    if has_errors(found):
        return _empty_network(), found
    project_totals = _fp_project_totals(folder / FP_PROJECTS_FILE, found)
    if has_errors(found):
        return _empty_network(), found
    rows = _FPRows(_Problems(folder / FP_FILE, found), summary_pics, project_totals)
    with _open_table(folder / FP_FILE, FP_COLUMNS, found) as table:
        if table is not None:
            rows.read(*table)
    if has_errors(found):
        return _empty_network(), found
    return _fp_network(rows), found


@dataclass
class _FPOrganization:
    """An organization of the FP file, with counts of what its rows say."""

    name: str
    short_names: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)


@dataclass
class _FPRow:
    """The values of one row of derived_FP_participation.csv, read and checked."""

    programme_code: str
    acronym: str
    title: str
    name: str
    project_number: int | None
    pic_number: int | None
    start: date | None
    end: date | None
    contribution: float | None
    role: str | None
    kind_code: str
    country: str | None
    short_name: str
    country_name: str


@dataclass
class _FPRows:
    """What the rows of derived_FP_participation.csv add up to, read one after the other."""

    problems: _Problems
    summary_pics: dict[tuple[str, ...], str]
    project_totals: dict[tuple[str, ...], float]
    projects: dict[tuple[str, ...], dict] = field(default_factory=dict)
    project_ids: set[str] = field(default_factory=set)
    fundings: list[dict] = field(default_factory=list)
    organizations: dict[str, _FPOrganization] = field(default_factory=dict)
    participations: dict[tuple[str, str], dict] = field(default_factory=dict)
    country_names: dict[str, dict[str, int]] = field(default_factory=dict)

    def read(self, reader: Any, index: dict[str, int]) -> None:
        column = {name: index[name] for name in FP_COLUMNS}
        width = max(column.values()) + 1
        for row in reader:
            if len(row) < width:
                if any(row):
                    self.problems.add(reader.line_num, None, f"{len(row)} fields, expected {len(index)}")
                continue
            values = self._values(row, column, reader.line_num)
            if values is not None:
                self.add(values)

    def _values(self, row: list[str], column: dict[str, int], line: int) -> _FPRow | None:
        """The row's values, every problem added; None when the row names no project or organization."""
        problems = self.problems
        programme_code = row[column["frameworkProgramme"]].strip()
        acronym = row[column["projectAcronym"]].strip()
        title = row[column["title"]].strip()
        name = row[column["Organisation"]].strip()
        for label, value in (("frameworkProgramme", programme_code), ("title", title), ("Organisation", name)):
            if not value:
                problems.add(line, label, "missing value", code="required")
        values = _FPRow(
            programme_code=programme_code,
            acronym=acronym,
            title=title,
            name=name,
            project_number=_parse(_integer, row, column["projectID"], "projectID", line, problems),
            pic_number=_parse(_integer, row, column["PIC"], "PIC", line, problems),
            start=_parse(_date, row, column["startDate"], "startDate", line, problems),
            end=_parse(_date, row, column["endDate"], "endDate", line, problems),
            contribution=_parse(_number, row, column["ecContribution"], "ecContribution", line, problems),
            role=FP_ROLES.get(row[column["role"]].strip()),
            kind_code=row[column["activityType"]].strip(),
            country=row[column["country"]].strip() or None,  # "NA" is Namibia
            short_name=row[column["shortName"]].strip(),
            country_name=row[column["countryName"]].strip(),
        )
        if values.role is None:
            source_role = row[column["role"]].strip()
            problems.add(
                line, "role", f"unknown role {shorten(source_role)!r} (expected one of {', '.join(FP_ROLES)})", "choice"
            )
        if values.kind_code and values.kind_code not in KINDS:
            problems.add(
                line,
                "activityType",
                f"unknown type {shorten(values.kind_code)!r} (expected one of {', '.join(KINDS)})",
                "choice",
            )
        if not (programme_code and title and name):
            return None
        if not values.project_number and not acronym:
            problems.add(line, "projectAcronym", "missing value (projectID is 0)", code="required")
            return None
        return values

    def add(self, values: _FPRow) -> None:
        """One participation row: its project, organization and participation."""
        project_id = self._project(values)
        organization_id = self._organization_id(values)
        organization = self.organizations.get(organization_id)
        if organization is None:
            organization = self.organizations[organization_id] = _FPOrganization(values.name)
        short_name = values.short_name
        _count(organization.short_names, short_name if short_name.lower() not in _NO_TEXT else None)
        _count(organization.types, values.kind_code or None)
        _count(organization.countries, values.country)
        if values.country is not None:
            _count(self.country_names.setdefault(values.country, {}), values.country_name or None)
        _add_participation(self.participations, organization_id, project_id, values.role, values.contribution)

    def _project(self, values: _FPRow) -> str:
        """The id of the row's project, added (with its EC funding) when first seen."""
        start_text = values.start.isoformat() if values.start else ""
        key = _fp_project_key(values.programme_code, values.project_number, values.acronym, start_text)
        project = self.projects.get(key)
        if project is not None:
            return project["id"]
        if values.project_number:
            base = f"{values.programme_code}-{values.project_number}"
        else:
            base = "-".join(p for p in (values.programme_code, _slug(values.acronym, lower=False), start_text) if p)
        project_id, suffix = base, 1
        while project_id in self.project_ids:
            suffix += 1
            project_id = f"{base}-{suffix}"
        self.project_ids.add(project_id)
        self.projects[key] = {
            "id": project_id,
            "title": values.title,
            "acronym": values.acronym or None,
            "programme": FP_PROGRAMMES.get(values.programme_code, values.programme_code),
            "funding_scheme": None,
            "start": values.start,
            "end": values.end,
            "budget": None,
            "keywords": None,
        }
        self.fundings.append(
            {
                "funder": EC_ID,
                "project": project_id,
                "amount": self.project_totals.get(key),
                "year": values.start.year if values.start else None,
            }
        )
        return project_id

    def _organization_id(self, values: _FPRow) -> str:
        """The row's PIC, else the summary's PIC for its name and country, else a slug."""
        country = values.country or ""
        return (
            str(values.pic_number)
            if values.pic_number
            else self.summary_pics.get((values.name, country, values.kind_code))
            or self.summary_pics.get((values.name, country))
            or "-".join(p for p in (country.lower(), _slug(values.name)) if p)
        )


def _fp_network(rows: _FPRows) -> Network:
    """The network of the FP rows read."""
    network = _empty_network()
    network["countries"] = [
        {
            "code": code,
            "name": _most_frequent(names) or COUNTRY_NAMES.get(code, code),
            "name_fr": None,
            "priority": None,
        }
        for code, names in sorted(rows.country_names.items())
    ]
    network["organizations"] = [dict(EC_ORGANIZATION)] + [
        _organization(
            organization_id,
            data.name,
            _most_frequent(data.short_names),
            _most_frequent(data.types),
            _most_frequent(data.countries),
        )
        for organization_id, data in rows.organizations.items()
    ]
    network["projects"] = list(rows.projects.values())
    network["participations"] = list(rows.participations.values())
    network["fundings"] = rows.fundings
    return network


def _fp_project_key(programme: str, project_number: int | None, acronym: str, start: str) -> tuple[str, ...]:
    if project_number:
        return (programme, str(project_number))
    return (programme, acronym, start)


def _fp_summary(path: Path, found: list[Problem]) -> dict[tuple[str, ...], str]:
    """PICs of derived_Orgs_summary.csv by (name, country, activityType) and, when unambiguous, (name, country)."""
    if not path.is_file():
        return {}
    problems = _Problems(path, found)
    pics: dict[tuple[str, ...], str] = {}
    by_name: dict[tuple[str, str], set[str]] = {}
    with _open_table(path, FP_ORGS_COLUMNS, found) as table:
        if table is None:
            return pics
        reader, index = table
        i_pic, i_name, i_country, i_type = (index[c] for c in ("PIC", "Organisation", "country", "activityType"))
        width = max(i_pic, i_name, i_country, i_type) + 1
        for row in reader:
            if len(row) < width:
                if any(row):
                    problems.add(reader.line_num, None, f"{len(row)} fields, expected {len(index)}")
                continue
            pic = _parse(_integer, row, i_pic, "PIC", reader.line_num, problems)
            if not pic:
                continue
            name, country, kind_code = row[i_name].strip(), row[i_country].strip(), row[i_type].strip()
            pics.setdefault((name, country, kind_code), str(pic))
            by_name.setdefault((name, country), set()).add(str(pic))
    for name_country, pics_found in by_name.items():
        if len(pics_found) == 1:
            pics[name_country] = next(iter(pics_found))
    return pics


def _fp_project_totals(path: Path, found: list[Problem]) -> dict[tuple[str, ...], float]:
    """Total EC contribution of each project of derived_FP_projects.csv, by project key."""
    if not path.is_file():
        return {}
    problems = _Problems(path, found)
    totals: dict[tuple[str, ...], float] = {}
    with _open_table(path, FP_PROJECTS_COLUMNS, found) as table:
        if table is None:
            return totals
        reader, index = table
        column = {name: index[name] for name in FP_PROJECTS_COLUMNS}
        width = max(column.values()) + 1
        for row in reader:
            line = reader.line_num
            if len(row) < width:
                if any(row):
                    problems.add(line, None, f"{len(row)} fields, expected {len(index)}")
                continue
            project_number = _parse(_integer, row, column["projectID"], "projectID", line, problems)
            start = _parse(_date, row, column["startDate"], "startDate", line, problems)
            total = _parse(_number, row, column["total_ecContribution"], "total_ecContribution", line, problems)
            key = _fp_project_key(
                row[column["frameworkProgramme"]].strip(),
                project_number,
                row[column["projectAcronym"]].strip(),
                start.isoformat() if start else "",
            )
            if total is not None:
                totals.setdefault(key, total)
    return totals
