"""For planners: the consortium builder (HTML and JSON), ``/consortium``.

The form states the need (``need``: expertise words, needs separated by
commas; ``topic``: the call's words), the rules of the call (``min_size``,
``min_countries``, ``kind``, ``require_country``, ``exclude_country``:
lists, repeated or comma-separated; ``max_size``) and who leads (``lead``:
an id or a name). The answer is :func:`graph.analytics.consortium.build_consortia`'s,
as JSON or as the page. A lead that names nothing or several organizations,
an unknown kind or country answers 400 with the form and what went wrong
(:func:`web.errors.form_error`); an empty form is a page (JSON: 400 saying
what to give).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from graph.analytics.consortium import Rules, build_consortia, split_needs
from graph.analytics.names import resolve_organization
from graph.errors import PartnernetError
from graph.text import Message
from web import args
from web.errors import form_error
from web.i18n import get_lang
from web.responses import Page, html_and_json
from web.state import get_state

__all__ = ["MAX_TEXT", "bp"]

bp = Blueprint("consortium", __name__)

#: Longest need or topic accepted (characters).
MAX_TEXT = 500
#: The form's fields, as the page shows them again.
FIELDS = (
    "lead",
    "need",
    "topic",
    "min_size",
    "min_countries",
    "kind",
    "require_country",
    "exclude_country",
    "max_size",
)


def _rules() -> Rules:
    """The call's rules the request states (lists repeated or comma-separated; sizes checked)."""
    return Rules(
        min_size=args.integer("min_size", 1, 100, default=3),
        min_countries=args.integer("min_countries", 0, 100, default=1),
        kinds=args.listed("kind"),
        require_countries=args.listed("require_country"),
        exclude_countries=args.listed("exclude_country"),
        max_size=args.integer("max_size", 1, 100),
    )


def _consortia(form: dict[str, str]) -> dict[str, Any]:
    """The consortia the form asks for, as the JSON gives them."""
    analysis = get_state().analysis()
    rules = _rules()
    try:
        lead = resolve_organization(analysis.snapshot, form["lead"])
    except PartnernetError as error:
        error.args = (Message("%(field)s: %(message)s", field="lead", message=error.args[0]), *error.args[1:])
        raise
    result = build_consortia(
        analysis.partner_index, lead, split_needs(form["need"]), rules, topic=form["topic"] or None, language=get_lang()
    )
    return result.to_dict()


@html_and_json(bp, "/consortium")
def consortium() -> Page:
    form = {k: args.text(k, MAX_TEXT) for k in FIELDS}
    if not (form["lead"] and split_needs(form["need"])):
        return Page.form(
            "consortium.html",
            Message("give lead and need: the leading organization (id or name) and the needed expertise"),
            form=form,
            consortia=None,
        )
    try:
        data = _consortia(form)
    except PartnernetError as error:
        return form_error("consortium.html", error, form=form, consortia=None)
    return Page("consortium.html", data, {"form": form})
