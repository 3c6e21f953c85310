"""Platform code stays out of the core: a static check of every import (`ast`, not grep).

- `bot/` never imports a platform SDK, the database layer, `adapters` or `storage`;
- `storage/` never imports an adapter or a platform SDK;
- the Slack and Discord adapters never import each other.

Every form counts: `import x`, `import x.y as z`, `from x import y`, `from x.y import z`,
relative imports, imports inside functions or `if TYPE_CHECKING:`, and
`importlib.import_module("x")` / `__import__("x")` with a literal name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SDKS = ("slack_bolt", "slack_sdk", "discord")
DATABASE = ("sqlalchemy", "alembic", "aiosqlite", "asyncpg")
RULES: dict[str, tuple[str, ...]] = {
    "bot": (*SDKS, *DATABASE, "adapters", "storage"),
    "storage": (*SDKS, "adapters"),
    "adapters/slack": ("adapters.discord",),
    "adapters/discord": ("adapters.slack",),
}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    imported: str
    forbidden: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.imported} (no {self.forbidden} here)"


def module_name(path: Path, root: Path = ROOT) -> tuple[str, bool]:
    """The dotted module name of a file, and whether it is a package's `__init__`."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
    return ".".join([*base, *([node.module] if node.module else [])])


def _join(base: str, name: str) -> str:
    return f"{base}.{name}" if base else name


def imported_names(source: str, module: str, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of everything `source` imports, wherever the import sits."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node, module, is_package)
            if base:
                yield node.lineno, base
            # `from x import y` may import the submodule x.y.
            for alias in node.names:
                if alias.name != "*":
                    yield node.lineno, _join(base, alias.name)
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (
                name in ("import_module", "__import__")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                yield node.lineno, first.value


def _is_within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def violations_in(
    source: str, path: str, module: str, forbidden: tuple[str, ...], is_package: bool = False
) -> list[Violation]:
    found = []
    for line, name in imported_names(source, module, is_package):
        for banned in forbidden:
            if _is_within(name, banned):
                found.append(Violation(path, line, name, banned))
    return found


def check_tree(folder: str, root: Path = ROOT) -> list[Violation]:
    found: list[Violation] = []
    for path in sorted((root / folder).rglob("*.py")):
        module, is_package = module_name(path, root)
        found += violations_in(
            path.read_text(encoding="utf-8"),
            str(path.relative_to(root)),
            module,
            RULES[folder],
            is_package,
        )
    return found


@pytest.mark.parametrize("folder", list(RULES))
def test_layers_keep_their_imports(folder: str) -> None:
    if not (ROOT / folder).is_dir():
        pytest.skip(f"{folder}/ does not exist yet")
    found = check_tree(folder)
    assert not found, "\n".join(str(v) for v in found)


def test_the_core_is_checked_at_all() -> None:
    files = list((ROOT / "bot").rglob("*.py"))
    assert len(files) > 20 and (ROOT / "bot" / "service" / "mediation.py") in files
    assert (ROOT / "bot" / "domain" / "decide.py") in files


SYNTHETIC = """
import json
import slack_sdk
import slack_bolt.async_app as bolt
from sqlalchemy.orm import Session
from storage import repository
from adapters.console.render import render
import importlib

def later():
    import discord.ext.commands
    importlib.import_module("storage.engine")
    return __import__("asyncpg")

class Lazy:
    def method(self):
        from alembic import command
"""
HARMLESS = """
import storage_words
import discordant
from bot import storage
from bot.storage_notes import x
from .domain import adapters
from . import slack_sdk_like
import bot.domain.journal as journal
"""


def test_the_checker_catches_every_form_of_import() -> None:
    found = violations_in(SYNTHETIC, "bot/core.py", "bot.core", RULES["bot"])
    assert sorted({(v.line, v.forbidden) for v in found}) == [
        (3, "slack_sdk"),
        (4, "slack_bolt"),
        (5, "sqlalchemy"),
        (6, "storage"),
        (7, "adapters"),
        (11, "discord"),
        (12, "storage"),
        (13, "asyncpg"),
        (17, "alembic"),
    ]
    assert "bot/core.py:5 imports sqlalchemy.orm (no sqlalchemy here)" in map(str, found)


def test_the_checker_does_not_cry_wolf() -> None:
    assert violations_in(HARMLESS, "bot/core.py", "bot.core", RULES["bot"]) == []


def test_relative_imports_resolve_from_the_importing_module() -> None:
    names = {
        name for _, name in imported_names("from ..slack import app\n", "adapters.discord.bot")
    }
    assert "adapters.slack.app" in names
    names = {name for _, name in imported_names("from . import slack\n", "adapters", True)}
    assert "adapters.slack" in names
    assert violations_in(
        "from ..slack import app\n", "x.py", "adapters.discord.bot", RULES["adapters/discord"]
    )


def test_the_tree_walk_finds_a_violation_deep_in_a_package(tmp_path: Path) -> None:
    (tmp_path / "bot" / "domain").mkdir(parents=True)
    (tmp_path / "bot" / "__init__.py").write_text("")
    (tmp_path / "bot" / "domain" / "__init__.py").write_text("")
    (tmp_path / "bot" / "domain" / "sneaky.py").write_text(
        "def load():\n    from storage.repository import SqlCaseStore\n"
    )
    (tmp_path / "adapters" / "discord").mkdir(parents=True)
    (tmp_path / "adapters" / "discord" / "__init__.py").write_text("from ..slack import app\n")
    found = check_tree("bot", tmp_path)
    assert found and str(found[0]) == (
        "bot/domain/sneaky.py:2 imports storage.repository (no storage here)"
    )
    crossed = check_tree("adapters/discord", tmp_path)
    assert {(v.line, v.imported) for v in crossed} == {
        (1, "adapters.slack"),
        (1, "adapters.slack.app"),
    }
