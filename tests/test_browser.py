"""The app in a real browser: `streamlit run app.py` over a small real-model index, driven
by Debian's Chromium through Playwright. Screenshots go to test-artifacts/."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.service import Assistant
from assistant.settings import Settings
from tests.app_corpus import write_corpus

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
MEDWAY_TITLE = "Improvement Update (Children and Young People Overview and Scrutiny Committee)"
CHAT_BOX = '[data-testid="stChatInputTextArea"]'


@pytest.fixture(scope="module")
def real_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Medway report, one Ofsted PDF and the injection paper, with the real model."""
    base = tmp_path_factory.mktemp("browser")
    settings = Settings(index=base / "index", upload_dir=base / "uploads")  # type: ignore[call-arg]
    report = Assistant(settings).ingest([write_corpus(base / "corpus", with_ofsted=True)])
    assert not report.failed, [(o.path.name, o.error) for o in report.failed]
    return base


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(real_index: Path) -> Iterator[str]:
    port = free_port()
    env = dict(os.environ, SCRUTINY_INDEX=str(real_index / "index"),
               SCRUTINY_UPLOAD_DIR=str(real_index / "uploads"), HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1")
    env.pop("SCRUTINY_EMBEDDER", None)
    log = (real_index / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, real_index / "server.log")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited ({proc.returncode}):\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"streamlit not healthy after {timeout} s:\n{log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Debian chromium is missing: run `make browser-deps` "
                    "(apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 1000})
    tab = context.new_page()
    started = time.monotonic()
    tab.goto(server)
    tab.wait_for_selector(CHAT_BOX, timeout=60_000)
    tab.first_render_seconds = time.monotonic() - started
    yield tab
    context.close()


def shot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.wait_for_timeout(600)  # let fonts and transitions settle
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    return path


def ask(page, question: str):  # type: ignore[no-untyped-def]
    """Type a question and wait for its answer. A question typed while the page is still
    settling can be dropped by the browser, so submission is confirmed and retried once."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    sent = page.locator(".question-text", has_text=question)
    for _ in range(2):
        box = page.locator(CHAT_BOX)
        box.fill(question)
        box.press("Enter")
        try:
            sent.wait_for(timeout=15_000)
            break
        except PlaywrightTimeout:
            page.wait_for_timeout(1_000)
    page.wait_for_selector(".source-card", timeout=180_000)
    page.wait_for_selector('[data-testid="stSpinner"]', state="detached", timeout=60_000)


def test_a_question_gets_a_cited_answer_and_the_library_opens(page) -> None:  # type: ignore[no-untyped-def]
    assert page.first_render_seconds < 30
    shot(page, "01-start.png")
    ask(page, "What is the social worker turnover rate?")
    answer = page.locator(".answer-text").first.inner_text()
    assert "Turnover rate is 27%" in answer and "[1]" in answer
    card = page.locator(".source-card").first.inner_text()
    assert MEDWAY_TITLE in card
    assert "page 1" in card and "paragraph 5.6" in card
    assert "Searched 3 documents" in page.locator(".scope").first.inner_text()
    shot(page, "02-answer.png")

    page.get_by_role("button", name="Read the document").first.click()
    page.wait_for_selector(".passage .cited")
    assert "Turnover rate is 27%" in page.locator(".passage .cited").first.inner_text()
    shot(page, "03-source.png")
    page.keyboard.press("Escape")

    page.get_by_role("link", name="Library").click()
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    assert "3 documents" in page.get_by_text("searchable passages").inner_text()
    shot(page, "04-library.png")


def test_markup_inside_a_document_stays_inert(page) -> None:  # type: ignore[no-untyped-def]
    ask(page, "What did the library opening hours survey find?")
    testshire = page.locator('[class*="st-key-card-"]').filter(
        has=page.locator(".source-card", has_text="Library opening hours review")).first
    assert testshire.count() == 1
    # Open the whole document: all four injection attempts are now on the page.
    testshire.get_by_role("button", name="Read the document").click()
    page.wait_for_selector(".passage")
    shown = page.locator(".passage").first.inner_text()
    assert "<script>window.__pwned = 1</script>" in shown
    assert '<img src=x onerror="window.__pwned = 2">' in shown
    assert "[read the details](javascript:alert(1))" in shown
    assert "![chart](http://x/y.png)" in shown
    found = page.evaluate("""() => ({
        pwned: window.__pwned === undefined ? null : window.__pwned,
        imgs: [...document.querySelectorAll('img')].map(i => i.getAttribute('src'))
              .filter(s => s === 'x' || (s || '').includes('x/y.png')),
        scripts: [...document.querySelectorAll('script')]
              .filter(s => s.textContent.includes('__pwned')).length,
        jsLinks: [...document.querySelectorAll('[href]')]
              .filter(a => a.getAttribute('href').trim().toLowerCase()
                            .startsWith('javascript:')).length,
        onerror: document.querySelectorAll('[onerror]').length,
    })""")
    assert found == {"pwned": None, "imgs": [], "scripts": 0, "jsLinks": 0, "onerror": 0}
    shot(page, "05-injection.png")
