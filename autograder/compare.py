"""Compare after trying: the reference solution of one graded name beside the student's code.

For self-learners only (``check NN --compare NAME``, ``compare("NAME")`` in a notebook); ``grade``
never shows references. The comparison opens once NAME passes its public checks, or after
``compare.after_failures`` failing self-checks of it (course.yml), whichever comes first.

**Attempts.** Every self-check records, per graded name, whether its public checks all passed
and how many self-checks failed it, in ``.attempts.json`` in the student's folder (the folder of
the submission checked). A name whose stub is untouched ("not implemented") is not an attempt.
The log is a learning aid, not a lock: a student can edit it, as they can read the release.

**Where the reference code comes from.** Not from ``solutions/`` (a student release need not hold
it): ``python -m autograder release`` writes ``assignments/NN_name/compare.json``, the reference
source of every graded name (solution markers removed, with the module's private helpers it
calls), when ``compare.enabled`` and ``compare.in_release`` are true, and removes it otherwise.
Without that file the comparison says the instructor switched it off.
"""

from __future__ import annotations

import ast
import difflib
import json
from dataclasses import dataclass
from pathlib import Path

from autograder.catalog import DEFAULT_LANGUAGE, Message, msg, render
from autograder.markers import strip_markers

ATTEMPTS_FILE = ".attempts.json"
COMPARE_FILE = "compare.json"


# -- source snippets ---------------------------------------------------------------------------------

def _top_level(tree: ast.Module) -> dict[str, ast.stmt]:
    """Top-level functions, classes and constants (``CLASS_NAMES = [...]``) by name."""
    found: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                if isinstance(target, ast.Name):
                    found[target.id] = node
    return found


def snippet(source: str, name: str, *, with_helpers: bool = False) -> str | None:
    """The source of the top-level function or class ``name`` (and, with ``with_helpers``, of the
    module's private ``_helpers`` it uses, first), or None when the module does not define it."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    definitions = _top_level(tree)
    if name not in definitions:
        return None
    chosen = [name]
    if with_helpers:
        used = {node.id for node in ast.walk(definitions[name]) if isinstance(node, ast.Name)}
        chosen = [helper for helper in definitions if helper.startswith("_") and helper in used] + chosen
    return "\n\n\n".join(_without_docstrings(source, definitions[item]) for item in chosen)


def _without_docstrings(source: str, node: ast.stmt) -> str:
    """The definition's lines, its docstrings (and its methods') left out: both sides have them already."""
    lines = source.splitlines()
    dropped: set[int] = set()
    for inner in ast.walk(node):
        body = getattr(inner, "body", None)
        if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and body \
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            dropped.update(range(body[0].lineno, (body[0].end_lineno or body[0].lineno) + 1))
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    kept = [lines[number - 1] for number in range(start, (node.end_lineno or node.lineno) + 1) if number not in dropped]
    return "\n".join(kept)


def reference_snippets(solution_source: str, names: list[str], filename: str = "<solution>") -> dict[str, str]:
    """Every graded name's reference code, markers removed (what ``compare.json`` holds)."""
    clean = strip_markers(solution_source, filename)
    return {name: text for name in names if (text := snippet(clean, name, with_helpers=True)) is not None}


def compare_file_content(assignment_id: str, module: str, snippets: dict[str, str]) -> str:
    return json.dumps({"assignment": assignment_id, "module": module, "reference": snippets},
                      indent=1, sort_keys=True) + "\n"


def read_reference(release_folder: Path, name: str) -> str | None:
    """NAME's reference code from the release's ``compare.json``, or None when the file is absent."""
    try:
        data = json.loads((release_folder / COMPARE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (data.get("reference") or {}).get(name)


# -- attempts -------------------------------------------------------------------------------------------

def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def attempts(folder: Path, assignment_id: str) -> dict[str, dict]:
    """``{name: {"passed": bool, "failed": int}}`` recorded by the self-checks run in ``folder``."""
    value = _read(folder / ATTEMPTS_FILE).get(assignment_id)
    return value if isinstance(value, dict) else {}


def record_attempts(report, folder: Path) -> None:
    """Add one self-check's outcome, per graded name, to ``folder/.attempts.json``."""
    from autograder.results import PASSED
    from autograder.sandbox.protocol import MISSING, NOT_IMPLEMENTED

    by_name: dict[str, list] = {}
    for check in report.checks:
        by_name.setdefault(check.target, []).append(check)
    path = folder / ATTEMPTS_FILE
    state = _read(path)
    seen = state.get(report.assignment) if isinstance(state.get(report.assignment), dict) else {}
    for name, checks in by_name.items():
        if any(check.probe_status in (NOT_IMPLEMENTED, MISSING) for check in checks):
            continue  # an untouched stub is not an attempt
        entry = seen.get(name) if isinstance(seen.get(name), dict) else {"passed": False, "failed": 0}
        if all(check.status == PASSED for check in checks):
            entry["passed"] = True
        else:
            entry["failed"] = int(entry.get("failed", 0)) + 1
        seen[name] = entry
    state[report.assignment] = seen
    try:
        temporary = path.with_name(ATTEMPTS_FILE + ".tmp")
        temporary.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(path)
    except OSError:  # a read-only folder: the self-check still works, comparisons wait
        pass


# -- the gate -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: Message


def decide(course, config, name: str, folder: Path, release_folder: Path) -> Decision:
    """Whether NAME's reference may be shown now, and why (or why not, and what is left)."""
    settings = course.compare
    if not settings.enabled:
        return Decision(False, msg("compare.disabled"))
    if read_reference(release_folder, name) is None:
        if (release_folder / COMPARE_FILE).is_file():
            return Decision(False, msg("compare.unknown_name", name=name, assignment=config.id))
        return Decision(False, msg("compare.not_in_release", assignment=config.id))
    record = attempts(folder, config.id).get(name) or {}
    if record.get("passed"):
        return Decision(True, msg("compare.after_pass", name=name))
    failed = int(record.get("failed", 0))
    if failed >= settings.after_failures:
        return Decision(True, msg("compare.after_failures", name=name, failed=failed))
    return Decision(False, msg("compare.not_yet", name=name, failed=failed, needed=settings.after_failures,
                               left=settings.after_failures - failed, number=config.number))


# -- showing ---------------------------------------------------------------------------------------------

def unified(student: str, reference: str, name: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A unified diff from the student's code to the reference's, its headings in ``language``."""
    lines = difflib.unified_diff(student.splitlines(), reference.splitlines(),
                                 fromfile=render(msg("compare.yours", name=name), language),
                                 tofile=render(msg("compare.reference", name=name), language), lineterm="")
    return "\n".join(lines) or render(msg("compare.same_code"), language)


def side_by_side(student: str, reference: str, name: str, language: str = DEFAULT_LANGUAGE):
    """A rich renderable: the two sources in two columns, with Python highlighting."""
    from rich.syntax import Syntax
    from rich.table import Table

    table = Table(show_lines=False, expand=True)
    table.add_column(render(msg("compare.yours", name=name), language), ratio=1)
    table.add_column(render(msg("compare.reference", name=name), language), ratio=1)
    table.add_row(Syntax(student, "python", word_wrap=True), Syntax(reference, "python", word_wrap=True))
    return table
