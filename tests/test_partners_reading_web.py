"""/partners says how it read the query: the words it did not understand, in English and in French (demo network)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("lang", "label"), [("en", "not understood: zorglub"), ("fr", "non compris\u00a0: zorglub")])
def test_words_that_match_nothing_are_listed_as_not_understood(client, lang, label):
    page = client.get(f"/partners?q=cybers%C3%A9curit%C3%A9+zorglub&lang={lang}").get_data(as_text=True)
    assert 'id="reading"' in page and 'id="not-understood"' in page
    assert label in page


def test_a_query_understood_whole_lists_nothing_as_not_understood(client):
    page = client.get("/partners?q=cybersecurity").get_data(as_text=True)
    assert 'id="reading"' in page and 'id="not-understood"' not in page


def test_the_reading_is_in_the_json_answer(client):
    reading = client.get("/partners.json?q=cybersecurity+zorglub").get_json()
    assert reading["reading"]["ignored"] == ["zorglub"]
