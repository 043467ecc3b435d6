"""Per-year series of a set of organizations (a hub's members, or one organization), for the charts.

For a set of organizations, its *projects* are those a member takes part in
or funds. Per calendar year:

- **started**: its projects starting that year (a project with no start year
  counts from its end year; one with neither is counted in ``undated``);
- **running**: its projects running that year (from the start year to the end
  year, both included; no end year: the start year only);
- **funding**: the amounts of the fundings of its projects (``FUNDS.amount``:
  each project's whole funding, once however many members take part), in the
  funding's year (``FUNDS.year``, else the project's start year), split between
  the European Union (:func:`is_eu_funder`) and the other funders;

and its **partners by country**: the organizations that take part in one of
its projects, the members left out, counted once each per country. A project
with more than :data:`graph.analytics.snapshot.WIDE_ACTIVITY` participants
makes no partners (as it makes no ties: see the README).

:class:`Timeline` holds the arrays of one graph version (built once, from the
snapshot and the fundings' amounts); :meth:`Timeline.series` answers for any
set of organizations with a few vectorised passes over those arrays, so that
a hub of thousands of members, or the funder of every project, costs
milliseconds.

>>> from graph.analytics.snapshot import snapshot_from_network
>>> s = snapshot_from_network({
...     "organizations": [{"id": "a", "name": "A", "country": "FR"}, {"id": "b", "name": "B", "country": "MA"},
...                       {"id": "eu", "name": "European Union", "roles": ["funder"]}],
...     "projects": [{"id": "p", "title": "P", "start": "2019", "end": "2021"}],
...     "participations": [{"organization": "a", "project": "p"}, {"organization": "b", "project": "p"}]})
>>> t = Timeline(s, [{"funder": "eu", "project": "p", "amount": 1000.0, "year": 2019}])
>>> got = t.series(["a"])
>>> got.years, got.started, got.running, got.eu, got.other, got.countries
([2019, 2020, 2021], [1, 0, 0], [1, 1, 1], [1000.0, 0.0, 0.0], [0.0, 0.0, 0.0], [('MA', 1)])
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from graph.analytics.snapshot import WIDE_ACTIVITY, Snapshot, is_wide
from graph.text import fold

__all__ = ["EU_FUNDER_IDS", "EU_FUNDER_NAMES", "FIRST_YEAR", "LAST_YEAR", "Series", "Timeline", "is_eu_funder"]

#: Funder ids of the European Union: the demo network's ``eu``, the CORDIS importers' ``EC`` (compared folded).
EU_FUNDER_IDS = frozenset({"eu", "ec"})
#: Funder names (folded) that say the European Union: any other funder whose name holds one of them.
EU_FUNDER_NAMES = ("european commission", "european union", "commission europeenne", "union europeenne")
#: Years outside these are left out of the series (a typing mistake in the data must not make a 10,000-year axis).
FIRST_YEAR, LAST_YEAR = 1900, 2200

_NO_YEAR = -1


def is_eu_funder(organization: Mapping[str, Any]) -> bool:
    """Whether a funder is the European Union (its id, else its name; see :data:`EU_FUNDER_IDS`).

    >>> is_eu_funder({"id": "EC", "name": "European Commission"}), is_eu_funder({"id": "afd", "name": "AFD"})
    (True, False)
    >>> is_eu_funder({"id": "x", "name": "Union européenne (Commission européenne)"})
    True
    """
    if fold(organization.get("id")) in EU_FUNDER_IDS:
        return True
    name = fold(organization.get("name"))
    return any(words in name for words in EU_FUNDER_NAMES)


@dataclass(frozen=True)
class Series:
    """The per-year series of a set of organizations (see the module docstring).

    ``years`` is every year from the first to the last with a value (empty without dated projects);
    ``started``, ``running``, ``eu`` and ``other`` hold one value per year. ``countries`` lists
    ``(country code, partners)``, most partners first ('' for partners without a country).
    """

    years: list[int]
    started: list[int]
    running: list[int]
    eu: list[float]
    other: list[float]
    countries: list[tuple[str, int]]
    projects: int
    undated: int
    partners: int
    funding_undated: float

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["countries"] = [{"country": code, "partners": count} for code, count in self.countries]
        return out

    def rows(self) -> list[dict[str, Any]]:
        """One row per year: ``year``, ``started``, ``running``, ``eu``, ``other`` (a table or a CSV file)."""
        return [
            {"year": y, "started": s, "running": r, "eu": e, "other": o}
            for y, s, r, e, o in zip(self.years, self.started, self.running, self.eu, self.other, strict=True)
        ]


def _years(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Start and end year of each project (a missing one from the other; neither: ``_NO_YEAR``), end >= start."""
    start = np.array(
        [p["start_year"] if p["start_year"] is not None else p["end_year"] for p in rows] or [], dtype=object
    )
    end = np.array([p["end_year"] if p["end_year"] is not None else p["start_year"] for p in rows] or [], dtype=object)
    start = np.where(start == None, _NO_YEAR, start).astype(np.int64)  # noqa: E711 (element-wise)
    end = np.where(end == None, _NO_YEAR, end).astype(np.int64)  # noqa: E711
    out_of_range = (start < FIRST_YEAR) | (start > LAST_YEAR) | (end < FIRST_YEAR) | (end > LAST_YEAR)
    start[out_of_range] = _NO_YEAR
    end[out_of_range] = _NO_YEAR
    return start, np.maximum(start, end)


class Timeline:
    """The arrays of one graph version from which :meth:`series` answers (see the module docstring).

    Parameters
    ----------
    snapshot : Snapshot
        The graph version.
    fundings : iterable of mappings
        Its fundings with their amounts: ``funder``, ``project``, ``amount`` and ``year`` (the
        ``timeline_fundings`` query); a row naming a project or funder the snapshot lacks is left out.
    """

    def __init__(self, snapshot: Snapshot, fundings: Iterable[Mapping[str, Any]]) -> None:
        self.snapshot = snapshot
        self.ids = list(snapshot.organizations)
        self.index = {o: i for i, o in enumerate(self.ids)}
        projects = snapshot.projects
        project_index = {p["id"]: j for j, p in enumerate(projects)}
        self.start, self.end = _years(projects)
        codes = sorted({row.get("country") or "" for row in snapshot.organizations.values()})
        self.country_codes = codes
        where = {code: k for k, code in enumerate(codes)}
        self.country = np.array([where[row.get("country") or ""] for row in snapshot.organizations.values()], np.int64)
        org, proj = [], []
        for j, p in enumerate(projects):
            for o in set(p["participants"]):
                if o in self.index:
                    org.append(self.index[o])
                    proj.append(j)
        self.part_org, self.part_project = np.array(org, np.int64), np.array(proj, np.int64)
        self.wide = np.array([is_wide(p["participants"], WIDE_ACTIVITY) for p in projects] or [], dtype=bool)
        f_org, f_proj, f_amount, f_year = [], [], [], []
        for row in fundings:
            found, f = project_index.get(row["project"]), self.index.get(row["funder"])
            if found is None or f is None:
                continue
            j = found
            f_org.append(f)
            f_proj.append(j)
            f_amount.append(float(row["amount"] or 0.0))
            year = row.get("year")
            f_year.append(int(year) if year is not None and FIRST_YEAR <= int(year) <= LAST_YEAR else self.start[j])
        self.fund_org, self.fund_project = np.array(f_org, np.int64), np.array(f_proj, np.int64)
        self.fund_amount, self.fund_year = np.array(f_amount, np.float64), np.array(f_year, np.int64)
        eu = np.array([is_eu_funder(row) for row in snapshot.organizations.values()] or [], dtype=bool)
        self.fund_eu = eu[self.fund_org] if len(self.fund_org) else np.zeros(0, dtype=bool)
        self.n_projects = len(projects)

    def members_mask(self, members: Collection[str]) -> np.ndarray:
        """Mask (by organization) of ``members`` (ids the snapshot lacks are left out)."""
        mask = np.zeros(len(self.ids), dtype=bool)
        mask[[self.index[o] for o in members if o in self.index]] = True
        return mask

    def projects_of(self, mask: np.ndarray) -> np.ndarray:
        """Mask (by project) of the projects an organization of ``mask`` takes part in or funds."""
        chosen = np.zeros(self.n_projects, dtype=bool)
        chosen[self.part_project[mask[self.part_org]]] = True
        chosen[self.fund_project[mask[self.fund_org]]] = True
        return chosen

    def series(self, members: Collection[str]) -> Series:
        """The per-year series of the organizations ``members`` (ids; see the module docstring)."""
        mask = self.members_mask(members)
        chosen = self.projects_of(mask)
        dated = chosen & (self.start != _NO_YEAR)
        start, end = self.start[dated], self.end[dated]
        funded = chosen[self.fund_project] if len(self.fund_project) else np.zeros(0, dtype=bool)
        f_dated = funded & (self.fund_year != _NO_YEAR)
        f_year, f_amount, f_eu = self.fund_year[f_dated], self.fund_amount[f_dated], self.fund_eu[f_dated]
        bounds = np.concatenate([start, end, f_year])
        started: np.ndarray
        running: np.ndarray
        eu: np.ndarray
        other: np.ndarray
        if len(bounds):
            first, last = int(bounds.min()), int(bounds.max())
            span = last - first + 1
            started = np.bincount(start - first, minlength=span)
            change = np.bincount(start - first, minlength=span + 1) - np.bincount(end - first + 1, minlength=span + 1)
            running = np.cumsum(change)[:span]
            eu = np.bincount(f_year[f_eu] - first, weights=f_amount[f_eu], minlength=span)
            other = np.bincount(f_year[~f_eu] - first, weights=f_amount[~f_eu], minlength=span)
            years = list(range(first, last + 1))
        else:
            years, started, running, eu, other = [], np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0)
        countries, partners = self._partner_countries(mask, chosen)
        return Series(
            years=years,
            started=[int(v) for v in started],
            running=[int(v) for v in running],
            eu=[float(v) for v in eu],
            other=[float(v) for v in other],
            countries=countries,
            projects=int(chosen.sum()),
            undated=int((chosen & (self.start == _NO_YEAR)).sum()),
            partners=partners,
            funding_undated=float(self.fund_amount[funded & ~f_dated].sum()),
        )

    def _partner_countries(self, mask: np.ndarray, chosen: np.ndarray) -> tuple[list[tuple[str, int]], int]:
        """Partners of the projects ``chosen`` (members of ``mask`` left out) per country, most first; their number."""
        keep = chosen & ~self.wide
        partner = np.zeros(len(self.ids), dtype=bool)
        partner[self.part_org[keep[self.part_project]]] = True
        partner &= ~mask
        counts = np.bincount(self.country[partner], minlength=len(self.country_codes))
        order = sorted((k for k in np.flatnonzero(counts)), key=lambda k: (-counts[k], self.country_codes[k]))
        return [(self.country_codes[k], int(counts[k])) for k in order], int(partner.sum())
