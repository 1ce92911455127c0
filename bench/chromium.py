"""What every browser benchmark shares: Debian's Chromium and the flags the browser tests run it with, a free port."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import CHROMIUM_FLAGS as FLAGS  # noqa: E402  (one flag list, the tests')
from tests.conftest import chromium_path  # noqa: E402

__all__ = ["CHROMIUM", "FLAGS", "free_port"]

CHROMIUM = chromium_path()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
