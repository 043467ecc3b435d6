"""Signing in and out in Debian's Chromium: the redirect, the form, the console's own requests once signed in
(the session cookie is ``SameSite=Strict`` and ``HttpOnly``), a viewer refused the console, signing out.

The browser and the page watch are tests/test_browser.py's; the app is served by waitress with accounts in
a temporary data folder. Screenshots: ``tests/artifacts/signin-*.png``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from tests import test_browser
from tests.test_browser import screenshot
from tests.test_console_browser import _expected_failures, _run
from web.users import Users

pytestmark = pytest.mark.engines("falkordb")

browser = test_browser.browser
page = test_browser.page

PASSWORD = "a password long enough"


@pytest.fixture(scope="module")
def served(demo_store):
    from benchmarks.explorer_h2020 import serving
    from web import create_app

    data_dir = Path(tempfile.mkdtemp(prefix="pn-authb-", dir="/tmp"))
    Users(data_dir).add("Ana", "analyst", PASSWORD)
    Users(data_dir).add("Vic", "viewer", PASSWORD)
    app = create_app({"TESTING": True, "STORE": demo_store, "SETTINGS": demo_store.settings.replace(data_dir=data_dir)})
    with serving(app) as base:
        yield base
    app.extensions["partnernet"].close()
    shutil.rmtree(data_dir, ignore_errors=True)


def _sign_in(page, name: str, password: str = PASSWORD) -> None:
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("#signin-form button[type=submit]")
    page.wait_for_load_state()


def test_sign_in_then_the_console_runs_then_sign_out(page, served):
    page.goto(served + "/console")
    assert page.url.startswith(served + "/signin?next=/console")
    screenshot(page, "signin-form")
    _sign_in(page, "ana", "not the password")
    assert page.locator("#signin-error").inner_text() == "wrong name or password"
    _sign_in(page, "ANA")
    assert page.url == served + "/console"
    assert page.locator("header .account").inner_text() == "Ana"
    _run(page, "RETURN 40 + 2 AS answer")
    assert page.locator("#results td").first.inner_text() == "42"
    screenshot(page, "signin-console")
    page.click("#signout-form button")
    page.wait_for_load_state()
    assert page.url == served + "/signin"
    page.goto(served + "/hubs")
    assert page.url.startswith(served + "/signin?next=/hubs")
    _expected_failures(page, 401)


def test_a_viewer_has_no_console(page, served):
    page.goto(served + "/signin")
    _sign_in(page, "vic")
    assert page.url == served + "/network"
    assert page.locator("header nav >> text=Console").count() == 0
    response = page.goto(served + "/console")
    assert response.status == 403 and "analyst" in page.locator("#error-message").inner_text()
    _expected_failures(page, 403)
