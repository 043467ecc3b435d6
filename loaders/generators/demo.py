"""The demo network: an illustrative partnership network modelled on the Cnam.

``demo_network(seed)`` returns a network in the in-memory form of
:mod:`loaders.schema` (table name -> list of typed row dicts). It is built
from fixed reference data (:mod:`loaders.generators.demo_reference`, the files
of ``demo_data/``: real French regions and cities, real institutions
and funders abroad, an expertise vocabulary in English and French) and from a
seeded random draw of the relations between them: projects, participations,
fundings, agreements and declared expertise.

The shape is chosen so that the analyses have something to find:

- *themes* (cybersecurity, renewable energy, water, ...) each tie a set of
  expertise terms to a set of countries, programmes and companies; projects are
  drawn within a theme and mostly within one focus country, and participants are
  chosen with preferential attachment, so that there are dense clusters with
  hubs (excellence hubs) and bridges between them;
- every teaching centre belongs to its regional centre, which belongs to the
  headquarters, and regional projects (decentralised cooperation funded by the
  regional councils, Interreg) tie teaching centres, their regional centre and
  partners abroad, so that cooperation paths run from a teaching centre to a
  funder.

Everything is a pure function of ``seed``: a private ``random.Random(seed)``,
lists walked in a fixed order, no current date.

Examples
--------
>>> network = demo_network()
>>> sorted(network) == sorted(TABLES)
True
>>> network == demo_network()
True
>>> sum(1 for row in network["organizations"] if row["centre_level"] == "regional")
30
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypeVar

from loaders.generators.demo_reference import (
    CITIES,
    COMPANIES,
    COUNTRIES,
    EXPERTISE,
    FUNDERS,
    INSTITUTIONS,
    PARTNER_CENTRES,
    PROGRAMMES,
    REGIONS,
    THEMES,
    PartnerCentre,
    Region,
)
from loaders.schema import TABLES, with_all_columns

__all__ = ["DEMO_NOTICE", "DEMO_SOURCE", "demo_network"]

DEMO_NOTICE = (
    "Illustrative network: names of places and institutions are used for realism; "
    "every relation, project, agreement and amount is invented."
)
DEMO_SOURCE = "partnernet-demo (illustrative)"

T = TypeVar("T")

#: Number of thematic projects drawn besides the regional ones.
THEMATIC_PROJECTS = 380

# ---------------------------------------------------------------------------
# Reference data: the long tables are files of demo_data/ (see demo_reference)
# ---------------------------------------------------------------------------

#: Bilateral Hubert Curien partnerships by country.
PHC_BY_COUNTRY = {
    "TN": "PHC Utique",
    "MA": "PHC Toubkal",
    "DZ": "PHC Tassili",
    "LB": "PHC Cèdre",
    "CN": "PHC Cai Yuanpei",
    "RU": "PHC Kolmogorov",
}

#: Themes for which Brazilian engineering mobility (Brafitec) makes sense.
BRAFITEC_THEMES = ("industry", "energy", "transport", "construction", "ai_data", "cyber", "telecom", "water")

#: Headquarters: id, name, short name, city, lat, lon.
HEADQUARTERS = ("cnam", "Conservatoire national des arts et métiers", "Cnam", "Paris", 48.8667, 2.3550)


#: Regions whose cooperation runs through an EU Interreg programme with a neighbouring country.
INTERREG = {
    "Guadeloupe": ("Interreg Caraïbes", "HT"),
    "Martinique": ("Interreg Caraïbes", "HT"),
    "Guyane": ("Interreg Caraïbes", "HT"),
    "Mayotte": ("Interreg Océan Indien", "MG"),
    "La Réunion": ("Interreg Océan Indien", "MG"),
}

AGREEMENT_KINDS = ("convention", "MoU", "joint degree", "Erasmus+ inter-institutional agreement", "framework agreement")

_EVIDENCE = {
    "university": (
        "Master {fr}",
        "Licence professionnelle {fr}",
        "Research team in {en}",
        "Doctoral programme in {en}",
        "Laboratoire {fr}",
    ),
    "school": ("Diplôme d'ingénieur, option {fr}", "Engineering degree in {en}", "Chaire d'enseignement {fr}"),
    "research": ("Research unit on {en}", "Laboratoire commun {fr}", "Publications and patents in {en}"),
    "public": ("National mandate for {en}", "Service technique {fr}", "Operational department in {en}"),
    "company": ("Business line: {en}", "Engineering teams in {en}", "Chaire industrielle {fr}"),
    "training centre": (
        "Diplôme Cnam {fr}",
        "Certificat de spécialisation {fr}",
        "Titre RNCP {fr}",
        "Formation continue {fr}",
        "Continuing education in {en}",
    ),
}

_ACRONYM_SUFFIXES = ("MED", "AFRICA", "SUD", "LAB", "NET", "PLUS", "HUB", "UP", "4ALL", "")

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _slug(text: str) -> str:
    """Lower-case ASCII identifier: ``"Évry-Courcouronnes"`` -> ``"evry-courcouronnes"``.

    >>> _slug("Provence-Alpes-Côte d'Azur")
    'provence-alpes-cote-d-azur'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    out = "".join(ch if ch.isalnum() else "-" for ch in ascii_text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def _weighted(rng: random.Random, items: Sequence[T], weights: Sequence[float]) -> T:
    """One item drawn with the given weights (all of them positive)."""
    return rng.choices(items, weights=weights, k=1)[0]


def _date_plus_months(start: date, months: int) -> date:
    """The day before ``start`` moved by ``months`` months (``start`` is a first of the month)."""
    year, month = divmod(start.month - 1 + months, 12)
    return date(start.year + year, month + 1, 1) - timedelta(days=1)


def _org_row(
    id_: str,
    name: str,
    roles: list[str],
    kind: str,
    country: str,
    city: str,
    lat: float,
    lon: float,
    *,
    name_fr: str | None = None,
    short_name: str | None = None,
    centre_level: str | None = None,
) -> dict:
    return {
        "id": id_,
        "name": name,
        "name_fr": name_fr,
        "short_name": short_name,
        "roles": roles,
        "kind": kind,
        "centre_level": centre_level,
        "country": country,
        "city": city,
        "lat": float(lat),
        "lon": float(lon),
        "website": None,
    }


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


class _Builder:
    """Accumulates the tables of one demo network drawn with one random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.countries = {code: (name, name_fr, priority, in_fr) for code, name, name_fr, priority, in_fr in COUNTRIES}
        self.expertise = {row[0]: row for row in EXPERTISE}
        self.organizations: list[dict] = []
        self.org_by_id: dict[str, dict] = {}
        self.org_themes: dict[str, tuple[str, ...]] = {}
        self.memberships: list[dict] = []
        self.org_expertise: dict[tuple[str, str], dict] = {}
        self.projects: list[dict] = []
        self.project_meta: dict[str, tuple[str, str]] = {}  # project id -> (theme, focus country)
        self.project_members: dict[str, list[list]] = {}  # project id -> [[org id, role], ...]
        self.project_expertise: list[dict] = []
        self.fundings: list[dict] = []
        self.agreements: list[dict] = []
        self.agreement_parties: list[dict] = []
        self.degree: dict[str, int] = {}
        self.acronyms: dict[str, int] = {}
        # Pools, filled by _add_organizations.
        self.regional_ids: list[str] = []
        self.region_of: dict[str, Region] = {}  # regional centre id -> its REGIONS row
        self.teaching_of: dict[str, list[str]] = {}  # regional centre id -> teaching centre ids
        self.parent_of: dict[str, str] = {}
        self.home_partner_ids: list[str] = []  # French partner institutions
        self.foreign_ids: list[str] = []  # institutions and partner centres abroad
        self.partner_centre_of: dict[str, list[str]] = {}  # country -> partner centre ids
        self.company_ids: list[str] = []
        self.hq = HEADQUARTERS[0]

    # -- organizations -------------------------------------------------------

    def _add_org(self, row: dict, themes: tuple[str, ...]) -> None:
        self.organizations.append(row)
        self.org_by_id[row["id"]] = row
        self.org_themes[row["id"]] = themes
        self.degree[row["id"]] = 0

    def _add_organizations(self) -> None:
        """Every organization, in a fixed order: the centres, partners, companies, funders."""
        self._add_headquarters()
        for region in REGIONS:
            self._add_region(region)
        for centre in PARTNER_CENTRES:
            self._add_partner_centre(centre)
        for country, slug, name, name_fr, acronym, kind, city, themes in INSTITUTIONS:
            org_id = f"{country.lower()}-{slug}"
            lat, lon = CITIES[city]
            self._add_org(
                _org_row(org_id, name, ["partner"], kind, country, city, lat, lon, name_fr=name_fr, short_name=acronym),
                themes,
            )
            (self.home_partner_ids if country == "FR" else self.foreign_ids).append(org_id)
        for slug, name, short, country, city, themes, partner in COMPANIES:
            org_id = f"co-{slug}"
            lat, lon = CITIES[city]
            roles = ["company", "partner"] if partner else ["company"]
            self._add_org(_org_row(org_id, name, roles, "company", country, city, lat, lon, short_name=short), themes)
            self.company_ids.append(org_id)
        for fid, name, name_fr, short, kind, country, city, coords in FUNDERS:
            lat, lon = coords or CITIES[city]
            self._add_org(
                _org_row(fid, name, ["funder"], kind, country, city, lat, lon, name_fr=name_fr, short_name=short), ()
            )

    def _add_headquarters(self) -> None:
        hq_id, hq_name, hq_short, hq_city, hq_lat, hq_lon = HEADQUARTERS
        self._add_org(
            _org_row(
                hq_id,
                hq_name,
                ["centre"],
                "university",
                "FR",
                hq_city,
                hq_lat,
                hq_lon,
                short_name=hq_short,
                centre_level="headquarters",
            ),
            tuple(THEMES),
        )

    def _add_region(self, region: Region) -> None:
        """A regional centre, member of the headquarters, and its teaching centres, members of it."""
        rng = self.rng
        name, city, lat, lon, themes, _council, teaching = region
        rc_id = f"rc-{_slug(name)}"
        self._add_org(
            _org_row(
                rc_id,
                f"Cnam {name}",
                ["centre"],
                "training centre",
                "FR",
                city,
                lat,
                lon,
                short_name=f"Cnam {name}",
                centre_level="regional",
            ),
            themes,
        )
        self.regional_ids.append(rc_id)
        self.region_of[rc_id] = region
        self.teaching_of[rc_id] = []
        self._add_membership(rc_id, self.hq)
        for tc_city, tc_lat, tc_lon in teaching:
            tc_id = f"tc-{_slug(tc_city)}"
            tc_themes: tuple[str, ...] = (rng.choice(themes),)
            if len(themes) > 1 and rng.random() < 0.4:
                tc_themes = tuple(t for t in themes if t in tc_themes or rng.random() < 0.5)
            self._add_org(
                _org_row(
                    tc_id,
                    f"Cnam {tc_city}",
                    ["centre"],
                    "training centre",
                    "FR",
                    tc_city,
                    tc_lat,
                    tc_lon,
                    name_fr=f"Centre d'enseignement Cnam {_de(tc_city)}",
                    centre_level="teaching",
                ),
                tc_themes,
            )
            self.teaching_of[rc_id].append(tc_id)
            self._add_membership(tc_id, rc_id)

    def _add_partner_centre(self, centre: PartnerCentre) -> None:
        """A partner centre abroad, member of its parent centre or of the headquarters."""
        slug, name, country, city, themes, parent = centre
        pc_id = f"pc-{slug}"
        lat, lon = CITIES[city]
        self._add_org(
            _org_row(
                pc_id,
                name,
                ["centre", "partner"],
                "training centre",
                country,
                city,
                lat,
                lon,
                short_name=name,
                centre_level="partner_centre",
            ),
            themes,
        )
        self._add_membership(pc_id, f"pc-{parent}" if parent else self.hq)
        self.foreign_ids.append(pc_id)
        self.partner_centre_of.setdefault(country, []).append(pc_id)

    def _add_membership(self, member: str, parent: str) -> None:
        self.memberships.append({"member": member, "parent": parent})
        self.parent_of[member] = parent

    # -- expertise -----------------------------------------------------------

    def _declare(self, org_id: str, term: str, level: int, evidence: str) -> None:
        key = (org_id, term)
        current = self.org_expertise.get(key)
        if current is None:
            self.org_expertise[key] = {"organization": org_id, "expertise": term, "level": level, "evidence": evidence}
        elif level > current["level"]:
            current["level"] = level

    def _evidence(self, kind: str, term: str) -> str:
        _id, name, name_fr, _broader = self.expertise[term]
        template = self.rng.choice(_EVIDENCE.get(kind, _EVIDENCE["university"]))
        return template.format(en=name.lower(), fr=name_fr.lower())

    def _add_declared_expertise(self) -> None:
        rng = self.rng
        for org in self.organizations:
            themes = self.org_themes[org["id"]]
            level_name = org["centre_level"]
            for rank, theme_name in enumerate(themes):
                theme = THEMES[theme_name]
                if level_name == "headquarters":
                    low, high, extra = 3, 5, 1
                elif level_name == "teaching":
                    low, high, extra = 1, 3, rng.randint(0, 1)
                elif rank == 0:
                    low, high, extra = 3, 5, rng.randint(1, 3)
                else:
                    low, high, extra = 2, 4, rng.randint(0, 2)
                terms = [theme.core, *rng.sample(theme.terms, min(extra, len(theme.terms)))]
                for term in terms:
                    self._declare(org["id"], term, rng.randint(low, high), self._evidence(org["kind"], term))

    # -- projects ------------------------------------------------------------

    def _new_project(self, theme_name: str, focus: str, programme_name: str) -> str:
        rng = self.rng
        theme = THEMES[theme_name]
        programme = PROGRAMMES[programme_name]
        project_id = f"P{len(self.projects) + 1:04d}"
        start = date(rng.randint(programme.first, programme.last), rng.randint(1, 12), 1)
        end = min(_date_plus_months(start, rng.randint(*programme.months)), date(2026, 12, 31))
        low, high = programme.budget
        budget = float(round(math.exp(rng.uniform(math.log(low), math.log(high))), -2))
        prefix = rng.choice(theme.prefixes)
        suffix = rng.choice((*_ACRONYM_SUFFIXES, f"-{focus}"))
        acronym = f"{prefix}{suffix}"
        count = self.acronyms.get(acronym, 0) + 1
        self.acronyms[acronym] = count
        if count > 1:
            acronym = f"{acronym}-{count}"
        name, _name_fr, _priority, in_fr = self.countries[focus]
        in_en = f"in {name}" if focus != "FR" else "in France"
        stem = rng.choice(theme.stems).format(in_en=in_en, in_fr=in_fr)
        self.projects.append(
            {
                "id": project_id,
                "title": f"{acronym} – {stem}",
                "programme": programme_name,
                "start": start,
                "end": end,
                "budget": budget,
            }
        )
        self.project_meta[project_id] = (theme_name, focus)
        self.project_members[project_id] = []
        terms = [theme.core, *rng.sample(theme.terms, rng.randint(0, 2))]
        if rng.random() < 0.15:
            other = THEMES[rng.choice(("education", "management", "ai_data"))]
            if other.core not in terms:
                terms.append(other.core)
        for term in terms:
            self.project_expertise.append({"project": project_id, "expertise": term})
        return project_id

    def _join(self, project_id: str, org_id: str, role: str) -> None:
        members = self.project_members[project_id]
        if any(member[0] == org_id for member in members):
            return
        members.append([org_id, role])
        self.degree[org_id] += 1

    def _pick(self, candidates: list[str], base: list[float], exclude: list[str]) -> str | None:
        """Preferential attachment: weight ``base * (1 + projects so far) ** 0.8``."""
        items, weights = [], []
        for org_id, weight in zip(candidates, base, strict=True):
            if weight > 0 and org_id not in exclude:
                items.append(org_id)
                weights.append(weight * (1 + self.degree[org_id]) ** 0.8)
        if not items:
            return None
        return _weighted(self.rng, items, weights)

    def _home_pool(self, theme_name: str) -> tuple[list[str], list[float]]:
        ids, weights = [self.hq], [1.5]
        for rc_id in self.regional_ids:
            if theme_name in self.org_themes[rc_id]:
                ids.append(rc_id)
                weights.append(4.0)
                for tc_id in self.teaching_of[rc_id]:
                    if theme_name in self.org_themes[tc_id]:
                        ids.append(tc_id)
                        weights.append(0.5)
        for org_id in self.home_partner_ids:
            if theme_name in self.org_themes[org_id]:
                ids.append(org_id)
                weights.append(2.5)
        return ids, weights

    def _foreign_pool(self, theme_name: str, countries: list[str]) -> tuple[list[str], list[float]]:
        ids, weights = [], []
        for org_id in self.foreign_ids:
            org = self.org_by_id[org_id]
            if org["country"] in countries and theme_name in self.org_themes[org_id]:
                ids.append(org_id)
                weights.append(1.0 if self.org_themes[org_id][0] != theme_name else 2.0)
        return ids, weights

    def _choose_programme(self, theme_name: str, focus: str) -> str:
        priority = self.countries[focus][2]
        names, weights = [], []
        candidates = list(THEMES[theme_name].programmes)
        if focus in PHC_BY_COUNTRY:
            candidates.append((PHC_BY_COUNTRY[focus], 2))
        if focus in ("MA", "TN", "DZ"):
            candidates.append(("PHC Maghreb", 1))
        if focus == "BR" and theme_name in BRAFITEC_THEMES:
            candidates += [("Brafitec", 5), ("Sciences sans frontières", 2)]
        if priority == "europe":
            candidates += [
                ("Horizon 2020", 2),
                ("Horizon Europe", 2),
                ("Erasmus+ Strategic partnerships", 2),
                ("Erasmus+ Cooperation partnerships", 2),
            ]
        for name, weight in candidates:
            if self._in_scope(name, focus):
                names.append(name)
                weights.append(weight)
        return _weighted(self.rng, names, weights)

    def _in_scope(self, programme_name: str, country: str) -> bool:
        """Whether a programme takes partners from a country."""
        scope = PROGRAMMES[programme_name].scope
        priority = self.countries[country][2]
        if scope == "any":
            return True
        if scope == "abroad":
            return priority not in ("europe", "home")
        if scope in ("francophone", "europe"):
            return priority == scope
        return country in scope.split()

    def _size(self, programme_name: str) -> int:
        low, high = PROGRAMMES[programme_name].size
        sizes = list(range(low, high + 1))
        return _weighted(self.rng, sizes, [(k - low + 1) ** -1.3 for k in sizes])

    def _add_thematic_project(self) -> None:
        rng = self.rng
        theme_names = list(THEMES)
        theme_name = _weighted(rng, theme_names, [THEMES[t].weight for t in theme_names])
        theme = THEMES[theme_name]
        focus = _weighted(rng, [c for c, _w in theme.countries], [w for _c, w in theme.countries])
        programme_name = self._choose_programme(theme_name, focus)
        size = self._size(programme_name)
        project_id = self._new_project(theme_name, focus, programme_name)
        bilateral = programme_name.startswith("PHC") and programme_name != "PHC Maghreb"
        chosen: list[str] = []

        home_ids, home_weights = self._home_pool(theme_name)
        lead = self._pick(home_ids, home_weights, chosen) or self.hq
        chosen.append(lead)
        if lead in self.parent_of and self.org_by_id[lead]["centre_level"] == "teaching" and size >= 3:
            if rng.random() < 0.7:
                chosen.append(self.parent_of[lead])
        if not bilateral and focus in self.partner_centre_of and rng.random() < 0.35:
            pc = self._pick(self.partner_centre_of[focus], [1.0] * len(self.partner_centre_of[focus]), chosen)
            if pc:
                chosen.append(pc)
        if not bilateral and size >= 3 and rng.random() < theme.company_share:
            weights = [
                (3.0 if self.org_by_id[c]["country"] == focus else 1.0) if theme_name in self.org_themes[c] else 0.0
                for c in self.company_ids
            ]
            company = self._pick(self.company_ids, weights, chosen)
            if company:
                chosen.append(company)
        if size >= 5 and rng.random() < 0.5:
            extra = self._pick(home_ids, home_weights, chosen)
            if extra:
                chosen.append(extra)

        others = [c for c, _w in theme.countries if c != focus and self._in_scope(programme_name, c)]
        if programme_name == "PHC Maghreb":
            others = [c for c in ("MA", "TN", "DZ") if c != focus]
        focus_pool = self._foreign_pool(theme_name, [focus])
        other_pool = self._foreign_pool(theme_name, others)
        while len(chosen) < size:
            use_focus = rng.random() < (0.5 if programme_name == "PHC Maghreb" else 0.75) or bilateral
            pool = focus_pool if use_focus else other_pool
            org_id = self._pick(*pool, chosen) or self._pick(*focus_pool, chosen) or self._pick(*other_pool, chosen)
            if org_id is None:
                break
            chosen.append(org_id)

        coordinator = chosen[0]
        if len(chosen) > 1 and rng.random() < (0.5 if bilateral or programme_name.startswith("AFD") else 0.3):
            foreign = [c for c in chosen if self.org_by_id[c]["country"] != "FR"]
            if foreign:
                coordinator = foreign[0]
        collaborative = programme_name.startswith(("Horizon", "Erasmus+"))
        for org_id in chosen:
            if org_id == coordinator:
                role = "coordinator"
            elif "company" in self.org_by_id[org_id]["roles"]:
                role = "associated" if rng.random() < 0.5 else "partner"
            else:
                role = "participant" if collaborative else "partner"
            self._join(project_id, org_id, role)
        self._fund(project_id, programme_name, chosen)

    def _add_regional_projects(self) -> None:
        rng = self.rng
        for rc_id in self.regional_ids:
            name, _city, _lat, _lon, themes, council, teaching = self.region_of[rc_id]
            interreg = INTERREG.get(name)
            twins = [c for c in ("MA", "TN", "SN", "CI", "LB", "HT", "DZ", "MG") if rng.random() < 0.3][:2]
            if not twins:
                twins = [rng.choice(("MA", "TN", "SN", "CI", "LB", "HT", "DZ"))]
            teaching_ids = self.teaching_of[rc_id]
            count = max(2, (len(teaching) + 1) // 2) + rng.randint(0, 2)
            for index in range(count):
                theme_name = rng.choice(themes)
                if interreg and (council is None or index % 2 == 0):
                    programme_name, focus = interreg
                elif council is not None:
                    programme_name, focus = "Coopération décentralisée", rng.choice(twins)
                else:
                    programme_name, focus = "AUF – Appel à projets", rng.choice(twins)
                project_id = self._new_project(theme_name, focus, programme_name)
                chosen = [rc_id]
                # Least-used teaching centres first, so that every one takes part somewhere.
                ranked = sorted(teaching_ids, key=lambda t: (self.degree[t], rng.random()))
                chosen += ranked[: rng.randint(1, min(3, len(ranked)))]
                pool = self._foreign_pool(theme_name, [focus])
                if not pool[0]:
                    pool = self._foreign_pool(theme_name, [c for c, _w in THEMES[theme_name].countries])
                for _ in range(rng.randint(1, 3)):
                    org_id = self._pick(*pool, chosen)
                    if org_id:
                        chosen.append(org_id)
                for org_id in chosen:
                    role = "coordinator" if org_id == rc_id else "participant" if org_id in teaching_ids else "partner"
                    self._join(project_id, org_id, role)
                self._fund(project_id, programme_name, chosen, council=council)

    def _fund(self, project_id: str, programme_name: str, members: list[str], council: str | None = None) -> None:
        rng = self.rng
        project = self.projects[-1]
        assert project["id"] == project_id
        budget = project["budget"]
        year = project["start"].year
        funded = rng.uniform(0.6, 1.0)
        shares = list(PROGRAMMES[programme_name].funders)
        if programme_name == "Coopération décentralisée" and council is not None:
            shares = [(council, 0.8)]
        if programme_name.startswith("AFD") and rng.random() < 0.15:
            shares.append(("eu", 0.3))
        if programme_name.startswith("Interreg") and council:
            shares.append((council, 0.25))
        # A regional council sometimes tops up a project one of its regional centres takes part in.
        if rng.random() < 0.12:
            for org_id in members:
                region = self.region_of.get(org_id)
                if region is not None and region.council:
                    shares.append((region.council, 0.1))
                    break
        seen: list[str] = []
        for funder, share in shares:
            if funder in seen:
                continue
            seen.append(funder)
            self.fundings.append(
                {
                    "funder": funder,
                    "project": project_id,
                    "amount": float(round(budget * funded * share, -2)),
                    "year": year,
                }
            )

    def _cover_everyone(self) -> None:
        """Add every organization (funders aside) that has no project to a project of its theme."""
        by_theme: dict[str, list[str]] = {}
        for project in self.projects:
            theme_name, _focus = self.project_meta[project["id"]]
            by_theme.setdefault(theme_name, []).append(project["id"])
        for org in self.organizations:
            org_id = org["id"]
            if self.degree[org_id] or "funder" in org["roles"]:
                continue
            themes = self.org_themes[org_id]
            candidates = [p for t in themes for p in by_theme.get(t, []) if len(self.project_members[p]) < 12]
            preferred = [p for p in candidates if self.project_meta[p][1] == org["country"]]
            if org["centre_level"] == "teaching":
                parent = self.parent_of[org_id]
                preferred = [
                    p
                    for p, members in self.project_members.items()
                    if len(members) < 12 and any(m[0] == parent for m in members)
                ]
            choice = preferred or candidates
            if choice:
                role = "associated" if "company" in org["roles"] else "partner"
                self._join(self.rng.choice(choice), org_id, role)

    def _add_contributions(self) -> list[dict]:
        rng = self.rng
        rows = []
        for project in self.projects:
            members = self.project_members[project["id"]]
            weights = []
            for _org_id, role in members:
                if role == "coordinator":
                    weights.append(rng.uniform(2.0, 3.5))
                elif role == "associated":
                    weights.append(0.0)
                else:
                    weights.append(rng.uniform(0.5, 1.5))
            total = project["budget"] * rng.uniform(0.85, 1.0)
            norm = sum(weights)
            for (org_id, role), weight in zip(members, weights, strict=True):
                contribution = float(round(total * weight / norm, -2)) if weight else None
                rows.append(
                    {"organization": org_id, "project": project["id"], "role": role, "contribution": contribution}
                )
        return rows

    def _add_project_evidence(self) -> None:
        """Some participants declare the expertise of their projects, with the project as evidence."""
        rng = self.rng
        terms_of: dict[str, list[str]] = {}
        for row in self.project_expertise:
            terms_of.setdefault(row["project"], []).append(row["expertise"])
        for project in self.projects:
            acronym = project["title"].split(" – ")[0]
            for org_id, _role in self.project_members[project["id"]]:
                if "funder" in self.org_by_id[org_id]["roles"] or rng.random() > 0.25:
                    continue
                term = rng.choice(terms_of[project["id"]])
                if (org_id, term) not in self.org_expertise:
                    evidence = f"Project {acronym} ({project['programme']}, {project['start'].year})"
                    self._declare(org_id, term, rng.randint(1, 3), evidence)

    # -- agreements ------------------------------------------------------------

    def _new_agreement(self, kind: str, signed: date, parties: list[str], years: int | None) -> None:
        agreement_id = f"A{len(self.agreements) + 1:04d}"
        expires = None
        if years:
            expires = date(signed.year + years, signed.month, signed.day)
        self.agreements.append({"id": agreement_id, "kind": kind, "signed": signed, "expires": expires})
        for org_id in dict.fromkeys(parties):
            self.agreement_parties.append({"agreement": agreement_id, "organization": org_id})

    def _signed(self, first: int, last: int) -> date:
        rng = self.rng
        return date(rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28))

    def _duration(self) -> int | None:
        return self.rng.choice((3, 4, 5, 5, None))

    def _add_agreements(self) -> None:
        rng = self.rng
        # Founding conventions of the partner centres, and framework agreements with the main funders.
        for slug, _name, _country, _city, _themes, parent in PARTNER_CENTRES:
            parties = [self.hq, f"pc-{slug}"] + ([f"pc-{parent}"] if parent else [])
            self._new_agreement("convention", self._signed(2005, 2016), parties, self._duration())
        for funder in ("afd", "auf", "campus-france", "aimf"):
            self._new_agreement("framework agreement", self._signed(2012, 2022), [self.hq, funder], 5)
        # Regional centres and their regional council.
        for rc_id in self.regional_ids:
            council = self.region_of[rc_id][5]
            if council and rng.random() < 0.7:
                self._new_agreement("convention", self._signed(2013, 2024), [rc_id, council], self._duration())
        # Agreements that grew out of projects: a French member and one or two partners abroad.
        project_ids = [p["id"] for p in self.projects]
        starts = {p["id"]: p["start"] for p in self.projects}
        for project_id in rng.sample(project_ids, k=min(170, len(project_ids))):
            members = [m[0] for m in self.project_members[project_id]]
            home = [
                m
                for m in members
                if self.org_by_id[m]["country"] == "FR" and "funder" not in self.org_by_id[m]["roles"]
            ]
            abroad = [m for m in members if self.org_by_id[m]["country"] != "FR"]
            if not home or not abroad:
                continue
            parties = [home[0], *rng.sample(abroad, k=min(len(abroad), rng.choice((1, 1, 1, 2))))]
            academic = all(self.org_by_id[p]["kind"] in ("university", "school", "training centre") for p in parties)
            programme = next(p["programme"] for p in self.projects if p["id"] == project_id)
            if programme.startswith("Erasmus+ KA"):
                kind = "Erasmus+ inter-institutional agreement"
            elif academic and rng.random() < 0.3:
                kind = "joint degree"
            else:
                kind = rng.choice(("MoU", "MoU", "convention"))
            start = starts[project_id]
            signed_year = min(2025, max(2010, start.year + rng.choice((-1, 0, 0, 1))))
            self._new_agreement(kind, self._signed(signed_year, signed_year), parties, self._duration())
        # Partnership conventions with companies.
        for company in self.company_ids:
            if rng.random() < 0.55:
                themes = self.org_themes[company]
                country = self.org_by_id[company]["country"]
                if country != "FR" and country in self.partner_centre_of:
                    partner = self.partner_centre_of[country][0]
                else:
                    candidates = [rc for rc in self.regional_ids if set(themes) & set(self.org_themes[rc])]
                    partner = rng.choice(candidates) if candidates else self.hq
                self._new_agreement("convention", self._signed(2012, 2025), [partner, company], self._duration())

    # -- assembly --------------------------------------------------------------

    def build(self) -> dict[str, list[dict]]:
        self._add_organizations()
        self._add_declared_expertise()
        for _ in range(THEMATIC_PROJECTS):
            self._add_thematic_project()
        self._add_regional_projects()
        self._cover_everyone()
        participations = self._add_contributions()
        self._add_project_evidence()
        self._add_agreements()
        return {
            "countries": [
                {"code": code, "name": name, "name_fr": name_fr, "priority": priority}
                for code, name, name_fr, priority, _in_fr in COUNTRIES
            ],
            "organizations": self.organizations,
            "memberships": self.memberships,
            "expertise": [
                {"id": id_, "name": name, "name_fr": name_fr, "broader": broader}
                for id_, name, name_fr, broader in EXPERTISE
            ],
            "organization_expertise": list(self.org_expertise.values()),
            "projects": self.projects,
            "project_expertise": self.project_expertise,
            "participations": participations,
            "fundings": self.fundings,
            "agreements": self.agreements,
            "agreement_parties": self.agreement_parties,
        }


def _de(city: str) -> str:
    """French "de <city>" with elision and contraction.

    >>> _de("Évreux"), _de("Le Havre"), _de("Les Abymes"), _de("Brest")
    ("d'Évreux", 'du Havre', 'des Abymes', 'de Brest')
    """
    if city.startswith("Le "):
        return f"du {city[3:]}"
    if city.startswith("Les "):
        return f"des {city[4:]}"
    if city[0] in "AEIOUYÉÈÊÂÎÔ":
        return f"d'{city}"
    return f"de {city}"


def demo_network(seed: int = 2026) -> dict[str, list[dict]]:
    """An illustrative Cnam-like partnership network, as tables of :mod:`loaders.schema`.

    The same ``seed`` gives the same network, row for row. Places and
    institutions are real names used for realism; every relation, project,
    agreement and amount is invented (see :data:`DEMO_NOTICE`). No
    organization has a website.
    """
    network = with_all_columns(_Builder(seed).build())
    assert list(network) == list(TABLES)
    return network
