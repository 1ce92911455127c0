"""Load test of the dashboard: concurrent browser sessions moving the date slider, on localhost only.

    python bench/load.py [--sessions 20] [--steps 20] [--seeds DIR]

Starts ``streamlit run app.py`` on a free loopback port, opens ``--sessions`` pages in one
headless Chromium (Debian's, as the tests use), one every ``--ramp`` seconds, and in each moves the
date slider one day ``--steps`` times, waiting each time for the server's answer (the page's URL
carries the new date). Prints the steps completed, the errors (console errors, failed steps) and
the server's resident memory before and after. Bounded: every wait has a timeout and the run
stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from chromium import CHROMIUM, FLAGS, free_port

ROOT = Path(__file__).resolve().parent.parent


def _rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _serve(seeds: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "LIBYA_SEEDS": str(seeds)}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("the dashboard did not start within 60 s")


async def _session(browser, url: str, steps: int, errors: list[str], delay: float) -> int:
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    done = 0
    try:
        start = dt.date(2011, 1, 1)
        await page.goto(f"{url}/?date={start.isoformat()}", timeout=90_000)
        slider = page.get_by_role("slider", name="Date").last
        await slider.wait_for(timeout=90_000)
        await slider.focus()
        for step in range(1, steps + 1):
            await page.keyboard.press("ArrowRight")
            day = start + dt.timedelta(days=step)
            await page.wait_for_url(f"**date={day.isoformat()}**", timeout=60_000)
            done += 1
    except Exception as exc:  # a failed session is counted, not fatal to the run
        errors.append(f"{type(exc).__name__}: {exc}".splitlines()[0])
    finally:
        await context.close()
    return done


async def _run(url: str, sessions: int, steps: int, ramp: float) -> tuple[int, list[str], float]:
    from playwright.async_api import async_playwright

    errors: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        start = time.monotonic()
        done = await asyncio.gather(*(_session(browser, url, steps, errors, i * ramp) for i in range(sessions)))
        seconds = time.monotonic() - start
        await browser.close()
    return sum(done), errors, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--seeds", default=str(ROOT / "seeds"))
    parser.add_argument("--ramp", type=float, default=2.0, help="seconds between two sessions' arrivals")
    args = parser.parse_args()
    proc, url = _serve(Path(args.seeds))
    try:
        before = _rss_mb(proc.pid)
        done, errors, seconds = asyncio.run(_run(url, args.sessions, args.steps, args.ramp))
        after = _rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(
        f"sessions {args.sessions} (one every {args.ramp:g} s), steps asked {args.sessions * args.steps}, "
        f"steps completed {done}, errors {len(errors)}, {seconds:.0f} s"
    )
    print(f"server RSS before {before:.0f} MB, after {after:.0f} MB")
    for error in sorted(set(errors))[:20]:
        print(f"  error: {error}")
    return 0 if not errors and done == args.sessions * args.steps else 1


if __name__ == "__main__":
    raise SystemExit(main())
