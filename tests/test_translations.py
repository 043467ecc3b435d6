"""The interface's gettext catalogs are complete and current.

Messages are extracted from the code and templates exactly as
``scripts/translations update`` does (babel.cfg, keywords ``_l`` and
``Message``); each must be in the committed ``messages.pot`` and have a
French translation (not empty, not fuzzy, with the same ``%(name)s``
placeholders), and the compiled ``messages.mo`` must say what the ``.po``
says. A message written so that pybabel cannot read it (``_(variable)``,
``Message(f"...")``) fails too: it could never be translated.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jinja2
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from jinja2 import nodes

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "web" / "translations"
LANGUAGES = [p.name for p in TRANSLATIONS.iterdir() if (p / "LC_MESSAGES" / "messages.po").exists()]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "Message": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdrf]|%%")
UPDATE = "run scripts/translations update, translate, then scripts/translations compile"


def extracted() -> dict[str, list[str]]:
    """msgid -> where it is used, read from the sources as pybabel reads them."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def catalog(lang: str, suffix: str = "po"):
    path = TRANSLATIONS / lang / "LC_MESSAGES" / f"messages.{suffix}"
    with open(path, "rb") as f:
        return read_po(f) if suffix == "po" else read_mo(f)


@pytest.fixture(scope="module")
def messages() -> dict[str, list[str]]:
    found = extracted()
    assert len(found) > 50, f"only {len(found)} messages extracted: is babel.cfg right?"
    return found


def test_french_is_a_language():
    assert "fr" in LANGUAGES


def test_the_template_has_every_message(messages):
    with open(TRANSLATIONS / "messages.pot", "rb") as f:
        pot = {m.id for m in read_po(f) if m.id}
    new = {m: where for m, where in messages.items() if m not in pot}
    assert not new, f"messages not in messages.pot ({UPDATE}): {new}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(messages, lang):
    po = catalog(lang)
    missing = {}
    for msgid, where in messages.items():
        entry = po.get(msgid)
        if entry is None or not entry.string or entry.fuzzy:
            missing[msgid] = where[0]
    assert not missing, f"{len(missing)} messages without a {lang} translation ({UPDATE}): {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_placeholders(lang):
    wrong = {}
    for entry in catalog(lang):
        if (
            entry.id
            and entry.string
            and sorted(PLACEHOLDER.findall(entry.id)) != sorted(PLACEHOLDER.findall(entry.string))
        ):
            wrong[entry.id] = entry.string
    assert not wrong, f"{lang}: translations whose %(name)s placeholders differ from the English: {wrong}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalog_is_current(lang):
    po = {m.id: m.string for m in catalog(lang) if m.id and m.string and not m.fuzzy}
    mo = {m.id: m.string for m in catalog(lang, "mo") if m.id}
    assert po == mo, f"{lang}: messages.mo differs from messages.po: run scripts/translations compile"


def test_templates_only_translate_literal_text():
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    unreadable = []
    for path in sorted((ROOT / "web" / "templates").glob("*.html")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        for call in tree.find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name in ("_", "gettext"):
                if not call.args or not isinstance(call.args[0], nodes.Const):
                    unreadable.append(f"{path.name}:{call.lineno}")
    assert not unreadable, f"_() of something pybabel cannot read (write the text itself): {unreadable}"


def test_code_only_translates_literal_text():
    unreadable = []
    plumbing = {ROOT / "graph" / "text.py", ROOT / "web" / "i18n.py"}  # pass a Message's template on
    for folder in ("graph", "web", "partnernet"):
        for path in sorted(set((ROOT / folder).rglob("*.py")) - plumbing):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in ("Message", "_l", "gettext", "_gettext"):
                    continue
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    unreadable.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}(...)")
    assert not unreadable, f"messages pybabel cannot read (give the text itself, values as keywords): {unreadable}"
