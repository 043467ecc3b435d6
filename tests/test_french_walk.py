"""Every page in French, in Chromium: no English sentence left.

The walk opens each page of the demo network with a French browser, as a
user would reach it (forms filled, a node opened on the network page, error
pages too), and reads the text a person sees. What comes from the data
(names, titles, keywords: every string property of the graph) is allowed in
any language and removed first, as is code (Cypher, ids in ``<code>``). What
is left must hold no English word from :data:`ENGLISH` (words that are not
also French). Screenshots go to ``tests/artifacts/fr-*.png``.
"""

from __future__ import annotations

import re

import pytest

from tests.test_browser import browser, open_network, screenshot, server, wait_for  # noqa: F401 (fixtures)

#: Words that are English and not French: one of them left in a French page is an untranslated message.
ENGLISH = frozenset(
    """
    the and with of from to by is are was not no more than your this these those that which what who
    shown found show find give given only through any none nothing matches match unknown
    organization organizations partner partners project projects funded funder funders level narrower
    works shares shared hops hop cost rows row query queries saved run running search network hubs
    strength ties tie members member country countries years year size
    """.split()
)
#: Proper names and technical words allowed on French pages.
ALLOWED = frozenset({"partnernet", "cypher", "json", "csv", "louvain", "networkx", "adamic", "adar", "neo4j"})

PAGES = [
    ("network", "/network"),
    ("network-by-hub", "/network?color=hub&hub=1"),
    ("hubs", "/hubs"),
    ("hub", "/hubs/1"),
    ("organization", "/organizations/cnam"),
    ("changes", "/changes"),
    ("search", "/search?q=cnam"),
    ("paths-form", "/paths"),
    ("paths", "/paths?from=cnam&to=pc-casablanca"),
    ("partners-form", "/partners"),
    ("partners", "/partners?q=cybers%C3%A9curit%C3%A9"),
    ("partners-nothing", "/partners?q=blockchain"),
    ("recommendations", "/recommendations?org=pc-casablanca"),
    ("recommendations-unknown", "/recommendations?org=nope"),
    ("console", "/console"),
    ("library", "/library"),
    ("signin", "/signin"),
    ("error-404", "/organizations/nope"),
    ("error-400", "/network?country=zz"),
    ("error-year", "/network?year_from=2020&year_to=2010"),
]

#: The page's text as a person reads it, one line per text node, without code, scripts and form values.
VISIBLE_TEXT = """() => {
  const skip = 'script, style, code, pre, textarea, select, [hidden]';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const lines = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.parentElement.closest(skip) && n.textContent.trim()) lines.push(n.textContent.trim());
  }
  return lines.join('\\n');
}"""
#: 0.44 or 1,452,000: a number formatted for English (French writes 0,44 and 1 452 000; "1,452" could be
#: a French decimal, so the walk checks thousands on the network page's summary instead).
ENGLISH_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3}){2,}(?![\d])|(?<![\w.])\d+\.\d+(?![\d.])")
#: Literal values quoted in a message ('zz', « country »), parameter names and Cypher parameters.
LITERALS = re.compile(r"'[^'\n]*'|«[^»\n]*»|“[^”\n]*”|\$?\b\w+_\w+\b|\$\w+")


@pytest.fixture(scope="module")
def data_strings(demo_store) -> re.Pattern:
    """Every string held by the graph (names, titles, keywords...), as whole words, longest first."""
    found: set[str] = set()
    for query in ("MATCH (n) RETURN properties(n) AS p", "MATCH ()-[r]->() RETURN properties(r) AS p"):
        for row in demo_store.run(query, limit=1_000_000).rows:
            for value in row["p"].values():
                values = value if isinstance(value, list) else [value]
                found.update(v.strip() for v in values if isinstance(v, str) and len(v.strip()) > 1)
    alternatives = "|".join(re.escape(s) for s in sorted(found, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


@pytest.fixture
def french(browser):  # noqa: F811
    context = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


def english_left(text: str, data: re.Pattern) -> list[str]:
    """The English words of ``text`` once the data's strings are taken out, each with its context."""
    text = LITERALS.sub(" ", data.sub(" ", text))
    found = []
    for m in re.finditer(r"[A-Za-z][A-Za-z'’]*", text):
        word = m.group(0).lower().split("'")[0].split("’")[0]
        if word in ENGLISH and word not in ALLOWED:
            found.append(text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " "))
    return found


@pytest.mark.parametrize("name, url", PAGES, ids=[p[0] for p in PAGES])
def test_page_is_french(french, server, data_strings, name, url):  # noqa: F811
    page = french
    sep = "&" if "?" in url else "?"
    if name == "network":
        open_network(page, server + url + sep + "lang=fr&selected=cnam")  # with a node's side panel open
        wait_for(page, "document.querySelector('#panel-body').dataset.node === 'cnam'")
        summary = page.inner_text("#summary")  # the demo has more than 1,000 ties: "1 456 liens sur 3 361"
        assert re.search(r"\d[\u202f\u00a0 ]\d{3} liens", summary), summary
    else:
        page.goto(server + url + sep + "lang=fr")
    assert page.evaluate("document.documentElement.lang") == "fr"
    left = english_left(page.evaluate(VISIBLE_TEXT), data_strings)
    screenshot(page, f"fr-{name}")
    assert not left, f"English left on {url} in French: {left}"
    numbers = ENGLISH_NUMBER.findall(LITERALS.sub(" ", data_strings.sub(" ", page.evaluate(VISIBLE_TEXT))))
    assert not numbers, f"numbers written the English way on {url} in French: {numbers}"
