"""Browser tests: start the real app once per run (production build, its own database with the
demo workspace seeded from the real CSV files) and drive it with Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from lumenbase.config import PROJECT_ROOT

E2E_PORT = int(os.environ.get("LUMENBASE_E2E_PORT", "3100"))
E2E_DB = "lumenbase_e2e"
BASE_URL = f"http://localhost:{E2E_PORT}"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _wait_until_up(process: subprocess.Popen, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the app exited early; see {log_path}:\n{log_path.read_text()[-4000:]}"
            )
        try:
            with urllib.request.urlopen(f"{BASE_URL}/login", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(2)
    raise RuntimeError(f"the app did not answer within {timeout:.0f}s; see {log_path}")


@pytest.fixture(scope="session")
def app_url():
    from lumenbase import embedded_db
    from lumenbase.config import settings

    cfg = settings()
    if cfg.embedded_database:
        embedded_db.ensure_database(cfg)
        embedded_db.drop_database(cfg, E2E_DB)
    log_path = cfg.data_dir / "e2e-app.log"
    env = dict(os.environ, LUMENBASE_DB_NAME=E2E_DB)
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "lumenbase.cli", "run", "--port", str(E2E_PORT)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_up(process, log_path, timeout=900)
        yield BASE_URL
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium is missing: install Debian's package with `apt-get install chromium`."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=app_url)
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()
