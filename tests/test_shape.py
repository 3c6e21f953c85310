"""The shape of the code, checked: no import cycles among the project's modules, no module
over 300 lines, and no reaching into another module's private names.

Imports are read with `ast` (every `import` and `from … import`, at any depth, except those
under `if TYPE_CHECKING:`, which never run). A private name is one with a leading underscore
but not a dunder; `self._x`, `cls._x` and `super()._x` are a class's own, and a named tuple's
documented `_replace`, `_asdict`, `_fields` and `_make` are public.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "storage", "adapters")
CHECKED = (*PACKAGES, "bench")
MAX_LINES = 300
NAMED_TUPLE_API = frozenset({"_replace", "_asdict", "_fields", "_make"})


def python_files(folders: tuple[str, ...] = CHECKED, root: Path = ROOT) -> Iterator[Path]:
    for folder in folders:
        yield from sorted((root / folder).rglob("*.py"))


def module_of(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imported_modules(tree: ast.Module, module: str, is_package: bool) -> Iterator[str]:
    """Every module a file imports when it runs (not under `if TYPE_CHECKING:`)."""
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if _type_checking(node):
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            yield name
            yield from (f"{name}.{alias.name}" for alias in node.names)
        pending.extend(ast.iter_child_nodes(node))


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module → the project modules it imports."""
    files = {module_of(p, root): p for p in python_files(PACKAGES, root)}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(), str(path))
        is_package = path.name == "__init__.py"
        graph[module] = {m for m in imported_modules(tree, module, is_package)
                         if m in files and m != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def private_reaches(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, code) of every use of another object's or module's private name."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                continue
            if (isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name)
                    and owner.func.id == "super"):
                continue
            yield node.lineno, ast.unparse(node)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if _private(alias.name):
                    yield node.lineno, f"from {node.module} import {alias.name}"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in NAMED_TUPLE_API


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


def test_no_module_over_300_lines() -> None:
    long = [f"{p.relative_to(ROOT)}: {n}" for p in python_files()
            if (n := len(p.read_text().splitlines())) > MAX_LINES]
    assert long == []


def test_no_reaching_into_private_names() -> None:
    reaches = [f"{p.relative_to(ROOT)}:{line} {code}" for p in python_files()
               for line, code in private_reaches(ast.parse(p.read_text()))]
    assert reaches == []


# -- the checks themselves ---------------------------------------------------------------------
def test_a_cycle_is_found_and_type_checking_imports_do_not_count(tmp_path: Path) -> None:
    (tmp_path / "bot").mkdir()
    for folder in PACKAGES[1:]:
        (tmp_path / folder).mkdir()
    (tmp_path / "bot" / "__init__.py").write_text("")
    (tmp_path / "bot" / "a.py").write_text("def f():\n    from bot import b\n")
    (tmp_path / "bot" / "b.py").write_text("from .c import x\n")
    (tmp_path / "bot" / "c.py").write_text("import bot.a\n")
    (tmp_path / "bot" / "d.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot import a\n")
    assert cycles(import_graph(tmp_path)) == [["bot.a", "bot.b", "bot.c"]]


def test_private_reaches_are_found_and_own_names_are_not() -> None:
    code = ("import m\nfrom m import _hidden\nclass A:\n    def f(self, other):\n"
            "        self._mine = super()._base + other._theirs + m._x\n"
            "        return p._replace(a=1), T.__name__\n")
    assert [line for line, _ in private_reaches(ast.parse(code))] == [2, 5, 5]
