"""What to suggest when what was typed names nothing: names close to it, and only those.

The partner finder suggests expertise names for a query that matches nothing
(:func:`closest_terms`); organization names are suggested for a name that
matches no organization (:mod:`graph.analytics.names`), and funders for an
unknown funder (:mod:`graph.analytics.filters`). All follow one rule,
:func:`is_close`: a name is suggested for what was typed only when both

* at least half of their letters are in common, in order:
  :func:`similarity`, the :class:`difflib.SequenceMatcher` ratio of the two
  folded texts (``2 * letters matched / (len(a) + len(b))``), is at least
  :data:`CLOSE` (0.5); and
* one of the name's words is a typo away from one of the words typed
  (:func:`typo_away`): at most one edit (a letter added, removed, changed, or
  two neighbours swapped) per :data:`LETTERS_PER_EDIT` letters of the shorter
  word, and at least one.

The first condition keeps long names away from a word they merely contain
("Food security, sustainable agriculture…" is 0.15 similar to
"cybersécurité"); the second keeps away names that share letters by chance
("Énergie" is 0.57 similar to "penguin", "Food security" 0.54 to
"cybersécurité", but no word of either is a typo of a word typed). "soler"
still gets "Solar energy" (0.59, and "solar" is one edit from "soler").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from graph.analytics.index import PartnerIndex, query_words
from graph.text import fold

__all__ = ["CLOSE", "LETTERS_PER_EDIT", "close_names", "closest_terms", "is_close", "similarity", "typo_away"]

#: Least :func:`similarity` of a suggestion to what was typed.
CLOSE = 0.5
#: A word may differ from the word typed by one edit per this many letters (of the shorter one), one at least.
LETTERS_PER_EDIT = 4


def similarity(typed: str, name: str) -> float:
    """The share of letters ``typed`` and ``name`` have in common, in order (difflib's ratio, folded text).

    >>> round(similarity("soler", "Solar energy"), 2), round(similarity("Cybersécurité", "Food security"), 2)
    (0.59, 0.54)
    """
    a, b = " ".join(fold(typed).split()), " ".join(fold(name).split())
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _edits(a: str, b: str, most: int) -> int:
    """Edits from ``a`` to ``b`` (Damerau–Levenshtein, adjacent swaps counting one), or ``most + 1`` if more."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > most:
            return most + 1
        before, previous = previous, current
    return previous[-1]


def typo_away(typed: str, word: str) -> bool:
    """Whether ``word`` is a typo away from ``typed`` (both folded words; see the module docstring).

    >>> typo_away("soler", "solar"), typo_away("cnma", "cnam"), typo_away("polytecnique", "polytechnique")
    (True, True, True)
    >>> typo_away("cybersecurite", "securite"), typo_away("penguin", "energie"), typo_away("tennis", "geotechnics")
    (False, False, False)
    """
    most = max(1, min(len(typed), len(word)) // LETTERS_PER_EDIT)
    return _edits(typed, word, most) <= most


def is_close(typed: str, name: str) -> bool:
    """Whether ``name`` may be suggested for ``typed``: :func:`similarity` at least :data:`CLOSE`, and one of
    its words a typo away from a word typed (:func:`typo_away`; function words and single letters aside).

    >>> is_close("soler", "Solar energy"), is_close("penguin", "Énergie"), is_close("cybersécurité", "Food security")
    (True, False, False)
    """
    words = query_words(typed)
    if not words or similarity(typed, name) < CLOSE:
        return False
    return any(typo_away(w, n) for n in query_words(name) for w in words)


def close_names(typed: str, names: Iterable[str], n: int = 5) -> list[str]:
    """At most ``n`` of ``names`` close to ``typed`` (:func:`is_close`), most similar first (then by name).

    >>> close_names("AFX", ["AFD", "Erasmus+", "ANR"])
    ['AFD']
    """
    scored = sorted((-similarity(typed, name), name) for name in dict.fromkeys(names) if is_close(typed, name))
    return [name for _, name in scored[:n]]


def closest_terms(index: PartnerIndex, query: str, n: int = 5) -> list[str]:
    """At most ``n`` expertise names (English or French) close to ``query`` (:func:`is_close`), closest first.

    >>> from graph.analytics.cooperation import cooperation_graph
    >>> from graph.analytics.index import PartnerIndex
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> index = PartnerIndex(cooperation_graph(snapshot_from_network({"expertise": [
    ...     {"id": "solar", "name": "Solar energy", "name_fr": "Énergie solaire"}, {"id": "law", "name": "Law"}]})))
    >>> closest_terms(index, "soler"), closest_terms(index, "solair"), closest_terms(index, "blockchain")
    (['Solar energy'], ['Énergie solaire', 'Solar energy'], [])
    """
    expertise = index.coop.snapshot.expertise
    labels = (label for row in expertise.values() for label in (row.get("name"), row.get("name_fr")) if label)
    return close_names(query, labels, n)
