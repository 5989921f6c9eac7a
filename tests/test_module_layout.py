"""How the grader's modules depend on each other: no cycles, and a small side beside student code."""

from __future__ import annotations

import ast

from autograder.course import REPO_ROOT

PACKAGE = REPO_ROOT / "autograder"

# The modules the worker imports next to student code (see autograder/__init__.py); everything
# else runs only in the trusted grader.
BESIDE_STUDENT_CODE = ("autograder.catalog", "autograder.describe", "autograder.datasets", "autograder.idx",
                       "autograder.checks", "autograder.sandbox.worker", "autograder.sandbox.guard",
                       "autograder.sandbox.protocol", "autograder.sandbox.isolation", "autograder.sandbox.limits",
                       "autograder.sandbox.view", "autograder.sandbox.attribution", "autograder.sandbox.absent_modules",
                       "autograder.sandbox.preimports",
                       "autograder.course",
                       "autograder.paths")

# Known and deliberate: datasets.load_fashion_mnist (for notebooks and the trusted grader, never
# called in the worker, which gets its data from dataset_for_worker) resolves the data through
# data_sources, which in turn reads the IDX layout that datasets defines.
# The warm worker template asks the runner for the workers' environment when it starts.
ALLOWED_LAZY = {("autograder.datasets", "autograder.data_sources"),
                ("autograder.sandbox.template", "autograder.sandbox.runner")}


def modules() -> dict[str, str]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path.read_text(encoding="utf-8")
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the grader's modules it imports, at its top or inside a function."""
    known = modules()
    graph = {}
    for name, source in known.items():
        imported = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    imported.add(full if full in known else node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
        graph[name] = {other for other in imported if other in known and other != name
                       and (name, other) not in ALLOWED_LAZY}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others."""
    reach = {name: set() for name in graph}
    for start in graph:
        todo = list(graph[start])
        while todo:
            current = todo.pop()
            if current not in reach[start]:
                reach[start].add(current)
                todo.extend(graph[current])
    groups = {frozenset({a} | {b for b in reach[a] if a in reach[b]}) for a in graph if a in reach[a]}
    return sorted(sorted(group) for group in groups)


def test_no_module_imports_itself_through_others():
    assert cycles(import_graph()) == []


def test_cycle_finder_sees_a_cycle():
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_modules_beside_student_code_import_nothing_of_the_trusted_grader():
    graph = import_graph()
    beside = [name for name in graph if name.startswith(BESIDE_STUDENT_CODE)]
    assert "autograder.checks.kit.calling" in beside and "autograder.describe" in beside
    for name in beside:
        trusted = sorted(other for other in graph[name] if not other.startswith(BESIDE_STUDENT_CODE))
        assert trusted == [], f"{name} (run beside student code) imports {trusted}"
