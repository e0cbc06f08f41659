"""The report in a real browser: it loads offline, requests nothing, logs no error, and shows
every section and chart. Runs headless Chromium (Debian's ``chromium`` package) through
Playwright; skipped only when Chromium is not installed."""

from __future__ import annotations

import shutil

import pytest

pytestmark = pytest.mark.browser

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SECTIONS = ("summary", "region", "plan", "deadlines", "census", "staffing", "costs",
            "compliance", "rules", "assumptions", "manifest")


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield launched
        launched.close()


def test_report_loads_offline_without_errors_or_requests(browser, shaoxing_report, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, failed, outside = [], [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))

    def guard(route):
        url = route.request.url
        if url.startswith(("file://", "data:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", guard)
    page.goto((shaoxing_report.folder / "report.html").as_uri(), wait_until="load")
    for section in SECTIONS:
        assert page.locator(f"section#{section} h2").is_visible()
    images = page.locator("figure img")
    assert images.count() == 8
    widths = page.eval_on_selector_all("figure img", "imgs => imgs.map(i => i.naturalWidth)")
    assert all(w > 300 for w in widths)               # every chart decoded
    assert page.locator("#table-compliance tbody tr").count() > 0
    page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
    assert (tmp_path / "report.png").stat().st_size > 10_000
    page.emulate_media(media="print")                 # the print style sheet hides the menu
    assert not page.locator("nav").is_visible()
    assert errors == [] and failed == [] and outside == []
    page.close()
