"""The packages keep their layers (docs/decisions/0009-layers.md): the import contracts hold, no cycle grows.

The contracts live in ``[tool.importlinter]`` of pyproject.toml; ``lint-imports`` checks them on the real
import graph (imports inside functions too). The cycle count reads the same graph with grimp, tests left
out: a test may import any package.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]

# Packages still caught in a cycle, each cycle as the set of its packages. The goal is none; a fix
# removes its cycle here, a new import that closes a cycle fails the test (see the ADR for each one).
KNOWN_CYCLES = {frozenset(["accounts", "audit", "catalogue"])}


def package_cycles(graph: grimp.ImportGraph) -> set[frozenset[str]]:
    """The strongly connected groups of two or more packages of ``ssepot``, test modules left out."""
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        parts = module.split(".")
        if len(parts) < 2 or "tests" in parts:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            target = imported.split(".")
            if len(target) >= 2 and target[0] == "ssepot" and "tests" not in target and target[1] != parts[1]:
                edges.setdefault(parts[1], set()).add(target[1])
    return {frozenset(group) for group in strongly_connected(edges) if len(group) > 1}


def strongly_connected(edges: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative over a small graph of packages."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            groups.append(group)

    for node in sorted(set(edges) | {t for targets in edges.values() for t in targets}):
        if node not in index:
            visit(node)
    return groups


def lint_imports(*config: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), *config, "--no-cache"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_import_contracts_are_kept() -> None:
    run = lint_imports()
    assert run.returncode == 0, run.stdout + run.stderr
    assert "BROKEN" not in run.stdout and "KEPT" in run.stdout


def test_a_contract_that_does_not_hold_is_broken(tmp_path: Path) -> None:
    """The check can fail: the public site reads the core, so forbidding it breaks the contract."""
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "ssepot"\n\n[[tool.importlinter.contracts]]\n'
        'name = "front without core"\ntype = "forbidden"\n'
        'source_modules = ["ssepot.front"]\nforbidden_modules = ["ssepot.core"]\n',
        encoding="utf-8",
    )
    run = lint_imports(str(config))
    assert run.returncode != 0
    assert "front without core BROKEN" in run.stdout


def test_no_new_cycle_between_packages() -> None:
    cycles = package_cycles(grimp.build_graph("ssepot"))
    assert cycles == KNOWN_CYCLES, sorted(sorted(c) for c in cycles)


def test_the_cycle_count_sees_a_cycle_and_only_a_cycle() -> None:
    ring = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert [group for group in strongly_connected(ring) if len(group) > 1] == [{"a", "b", "c"}]
    assert [group for group in strongly_connected({"a": {"b"}, "b": {"c"}}) if len(group) > 1] == []
