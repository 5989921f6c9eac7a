"""The grading hook for notebook submissions: a ``.ipynb`` becomes the module the engine grades.

:func:`prepare_submission` is called by :func:`autograder.grading.grade_submission` once the
submitted file is known. For a ``.py`` with no notebook beside it, it does nothing. For a
notebook, it reads the cells (:mod:`autograder.notebooks.extract`), writes the module made of
their definitions into a private temporary folder, adds the notes the student should read to the
report, and returns that module file with a :class:`Prepared` whose ``place`` tells the final
wording of the feedback (:func:`autograder.catalog.render_report`) to name cells, not lines of
the generated module. A folder holding ``tensors.py`` and ``tensors.ipynb`` (or the Chinese
``tensors.zh.ipynb``) is graded on the one that is not the untouched starting version (the
newest when several were changed), and the report says which.

Nothing here runs student code, and nothing raises except :class:`NotebookError` (a
:class:`~autograder.discovery.SubmissionError`), whose message the grader shows with zero points.
"""

from __future__ import annotations

import shutil
import tempfile
import traceback
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from autograder.course import REPO_ROOT, AssignmentConfig
from autograder.catalog import Message, NotebookPlace, msg
from autograder.discovery import SubmissionError
from autograder.notebooks.extract import Cell, Extraction, NotebookUnreadable, extract_module, read_cells

SOLUTIONS = REPO_ROOT / "solutions"


class NotebookError(SubmissionError):
    """The notebook could not be read at all; the message says why and what to do."""


@dataclass
class Prepared:
    """What grading needs to know about a submission that may be a notebook."""

    module_file: Path
    line_map: dict[int, tuple[str, int]] = field(default_factory=dict)
    notebook_name: str = ""  # empty: not a notebook
    ran: bool = False  # the cells are those the student is running (self-check): "your notebook"

    @property
    def place(self) -> NotebookPlace | None:
        """How feedback names the student's code: None for a file, cells for a notebook."""
        if not self.notebook_name:
            return None
        return NotebookPlace(self.line_map, None if self.ran else self.notebook_name)


def graded_names(assignment: AssignmentConfig) -> set[str]:
    """The top-level names the assignment defines (reference module) and the names its checks use."""
    from autograder.checks.registry import load_suite
    from autograder.notebooks.source import definitions, module_segments

    names = {check.target for check in load_suite(assignment.id) if check.target}
    solution = SOLUTIONS / assignment.id / assignment.module
    if solution.is_file():
        names |= set(definitions(module_segments(solution.read_text(encoding="utf-8"), assignment.module)))
    return names


def check_targets(assignment: AssignmentConfig) -> list[str]:
    from autograder.checks.registry import load_suite

    return list(dict.fromkeys(check.target for check in load_suite(assignment.id) if check.target))


def prepare_submission(path: Path, module_file: Path, assignment: AssignmentConfig, report) -> tuple[Path, Prepared]:
    """The module file to grade for ``path``, after turning a notebook into one (see the docstring)."""
    try:
        chosen = _choose(path, module_file, assignment, report)
        if chosen.suffix != ".ipynb":
            return chosen, Prepared(chosen)
        cells, notes = read_notebook_cells(chosen)
        report.notes.extend(notes)
        return module_from_cells(cells, assignment, report, notebook_name=chosen.name)
    except SubmissionError:
        raise
    except Exception:  # noqa: BLE001 - a bug of the grader must not look like the student's fault
        report.instructor_notes.append(traceback.format_exc())
        raise NotebookError(f"{module_file.name} could not be read because of a problem in the grader, not in "
                            "your notebook. Your instructor has the details.") from None


def read_notebook_cells(notebook: Path) -> tuple[list[Cell], list[str]]:
    try:
        data = notebook.read_bytes()
    except OSError as error:
        raise NotebookError(f"{notebook.name} could not be opened: {error.strerror or error}.") from None
    try:
        return read_cells(data, notebook.name)
    except NotebookUnreadable as error:
        raise NotebookError(str(error)) from None


def module_from_cells(cells: list[Cell], assignment: AssignmentConfig, report, *, notebook_name: str,
                      targets: tuple[str, ...] = (), ran: bool = False) -> tuple[Path, Prepared]:
    """Write the module made of ``cells`` to a private folder; notes go to ``report``.

    ``targets`` limits the note on missing definitions to those names; ``ran`` says the cells are
    what the student ran in a kernel (the self-check), not a saved file.
    """
    names = graded_names(assignment)
    header = (f"# {assignment.module}: made by the grader from {notebook_name}, keeping imports, definitions and\n"
              "# CAPITALISED constants of its code cells (autograder/notebooks/extract.py).")
    extraction = extract_module(cells, names, header=header)
    report.notes.extend(extraction.notes)
    report.notes.extend(_missing_note(extraction, cells, assignment, targets, ran))
    folder = Path(tempfile.mkdtemp(prefix=f"kgrade-notebook-{assignment.number}-"))
    target = folder / assignment.module
    target.write_text(extraction.module_source, encoding="utf-8")
    prepared = Prepared(target, extraction.line_map, notebook_name, ran)
    weakref.finalize(prepared, shutil.rmtree, folder, True)
    return target, prepared


def _missing_note(extraction: Extraction, cells: list[Cell], assignment: AssignmentConfig,
                  targets: tuple[str, ...], ran: bool) -> list[Message]:
    wanted = [name for name in check_targets(assignment) if not targets or name in targets]
    missing = [name for name in wanted if name not in extraction.defined]
    if ran:
        return [msg("notebook.not_run_yet", names=", ".join(missing))] if missing else []
    if not any(cell.kind == "code" for cell in cells):
        return [msg("notebook.no_code_cells")]
    if not missing:
        return []
    original = f"assignments/{assignment.id}/{assignment.module_name}.ipynb"
    if len(missing) == 1:
        return [msg("notebook.missing_one", names=missing[0], original=original)]
    return [msg("notebook.missing_many", names=", ".join(missing), original=original)]


# -- a folder holding the module and its notebook(s) ----------------------------------------------

def _choose(path: Path, module_file: Path, assignment: AssignmentConfig, report) -> Path:
    """Among the module and its notebooks (``tensors.ipynb``, ``tensors.zh.ipynb``) in the folder
    ``path``, the one the student worked in: not the untouched starting version, the newest of
    those changed; the report says which and why."""
    from autograder.discovery import submission_names

    if not path.is_dir():
        return module_file
    present = [path / name for name in submission_names(assignment) if (path / name).is_file()]
    if len(present) < 2:
        return module_file
    changed = [file for file in present if not _untouched(file, assignment)]
    if not changed:
        return present[0]  # nothing done yet in any: the module, without a word
    chosen = max(changed, key=lambda file: file.stat().st_mtime)  # on a tie, the first: the module
    untouched = [file.name for file in present if file not in changed]
    others = [file.name for file in present if file != chosen]
    if len(changed) > 1:
        why = msg("notebook.chosen.newer")
    elif len(untouched) == 1:
        why = msg("notebook.chosen.untouched", name=untouched[0])
    else:
        why = msg("notebook.chosen.untouched_many", names=", ".join(untouched))
    if len(present) == 2:
        report.notes.append(msg("notebook.both_files", module=present[0].name, notebook=present[1].name,
                                chosen=chosen.name, why=why, other=others[0]))
    else:
        report.notes.append(msg("notebook.several_files", files=", ".join(file.name for file in present),
                                chosen=chosen.name, why=why, others=", ".join(others)))
    return chosen


def _untouched(file: Path, assignment: AssignmentConfig) -> bool:
    if file.suffix == ".py":
        return _untouched_module(file, assignment)
    from autograder.notebooks.translation import NOTEBOOK_LANGUAGES, notebook_file_name

    language = next((code for code in NOTEBOOK_LANGUAGES
                     if file.name == notebook_file_name(assignment.module_name, code)), NOTEBOOK_LANGUAGES[0])
    return _untouched_notebook(file, assignment, language)


def _untouched_module(module_file: Path, assignment: AssignmentConfig) -> bool:
    from autograder.release import plan_release

    try:
        text = module_file.read_text(encoding="utf-8")
        planned = [p for p in plan_release() if p.target.parent.name == assignment.id
                   and p.target.name == assignment.module]
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return bool(planned) and planned[0].content.strip() == text.strip()


def _untouched_notebook(notebook: Path, assignment: AssignmentConfig, language: str = "en") -> bool:
    from autograder.notebooks.build import build_notebook, has_notebook_source

    if not has_notebook_source(assignment, language=language):
        return False
    try:
        cells, _ = read_cells(notebook.read_bytes(), notebook.name)
        fresh = build_notebook(assignment, "student", language=language)
    except Exception:  # noqa: BLE001 - unreadable or unbuildable: not the untouched version
        return False
    code = [c.source.strip() for c in cells if c.kind == "code"]
    return code == [c.source.strip() for c in fresh.cells if c.cell_type == "code"]
