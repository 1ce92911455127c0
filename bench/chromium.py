"""What every browser benchmark shares: Debian's Chromium, the flags it runs with here, a free local port."""

from __future__ import annotations

import os
import socket

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: Headless, and quiet on a machine with no network: no background, update or sync requests.
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
