"""What a printed page says about itself: its filters, the date, and where its data came from.

Every page prints as a report (``@media print`` in ``style.css`` hides the
navigation, the forms and the buttons); ``base.html`` shows, in print only,
the page's title and :func:`report_header`: the filters of its URL, the date
it was printed, and the source of the data (the load sources of the graph,
its engine, name and version).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from flask import Blueprint, request
from flask_babel import format_datetime

from web.charts import current_analysis
from web.i18n import gettext
from web.state import get_state

__all__ = ["IGNORED", "SOURCES_SHOWN", "bp", "report_header"]

log = logging.getLogger(__name__)

bp = Blueprint("report", __name__)

#: URL parameters that are not filters (the language, the answer's format).
IGNORED = frozenset({"lang", "format"})
#: Load sources named (the most used first).
SOURCES_SHOWN = 3


def _sources() -> list[str]:
    """The graph's load sources (cached per graph version); none when the store cannot say."""
    state = get_state()
    try:
        version = current_analysis().version
        rows = state.cached(("sources", version), lambda: state.store.read("data_sources", limit=SOURCES_SHOWN + 1))
    except Exception:  # a printed header must not turn a page (an error page among them) into another error
        log.warning("the data sources could not be read for the printed header", exc_info=True)
        return []
    return [str(row["source"]) for row in rows]


def report_header() -> dict[str, Any]:
    """The printed header's facts: ``filters`` (name, values), ``printed`` (the date), ``source``, ``graph``."""
    filters = [(k, ", ".join(request.args.getlist(k))) for k in request.args if k not in IGNORED]
    sources = _sources()
    shown = "; ".join(sources[:SOURCES_SHOWN]) + (" …" if len(sources) > SOURCES_SHOWN else "")
    state = get_state()
    try:
        store = state.store
        graph = gettext("%(engine)s graph %(name)s", engine=store.dialect, name=store.graph_id)
    except Exception:
        log.warning("the graph could not be named for the printed header", exc_info=True)
        graph = ""
    return {"filters": filters, "printed": format_datetime(datetime.now(), "medium"), "source": shown, "graph": graph}


@bp.app_context_processor
def _report() -> dict[str, Any]:
    return {"report_header": report_header}
