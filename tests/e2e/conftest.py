"""Browser tests: Debian's Chromium driven by pytest-playwright against pytest-django's `live_server`.

Playwright cannot download its own browser on these machines, so every test runs on
/usr/bin/chromium (installed by scripts/install-test-system-deps.sh). A missing browser fails the
run instead of skipping it, so a machine without one cannot pass the suite by accident.
Screenshots, the ones a test takes and one per page of any failed test, go to test-artifacts/.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

# CI runs two test workers, each with a browser, a live server and a database, on two cores: give
# assertions room to wait for a loaded machine (they return as soon as the condition holds).
expect.set_options(timeout=15_000)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # root in a container: Chromium's sandbox needs user namespaces it does not get
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # No traffic but the test's own: these machines reach nothing else, and waiting on it is slow.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}


def _artifacts_path(config) -> Path:
    path = config.rootpath / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session", autouse=True)
def artifacts_dir(pytestconfig) -> Path:
    """test-artifacts/ (gitignored), cleared of the last run's failure screenshots."""
    path = _artifacts_path(pytestconfig)
    for stale in path.glob("failed-*.png"):
        stale.unlink()
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: run scripts/install-test-system-deps.sh (as root)", pytrace=False)
    headless = browser_type_launch_args.get("headless", True)  # --headed turns it off
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*(["--headless=new"] if headless else []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Pages are opened by path (`page.goto("/units/")`) on the live server.

    This also replaces pytest-playwright's own `base_url` fallback, a session fixture written as an
    instance method, which pytest >= 9.2 deprecates (PytestRemovedIn10Warning, an error here).
    """
    return live_server.url


@pytest.fixture(scope="session")
def viewport() -> dict:
    return DESKTOP_VIEWPORT


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, viewport):
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
        "viewport": viewport,
    }


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        _screenshot_pages(item)
    return report


def _screenshot_pages(item) -> None:
    """Keep what every open page showed when the test failed (pages close at teardown)."""
    browser = item.funcargs.get("browser")
    if browser is None:
        return
    folder = _artifacts_path(item.config)
    pages = [p for context in browser.contexts for p in context.pages]
    for index, page in enumerate(pages, start=1):
        try:
            page.screenshot(path=folder / f"failed-{item.name}-{index}.png", full_page=True)
        except Exception as exc:  # a broken page must not hide the test's own failure
            item.add_report_section("call", "screenshot", f"{page.url}: {exc}")


@pytest.fixture
def page(page):
    """The test's page, failing the test if the browser refused anything under the Content Security Policy
    (an inline script or style, an outside resource): what the policy blocks, an officer would find broken."""
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    yield page
    assert not refused, "Blocked by the Content Security Policy:\n" + "\n".join(refused)
