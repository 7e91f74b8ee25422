"""The dependency direction of DESIGN.md, checked on every module's imports:
pages -> state -> services -> models/db; services import no reflex; state and pages import no
SQL libraries; migrations import no application code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SQL_LIBRARIES = ("sqlalchemy", "sqlmodel", "psycopg")


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(folder: str) -> list[Path]:
    found = sorted((ROOT / folder).rglob("*.py"))
    assert found, f"no modules under {folder}"
    return found


def offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in modules(folder):
        for name in imports_of(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(ROOT)} imports {name}")
    return bad


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        (
            "lumenbase/services",
            ("reflex", "lumenbase.state", "lumenbase.pages", "lumenbase.components"),
        ),
        ("lumenbase/models", ("reflex", "lumenbase.services", "lumenbase.state")),
        (
            "lumenbase/state",
            (*SQL_LIBRARIES, "lumenbase.pages", "lumenbase.components", "lumenbase.models"),
        ),
        (
            "lumenbase/pages",
            (*SQL_LIBRARIES, "lumenbase.services", "lumenbase.db", "lumenbase.models"),
        ),
        (
            "lumenbase/components",
            (*SQL_LIBRARIES, "lumenbase.services", "lumenbase.db", "lumenbase.models"),
        ),
        ("migrations", ("lumenbase",)),
    ],
)
def test_dependency_direction(folder, forbidden):
    assert offenders(folder, forbidden) == []


def test_the_checker_sees_a_forbidden_import(tmp_path, monkeypatch):
    # A guard for the guard: a planted bad import must be reported.
    planted = tmp_path / "lumenbase" / "services"
    planted.mkdir(parents=True)
    (planted / "bad.py").write_text("import reflex as rx\n")
    import sys

    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert offenders("lumenbase/services", ("reflex",)) == [
        "lumenbase/services/bad.py imports reflex"
    ]
