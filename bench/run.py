"""Every benchmark of the project, one after another: `make bench`."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

SUITES = ("bench_core", "bench_app", "bench_briefing")  # bench_e2e: `make bench-e2e`


def main() -> None:
    for name in SUITES:
        if not (HERE / f"{name}.py").exists():
            continue
        print(f"\n== {name} ==", flush=True)
        importlib.import_module(name).main()


if __name__ == "__main__":
    main()
