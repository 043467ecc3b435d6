"""One table of organizations whose columns are not ours: to add organizations or enrich those already in the graph.

:func:`read_organizations_table` reads a ``.csv`` or ``.csv.gz`` file (UTF-8,
separator detected from the header: ``,``, ``;`` or tab), renames its columns
with a mapping (``--map orgId=id,name=name,shortName=short_name``; columns
already named as ours need none; the others are ignored, with one warning),
repairs mojibake with ftfy (``M√ºnster`` -> ``Münster``: text once decoded in
the wrong encoding) and returns an ``organizations`` table (plus the countries
it names) for :func:`loaders.inputs.read_input`.

Loaded, it is merged with the graph by id (:mod:`loaders.merge`): an
organization already there gets the properties it lacked (a name where there
was a placeholder, a city) and keeps its ties and what earlier sources gave;
an unknown id is a new organization. The load summary says how many were
enriched, created and left alone.

- ``roles``: when the table has none, ``company`` for the CORDIS activity type
  PRC, ``partner`` otherwise (an organization already in the graph keeps its own).
- ``kind``: a CORDIS activity type code (HES, REC, PRC, PUB, OTH) is written out
  as :data:`loaders.cordis.KINDS` does.
- a row with no id, or no name, is skipped (one warning for them all); an id
  seen twice keeps its first row (one warning).
- how many values were repaired, with examples, is one warning (code ``repaired``).
- a ``.csv.gz`` is unpacked to at most :data:`MAX_UNPACKED` bytes, and to at most
  :data:`MAX_RATIO` times its size beyond 64 MB: a larger one is refused (a zip bomb).
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Mapping
from pathlib import Path

import ftfy

from loaders.cordis import COUNTRY_NAMES, KINDS
from loaders.readers import _sniff_delimiter
from loaders.schema import TABLE_ORDER, TABLES, Network
from loaders.validate import WARNING, Problem, parse_number

__all__ = ["MAX_RATIO", "MAX_UNPACKED", "parse_mapping", "read_organizations_table", "repair_text"]

#: Most bytes a ``.csv.gz`` table may unpack to.
MAX_UNPACKED = 512 * 1024 * 1024
#: Most times a ``.csv.gz`` table may grow when unpacked beyond its first 64 MB (CSV grows 3 to 10 times).
MAX_RATIO = 100
_RATIO_FROM = 64 * 1024 * 1024

_COLUMNS = [c.name for c in TABLES["organizations"].columns]
_EXAMPLES = 5


def parse_mapping(text: str | None) -> dict[str, str]:
    """``"orgId=id, name=name"`` (or a file of such lines) -> ``{"orgId": "id", "name": "name"}``.

    Raises ``ValueError`` naming a pair that is not ``theirs=ours`` or a column that is not ours.

    >>> parse_mapping("orgId=id, shortName=short_name")
    {'orgId': 'id', 'shortName': 'short_name'}
    >>> parse_mapping("orgId=identifier")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: --map: 'identifier' is not a column of organizations (id, name, ...)
    """
    if not text:
        return {}
    path = Path(text)
    if "=" not in text and path.is_file():
        text = path.read_text(encoding="utf-8-sig")
    mapping: dict[str, str] = {}
    for pair in text.replace("\n", ",").split(","):
        if not pair.strip() or pair.strip().startswith("#"):
            continue
        theirs, sep, ours = pair.partition("=")
        theirs, ours = theirs.strip(), ours.strip()
        if not sep or not theirs or not ours:
            raise ValueError(f"--map: {pair.strip()!r} is not theirs=ours")
        if ours not in _COLUMNS:
            raise ValueError(f"--map: {ours!r} is not a column of organizations ({', '.join(_COLUMNS)})")
        mapping[theirs] = ours
    return mapping


def repair_text(text: str) -> str:
    """``text`` with its mojibake repaired (ftfy), other text unchanged.

    >>> repair_text("M√ºnster"), repair_text("Stra√üe 4"), repair_text("M√°laga"), repair_text("Université")
    ('Münster', 'Straße 4', 'Málaga', 'Université')
    >>> repair_text("√2 ≈ 1.414")
    '√2 ≈ 1.414'
    """
    if text.isascii():
        return text
    fixed = ftfy.fix_text(text, normalization="NFC")
    if "√" in fixed:  # Mac Roman mojibake too short for ftfy's heuristics to be sure of: "M√°laga", "O√ú"
        try:
            return fixed.encode("mac_roman").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass  # not Mac Roman mojibake: a real "√"
    return fixed


def read_organizations_table(
    path: Path | str, columns: Mapping[str, str] | None = None
) -> tuple[Network, list[Problem]]:
    """``(network, problems)`` of one table of organizations (see the module docstring); never raises."""
    path = Path(path)
    file = str(path)
    problems: list[Problem] = []
    network: Network = {name: [] for name in TABLE_ORDER}
    text = _read(path, problems)
    if text is None:
        return network, problems
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), None)
    if header_line is None:
        problems.append(Problem(file, "empty file, expected a header line", code="empty_file"))
        return network, problems
    reader = csv.reader(io.StringIO(text), delimiter=_sniff_delimiter(header_line))
    header = [h.strip() for h in next(reader)]
    mapping = dict(columns or {})
    for name in header:  # our own names need no mapping
        if name in _COLUMNS and name not in mapping and name not in mapping.values():
            mapping[name] = name
    missing = [theirs for theirs in mapping if theirs not in header]
    for theirs in missing:
        problems.append(
            Problem(
                file,
                f"--map names a column the file does not have ({', '.join(header)})",
                line=1,
                column=theirs,
                code="missing_column",
            )
        )
    if "id" not in mapping.values():
        problems.append(Problem(file, "no column is mapped to id (e.g. --map orgId=id)", line=1, code="missing_column"))
    if missing or "id" not in mapping.values():
        return network, problems
    ignored = [h for h in header if h not in mapping]
    if ignored:
        problems.append(
            Problem(
                file,
                f"{len(ignored)} columns not mapped, ignored: {', '.join(ignored)}",
                line=1,
                code="unknown_column",
                severity=WARNING,
            )
        )
    position = {ours: header.index(theirs) for theirs, ours in mapping.items()}
    rows, repaired = _rows(reader, position, file, problems)
    network["organizations"] = rows
    codes = sorted({row["country"] for row in rows if row["country"]})
    network["countries"] = [
        {"code": code, "name": COUNTRY_NAMES.get(code, code), "name_fr": None, "priority": None} for code in codes
    ]
    if repaired:
        shown = "; ".join(f"{before!r} -> {after!r}" for before, after in repaired[:_EXAMPLES])
        problems.append(
            Problem(
                file,
                f"repaired mojibake in {len(repaired):,} values (ftfy), e.g. {shown}",
                code="repaired",
                severity=WARNING,
            )
        )
    return network, problems


def _read(path: Path, problems: list[Problem]) -> str | None:
    try:
        if path.suffix == ".gz":
            packed = path.stat().st_size
            limit = min(MAX_UNPACKED, max(_RATIO_FROM, MAX_RATIO * packed))
            with gzip.open(path) as handle:
                data = handle.read(limit + 1)
            if len(data) > limit:
                reason = f"refused: it unpacks to more than {limit // 2**20} MB ({packed:,} bytes packed; a zip bomb?)"
                problems.append(Problem(str(path), reason, code="too_large"))
                return None
        else:
            data = path.read_bytes()
        return data.decode("utf-8-sig")
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        problems.append(Problem(str(path), f"cannot read the file ({exc})", code="read_error"))
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(path), f"not UTF-8 (byte {exc.start}): re-save it as UTF-8", code="encoding"))
    return None


def _rows(reader, position: dict[str, int], file: str, problems: list[Problem]) -> tuple[list[dict], list]:
    """The organizations of the table, and the (before, after) of every repaired value."""
    rows: dict[str, dict] = {}
    repaired: list[tuple[str, str]] = []
    skipped, duplicates = [], []
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        row: dict = dict.fromkeys(_COLUMNS)
        for ours, at in position.items():
            value = record[at].strip() if at < len(record) else ""
            if value and not value.isascii():
                fixed = repair_text(value)
                if fixed != value:
                    repaired.append((value, fixed))
                    value = fixed
            row[ours] = value or None
        line = reader.line_num
        if not row["id"] or not row["name"]:
            skipped.append(line)
            continue
        if row["id"] in rows:
            duplicates.append(line)
            continue
        _type(row, line, file, problems)
        rows[row["id"]] = row
    if skipped:
        problems.append(
            Problem(
                file,
                f"{len(skipped)} rows without an id or a name skipped (lines "
                f"{', '.join(map(str, skipped[:5]))}{', …' if len(skipped) > 5 else ''})",
                code="skipped",
                severity=WARNING,
            )
        )
    if duplicates:
        problems.append(
            Problem(
                file,
                f"{len(duplicates)} rows repeat an id seen before: the first kept (lines "
                f"{', '.join(map(str, duplicates[:5]))}{', …' if len(duplicates) > 5 else ''})",
                code="duplicate_key",
                severity=WARNING,
            )
        )
    return list(rows.values()), repaired


def _type(row: dict, line: int, file: str, problems: list[Problem]) -> None:
    """Typed values: roles as a list (from the CORDIS activity type when absent), numbers, kinds written out."""
    code = (row["kind"] or "").upper()
    if code in KINDS:
        row["kind"] = KINDS[code]
    roles = row["roles"]
    row["roles"] = (
        [r.strip() for r in roles.split("|") if r.strip()] if roles else (["company"] if code == "PRC" else ["partner"])
    )
    for column in ("lat", "lon"):
        if row[column] is not None:
            try:
                row[column] = parse_number(row[column])
            except ValueError as exc:
                problems.append(Problem(file, str(exc), line=line, column=column, value=row[column], code="type"))
                row[column] = None
