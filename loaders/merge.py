"""Several sources, one graph: what a load keeps of what earlier sources gave.

Loading is an upsert keyed by id. When an organization (or a country) is
already in the graph, a row from another source does not simply overwrite it:
:func:`merge_with_graph` fills the properties the graph lacks and keeps those an
earlier source gave, property by property:

- an empty value in the new row never erases a value in the graph;
- a value the graph already has from *another* source is kept (the first source
  to give a property wins: load the most authoritative source first);
- a value the graph has from the *same* source is replaced (a corrected file
  takes effect when loaded again);
- a placeholder name (``"Organisation PIC 999997930"``, the CORDIS H2020 set
  has no names) counts as no name.

Each organization records the sources that described it (``sources``, a list)
and which source gave each property (``provenance``, a list of
``"property=source"`` texts); ``source`` stays the last source written. The
:class:`MergeReport` says how many organizations were created, enriched (a
property filled or updated) and left alone, and which properties were filled.

The rows returned have the schema's columns plus ``sources`` and
``provenance`` for organizations; :func:`loaders.load.prepare_rows` passes them
to the write queries.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from graph.store import Store
from loaders.schema import TABLES, Network

__all__ = ["MERGED_TABLES", "MergeReport", "is_placeholder", "merge_rows", "merge_with_graph"]

#: Tables whose rows are merged with what the graph holds (the others are plain upserts).
MERGED_TABLES = ("organizations", "countries")

_PLACEHOLDER = re.compile(r"Organisation PIC \d+")


def is_placeholder(column: str, value: object) -> bool:
    """Whether ``value`` stands for no value (the CORDIS H2020 set names organizations by PIC only).

    >>> is_placeholder("name", "Organisation PIC 999997930"), is_placeholder("name", "CNRS")
    (True, False)
    """
    return column == "name" and isinstance(value, str) and _PLACEHOLDER.fullmatch(value) is not None


def _empty(column: str, value: object) -> bool:
    return value is None or value == "" or value == [] or is_placeholder(column, value)


@dataclass
class MergeReport:
    """What a merge did to the rows of one table that the graph already held."""

    table: str
    created: int = 0
    enriched: int = 0
    left_alone: int = 0
    filled: Counter = field(default_factory=Counter)  # property -> organizations where it was filled or updated

    def text(self) -> str:
        """One line for the load summary.

        >>> MergeReport("organizations", 2, 1, 3, Counter({"city": 1})).text()
        'organizations: 2 created, 1 enriched (city 1), 3 left alone'
        """
        filled = ", ".join(f"{name} {n:,}" for name, n in self.filled.most_common())
        enriched = f"{self.enriched:,} enriched" + (f" ({filled})" if filled else "")
        return f"{self.table}: {self.created:,} created, {enriched}, {self.left_alone:,} left alone"


def _provenance(existing: dict, columns: list[str]) -> dict[str, str | None]:
    """Property -> the source that gave it; a node written before provenance was kept: its ``source``."""
    given: dict[str, str | None] = {}
    for item in existing.get("provenance") or ():
        name, _, source = str(item).partition("=")
        given[name] = source
    for column in columns:
        if column not in given and not _empty(column, existing.get(column)):
            given[column] = existing.get("source")
    return given


def merge_rows(table: str, rows: list[dict], existing: dict, source: str) -> tuple[list[dict], MergeReport]:
    """``rows`` merged with ``existing`` (key -> the properties in the graph), and what was done.

    >>> graph = {"1": {"key": "1", "name": "Organisation PIC 1", "city": "Paris", "source": "h2020"}}
    >>> row = {"id": "1", "name": "CNRS", "city": None, "country": "FR"}
    >>> [merged], report = merge_rows("organizations", [row], graph, "he")
    >>> merged["name"], merged["city"], merged["country"], merged["sources"]
    ('CNRS', 'Paris', 'FR', ['h2020', 'he'])
    >>> report.text()
    'organizations: 0 created, 1 enriched (name 1, country 1), 0 left alone'
    """
    spec = TABLES[table]
    key = spec.key[0]
    columns = [c.name for c in spec.columns if c.name != key]
    report = MergeReport(table)
    merged_rows = []
    for row in rows:
        old = existing.get(row.get(key))
        if old is None:
            report.created += 1
            merged = dict(row)
            if table == "organizations":
                merged["sources"] = [source]
                merged["provenance"] = [f"{c}={source}" for c in sorted(columns) if not _empty(c, row.get(c))]
            merged_rows.append(merged)
            continue
        given = _provenance(old, columns)
        merged = dict(row)
        changed = []
        for column in columns:
            new, current = row.get(column), old.get(column)
            if _empty(column, new) or not (_empty(column, current) or given.get(column) == source):
                merged[column] = current  # keep what the graph has
                continue
            given[column] = source
            if new != current:
                changed.append(column)
        if changed:
            report.enriched += 1
            report.filled.update(changed)
        else:
            report.left_alone += 1
        if table == "organizations":
            merged["sources"] = list(dict.fromkeys([*(old.get("sources") or [old.get("source")] or []), source]))
            merged["sources"] = [s for s in merged["sources"] if s]
            merged["provenance"] = [f"{c}={s}" for c, s in sorted(given.items()) if s and c in columns]
        merged_rows.append(merged)
    return merged_rows, report


def merge_with_graph(store: Store, network: Network, source: str) -> tuple[Network, list[MergeReport]]:
    """``network`` with its organizations and countries merged with what ``store`` holds (see the module)."""
    reports = []
    merged = dict(network)
    for table in MERGED_TABLES:
        rows = network.get(table) or []
        if not rows:
            continue
        existing = {row["key"]: row for row in store.read(f"properties_{table}")}
        merged[table], report = merge_rows(table, rows, existing, source)
        if report.enriched or report.left_alone:  # a first load has nothing to report
            reports.append(report)
    return merged, reports
