"""The edges stay edges: ``assistant/`` imports neither ``api`` nor ``cli``, and ``api`` does not import ``cli``."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import REPO


def imported_packages(package: str) -> dict[str, set[str]]:
    """Top-level packages each module of ``package`` imports (at any depth, type-checking blocks included)."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(REPO))] = names
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("assistant", {"api", "cli"}), ("api", {"cli"}), ("knowledge", {"api", "cli"}), ("evaluators", {"api", "cli"})],
)
def test_no_package_imports_an_edge_above_it(package: str, forbidden: set[str]) -> None:
    crossing = {module: names & forbidden for module, names in imported_packages(package).items() if names & forbidden}
    assert crossing == {}
