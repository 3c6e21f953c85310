"""The three adapters have one shape (docs/architecture.md): a pure `translate.py` and
`render.py`, a `listeners/` package whose every module registers its listeners explicitly
(`register(...)`, no discovery), a `runner.py`, and the same module for the same concept.
The platform adapters never import each other. A static check (`ast`): nothing is imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ADAPTERS = Path(__file__).resolve().parents[1] / "adapters"
EVERY_ADAPTER = ("slack", "discord", "console")
PLATFORMS = ("slack", "discord")
SHAPE = ("translate.py", "render.py", "runner.py", "listeners/__init__.py")
# The same concept in the same module: evidence downloads, rooms, people, delivery.
ALIKE = {"files.py": EVERY_ADAPTER, "people.py": EVERY_ADAPTER, "delivery.py": EVERY_ADAPTER,
         "rooms.py": PLATFORMS}


def _functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _classes(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.ClassDef)}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve from the file's package
                package = list(path.relative_to(ADAPTERS.parent).parent.parts)
                base = package[: len(package) - (node.level - 1)]
                found.add(".".join([*base, *([node.module] if node.module else [])]))
            elif node.module:
                found.add(node.module)
    return found


@pytest.mark.parametrize("adapter", EVERY_ADAPTER)
def test_every_adapter_has_the_same_shape(adapter: str) -> None:
    missing = [name for name in SHAPE if not (ADAPTERS / adapter / name).is_file()]
    assert not missing, f"adapters/{adapter} lacks {missing}"


@pytest.mark.parametrize("adapter", EVERY_ADAPTER)
def test_every_listener_module_registers_explicitly(adapter: str) -> None:
    modules = sorted((ADAPTERS / adapter / "listeners").glob("*.py"))
    assert len(modules) >= 2, "a listeners package with its listener modules"
    unregistered = [m.name for m in modules if "register" not in _functions(m)]
    assert not unregistered, f"adapters/{adapter}/listeners without register(): {unregistered}"


@pytest.mark.parametrize("module", list(ALIKE))
def test_one_concept_has_one_module_name(module: str) -> None:
    missing = [a for a in ALIKE[module] if not (ADAPTERS / a / module).is_file()]
    assert not missing, f"no {module} in adapters/{missing}"


def test_rooms_are_named_alike() -> None:
    for adapter in PLATFORMS:
        assert "CaseRooms" in _classes(ADAPTERS / adapter / "rooms.py"), adapter


@pytest.mark.parametrize("adapter", PLATFORMS)
def test_the_platform_adapters_do_not_import_each_other(adapter: str) -> None:
    other = next(p for p in PLATFORMS if p != adapter)
    crossing = [str(path.relative_to(ADAPTERS.parent))
                for path in sorted((ADAPTERS / adapter).rglob("*.py"))
                for name in _imports(path)
                if name == f"adapters.{other}" or name.startswith(f"adapters.{other}.")
                or (name == "adapters" and other in _imported_names(path))]
    assert not crossing, f"adapters/{adapter} imports adapters/{other}: {crossing}"


def _imported_names(path: Path) -> set[str]:
    """Names taken by `from adapters import x`."""
    return {alias.name for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and node.module == "adapters"
            for alias in node.names}
