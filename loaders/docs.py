"""The reference part of ``docs/input-format.md``, generated from :mod:`loaders.schema`.

``format_reference_markdown()`` returns the tables and columns as Markdown.
In ``docs/input-format.md`` it sits between the two marker lines
:data:`BEGIN` and :data:`END`; the rest of that file is written by hand.
``tests/test_readers.py`` fails when the file is out of date; update it with::

    python -m loaders.docs          # rewrite docs/input-format.md
    python -m loaders.docs --check  # exit status 1 when out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from loaders.schema import LIST_SEPARATOR, TABLES, Column
from loaders.validate import MAX_FIELD_CHARS, REQUIRED_TABLES

__all__ = ["BEGIN", "DOC_PATH", "END", "format_reference_markdown", "render"]

BEGIN = "<!-- BEGIN GENERATED from loaders/schema.py by `python -m loaders.docs`: do not edit by hand -->"
END = "<!-- END GENERATED -->"

#: The documentation file, relative to the project root.
DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "input-format.md"

_TYPES = {
    "text": "text",
    "integer": "integer",
    "number": "number",
    "date": "date",
    "list": f"list (`{LIST_SEPARATOR}`)",
}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _column_row(column: Column) -> str:
    ref = f"[`{column.ref}`](#{column.ref})" if column.ref else ""
    values = ", ".join(f"`{c}`" for c in column.choices)
    cells = [
        f"`{column.name}`",
        _cell(_TYPES[column.type]),
        "**yes**" if column.required else "",
        ref,
        values,
        _cell(column.help),
    ]
    return "| " + " | ".join(cells) + " |"


def format_reference_markdown() -> str:
    """Every table of the schema with its columns (type, required, reference, values, help), as Markdown."""
    lines = [
        "| Table | Key | Required | What it holds |",
        "|---|---|---|---|",
    ]
    for table in TABLES.values():
        key = ", ".join(f"`{k}`" for k in table.key)
        required = "**yes**" if table.name in REQUIRED_TABLES else ""
        lines.append(f"| [`{table.name}`](#{table.name}) | {key} | {required} | {_cell(table.help)} |")
    lines.append("")
    lines.append(
        f"Types: **text**; **integer**; **number** (decimal point or comma, spaces as thousands separators); "
        f"**date** (`YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `DD/MM/YYYY`); **list** (values separated by "
        f"`{LIST_SEPARATOR}`). A cell holds at most {MAX_FIELD_CHARS:,} characters."
    )
    for table in TABLES.values():
        lines += ["", f"### {table.name}", "", table.help, ""]
        key = " + ".join(f"`{k}`" for k in table.key)
        unique = "unique" if len(table.key) == 1 else "unique together"
        where = f'File `{table.name}.csv`, sheet `{table.name}`, JSON key `"{table.name}"`.'
        required = " This table is required." if table.name in REQUIRED_TABLES else ""
        lines += [f"Key: {key} ({unique}). {where}{required}", ""]
        lines += [
            "| Column | Type | Required | Refers to | Values | Description |",
            "|---|---|---|---|---|---|",
        ]
        lines += [_column_row(c) for c in table.columns]
    return "\n".join(lines) + "\n"


def render(document: str) -> str:
    """``document`` with the text between the markers replaced by :func:`format_reference_markdown`."""
    try:
        head, rest = document.split(BEGIN + "\n", 1)
        _, tail = rest.split(END, 1)
    except ValueError:
        raise ValueError(f"the markers {BEGIN!r} and {END!r} are missing") from None
    return f"{head}{BEGIN}\n{format_reference_markdown()}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    current = DOC_PATH.read_text(encoding="utf-8")
    expected = render(current)
    if "--check" in args:
        if current != expected:
            print(f"{DOC_PATH} is out of date: run python -m loaders.docs", file=sys.stderr)
            return 1
        return 0
    if current != expected:
        DOC_PATH.write_text(expected, encoding="utf-8")
        print(f"updated {DOC_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
