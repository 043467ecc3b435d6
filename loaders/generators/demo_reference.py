"""The demo network's reference data, read from the files of ``demo_data/`` (UTF-8 CSV, one JSON).

Real places and institutions, an expertise vocabulary in English and French,
the programmes and the themes that :mod:`loaders.generators.demo` draws its
relations from. Each file is one table, one record a line, with a header; the
order of the lines is the order the generator walks them in, so editing a file
changes the demo network. In the CSV files an empty cell is ``None`` and
``|`` separates the items of a list (themes, programme funders as
``id:share``). ``themes.json`` holds the themes, whose fields are lists.

Examples
--------
>>> COUNTRIES[0]
Country(code='FR', name='France', name_fr='France', priority='home', in_fr='en France')
>>> CITIES["Paris"]
(48.857, 2.352)
>>> PROGRAMMES["Brafitec"].funders
(('mesr', 0.5), ('capes', 0.5))
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "CITIES",
    "COMPANIES",
    "COUNTRIES",
    "DATA_DIR",
    "EXPERTISE",
    "FUNDERS",
    "INSTITUTIONS",
    "PARTNER_CENTRES",
    "PROGRAMMES",
    "REGIONS",
    "THEMES",
    "Company",
    "Country",
    "Expertise",
    "Funder",
    "Institution",
    "PartnerCentre",
    "Programme",
    "Region",
    "TeachingCentre",
    "Theme",
]

#: The folder of the data files.
DATA_DIR = Path(__file__).resolve().parent / "demo_data"


class Country(NamedTuple):
    code: str
    name: str
    name_fr: str
    priority: str | None
    in_fr: str  # "in <country>" in French: "au Maroc"


class Expertise(NamedTuple):
    id: str
    name: str
    name_fr: str
    broader: str | None


class TeachingCentre(NamedTuple):
    city: str
    lat: float
    lon: float


class Region(NamedTuple):
    """A regional centre (a former region or an overseas territory) and its teaching centres."""

    region: str
    city: str
    lat: float
    lon: float
    themes: tuple[str, ...]
    council: str | None  # the funder id of the regional council
    teaching: tuple[TeachingCentre, ...]


class Institution(NamedTuple):
    country: str
    slug: str
    name: str
    name_fr: str | None  # when it differs
    short_name: str
    kind: str
    city: str
    themes: tuple[str, ...]


class PartnerCentre(NamedTuple):
    slug: str
    name: str
    country: str
    city: str
    themes: tuple[str, ...]
    parent: str | None  # slug of the parent partner centre; None: the headquarters


class Company(NamedTuple):
    slug: str
    name: str
    short_name: str | None
    country: str
    city: str
    themes: tuple[str, ...]
    partner: bool  # also a partner


class Funder(NamedTuple):
    id: str
    name: str
    name_fr: str | None  # when it differs
    short_name: str | None
    kind: str
    country: str
    city: str
    coordinates: tuple[float, float] | None  # None: those of the city


@dataclass(frozen=True)
class Theme:
    """A field of cooperation: its expertise, countries, programmes and words."""

    core: str
    terms: tuple[str, ...]
    countries: tuple[tuple[str, int], ...]
    programmes: tuple[tuple[str, int], ...]
    company_share: float
    weight: int
    prefixes: tuple[str, ...]
    stems: tuple[str, ...]


@dataclass(frozen=True)
class Programme:
    """A funding programme: who pays, when, how much, for how many, where."""

    funders: tuple[tuple[str, float], ...]
    first: int
    last: int
    budget: tuple[int, int]
    size: tuple[int, int]
    months: tuple[int, int]
    scope: str = "any"  # any | abroad | francophone | europe | BR | <country codes separated by spaces>


# -- reading the files ----------------------------------------------------------

_INTEGER = re.compile(r"-?\d+")


def _records(name: str) -> Iterator[dict[str, str | None]]:
    """The records of a CSV file of ``demo_data/``: column -> text, None for an empty cell."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            yield {column: text or None for column, text in record.items()}


def _text(value: str | None) -> str:
    if value is None:
        raise ValueError("a required cell of the demo data is empty")
    return value


def _number(value: str | None) -> float:
    """A number as written: ``48.857`` is a float, ``2015`` an int (so the network's values keep their type)."""
    text = _text(value)
    return int(text) if _INTEGER.fullmatch(text) else float(text)


def _items(value: str | None) -> tuple[str, ...]:
    return tuple(value.split("|")) if value else ()


def _countries() -> tuple[Country, ...]:
    return tuple(
        Country(_text(r["code"]), _text(r["name"]), _text(r["name_fr"]), r["priority"], _text(r["in_fr"]))
        for r in _records("countries.csv")
    )


def _expertise() -> tuple[Expertise, ...]:
    return tuple(
        Expertise(_text(r["id"]), _text(r["name"]), _text(r["name_fr"]), r["broader"])
        for r in _records("expertise.csv")
    )


def _regions() -> tuple[Region, ...]:
    teaching: dict[str, list[TeachingCentre]] = {}
    for r in _records("teaching_centres.csv"):
        centre = TeachingCentre(_text(r["city"]), _number(r["lat"]), _number(r["lon"]))
        teaching.setdefault(_text(r["region"]), []).append(centre)
    return tuple(
        Region(
            _text(r["region"]),
            _text(r["city"]),
            _number(r["lat"]),
            _number(r["lon"]),
            _items(r["themes"]),
            r["council"],
            tuple(teaching.get(_text(r["region"]), ())),
        )
        for r in _records("regions.csv")
    )


def _cities() -> dict[str, tuple[float, float]]:
    return {_text(r["city"]): (_number(r["lat"]), _number(r["lon"])) for r in _records("cities.csv")}


def _institutions() -> tuple[Institution, ...]:
    return tuple(
        Institution(
            _text(r["country"]),
            _text(r["slug"]),
            _text(r["name"]),
            r["name_fr"],
            _text(r["short_name"]),
            _text(r["kind"]),
            _text(r["city"]),
            _items(r["themes"]),
        )
        for r in _records("institutions.csv")
    )


def _partner_centres() -> tuple[PartnerCentre, ...]:
    return tuple(
        PartnerCentre(
            _text(r["slug"]), _text(r["name"]), _text(r["country"]), _text(r["city"]), _items(r["themes"]), r["parent"]
        )
        for r in _records("partner_centres.csv")
    )


def _companies() -> tuple[Company, ...]:
    return tuple(
        Company(
            _text(r["slug"]),
            _text(r["name"]),
            r["short_name"],
            _text(r["country"]),
            _text(r["city"]),
            _items(r["themes"]),
            _text(r["partner"]) == "yes",
        )
        for r in _records("companies.csv")
    )


def _funders() -> tuple[Funder, ...]:
    return tuple(
        Funder(
            _text(r["id"]),
            _text(r["name"]),
            r["name_fr"],
            r["short_name"],
            _text(r["kind"]),
            _text(r["country"]),
            _text(r["city"]),
            (_number(r["lat"]), _number(r["lon"])) if r["lat"] is not None else None,
        )
        for r in _records("funders.csv")
    )


def _programmes() -> dict[str, Programme]:
    def pair(prefix: str, r: dict[str, str | None]) -> tuple[int, int]:
        return (int(_text(r[f"{prefix}_min"])), int(_text(r[f"{prefix}_max"])))

    programmes = {}
    for r in _records("programmes.csv"):
        shares = tuple((fid, float(share)) for fid, share in (item.split(":") for item in _items(r["funders"])))
        programmes[_text(r["programme"])] = Programme(
            shares,
            int(_text(r["first"])),
            int(_text(r["last"])),
            pair("budget", r),
            pair("size", r),
            pair("months", r),
            _text(r["scope"]),
        )
    return programmes


def _themes() -> dict[str, Theme]:
    document = json.loads((DATA_DIR / "themes.json").read_text(encoding="utf-8"))
    return {
        name: Theme(
            core=theme["core"],
            terms=tuple(theme["terms"]),
            countries=tuple((code, weight) for code, weight in theme["countries"]),
            programmes=tuple((programme, weight) for programme, weight in theme["programmes"]),
            company_share=theme["company_share"],
            weight=theme["weight"],
            prefixes=tuple(theme["prefixes"]),
            stems=tuple(theme["stems"]),
        )
        for name, theme in document.items()
    }


#: code, English name, French name, priority group, "in <country>" in French.
COUNTRIES: tuple[Country, ...] = _countries()
#: Expertise vocabulary: two or three levels of broader terms.
EXPERTISE: tuple[Expertise, ...] = _expertise()
#: Fields of cooperation, by name.
THEMES: dict[str, Theme] = _themes()
#: Funding programmes, by name.
PROGRAMMES: dict[str, Programme] = _programmes()
#: Regional centres and their teaching centres.
REGIONS: tuple[Region, ...] = _regions()
#: City coordinates of institutions outside the home network of centres.
CITIES: dict[str, tuple[float, float]] = _cities()
#: Partner institutions.
INSTITUTIONS: tuple[Institution, ...] = _institutions()
#: Partner centres of the home network abroad.
PARTNER_CENTRES: tuple[PartnerCentre, ...] = _partner_centres()
#: Companies.
COMPANIES: tuple[Company, ...] = _companies()
#: Funders.
FUNDERS: tuple[Funder, ...] = _funders()
