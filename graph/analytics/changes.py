"""What changed between two periods: the ties and organizations that appeared, grew or faded.

An *activity* (a project, or an agreement) belongs to the period holding its
year: a project's start year (else its end year), an agreement's signing
year; an undated activity belongs to none. In each period:

- a **tie**'s weight is the number of its two organizations' joint
  activities of that period (an activity of more than
  :data:`graph.analytics.snapshot.WIDE_ACTIVITY` participants ties nobody, as
  in the cooperation graph);
- an **organization**'s weight is the number of its activities of that period.

Between period A (before) and period B (after), a tie or an organization

- **appeared**: weight 0 in A, at least 1 in B;
- **faded**: at least 1 in A, 0 in B;
- **grew**: at least 1 in A, and in B a yearly rate at least :data:`GROWTH`
  times A's (so periods of different lengths compare fairly) and at least
  :data:`MIN_GAIN` more activities;

listed by size of change (the weight in B, in A, the gain), with the full counts.

:class:`ChangeIndex` holds the arrays of one graph version: every pair of
participants of every activity, sorted by pair once, so that a request only
masks them by period and counts runs (H2020's figures are in the README).

>>> from graph.analytics.snapshot import snapshot_from_network
>>> s = snapshot_from_network({
...     "organizations": [{"id": o, "name": o.upper()} for o in "abc"],
...     "projects": [{"id": "p1", "title": "", "start": "2015"}, {"id": "p2", "title": "", "start": "2019"}],
...     "participations": [{"organization": o, "project": p} for o, p in
...                        [("a", "p1"), ("b", "p1"), ("a", "p2"), ("c", "p2")]]})
>>> found = ChangeIndex(s).changes((2014, 2016), (2018, 2020))
>>> [(t["ids"], t["before"], t["after"]) for t in found["ties"]["appeared"]["items"]]
[(['a', 'c'], 0, 1)]
>>> [(t["ids"], t["before"], t["after"]) for t in found["ties"]["faded"]["items"]]
[(['a', 'b'], 1, 0)]
>>> [o["id"] for o in found["organizations"]["appeared"]["items"]]
['c']
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np

from graph.analytics.snapshot import WIDE_ACTIVITY, Snapshot, is_wide

__all__ = ["GROWTH", "LIMIT", "MIN_GAIN", "ChangeIndex", "default_periods"]

#: A tie or organization grew when its yearly rate of activities in B is at least this times A's ...
GROWTH = 2.0
#: ... and it has at least this many more activities in B than in A.
MIN_GAIN = 2
#: Most ties, and organizations, listed per kind of change (the counts are of all).
LIMIT = 50

_NO_YEAR = -1
Period = tuple[int, int]


def default_periods(first: int, last: int) -> tuple[Period, Period]:
    """The two halves of the years ``first`` to ``last`` (the later one larger by a year when their number is odd).

    >>> default_periods(2014, 2020), default_periods(2012, 2025), default_periods(2020, 2020)
    (((2014, 2016), (2017, 2020)), ((2012, 2018), (2019, 2025)), ((2020, 2020), (2020, 2020)))
    """
    if last <= first:
        return (first, first), (first, first)
    half = (last - first + 1) // 2
    return (first, first + half - 1), (first + half, last)


def _pairs(groups: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair (lower, higher organization index) of each group, with the group's position; grouped by size
    so that numpy makes the pairs of all groups of one size at once."""
    by_size: dict[int, list[int]] = {}
    for g, members in enumerate(groups):
        if len(members) > 1:
            by_size.setdefault(len(members), []).append(g)
    lo, hi, of = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for size, chosen in by_size.items():
        block = np.sort(np.stack([groups[g] for g in chosen]), axis=1)  # groups × size
        i, j = np.triu_indices(size, 1)
        lo.append(block[:, i].ravel())
        hi.append(block[:, j].ravel())
        of.append(np.repeat(np.array(chosen, np.int64), len(i)))
    return np.concatenate(lo), np.concatenate(hi), np.concatenate(of)


class ChangeIndex:
    """Every pair of participants of every activity of one graph version, sorted once (see the module docstring)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.ids = list(snapshot.organizations)
        index = {o: i for i, o in enumerate(self.ids)}
        activities = [(p, p["participants"], p["start_year"] or p["end_year"]) for p in snapshot.projects]
        activities += [(a, a["parties"], a["start_year"]) for a in snapshot.agreements]
        self.is_project = np.array([k < len(snapshot.projects) for k in range(len(activities))], dtype=bool)
        self.year = np.array([y if y is not None else _NO_YEAR for _a, _m, y in activities], np.int64)
        groups = [
            np.array(sorted({index[o] for o in members if o in index}), np.int64) for _a, members, _y in activities
        ]
        self.member_org = np.concatenate([g for g in groups] or [np.zeros(0, np.int64)])
        self.member_activity = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
        tying = [
            g if not is_wide(members, WIDE_ACTIVITY) else g[:0]
            for g, (_a, members, _y) in zip(groups, activities, strict=True)
        ]
        lo, hi, of = _pairs(tying)
        key = lo * max(len(self.ids), 1) + hi
        #: Each tie (a pair of organizations, as ``lower * n + higher``) once, sorted; each pair's tie and activity.
        order = np.argsort(key)
        first = np.concatenate([[True], key[order][1:] != key[order][:-1]]) if len(key) else np.zeros(0, dtype=bool)
        self.ties = key[order][first]
        self.tie_of = np.empty(len(key), np.int64)
        self.tie_of[order] = np.cumsum(first) - 1
        self.activity = of
        self.activities = [a for a, _m, _y in activities]

    def years(self) -> tuple[int, int] | None:
        """The first and last year of a dated activity (None: none is dated)."""
        dated = self.year[self.year != _NO_YEAR]
        return (int(dated.min()), int(dated.max())) if len(dated) else None

    def changes(
        self,
        before: Period,
        after: Period,
        organizations: np.ndarray | None = None,
        activities: np.ndarray | None = None,
        limit: int = LIMIT,
    ) -> dict[str, Any]:
        """The ties and organizations that appeared, grew or faded from ``before`` to ``after`` (years, inclusive).

        ``organizations``: mask (by organization, in snapshot order) of those kept (a tie needs both ends kept);
        ``activities``: mask (by activity: projects then agreements) of those counted. ``None``: all.
        """
        keep = np.ones(len(self.year), dtype=bool) if activities is None else activities
        orgs = np.ones(len(self.ids), dtype=bool) if organizations is None else organizations
        n = max(len(self.ids), 1)
        in_a = keep & (self.year >= before[0]) & (self.year <= before[1])
        in_b = keep & (self.year >= after[0]) & (self.year <= after[1])
        kept = orgs[self.ties // n] & orgs[self.ties % n]
        tie_a = np.bincount(self.tie_of[in_a[self.activity]], minlength=len(self.ties)) * kept
        tie_b = np.bincount(self.tie_of[in_b[self.activity]], minlength=len(self.ties)) * kept
        ties = (self.ties, tie_a, tie_b)
        member_kept = orgs[self.member_org]
        weight_a = np.bincount(self.member_org[member_kept & in_a[self.member_activity]], minlength=len(self.ids))
        weight_b = np.bincount(self.member_org[member_kept & in_b[self.member_activity]], minlength=len(self.ids))
        people = (np.arange(len(self.ids)), weight_a, weight_b)
        lengths = (before[1] - before[0] + 1, after[1] - after[0] + 1)
        return {
            "before": {
                "from": before[0],
                "to": before[1],
                "ties": int((ties[1] > 0).sum()),
                "activities": int(in_a.sum()),
            },
            "after": {
                "from": after[0],
                "to": after[1],
                "ties": int((ties[2] > 0).sum()),
                "activities": int(in_b.sum()),
            },
            "ties": self._listed(ties, lengths, limit, self._tie),
            "organizations": self._listed(people, lengths, limit, self._organization),
        }

    def _listed(
        self, compared: tuple[np.ndarray, np.ndarray, np.ndarray], lengths: tuple[int, int], limit: int, describe: Any
    ) -> dict[str, Any]:
        """Appeared, grew, faded: how many, and the first ``limit`` by size of change (then by key)."""
        keys, a, b = compared
        grew = (a > 0) & (b * lengths[0] >= GROWTH * a * lengths[1]) & (b - a >= MIN_GAIN)
        kinds = {  # (which, sort keys: the last one first)
            "appeared": (np.flatnonzero((a == 0) & (b > 0)), lambda k: (keys[k], -b[k])),
            "grew": (np.flatnonzero(grew), lambda k: (keys[k], -b[k], -(b[k] - a[k]))),
            "faded": (np.flatnonzero((a > 0) & (b == 0)), lambda k: (keys[k], -a[k])),
        }
        out = {}
        for kind, (found, order) in kinds.items():
            top = found[np.lexsort(order(found))][:limit]
            out[kind] = {"count": int(len(found)), "items": [describe(int(keys[k]), int(a[k]), int(b[k])) for k in top]}
        return out

    def _tie(self, key: int, before: int, after: int) -> dict[str, Any]:
        n = max(len(self.ids), 1)
        ids = [self.ids[key // n], self.ids[key % n]]
        return {"ids": ids, "before": before, "after": after, "change": after - before}

    def _organization(self, key: int, before: int, after: int) -> dict[str, Any]:
        return {"id": self.ids[key], "before": before, "after": after, "change": after - before}

    def organization_mask(
        self, roles: Collection[str] = (), countries: Collection[str] = (), priority: str | None = None
    ) -> np.ndarray | None:
        """Mask of the organizations with one of ``roles``, in one of ``countries``, in a country of ``priority``."""
        if not (roles or countries or priority):
            return None
        rows = self.snapshot.organizations.values()
        keep = np.ones(len(self.ids), dtype=bool)
        if roles:
            keep &= np.array([bool(set(row.get("roles") or ()) & set(roles)) for row in rows], dtype=bool)
        if countries:
            keep &= np.array([row.get("country") in countries for row in rows], dtype=bool)
        if priority:
            groups = {c for c, row in self.snapshot.countries.items() if row.get("priority") == priority}
            keep &= np.array([row.get("country") in groups for row in rows], dtype=bool)
        return keep

    def activity_mask(self, funder: str | None = None, expertise: Collection[str] = ()) -> np.ndarray | None:
        """Mask of the projects funded by ``funder`` and addressing one of ``expertise`` (agreements: neither)."""
        if not (funder or expertise):
            return None
        keep = self.is_project.copy()
        terms = set(expertise)
        for k, activity in enumerate(self.activities[: int(self.is_project.sum())]):
            if funder and funder not in (activity["funders"] or ()):
                keep[k] = False
            elif terms and not terms.intersection(activity["expertise"] or ()):
                keep[k] = False
        return keep
