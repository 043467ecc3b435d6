"""The analysis of a graph version kept on disk: read back in milliseconds by every command and a restarted server.

What :class:`graph.analytics.analysis.Analysis` computes for a graph version
(the snapshot, the cooperation graph, the hubs, the map of the network) is
written once to the data folder, in ``analysis/``, one ``.npz`` file per
member (numpy's own format, read with ``allow_pickle=False``: arrays of
numbers, and text as UTF-8 bytes; nothing in a file is run), and read back
by the next command or server start instead of being computed again.

Each file holds the :class:`GraphKey` it was made for: the engine, its
location (Neo4j), the graph, its version and creation stamp
(:meth:`graph.store.Store.graph_version`) and :data:`FORMAT` (the version of
this code's forms and of the analysis they hold). Any write to the graph makes
a new version, so a file of an older version is not used (it is replaced when
the member is next computed). Files are written atomically (a temporary file,
renamed); a file that is truncated, corrupt, of another graph or another
format is ignored, said in the log, and rebuilt: never trusted.

The embedded engine's version is read from a small file beside the graph
(:mod:`graph.store.version_file`), so a command that the kept analysis answers
does not start the engine (:func:`open_analysis`).

>>> from graph.analytics.snapshot import snapshot_from_network
>>> s = snapshot_from_network({"organizations": [{"id": "a", "name": "Å", "roles": ["partner"]}],
...                            "projects": [{"id": "p", "title": "P", "start": "2020"}],
...                            "participations": [{"organization": "a", "project": "p"}]}, version=4)
>>> back = snapshot_from_arrays(snapshot_arrays(s))
>>> back == s
True
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from graph.analytics.snapshot import Snapshot, collector_paused

if TYPE_CHECKING:
    from graph.analytics.analysis import Analysis
    from graph.analytics.cooperation import Cooperation
    from graph.analytics.hubs import Hub
    from graph.analytics.index import PartnerIndex
    from graph.analytics.layout import NetworkMap
    from graph.settings import Settings
    from graph.store import Store

__all__ = [
    "FOLDER",
    "FORMAT",
    "MEMBERS",
    "MEMBER_NAMES",
    "GraphKey",
    "StoredAnalysis",
    "cooperation_arrays",
    "cooperation_from_arrays",
    "graph_key",
    "hubs_arrays",
    "hubs_from_arrays",
    "index_arrays",
    "index_from_arrays",
    "keep_analysis",
    "map_arrays",
    "map_from_arrays",
    "open_analysis",
    "snapshot_arrays",
    "snapshot_from_arrays",
    "stored_for",
]

log = logging.getLogger(__name__)

#: The version of the stored forms and of the analysis they hold: raise it when either changes (older files are
#: then not used).
FORMAT = 1
#: The folder of the data folder that holds the kept analyses.
FOLDER = "analysis"

T = TypeVar("T")
Arrays = dict[str, np.ndarray]


@dataclass(frozen=True)
class GraphKey:
    """What a kept analysis was made from: a graph version of one graph, and this code's :data:`FORMAT`."""

    engine: str
    location: str
    graph: str
    version: int
    created: int

    def text(self) -> str:
        return json.dumps([FORMAT, self.engine, self.location, self.graph, self.version, self.created])

    def prefix(self) -> str:
        """The start of this graph's file names (the same for all its versions: a new version replaces them)."""
        digest = hashlib.sha256(json.dumps([self.engine, self.location, self.graph]).encode()).hexdigest()[:12]
        return f"{self.graph}-{digest}"


def graph_key(engine: str, graph: str, version: tuple[int, int], location: str = "") -> GraphKey:
    """The key of ``version`` (``(version, created)``) of ``graph`` (the embedded engine's graph, or a Neo4j
    database) on ``engine``.

    ``location``: the Neo4j server's (the embedded engine's graph is in the data folder that holds the files).
    """
    return GraphKey(engine, location if engine == "neo4j" else "", graph, *version)


class StoredAnalysis:
    """The members of one graph version's analysis kept in ``folder`` (see the module docstring)."""

    def __init__(self, folder: Path | str, key: GraphKey) -> None:
        self.folder = Path(folder)
        self.key = key
        #: True: :meth:`save_later` only notes what to write, and :meth:`flush` writes it.
        self.deferred = False
        self._pending: list[tuple[str, Callable[[Any], Arrays], Any]] = []
        self._lock = threading.Lock()

    def save_later(self, member: str, encode: Callable[[T], Arrays], value: T) -> None:
        """:meth:`save` ``encode(value)``: now, or at :meth:`flush` when :attr:`deferred`."""
        if not self.deferred:
            self.save(member, encode(value))
            return
        with self._lock:
            self._pending.append((member, encode, value))

    def flush(self, detach: bool = False) -> None:
        """Write what :meth:`save_later` deferred; with ``detach``, in a child process, without waiting for it.

        For a command that computed the analysis and has answered: its process ends at once, and
        the child (a copy of it, holding the computed members) writes them (half a second on
        H2020), as ``git`` packs a repository in the background. Where ``os.fork`` is missing, or
        it fails, the members are written here. The caller must hold no lock and run no other
        thread (the child has only this one).
        """
        with self._lock:
            pending, self._pending = self._pending, []
        if not pending:
            return
        if detach and hasattr(os, "fork"):
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            try:
                child = os.fork()
            except OSError:
                child = -1
            if child == 0:  # the child: write, then leave without running the parent's exit handlers
                # Let go of the parent's standard streams at once: a pipe reading the command's
                # output (`partnernet hubs | jq`) ends with the parent, not with this child.
                devnull = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(devnull, fd)
                try:
                    for member, encode, value in pending:
                        self.save(member, encode(value))
                finally:
                    os._exit(0)
            if child > 0:
                return
        for member, encode, value in pending:
            self.save(member, encode(value))

    def path(self, member: str) -> Path:
        return self.folder / f"{self.key.prefix()}-{member}.npz"

    def load(self, member: str, decode: Callable[[Arrays], T]) -> T | None:
        """``member`` read back and decoded, or None: no file, a file of another version, or an unreadable one."""
        path = self.path(member)
        try:
            with np.load(path, allow_pickle=False) as found:
                if _text(found["key"]) != self.key.text():
                    return None  # an older graph version (or another graph or format): computed again
                with collector_paused():  # many objects in no cycle, beside a large heap: no collection helps
                    return decode({name: found[name] for name in found.files})
        except FileNotFoundError:
            return None
        except Exception as e:  # truncated, corrupt, foreign: never trusted
            log.warning("ignored the kept analysis %s (%s: %s); computing it again", path, type(e).__name__, e)
            return None

    def save(self, member: str, arrays: Arrays) -> None:
        """Write ``member`` atomically (a temporary file renamed); a folder that cannot be written is only logged."""
        path = self.path(member)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{path.stem}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    savez: Any = np.savez  # (its stubs take no ** of arrays)
                    savez(f, key=_bytes(self.key.text()), **arrays)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as e:
            log.warning("could not keep the analysis in %s: %s", path, e)

    def current(self, members: Iterable[str]) -> dict[str, bool]:
        """Whether each of ``members`` is kept for this graph version (its key read, not its arrays)."""
        found = {}
        for member in members:
            try:
                with np.load(self.path(member), allow_pickle=False) as f:
                    found[member] = _text(f["key"]) == self.key.text()
            except Exception:
                found[member] = False
        return found


def _bytes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)


def _text(array: np.ndarray) -> str:
    return array.tobytes().decode("utf-8", "surrogatepass")


# -- columns: a list of values as arrays (text, whole numbers, lists of text; else JSON) -------------------------

#: Joins a column's texts when none holds it (split again in one call); else each text's length is written.
_SEPARATOR = "\x00"


def _encode_column(name: str, values: Sequence[Any]) -> Arrays:
    """``values`` (text, whole numbers or lists of text, each possibly None; else anything JSON holds) as arrays.

    Written for speed (a snapshot has a few hundred thousand values): the passes over the values are
    made by ``map``, ``join`` and ``count``, and a Python loop only where a column has None.
    """
    values = list(values)
    kinds = set(map(type, values))
    none = np.fromiter(map(_is_none, values), dtype=bool, count=len(values)) if type(None) in kinds else None
    kinds.discard(type(None))
    present = values if none is None else [v for v in values if v is not None]
    if kinds <= {str}:
        joined = _SEPARATOR.join(values if none is None else ["" if v is None else v for v in values])
        if joined.count(_SEPARATOR) == max(len(values) - 1, 0):  # no text holds the separator
            return {f"{name}.joined": _bytes(joined), f"{name}.none": _mask(none, len(values))}
        lengths = np.fromiter(map(len, present), dtype=np.int64, count=len(present))
        return {f"{name}.len": _with_none(lengths, none), f"{name}.text": _bytes("".join(present))}
    if kinds <= {int}:
        numbers = values if none is None else [0 if v is None else v for v in values]
        return {f"{name}.int": np.array(numbers, dtype=np.int64), f"{name}.none": _mask(none, len(values))}
    if kinds <= {list, tuple, set, frozenset}:
        flat = list(itertools.chain.from_iterable(present))
        if set(map(type, flat)) <= {str}:
            words = dict.fromkeys(flat)  # the items (ids, roles) repeat: each word is written once
            codes = dict(zip(words, itertools.count()))
            counts = np.fromiter(map(len, present), dtype=np.int64, count=len(present))
            return {
                f"{name}.count": _with_none(counts, none),
                f"{name}.codes": np.fromiter(map(codes.__getitem__, flat), dtype=np.int64, count=len(flat)),
                **_encode_column(f"{name}.words", list(words)),
            }
    return {f"{name}.json": _bytes(json.dumps(values))}


def _is_none(value: object) -> bool:
    return value is None


def _mask(none: np.ndarray | None, n: int) -> np.ndarray:
    return np.zeros(n, dtype=bool) if none is None else none


def _with_none(present: np.ndarray, none: np.ndarray | None) -> np.ndarray:
    """``present`` (a number per value that is not None) with -1 where the value is None."""
    if none is None:
        return present
    out = np.full(len(none), -1, dtype=np.int64)
    out[~none] = present
    return out


def _decode_column(name: str, arrays: Arrays) -> list:
    """The values :func:`_encode_column` wrote (sets and tuples come back as lists)."""
    if f"{name}.json" in arrays:
        return json.loads(_text(arrays[f"{name}.json"]))
    if f"{name}.joined" in arrays:
        none = arrays[f"{name}.none"]
        values: list[Any] = _text(arrays[f"{name}.joined"]).split(_SEPARATOR) if len(none) else []
        for i in np.flatnonzero(none).tolist():
            values[i] = None
        return values
    if f"{name}.int" in arrays:
        values = arrays[f"{name}.int"].tolist()
        for i in np.flatnonzero(arrays[f"{name}.none"]).tolist():
            values[i] = None
        return values
    if f"{name}.count" in arrays:
        words = np.array(_decode_column(f"{name}.words", arrays) + [""], dtype=object)
        return _slices(words[arrays[f"{name}.codes"]].tolist(), arrays[f"{name}.count"])
    return _slices(_text(arrays[f"{name}.text"]), arrays[f"{name}.len"])


def _slices(whole: Sequence, lengths: np.ndarray) -> list:
    """``whole`` cut into pieces of ``lengths`` (a length of -1: None, taking nothing)."""
    ends = np.cumsum(np.maximum(lengths, 0)).tolist()
    starts = [0, *ends[:-1]] if ends else []
    pieces: list[Any] = [whole[a:b] for a, b in zip(starts, ends, strict=True)]
    for i in np.flatnonzero(lengths < 0).tolist():
        pieces[i] = None
    return pieces


def _encode_table(name: str, rows: Sequence[dict], columns: Sequence[str]) -> Arrays:
    arrays: Arrays = {}
    for column in columns:
        arrays.update(_encode_column(f"{name}.{column}", [row[column] for row in rows]))
    return arrays


def _decode_table(name: str, arrays: Arrays, columns: Sequence[str]) -> list[dict]:
    values = [_decode_column(f"{name}.{column}", arrays) for column in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _columns(rows: Sequence[dict]) -> list[str]:
    """The keys of the rows (all rows of a snapshot table have the same keys, in the same order)."""
    return list(rows[0]) if rows else []


# -- the members ------------------------------------------------------------------------------------------------


def snapshot_arrays(snapshot: Snapshot) -> Arrays:
    """The snapshot as arrays (:func:`snapshot_from_arrays` reads them back equal)."""
    tables = {
        "organizations": list(snapshot.organizations.values()),
        "projects": snapshot.projects,
        "agreements": snapshot.agreements,
        "memberships": [{"member": m, "parent": p} for m, p in snapshot.memberships],
        "evidence": [
            {"organization": o, "expertise": t, **found} for (o, t), found in snapshot.expertise_evidence.items()
        ],
        "expertise": list(snapshot.expertise.values()),
        "countries": list(snapshot.countries.values()),
    }
    columns = {name: _columns(rows) for name, rows in tables.items()}
    arrays = {"snapshot": _bytes(json.dumps({"version": snapshot.version, "columns": columns}))}
    for name, rows in tables.items():
        arrays.update(_encode_table(name, rows, columns[name]))
    return arrays


def snapshot_from_arrays(arrays: Arrays) -> Snapshot:
    """The snapshot :func:`snapshot_arrays` wrote."""
    meta = json.loads(_text(arrays["snapshot"]))
    tables = {name: _decode_table(name, arrays, columns) for name, columns in meta["columns"].items()}
    organization_expertise: dict[str, set[str]] = {}
    evidence = {}
    for row in tables["evidence"]:
        o, t = row.pop("organization"), row.pop("expertise")
        organization_expertise.setdefault(o, set()).add(t)
        evidence[o, t] = row
    return Snapshot(
        version=meta["version"],
        organizations={row["id"]: row for row in tables["organizations"]},
        projects=tables["projects"],
        agreements=tables["agreements"],
        memberships=[(row["member"], row["parent"]) for row in tables["memberships"]],
        organization_expertise=organization_expertise,
        expertise_evidence=evidence,
        expertise={row["id"]: row for row in tables["expertise"]},
        countries={row["code"]: row for row in tables["countries"]},
    )


def _csr_arrays(name: str, m: Any) -> Arrays:
    return {
        f"{name}.data": m.data,
        f"{name}.indices": m.indices,
        f"{name}.indptr": m.indptr,
        f"{name}.shape": np.array(m.shape, dtype=np.int64),
    }


def _csr(name: str, arrays: Arrays, form: str = "csr") -> Any:
    """The sparse matrix ``name`` of ``arrays``, in ``form`` (``csr`` or ``csc``: how its arrays were written)."""
    import scipy.sparse as sp

    shape = tuple(arrays[f"{name}.shape"].tolist())
    make = sp.csc_matrix if form == "csc" else sp.csr_matrix
    return make((arrays[f"{name}.data"], arrays[f"{name}.indices"], arrays[f"{name}.indptr"]), shape=shape)


def _lists_arrays(name: str, ids: list[str], index: dict[str, int], lists: dict[str, list[int]]) -> Arrays:
    """Organization id -> list of numbers, as the owners' rows, their list lengths and the numbers one after another."""
    owners = sorted(index[o] for o in lists)
    found = [lists[ids[o]] for o in owners]
    return {
        f"{name}.owners": np.array(owners, dtype=np.int64),
        f"{name}.lengths": np.array([len(v) for v in found], dtype=np.int64),
        f"{name}.values": np.array([x for v in found for x in v], dtype=np.int64),
    }


def _lists(name: str, arrays: Arrays, ids: list[str]) -> dict[str, list[int]]:
    owners = arrays[f"{name}.owners"].tolist()
    pieces = _slices(arrays[f"{name}.values"].tolist(), arrays[f"{name}.lengths"])
    return {ids[o]: piece for o, piece in zip(owners, pieces, strict=True)}


def cooperation_arrays(coop: Cooperation) -> Arrays:
    """The cooperation graph as arrays (its snapshot is kept apart: :func:`snapshot_arrays`)."""
    assert coop.incidence is not None
    return {
        "cooperation": _bytes(json.dumps({"ref_year": coop.ref_year, "wide": coop.wide})),
        **_csr_arrays("W", coop.W),
        **_csr_arrays("counts", coop.counts),
        **_csr_arrays("incidence", coop.incidence),
        **_lists_arrays("projects_of", coop.ids, coop.index, coop.projects_of),
        **_lists_arrays("agreements_of", coop.ids, coop.index, coop.agreements_of),
    }


def cooperation_from_arrays(arrays: Arrays, snapshot: Snapshot) -> Cooperation:
    """The cooperation graph of ``snapshot`` that :func:`cooperation_arrays` wrote."""
    from graph.analytics.cooperation import Cooperation

    meta = json.loads(_text(arrays["cooperation"]))
    ids = sorted(snapshot.organizations)
    W = _csr("W", arrays)
    if W.shape != (len(ids), len(ids)):
        raise ValueError(f"a cooperation graph of {W.shape[0]} organizations for a snapshot of {len(ids)}")
    return Cooperation(
        snapshot=snapshot,
        ref_year=meta["ref_year"],
        ids=ids,
        index={o: i for i, o in enumerate(ids)},
        W=W,
        counts=_csr("counts", arrays),
        projects_of=_lists("projects_of", arrays, ids),
        agreements_of=_lists("agreements_of", arrays, ids),
        incidence=_csr("incidence", arrays),
        wide=meta["wide"],
    )


def hubs_arrays(hubs: Sequence[Hub]) -> Arrays:
    """The hubs (with their members) as JSON text in an array."""
    from dataclasses import fields

    shallow = [{f.name: getattr(h, f.name) for f in fields(h)} for h in hubs]  # json.dumps copies nothing
    return {"hubs": _bytes(json.dumps(shallow))}


def hubs_from_arrays(arrays: Arrays) -> list[Hub]:
    from graph.analytics.hubs import Hub

    return [Hub(**found) for found in json.loads(_text(arrays["hubs"]))]


def map_arrays(found: NetworkMap) -> Arrays:
    """The map of the network: positions and hub numbers as arrays, the regions as JSON text."""
    meta = {
        "ids": found.ids,
        "centres": [[h, list(c)] for h, c in found.centres.items()],
        "radii": [[h, r] for h, r in found.radii.items()],
        "extent": found.extent,
        "seed": found.seed,
        "version": found.version,
        "margin": list(found.margin),
    }
    return {"map": _bytes(json.dumps(meta)), "xy": found.xy, "hub_of": found.hub_of, "host": found.host}


def map_from_arrays(arrays: Arrays) -> NetworkMap:
    from graph.analytics.layout import NetworkMap

    meta = json.loads(_text(arrays["map"]))
    ids = meta["ids"]
    return NetworkMap(
        ids=ids,
        index={o: i for i, o in enumerate(ids)},
        xy=arrays["xy"],
        hub_of=arrays["hub_of"],
        host=arrays["host"],
        centres={h: (c[0], c[1]) for h, c in meta["centres"]},
        radii={h: r for h, r in meta["radii"]},
        extent=meta["extent"],
        seed=meta["seed"],
        version=meta["version"],
        margin=(meta["margin"][0], meta["margin"][1], meta["margin"][2]),
    )


# -- opening the analysis of the graph as it is now -------------------------------------------------------------


def stored_for(settings: Settings, store: Store, version: tuple[int, int] | None = None) -> StoredAnalysis:
    """The kept analysis of ``version`` (default: the current one) of the graph of ``store``, in the data folder."""
    version = store.graph_version() if version is None else version
    key = graph_key(store.dialect, store.graph_id, version, store.location)
    return StoredAnalysis(Path(settings.data_dir) / FOLDER, key)


def open_analysis(settings: Settings) -> Analysis:
    """The analysis of the graph as it is now, its members read from disk where kept, else computed and kept.

    The embedded engine is not started when its version is written beside the graph
    (:mod:`graph.store.version_file`) and the members asked for are kept; otherwise the store is
    opened when first needed and closed once the snapshot is read.
    """
    from graph.analytics.analysis import Analysis
    from graph.store.version_file import read_version

    written = read_version(settings.data_dir, settings.graph) if settings.engine == "falkordb" else None
    if written is not None:
        key = graph_key("falkordb", settings.graph, written)
        return Analysis.kept(StoredAnalysis(Path(settings.data_dir) / FOLDER, key), lambda: _open(settings))
    store = _open(settings)
    try:
        stored = stored_for(settings, store)
    except BaseException:
        store.close()
        raise
    return Analysis.kept(stored, store)  # closed once the snapshot is read, or by Analysis.close


def _open(settings: Settings) -> Store:
    from graph.store import open_store

    return open_store(settings)


#: The members a kept analysis holds, in the order :func:`keep_analysis` computes them (seed 0).
MEMBERS = ("snapshot", "cooperation", "hubs-0", "map-0", "partner_index")
#: What each member is called in messages.
MEMBER_NAMES = {
    "snapshot": "snapshot",
    "cooperation": "cooperation graph",
    "hubs-0": "hubs",
    "map-0": "map of the network",
    "partner_index": "partner index",
}


def keep_analysis(analysis: Analysis, say: Callable[[str], None] | None = None) -> dict[str, float]:
    """Compute every member of :data:`MEMBERS` (or read it, when kept), so that it is kept on disk.

    ``say`` is told each step as it ends ("hubs: computed in 1.2 s"). Returns the seconds of each step.
    """
    import time

    steps: list[tuple[str, Callable[[], object]]] = [
        ("snapshot", lambda: analysis.snapshot),
        ("cooperation", lambda: analysis.cooperation),
        ("hubs-0", lambda: analysis.hubs(0)),
        ("map-0", lambda: analysis.network_map(0)),
        ("partner_index", lambda: analysis.partner_index),
    ]
    kept = analysis.stored.current(MEMBERS) if analysis.stored is not None else {}
    seconds = {}
    for member, step in steps:
        started = time.perf_counter()
        step()
        seconds[member] = time.perf_counter() - started
        if say is not None:
            how = "read from the data folder" if kept.get(member) else "computed and kept"
            say(f"{MEMBER_NAMES[member]}: {how} in {seconds[member]:.1f} s")
    return seconds


#: The partner index's arrays and sparse matrices, kept as they are (:func:`index_arrays`); the rest is JSON text.
_INDEX_ARRAYS = ("p_year", "p_first", "p_last", "p_recency", "has_count", "inv_log_degree", "country", "org_kinds")
_INDEX_MATRICES = ("A", "AT", "PT", "projects_on", "FU", "evidence", "has", "P", "PK", "with_keyword")
_INDEX_VOCABULARIES = ("term_words", "name_words", "keyword_words")


def index_arrays(index: PartnerIndex) -> Arrays:
    """The partner index as arrays (its cooperation graph is kept apart: :func:`cooperation_arrays`)."""
    arrays: Arrays = {name: getattr(index, name) for name in _INDEX_ARRAYS}
    for name in _INDEX_MATRICES:
        arrays.update(_csr_arrays(name, getattr(index, name)))
    roles = sorted(index.role_masks)
    for k, role in enumerate(roles):
        arrays[f"role.{k}"] = index.role_masks[role]
    meta = {
        "n": index.n,
        "m": index.m,
        "term_ids": index.term_ids,
        "funder_ids": index.funder_ids,
        "keyword_labels": index.keyword_labels,
        "roles": roles,
        "formats": {name: getattr(index, name).format for name in _INDEX_MATRICES},
        **{name: getattr(index, name).postings for name in _INDEX_VOCABULARIES},
    }
    arrays["index"] = _bytes(json.dumps(meta))
    return arrays


def index_from_arrays(arrays: Arrays, coop: Cooperation) -> PartnerIndex:
    """The partner index of ``coop`` that :func:`index_arrays` wrote."""
    from graph.analytics.index import PartnerIndex, Vocabulary

    meta = json.loads(_text(arrays["index"]))
    if (meta["n"], meta["m"]) != (len(coop.ids), len(coop.snapshot.projects)):
        raise ValueError("a partner index of another cooperation graph")
    index = PartnerIndex.__new__(PartnerIndex)
    index.coop, index.n, index.m = coop, meta["n"], meta["m"]
    for name in _INDEX_ARRAYS:
        setattr(index, name, arrays[name])
    for name in _INDEX_MATRICES:
        setattr(index, name, _csr(name, arrays, meta["formats"][name]))
    index.term_ids, index.funder_ids = meta["term_ids"], meta["funder_ids"]
    index.term_index = {t: k for k, t in enumerate(index.term_ids)}
    index.funder_column = {f: k for k, f in enumerate(index.funder_ids)}
    index.keyword_labels = meta["keyword_labels"]
    index.term_words = Vocabulary({w: [(c, lang) for c, lang in found] for w, found in meta["term_words"].items()})
    index.name_words = Vocabulary(meta["name_words"])
    index.keyword_words = Vocabulary(meta["keyword_words"])
    index.role_masks = {role: arrays[f"role.{k}"] for k, role in enumerate(meta["roles"])}
    index.kind_values = set(index.org_kinds.tolist()) - {""}
    index.W = coop.W.tocsr()
    index.start_caches()
    return index
