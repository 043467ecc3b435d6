"""The one way in: every form of input a network can come in, read by :func:`read_input`.

:data:`FORMATS` is the table of forms. Each row names a form, says in one line
what it is, how it is recognized from a path (for ``format="auto"``) and which
function reads it. A reader takes a path and returns ``(network, problems)``
(see :mod:`loaders.schema` and :class:`loaders.validate.Problem`) and never
raises for bad input. Adding a form is one reader and one row here; the
command line (``partnernet load --format``) lists the rows.

Examples
--------
>>> [f.name for f in FORMATS]
['cordis-h2020', 'cordis-fp', 'cordis-xml', 'csv', 'xlsx', 'json', 'organizations-table']
>>> print(read_input("no/such/folder").problems[0])
no/such/folder: no such file or folder
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from loaders import cordis, cordis_xml, readers, table
from loaders.schema import TABLE_ORDER, Network
from loaders.validate import Problem, has_errors, validate_network

__all__ = ["FORMATS", "Input", "InputFormat", "detect_input_format", "format_names", "read_input"]


@dataclass(frozen=True)
class InputFormat:
    """One form of input: its name, a one-line description, how to recognize it, how to read it.

    ``detect(path)`` is true when ``path`` is in this form (for ``format="auto"``; the rows are
    tried in order, the first that answers yes wins). ``read(path)`` returns ``(network,
    problems)``. ``source`` is the provenance label stamped on what is loaded (None: the path).
    ``validated`` says whether ``read`` already checks the network against the schema (the
    readers of files do; importers that build a network in Python leave it to
    :func:`read_input`).
    ``streams``: ``read`` takes a ``progress(done, total)`` callback (long reads).
    ``maps``: ``read`` takes ``columns``, a mapping of the input's column names to ours (``--map``).
    """

    name: str
    description: str
    detect: Callable[[Path], bool]
    read: Callable[[Path], tuple[Network, list[Problem]]]
    source: str | None = None
    validated: bool = True
    streams: bool = False
    maps: bool = False


class Input(NamedTuple):
    """A network read from an input, every problem found in it, and its provenance label."""

    network: Network
    problems: list[Problem]
    source: str


def _has_file(name: str) -> Callable[[Path], bool]:
    def detect(path: Path) -> bool:
        return path.is_dir() and (path / name).is_file()

    return detect


def _has_suffix(*suffixes: str) -> Callable[[Path], bool]:
    def detect(path: Path) -> bool:
        return path.suffix.lower() in suffixes

    return detect


def _is_csv(path: Path) -> bool:
    return path.is_dir() or path.suffix.lower() == ".csv"


#: Every form of input, tried in this order by ``format="auto"`` (CORDIS folders before plain CSV folders).
FORMATS: tuple[InputFormat, ...] = (
    InputFormat(
        "cordis-h2020",
        f"CORDIS Horizon 2020 folder ({cordis.H2020_FILE} and programme_parts.csv.gz)",
        _has_file(cordis.H2020_FILE),
        cordis.read_h2020,
        source=cordis.H2020_SOURCE,
        validated=False,
    ),
    InputFormat(
        "cordis-fp",
        f"CORDIS FP7/H2020/Horizon Europe folder ({cordis.FP_FILE})",
        _has_file(cordis.FP_FILE),
        cordis.read_fp,
        source=cordis.FP_SOURCE,
        validated=False,
    ),
    InputFormat(
        "cordis-xml",
        "CORDIS projects in XML (Horizon Europe, H2020, FP7): the zip as downloaded, a folder of its .xml files",
        cordis_xml.is_cordis_xml,
        cordis_xml.read_cordis_xml,  # type: ignore[arg-type]
        source=cordis_xml.XML_SOURCE,
        validated=False,
        streams=True,
    ),
    InputFormat("csv", "a folder of <table>.csv files (or one such file)", _is_csv, readers.read_csv),
    InputFormat("xlsx", "an Excel workbook, one sheet per table", _has_suffix(".xlsx", ".xlsm"), readers.read_xlsx),
    InputFormat(
        "json", 'a JSON file {"table": [{"column": value, ...}, ...]}', _has_suffix(".json"), readers.read_json
    ),
    InputFormat(
        "organizations-table",
        "one table of organizations (.csv or .csv.gz, any separator) to add or enrich by id; --map names its columns",
        lambda path: False,  # never guessed: asked for by name
        table.read_organizations_table,  # type: ignore[arg-type]
        validated=False,
        maps=True,
    ),
)

_BY_NAME = {f.name: f for f in FORMATS}


def format_names() -> list[str]:
    """The names a ``format`` can take: ``auto``, then every row of :data:`FORMATS`."""
    return ["auto", *_BY_NAME]


def detect_input_format(path: Path | str) -> InputFormat | None:
    """The first row of :data:`FORMATS` that recognizes ``path``, or None."""
    path = Path(path)
    return next((f for f in FORMATS if f.detect(path)), None)


def read_input(
    path: Path | str,
    format: str = "auto",
    *,
    progress: Callable[[int, int], None] | None = None,
    columns: Mapping[str, str] | None = None,
) -> Input:
    """Read the network at ``path`` in the form ``format`` (a name of :data:`FORMATS`, or ``"auto"``).

    ``progress(done, total)`` is called during long reads (the formats that stream); ``columns``
    maps the input's column names to ours, for the formats that take a mapping (``--map``): a
    mapping given to another format is an error.

    Returns an :class:`Input` holding *all* problems found; bad input raises nothing. The network
    must not be written anywhere when ``loaders.validate.has_errors(input.problems)``
    (:func:`loaders.validate.raise_for_problems` raises :class:`graph.errors.NetworkInputError`,
    a ``DataError``, then). Raises ``ValueError`` for a ``format`` that is not in the table.
    """
    path = Path(path)
    if format != "auto" and format not in _BY_NAME:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(format_names())}")
    if not path.exists():
        return _failed(path, Problem(str(path), "no such file or folder", code="not_found"))
    found = detect_input_format(path) if format == "auto" else _BY_NAME[format]
    if found is None:
        return _failed(path, Problem(str(path), _unknown_format(path), code="format"))
    if columns and not found.maps:
        return _failed(path, Problem(str(path), f"--map is for the format organizations-table, not {found.name}"))
    kwargs: dict = {}
    if found.streams and progress is not None:
        kwargs["progress"] = progress
    if found.maps:
        kwargs["columns"] = columns
    network, problems = found.read(path, **kwargs)
    if not found.validated and not has_errors(problems):
        problems = problems + validate_network(network, source=str(path))
    return Input(network, problems, found.source or str(path))


def _failed(path: Path, problem: Problem) -> Input:
    return Input({name: [] for name in TABLE_ORDER}, [problem], str(path))


def _unknown_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods"):
        return f"{suffix} files are not read; save the workbook as .xlsx"
    return "unknown format (expected " + "; ".join(f.description for f in FORMATS) + ")"
