"""Writing a validated network into the store: atomic, idempotent, with provenance.

``load_network(store, network, source=...)`` compares every row with what the
graph holds (through a content hash stored on each node and relationship),
writes only created and updated rows in batched ``UNWIND $rows`` queries of
``queries/``, and with ``replace=True`` deletes what the input no longer has.
All of it happens inside ``store.atomic()``: on the embedded engine a staging
copy of the graph swapped in at the end, on Neo4j one transaction. A failure
at any point leaves the graph as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from graph.store import Store
from graph.text import fold
from loaders.schema import ROLES, TABLE_ORDER, TABLES

__all__ = ["BATCH_SIZE", "GRAPH_NAME", "LoadSummary", "load_network", "prepare_rows"]

BATCH_SIZE = 5000

#: What each table becomes in the graph (for the summary).
GRAPH_NAME = {
    "countries": "Country",
    "organizations": "Organization",
    "memberships": "MEMBER_OF",
    "expertise": "Expertise",
    "organization_expertise": "HAS_EXPERTISE",
    "projects": "Project",
    "project_expertise": "ADDRESSES",
    "participations": "PARTICIPATES_IN",
    "fundings": "FUNDS",
    "agreements": "Agreement",
    "agreement_parties": "PARTY_TO",
}


@dataclass
class LoadSummary:
    """What a load did, by table (and so by label or relationship type)."""

    source: str
    counts: dict[str, Counter] = field(default_factory=dict)
    dry_run: bool = False

    def add(self, table: str, what: str, n: int) -> None:
        self.counts.setdefault(table, Counter())[what] += n

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "tables": {
                t: {"graph": GRAPH_NAME[t], **{k: c.get(k, 0) for k in ("created", "updated", "unchanged", "deleted")}}
                for t, c in self.counts.items()
            },
        }

    def table(self) -> str:
        head = f"{'table':<24} {'graph':<16} {'created':>9} {'updated':>9} {'unchanged':>9} {'deleted':>9}"
        lines = [head, "-" * len(head)]
        for t, c in self.counts.items():
            lines.append(
                f"{t:<24} {GRAPH_NAME[t]:<16} {c['created']:>9} {c['updated']:>9} {c['unchanged']:>9} {c['deleted']:>9}"
            )
        return "\n".join(lines)


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def prepare_rows(table: str, rows: Iterable[dict]) -> list[dict]:
    """Rows as sent to the engine: dates as ISO text, derived search fields, and a content ``hash``."""
    spec = TABLES[table]
    names = [c.name for c in spec.columns]
    out = []
    for row in rows:
        r = {n: _plain(row.get(n)) for n in names}
        if table in ("organizations", "expertise"):
            r["name_search"] = fold(" ".join(filter(None, (r.get("name"), r.get("name_fr"), r.get("short_name")))))
        elif table == "projects":
            r["title_search"] = fold(r["title"])
            r["start_year"] = int(r["start"][:4]) if r.get("start") else None
            r["end_year"] = int(r["end"][:4]) if r.get("end") else None
        elif table == "agreements":
            r["start_year"] = int(r["signed"][:4]) if r.get("signed") else None
        r["hash"] = hashlib.blake2b(
            json.dumps(r, sort_keys=True, ensure_ascii=False, default=str).encode(), digest_size=12
        ).hexdigest()
        out.append(r)
    return out


def _key(table: str, row: dict):
    key = TABLES[table].key
    return row[key[0]] if len(key) == 1 else tuple(row[k] for k in key)


def _existing(store: Store, table: str) -> dict:
    found = {}
    for r in store.read(f"existing_{table}"):
        k = r["key"]
        found[tuple(k) if isinstance(k, list) else k] = r["hash"]
    return found


Progress = Callable[[str, int], None]


def load_network(
    store: Store,
    network: dict[str, list[dict]],
    source: str,
    *,
    replace: bool = False,
    dry_run: bool = False,
    imported_at: str | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> LoadSummary:
    """Write a validated network; see the module docstring for the guarantees.

    ``progress(table, n)`` is called after each batch of ``n`` rows written
    (an exception it raises aborts the load, which then changes nothing).
    """
    imported_at = imported_at or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    summary = LoadSummary(source=source, dry_run=dry_run)
    prepared = {t: prepare_rows(t, network.get(t, [])) for t in TABLE_ORDER}
    plan = _plan(store, prepared, replace, summary)
    if dry_run or not any(created or updated or gone for created, updated, gone in plan.values()):
        return summary  # nothing to write: no staging copy, no version change
    with store.atomic() as tx:
        summary = LoadSummary(source=source)  # planned again inside the block, where no one else writes
        plan = _plan(tx, prepared, replace, summary)
        # relationships of removed rows first, then nodes (in reverse order of dependence)
        for table in reversed(TABLE_ORDER):
            gone = plan[table][2]
            for i in range(0, len(gone), batch_size):
                tx.write(f"delete_{table}", keys=gone[i : i + batch_size])
        for table in TABLE_ORDER:
            created, updated, _ = plan[table]
            for name, rows in _writes(table, created, updated):
                for i in range(0, len(rows), batch_size):
                    batch = rows[i : i + batch_size]
                    tx.write(name, rows=batch, source=source, imported_at=imported_at)
                    if progress:
                        progress(table, len(batch))
            todo = created + updated
            if table == "expertise":
                for i in range(0, len(todo), batch_size):
                    batch = todo[i : i + batch_size]
                    tx.write("link_expertise_broader", rows=batch, source=source, imported_at=imported_at)
    return summary


def _plan(store: Store, prepared: dict[str, list[dict]], replace: bool, summary: LoadSummary) -> dict:
    """Sort each table's rows into created, updated and unchanged; with ``replace``, list what is gone."""
    plan = {}
    for table in TABLE_ORDER:
        existing = _existing(store, table)
        created, updated, seen = [], [], set()
        for row in prepared[table]:
            k = _key(table, row)
            seen.add(k)
            if k not in existing:
                created.append(row)
            elif existing[k] != row["hash"]:
                updated.append(row)
        gone = [list(k) if isinstance(k, tuple) else k for k in existing if k not in seen] if replace else []
        summary.add(table, "created", len(created))
        summary.add(table, "updated", len(updated))
        summary.add(table, "unchanged", len(prepared[table]) - len(created) - len(updated))
        summary.add(table, "deleted", len(gone))
        plan[table] = (created, updated, gone)
    return plan


def _writes(table: str, created: list[dict], updated: list[dict]) -> list[tuple[str, list[dict]]]:
    """The write queries of a table, each with its rows.

    New organizations are created with the label of their first role, since
    setting a label on an existing node is slow on FalkorDB; organizations with
    further roles, and updated ones, go through ``upsert_organizations``.
    """
    if table != "organizations":
        return [(f"upsert_{table}", created + updated)]
    by_role: dict[str, list[dict]] = {role: [] for role in ROLES}
    for row in created:
        by_role[next(r for r in ROLES if r in row["roles"])].append(row)
    more = [row for row in created if len(set(row["roles"])) > 1]
    return [(f"create_organizations_{role}", rows) for role, rows in by_role.items()] + [
        ("upsert_organizations", more + updated)
    ]
