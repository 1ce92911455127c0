"""Shared fixtures: the built-in and the tiny fixture datasets, a real headless Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from geo.core.load import load_dataset

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


@pytest.fixture(scope="session")
def dataset():
    """The built-in data in seeds/."""
    return load_dataset()


@pytest.fixture(scope="session")
def mini():
    """The tiny hand-made dataset in tests/fixtures/mini."""
    return load_dataset(MINI)


@pytest.fixture
def mini_copy(tmp_path):
    """A writable copy of the tiny dataset, for tests that break it on purpose."""
    target = tmp_path / "seeds"
    shutil.copytree(MINI, target)
    return target


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError(
            f"Chromium not found at {path}: install Debian's 'chromium' package (the browser tests never skip)"
        )
    return path


@pytest.fixture(scope="session")
def browser():
    """A real headless Chromium driven by Playwright; a missing browser is an error, not a skip."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chrome = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        yield chrome
        chrome.close()
