"""Every message key the interface uses exists in every language of :mod:`web.i18n`.

Keys are read from the source: ``_("key")`` in the templates, ``gettext("key")``
and ``labels.get("key")`` in ``web/*.py``, ``t("key")`` in ``web/static/*.js``.
A key built from a role (``"role." ~ r``, ``f"role.{r}"``, ``"role." + r``)
stands for one key per role of :data:`graph.model.ROLES`; a key taken from a
loop over a literal list (``{% for group in ("partners", ...) %}``) stands for
each item. A key built any other way fails the test: write it so it can be read.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from graph.model import ROLES
from web.i18n import LANGUAGES, MESSAGES

WEB = Path(__file__).resolve().parent.parent / "web"
TEMPLATES = sorted((WEB / "templates").glob("*.html"))
#: The one prefix a key may be built with, and what it is completed with.
BUILT = {"role.": ROLES}


def _built(prefix: str, where: str) -> set[str]:
    assert prefix in BUILT, f"{where}: a message key built from {prefix!r}: only {sorted(BUILT)} can be read"
    return {prefix + item for item in BUILT[prefix]}


def _loop_items(tree: nodes.Template, name: str, where: str) -> set[str]:
    """The items of ``{% for NAME in ("a", "b") %}`` (the loops that give a key)."""
    found: set[str] = set()
    for loop in tree.find_all(nodes.For):
        if isinstance(loop.target, nodes.Name) and loop.target.name == name:
            assert isinstance(loop.iter, nodes.Tuple | nodes.List), f"{where}: _({name}) loops over something unread"
            found.update(item.value for item in loop.iter.items if isinstance(item, nodes.Const))
    assert found, f"{where}: _({name}) with no literal loop giving {name}"
    return found


def template_keys(path: Path) -> set[str]:
    """The keys of every ``_()`` call of a template."""
    tree = jinja2.Environment().parse(path.read_text(encoding="utf-8"))
    keys: set[str] = set()
    for call in tree.find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name == "_"):
            continue
        arg = call.args[0]
        if isinstance(arg, nodes.Const):
            keys.add(arg.value)
        elif isinstance(arg, nodes.Concat) and isinstance(arg.nodes[0], nodes.Const):
            keys |= _built(arg.nodes[0].value, path.name)
        elif isinstance(arg, nodes.Name):
            keys |= _loop_items(tree, arg.name, path.name)
        else:
            pytest.fail(f"{path.name}:{call.lineno}: a message key the test cannot read")
    return keys


def _is_message_call(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in ("gettext", "_")
    return isinstance(func, ast.Attribute) and func.attr == "get" and getattr(func.value, "id", None) == "labels"


def python_keys(path: Path) -> set[str]:
    """The keys of ``gettext()``/``_()`` calls and of ``labels.get()`` (the drawing's translated labels)."""
    keys: set[str] = set()
    for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(call, ast.Call) and _is_message_call(call) and call.args):
            continue
        arg = call.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            keys.add(arg.value)
        elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
            keys |= _built(str(arg.values[0].value), path.name)
        else:
            pytest.fail(f"{path.name}:{call.lineno}: a message key the test cannot read")
    return keys


def script_keys(path: Path) -> set[str]:
    """The keys of ``t()`` calls of a script (its messages come from the page)."""
    source = path.read_text(encoding="utf-8")
    keys: set[str] = set()
    for arg in re.findall(r"\bt\(([^()]*)\)", source):
        arg = arg.strip()
        if literal := re.fullmatch(r"""(["'])([^"']+)\1""", arg):
            keys.add(literal.group(2))
        elif built := re.fullmatch(r"""(["'])([^"']+)\1\s*\+\s*\w+""", arg):
            keys |= _built(built.group(2), path.name)
        elif re.fullmatch(r"\w+", arg) and arg != "key":
            loop = re.search(r"\[([^\]]*)\]\.forEach\(function \(" + arg + r"\)", source)
            assert loop, f"{path.name}: t({arg}) with no literal list giving {arg}"
            keys.update(re.findall(r"""["']([^"']+)["']""", loop.group(1)))
        elif arg != "key":  # the definition of t(key) itself
            pytest.fail(f"{path.name}: t({arg}): a message key the test cannot read")
    return keys


def page_messages(template: str) -> set[str]:
    """The keys a page hands its script (the constant keys of the dicts it writes with ``tojson``)."""
    tree = jinja2.Environment().parse((WEB / "templates" / template).read_text(encoding="utf-8"))
    return {
        pair.key.value
        for f in tree.find_all(nodes.Filter)
        if f.name == "tojson" and isinstance(f.node, nodes.Dict)
        for pair in f.node.items
        if isinstance(pair.key, nodes.Const)
    }


def used_keys() -> dict[str, set[str]]:
    """Every key in use -> where."""
    found = {p.name: template_keys(p) for p in TEMPLATES}
    found |= {p.name: python_keys(p) for p in sorted(WEB.glob("*.py"))}
    found |= {p.name: script_keys(p) for p in sorted((WEB / "static").glob("*.js"))}
    return found


def test_the_reading_of_keys_finds_what_is_there():
    keys = used_keys()
    assert {"network", "filters", "role.centre", "try"} <= keys["network.html"] | keys["_candidates.html"]
    assert {"agreement_partners", "parents", "members"} <= keys["organization.html"], "keys from a literal loop"
    assert {f"role.{r}" for r in ROLES} | {"strength"} <= keys["explorer.py"] | keys["drawing.py"]
    assert {"open_page", "no_results", "agreement_partners", "role.company"} <= keys["explorer.js"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_used_exists_in_every_language(lang):
    missing = {where: sorted(keys - set(MESSAGES[lang])) for where, keys in used_keys().items()}
    assert {where: keys for where, keys in missing.items() if keys} == {}


def test_scripts_get_every_key_they_use_from_their_page():
    assert script_keys(WEB / "static" / "explorer.js") <= page_messages("network.html")
    console = set(re.findall(r"\bmessages\.(\w+)", (WEB / "static" / "console.js").read_text(encoding="utf-8")))
    assert console and console <= page_messages("console.html")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_the_same_keys_and_placeholders():
    english = MESSAGES["en"]
    for lang in LANGUAGES:
        assert set(MESSAGES[lang]) == set(english), lang
        assert all(MESSAGES[lang][k].strip() for k in english), f"{lang}: an empty message"
        wrong = {k for k in english if _fields(MESSAGES[lang][k]) != _fields(english[k])}
        assert not wrong, f"{lang}: placeholders differ from English in {sorted(wrong)}"
