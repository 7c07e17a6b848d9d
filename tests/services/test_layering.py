"""The services import each other in layers: a walk over every ``import`` statement finds no cycle.

Every import counts, at the top of a module or inside a function (a lazy import
hides a cycle, it does not remove it); only ``if TYPE_CHECKING:`` blocks, which
never run, are left out.  The expected order is
``documents`` / ``checklist`` ← ``case_view`` ← ``dossier`` ← ``issuing`` ← ``cases``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import enforcement.services

SERVICES = Path(enforcement.services.__file__).parent
PACKAGE = "enforcement.services"


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, modules: set[str]) -> set[str]:
    """The ``enforcement.services`` modules a module imports (anywhere but under ``if TYPE_CHECKING``)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {name.removeprefix(PACKAGE + ".") for name in found if name.removeprefix(PACKAGE + ".") in modules}


def import_graph() -> dict[str, set[str]]:
    modules = {p.stem for p in SERVICES.glob("*.py") if p.stem != "__init__"}
    return {
        name: _imports(ast.parse((SERVICES / f"{name}.py").read_text(encoding="utf-8")), modules) - {name}
        for name in modules
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path (first node repeated at the end), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_import_cycle_among_the_services():
    cycle = find_cycle(import_graph())
    assert cycle is None, " → ".join(cycle or [])


def test_the_read_model_sits_below_issuing_and_the_cases_service():
    graph = import_graph()
    assert "case_view" in graph["issuing"] and "issuing" in graph["cases"]
    assert not graph["case_view"] & {"cases", "issuing", "dossier"}
    assert not graph["documents"] & {"cases", "issuing", "dossier", "case_view"}


def test_the_walk_finds_a_cycle_where_there_is_one():
    """The check itself can fail: a lazy import back from a lower module is a cycle."""
    lower = ast.parse("def f():\n    from enforcement.services import cases\n")
    graph = import_graph()
    graph["documents"] = graph["documents"] | _imports(lower, set(graph))
    assert find_cycle(graph) is not None
    typed = ast.parse("if TYPE_CHECKING:\n    from enforcement.services.cases import X\n")
    assert _imports(typed, set(graph)) == set()
