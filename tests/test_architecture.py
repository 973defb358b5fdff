"""The package's layering, read from its source with ``ast`` (import-linter's contracts, without the tool).

* The stages are pure: they import neither the UI (textual), nor the CLI (click), nor a database
  driver (sqlite3, sqlite_utils), nor a corroborate module that does.
* Only the ``store`` package (every module in it) speaks SQL; ``doctor`` too, on a read-only
  connection of its own. Elsewhere sqlite3 may be imported for its exception classes only, and no
  other module holds SQL text or runs it.
* Every exception the package defines is a ``CorroborateError``.

A rule broken today and owned by a module outside this change is listed in ``KNOWN_*`` below with the
fix it needs: the test fails when a new break appears, and when a listed one is fixed (drop it here).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from corroborate.errors import CorroborateError

PACKAGE = Path(__file__).resolve().parent.parent / "corroborate"
STAGES = (
    "extract",
    "checks",
    "cluster",
    "match",
    "fields",
    "scope",
    "lineage",
    "ingest",
    "known",
    "normalize",
    "constraints",
)
OUTSIDE_STAGES = ("textual", "click", "sqlite_utils", "sqlite3")
NOT_FOR_STAGES = ("store", "doctor", "cli", "review", "pipeline", "export")
FORBIDDEN_IN_STAGES = OUTSIDE_STAGES + tuple(f"corroborate.{inner}" for inner in NOT_FOR_STAGES)
SPEAK_SQL = ("store", "doctor")
SQL = re.compile(
    r"^\s*(select\s.*\bfrom\b|insert\s+(or\s+\w+\s+)?into\s|replace\s+into\s|update\s+\w+\s+set\s|delete\s+from\s"
    r"|(create|drop)\s+(temp\s+)?(table|index|view|trigger|virtual\s+table)\b|alter\s+table\s|pragma\s|vacuum\b"
    r"|begin(\s+(immediate|exclusive|deferred))?\s*;?\s*$)",
    re.IGNORECASE | re.DOTALL,
)
DB_CALLS = frozenset({"execute", "executemany", "executescript", "rollback", "commit"})

# module -> what it does today that breaks a rule, and the fix (the module is outside this change).
KNOWN_SQL: dict[str, str] = {}
KNOWN_OUTSIDE_HIERARCHY: dict[str, str] = {}


def modules() -> Iterator[tuple[str, ast.Module]]:
    """(dotted name inside the package, parsed tree) of every module."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name or "__init__", ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported(tree: ast.Module, module: str) -> set[str]:
    """Every module the tree imports, anywhere (inside functions too), as dotted absolute names."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module)
            out.add(base)
            out |= {f"{base}.{alias.name}" for alias in node.names}
    return out


def _absolute(node: ast.ImportFrom, module: str) -> str:
    if not node.level:
        return node.module or ""
    package = ["corroborate", *module.split(".")][: -node.level]
    return ".".join(package + ([node.module] if node.module else []))


def _is(name: str, top: str) -> bool:
    return name == top or name.startswith(f"{top}.")


def _in(module: str, owners: tuple[str, ...]) -> bool:
    return any(_is(module, owner) for owner in owners)


def stage_breaks() -> list[str]:
    out = []
    for module, tree in modules():
        if not _in(module, STAGES):
            continue
        for name in sorted(imported(tree, module)):
            if any(_is(name, top) for top in FORBIDDEN_IN_STAGES):
                out.append(f"{module} imports {name}")
    return out


def sql_breaks() -> dict[str, list[str]]:
    """module -> what in it speaks SQL, for every module but ``SPEAK_SQL``."""
    out: dict[str, list[str]] = {}
    for module, tree in modules():
        if not _in(module, SPEAK_SQL):
            found = _sql_in(tree, module)
            if found:
                out[module] = found
    return out


def _sql_in(tree: ast.Module, module: str) -> list[str]:
    found = [f"imports {n}" for n in sorted(imported(tree, module)) if _is(n, "sqlite_utils")]
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sqlite3":
            if not node.attr.endswith("Error"):
                found.append(f"uses sqlite3.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "sqlite3":
            found += [f"imports sqlite3.{a.name}" for a in node.names if not a.name.endswith("Error")]
        elif isinstance(node, ast.Constant | ast.JoinedStr) and SQL.match(_text(node)):
            found.append(f"SQL text on line {node.lineno}")
        elif isinstance(node, ast.Call) and _db_call(node.func):
            found.append(f"calls {ast.unparse(node.func)} on line {node.lineno}")
    return list(dict.fromkeys(found))  # an f-string and its literal part name the same line once


def _text(node: ast.Constant | ast.JoinedStr) -> str:
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else ""
    return "".join(v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "x" for v in node.values)


def _db_call(func: ast.expr) -> bool:
    """``<something>.db.execute(...)``, ``x.conn.rollback()``: a database handle used directly."""
    return (
        isinstance(func, ast.Attribute)
        and func.attr in DB_CALLS
        and isinstance(func.value, ast.Attribute)
        and func.value.attr in ("db", "conn", "connection")
    )


def test_stages_import_no_ui_no_cli_and_no_database() -> None:
    assert stage_breaks() == []


def test_only_the_store_and_the_doctor_speak_sql() -> None:
    assert sorted(sql_breaks()) == sorted(KNOWN_SQL)


def test_a_stage_importing_sqlite_utils_inside_a_function_is_caught() -> None:
    tree = ast.parse("def f():\n    from sqlite_utils import Database\n    return Database\n")
    assert imported(tree, "cluster") >= {"sqlite_utils", "sqlite_utils.Database"}


def test_a_relative_import_of_the_store_from_a_stage_is_resolved() -> None:
    tree = ast.parse("from ..store import Store\nfrom . import common\n")
    assert {"corroborate.store", "corroborate.checks.common"} <= imported(tree, "checks.numbers")


@pytest.mark.parametrize(
    "source",
    [
        "q = 'select id from claims where x = ?'",
        "q = f'UPDATE documents SET flags = {v}'",
        "q = 'pragma busy_timeout = 10'",
        "store.db.execute(q)",
        "sqlite3.connect(path)",
        "from sqlite_utils import Database",
    ],
)
def test_sql_outside_the_store_is_caught(source: str) -> None:
    assert _sql_in(ast.parse(source), "cluster")


@pytest.mark.parametrize(
    "source",
    [
        "words = 'selected claim'",
        "help = 'update the table with new articles'",
        "except_ = sqlite3.OperationalError",
        "self.query('.line')",
    ],
)
def test_prose_and_sqlite_error_classes_are_not_sql(source: str) -> None:
    assert _sql_in(ast.parse(source), "review.screens.source") == []


def _exception_classes() -> Iterator[type[BaseException]]:
    for module, _ in modules():
        loaded = importlib.import_module("corroborate" if module == "__init__" else f"corroborate.{module}")
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == loaded.__name__:
                yield cls


def test_every_exception_the_package_defines_is_a_corroborate_error() -> None:
    outside = {f"{c.__module__}.{c.__qualname__}" for c in _exception_classes() if not issubclass(c, CorroborateError)}
    assert outside == set(KNOWN_OUTSIDE_HIERARCHY)


def test_a_bad_line_of_decisions_or_of_known_claims_is_a_corroborate_error_and_still_a_value_error() -> None:
    from corroborate.annotations import LineError
    from corroborate.ingest.known import RecordError

    for cls in (LineError, RecordError):
        assert issubclass(cls, CorroborateError) and issubclass(cls, ValueError)


def test_every_module_of_the_store_package_may_speak_sql_and_no_namesake_outside_it() -> None:
    store_modules = [m for m, _ in modules() if _is(m, "store")]
    assert {"store", "store.schema", "store.writes", "store.review"} <= set(store_modules)
    assert all(_in(m, SPEAK_SQL) for m in store_modules)
    assert not _in("storefront", SPEAK_SQL) and not _in("review.store", SPEAK_SQL)
