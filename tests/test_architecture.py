"""The flow stays one-way: pure time logic, no UI imports outside the UI modules."""

from __future__ import annotations

import ast
from pathlib import Path

GEO = Path(__file__).resolve().parent.parent / "geo"
UI_MODULES = {"mapview.py", "view.py"}
PURE_MODULES = {"timeline.py", "timeindex.py", "dates.py", "model.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_streamlit_or_folium_outside_the_ui_modules():
    for path in GEO.glob("*.py"):
        if path.name not in UI_MODULES:
            assert not _imports(path) & {"streamlit", "folium", "streamlit_folium"}, path.name


def test_time_logic_does_no_io():
    for name in PURE_MODULES:
        source = (GEO / name).read_text(encoding="utf-8")
        assert "open(" not in source and "read_text" not in source and "write_text" not in source, name
        assert not _imports(GEO / name) & {"os", "pathlib", "geopandas", "pandas"}, name


def test_no_bare_asserts_in_the_package():
    for path in GEO.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not any(isinstance(n, ast.Assert) for n in ast.walk(tree)), path.name
