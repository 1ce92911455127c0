"""The flow stays one-way: core <- export <- present <- cli/app, and each layer keeps to its job."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GEO = ROOT / "geo"
UI_LIBRARIES = {"streamlit", "folium", "streamlit_folium", "branca"}
PURE_MODULES = ("timeline", "timeindex", "dates", "model", "text")


def _imports(path: Path) -> set[str]:
    """Every module a file imports, absolute and dotted (``geo.core.model``, ``numpy``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "geo" or node.module.startswith("geo."):
                names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def _layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if parts[0] == "geo" and len(parts) > 1 else None


def _files(layer: str) -> list[Path]:
    return sorted((GEO / layer).rglob("*.py"))


def test_every_module_sits_in_a_layer():
    loose = sorted(p.name for p in GEO.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "cli.py"]


@pytest.mark.parametrize(
    ("layer", "allowed"),
    [("core", {"core"}), ("export", {"core", "export"}), ("present", {"core", "export", "present"})],
)
def test_a_layer_imports_only_the_layers_beneath_it(layer, allowed):
    offenders = {
        f"{path.relative_to(GEO)} imports {name}"
        for path in _files(layer)
        for name in _imports(path)
        if _layer(name) is not None and _layer(name) not in allowed and name != "geo"
    }
    assert offenders == set()


def test_nothing_but_present_and_the_app_imports_a_ui_library():
    others = [*GEO.glob("*.py"), *_files("core"), *_files("export")]
    offenders = [str(p.relative_to(ROOT)) for p in others if {n.split(".")[0] for n in _imports(p)} & UI_LIBRARIES]
    assert offenders == []


def test_time_logic_and_words_do_no_io():
    for name in PURE_MODULES:
        path = GEO / "core" / f"{name}.py"
        source = path.read_text(encoding="utf-8")
        for call in ("open(", "read_text", "write_text"):
            assert call not in source, (name, call)
        top = {n.split(".")[0] for n in _imports(path)}
        assert not top & {"os", "pathlib", "geopandas", "pandas"}, name


def test_no_bare_asserts_in_the_package():
    for path in GEO.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not any(isinstance(n, ast.Assert) for n in ast.walk(tree)), path.name


def test_importing_the_briefing_does_not_load_geopandas():
    code = "import sys, geo.present.briefing; print('geopandas' in sys.modules, 'streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "False"]
