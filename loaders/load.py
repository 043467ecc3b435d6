"""Writing a validated network into the store: atomic, idempotent, with provenance.

``load_network(store, network, source=...)`` compares every row with what the
graph holds (through a content hash stored on each node and relationship),
writes only created and updated rows in batched ``UNWIND $rows`` queries of
``queries/``, and with ``replace=True`` deletes what the input no longer has.
All of it happens inside ``store.atomic()``: on the embedded engine a staging
copy of the graph swapped in at the end, on Neo4j one transaction. A failure
at any point leaves the graph as it was.

A store may cap the rows of one transaction (``store.max_transaction_rows``:
Neo4j's transaction state lives in the server's heap). A larger load is then
written in several transactions, each atomic, nodes and relationships before
any delete: a failure keeps what landed and loses nothing the graph had, and
running the same load again completes it.
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
from loaders.merge import merge_with_graph
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
    notes: list[str] = field(default_factory=list)  # what merging with the graph did (loaders.merge)

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
            **({"notes": self.notes} if self.notes else {}),
        }

    def table(self) -> str:
        head = f"{'table':<24} {'graph':<16} {'created':>9} {'updated':>9} {'unchanged':>9} {'deleted':>9}"
        lines = [head, "-" * len(head)]
        for t, c in self.counts.items():
            lines.append(
                f"{t:<24} {GRAPH_NAME[t]:<16} {c['created']:>9} {c['updated']:>9} {c['unchanged']:>9} {c['deleted']:>9}"
            )
        return "\n".join(lines + self.notes)


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
        if table == "organizations":  # set by loaders.merge
            r["sources"], r["provenance"] = row.get("sources"), row.get("provenance")
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
    network, merges = merge_with_graph(store, network, source)  # what earlier sources gave is kept
    summary = LoadSummary(source=source, dry_run=dry_run, notes=[m.text() for m in merges])
    prepared = {t: prepare_rows(t, network.get(t, [])) for t in TABLE_ORDER}
    plan = _plan(store, prepared, replace, summary)
    if dry_run or not any(created or updated or gone for created, updated, gone in plan.values()):
        return summary  # nothing to write: no staging copy, no version change
    largest = store.max_transaction_rows
    if largest is None or _size(_steps(plan, batch_size)) <= largest:
        with store.atomic() as tx:
            # planned again inside the block, where no one else writes
            summary = LoadSummary(source=source, notes=summary.notes)
            plan = _plan(tx, prepared, replace, summary)
            _write(tx, _steps(plan, batch_size), source, imported_at, progress)
        return summary
    # Too large for one transaction of this store (Neo4j: the server's heap): transactions of at
    # most `largest` rows each, every node and relationship written before anything is deleted.
    # A failure leaves the transactions before it committed, and nothing of the graph lost;
    # running the same load again completes it (MERGE on the keys; the hashes skip what landed).
    steps = _steps(plan, batch_size, deletes_last=True)
    for block in _blocks(steps, largest):
        with store.atomic() as tx:
            _write(tx, block, source, imported_at, progress)
    return summary


#: One write of a load: (table, query name, parameter name, rows or keys).
Step = tuple[str, str, str, list]


def _steps(plan: dict, batch_size: int, deletes_last: bool = False) -> list[Step]:
    """The batched writes of a plan, in order: relationships of removed rows first, then nodes
    (in reverse order of dependence), then created and updated rows table by table; with
    ``deletes_last``, the deletes come after everything else."""
    deletes: list[Step] = []
    for table in reversed(TABLE_ORDER):
        gone = plan[table][2]
        deletes += [
            (table, f"delete_{table}", "keys", gone[i : i + batch_size]) for i in range(0, len(gone), batch_size)
        ]
    writes: list[Step] = []
    for table in TABLE_ORDER:
        created, updated, _ = plan[table]
        for name, rows in _writes(table, created, updated):
            writes += [(table, name, "rows", rows[i : i + batch_size]) for i in range(0, len(rows), batch_size)]
        if table == "expertise":
            todo = created + updated
            writes += [
                (table, "link_expertise_broader", "rows", todo[i : i + batch_size])
                for i in range(0, len(todo), batch_size)
            ]
    return writes + deletes if deletes_last else deletes + writes


def _size(steps: list[Step]) -> int:
    return sum(len(rows) for *_, rows in steps)


def _blocks(steps: list[Step], largest: int) -> Iterable[list[Step]]:
    """Consecutive steps in groups of at most ``largest`` rows (a larger step makes a group alone)."""
    block: list[Step] = []
    for step in steps:
        if block and _size(block) + len(step[3]) > largest:
            yield block
            block = []
        block.append(step)
    if block:
        yield block


def _write(tx: Store, steps: list[Step], source: str, imported_at: str, progress: Progress | None) -> None:
    for table, name, param, rows in steps:
        if param == "keys":
            tx.write(name, keys=rows)
            continue
        tx.write(name, rows=rows, source=source, imported_at=imported_at)
        if progress and name != "link_expertise_broader":
            progress(table, len(rows))


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
