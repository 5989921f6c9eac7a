"""The self-check inside a notebook, and the checks that nbgrader's test cells call.

``check("01")`` grades the public checks on **the cells you have run** in this kernel (their
latest versions, in the order you last ran them), the way the grader would read them from your
saved notebook: definitions only (see :mod:`autograder.notebooks.extract`). The grading itself
happens in a separate worker process, through the normal engine; nothing of it runs in your
kernel. The feedback appears as a table in Jupyter and Colab, and as text elsewhere.

``nbgrader_check("01_data", "table_shape.public")`` is what the test cells of the nbgrader
version call: it grades (once per version of the code, then from a cache), prints the check's
feedback, and raises :class:`CheckFailed` when the check fails, so that nbgrader gives the cell
the check's points or none. While nbgrader autogrades, it grades the notebook file being
autograded, exactly as ``python -m autograder grade`` would; elsewhere, the cells run so far.
nbgrader scores any stderr output in a test cell as a failure, so while nbgrader runs the
notebook (``NBGRADER_EXECUTION`` is set) the kernel's stderr goes to /dev/null from the moment
this module is imported (the setup cell) on: TensorFlow's chatter cannot cost points.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import os
import sys
import warnings
from pathlib import Path

from autograder.catalog import course_text, msg, render
from autograder.results import ERROR, PASSED, SubmissionReport

_CACHE: dict[tuple, SubmissionReport] = {}
_SILENCED: list = []  # the devnull file that stderr goes to while nbgrader runs the notebook
_LAST_CHECKED: list[str] = []  # the assignment of the last check(), which hint() prefers


class CheckFailed(AssertionError):
    """A check of the course failed; the message is the grader's feedback."""


# -- where the code comes from -------------------------------------------------------------------

def _shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def history_cells():
    """The cells run in this kernel, each at its latest version, in the order they were last run
    (:mod:`autograder.notebooks.kernel_history`: an edited cell run again counts once)."""
    from autograder.notebooks.kernel_history import kernel_cells, track_cell_ids

    shell = _shell()
    if shell is None:
        return None
    track_cell_ids(shell)
    return kernel_cells(shell)


def _in_html_frontend() -> bool:
    shell = _shell()
    try:
        from ipykernel.zmqshell import ZMQInteractiveShell
    except ImportError:
        return False
    return isinstance(shell, ZMQInteractiveShell)


# -- grading ---------------------------------------------------------------------------------------

def _course_and_assignment(assignment: str):
    from autograder.course import load_course

    course = load_course()
    return course, course.assignment(assignment)


def _only(config, names: tuple[str, ...], *, public_only: bool):
    """``config`` restricted to the checks of ``names`` (all checks when empty)."""
    from autograder.checks.registry import load_suite

    suite = load_suite(config.id)
    checks = [c for c in config.checks if (not names or suite[c.id].target in names)
              and not (public_only and c.hidden)]
    return config.model_copy(update={"checks": checks})


def grade_cells(cells, assignment: str, names: tuple[str, ...] = (), *, public_only: bool = True,
                label: str = "this notebook", ran: bool = True, language: str | None = None) -> SubmissionReport:
    """Grade ``cells`` (see :mod:`autograder.notebooks.extract`) through the normal engine.

    ``ran``: the cells are those run in a kernel (notes then speak of running cells).
    """
    from autograder.catalog import render_report
    from autograder.checks.registry import load_suite
    from autograder.grading import grade_submission, reference_outcomes
    from autograder.guidance import hidden_checks
    from autograder.notebooks.submission import module_from_cells

    course, config = _course_and_assignment(assignment)
    reference_outcomes(course, config)  # all of the reference, before grading a part of the checks
    notes = SubmissionReport(assignment=config.id, title=config.title, submission=label)
    module_file, prepared = module_from_cells(cells, config, notes, notebook_name=label, targets=names,
                                              ran=ran)
    chosen = _only(config, names, public_only=False)
    report = grade_submission(course, chosen, module_file, public_only=public_only, place=prepared.place,
                              language=language)
    report.submission = label
    render_report(notes, report.language, place=prepared.place)  # the notes on the cells themselves
    report.notes[:0] = notes.notes
    if public_only:
        hidden = [c for c in chosen.checks if c.hidden]
        report.hidden_count, report.hidden_points = len(hidden), sum(c.points for c in hidden)
        report.hidden_checks = hidden_checks(chosen, load_suite(config.id))
    return report


def grade_file(notebook: str | os.PathLike, assignment: str, names: tuple[str, ...] = (), *,
               public_only: bool = True, language: str | None = None) -> SubmissionReport:
    """Grade a saved notebook (or module) file, as ``python -m autograder check`` would."""
    from autograder.grading import grade_submission, reference_outcomes

    course, config = _course_and_assignment(assignment)
    reference_outcomes(course, config)
    return grade_submission(course, _only(config, names, public_only=False), Path(notebook),
                            public_only=public_only, language=language)


def check(assignment: str, *names: str, notebook: str | os.PathLike | None = None, show: bool = True,
          lang: str | None = None):
    """Run the public checks of ``assignment`` (only those of ``names``, if given) and show them.

    Grades the cells you have run in this kernel; with ``notebook="tensors.ipynb"``, the saved
    file instead. Returns nothing when it shows the feedback; with ``show=False`` it returns
    the report instead. ``lang="zh"`` words the feedback in Chinese (default: the
    ``KERAS_COURSE_LANG`` environment variable, else the course's language).
    """
    from autograder.language import LanguageError, choose_language

    try:
        course, config = _course_and_assignment(assignment)
        _LAST_CHECKED[:] = [config.id]
        language = choose_language(lang, course)
        if notebook is not None:
            report = grade_file(notebook, assignment, names, language=language)
        else:
            cells = history_cells()
            if cells is None:
                print(render(msg("selfcheck.not_a_notebook", call=repr(assignment), assignment=assignment),
                             language))
                return None
            report = grade_cells(cells, assignment, names, language=language)
    except (KeyError, LanguageError) as error:  # an unknown assignment or language: the message says which exist
        print(error.args[0])
        return None
    from autograder.compare import record_attempts

    record_attempts(report, Path(notebook).resolve().parent if notebook is not None else Path.cwd())
    if not show:
        return report
    _display(report, names)
    return None


def compare(name: str, assignment: str | None = None, *, layout: str = "unified", lang: str | None = None) -> None:
    """Show the reference solution of ``name`` beside your code (the cells you ran), once ``name``
    passes its public checks or after a few failing self-checks; otherwise say how many are left.
    The same as ``python -m autograder check NN --compare NAME``; ``layout="side"`` for two columns;
    ``lang="zh"``: its words in Chinese (default as for ``check``).
    """
    from autograder.catalog import msg, render
    from autograder.compare import decide, read_reference, side_by_side, snippet, unified
    from autograder.course import REPO_ROOT, load_course
    from autograder.hints import assignments_with
    from autograder.language import LanguageError, choose_language

    course = load_course()
    try:
        language = choose_language(lang, course)
        if assignment is None:
            found = assignments_with(name, _LAST_CHECKED) or assignments_with(name, [a.id for a in course.assignments])
            if len(found) != 1:
                print(render(msg("compare.which_assignment", name=name), language))
                return None
            assignment = found[0]
        config = course.assignment(assignment)
    except (KeyError, LanguageError) as error:
        print(error.args[0])
        return None
    release_folder = REPO_ROOT / "assignments" / config.id
    decision = decide(course, config, name, Path.cwd(), release_folder)
    print(render(decision.reason, language))
    if not decision.allowed:
        return None
    from autograder.notebooks.extract import extract_module
    from autograder.notebooks.submission import graded_names

    cells = history_cells() or []
    mine = snippet(extract_module(cells, graded_names(config)).module_source, name) \
        or render(msg("compare.no_student_code", name=name), language)
    reference = read_reference(release_folder, name) or ""
    if layout == "side":
        from rich.console import Console

        Console().print(side_by_side(mine, reference, name, language))
    else:
        print(unified(mine, reference, name, language))
    return None


def hint(name: str, assignment: str | None = None, step: int | None = None, lang: str | None = None) -> None:
    """Show the next hint for the graded function (or class) ``name``: the idea, then the tools, then
    almost the line. ``step=`` (1 to 3) shows that step. The assignment is the one you last
    checked, or the only one grading ``name``; pass it (``hint("SomeModel", "07")``) otherwise.
    ``lang="zh"``: the hint in Chinese where ``hints.zh.po`` has it (default as for ``check``).
    """
    from autograder.course import load_course
    from autograder.hints import HintError, assignments_with, get_hint
    from autograder.hints import render as render_hint
    from autograder.language import LanguageError, choose_language

    try:
        course = load_course()
        language = choose_language(lang, course)
        if assignment is not None:
            assignment_id = course.assignment(assignment).id
        else:
            ids = [a.id for a in course.assignments]
            found = assignments_with(name, _LAST_CHECKED) or assignments_with(name, ids)
            if len(found) != 1:
                from autograder.checks.kit.judging import joined_with_and

                example = dict(name=repr(name), example=repr((found or ids)[0][:2]))
                which = (msg("selfcheck.hint.graded_in", assignments=joined_with_and(found), **example) if found
                         else msg("selfcheck.hint.graded_nowhere", **example))
                print(render(which, language))
                return None
            assignment_id = found[0]
        print(render_hint(get_hint(assignment_id, name, step, language=language), f"hint({name!r})", language))
    except (HintError, KeyError, LanguageError) as error:
        print(error.args[0])
    return None


def _display(report: SubmissionReport, names: tuple[str, ...]) -> None:
    text = render_text(report, names)
    if _in_html_frontend():
        from IPython.display import display

        display({"text/html": render_html(report, names), "text/plain": text}, raw=True)
    else:
        print(text)


# -- nbgrader --------------------------------------------------------------------------------------

@contextlib.contextmanager
def _quiet_stderr():
    """Nothing reaches stderr meanwhile: Python's, the process's file descriptor 2, or warnings."""
    saved_fd = None
    try:
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - a replaced stderr may not flush
        pass
    try:
        saved_fd = os.dup(2)
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
    except OSError:
        saved_fd = None
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            yield
    finally:
        if saved_fd is not None:
            os.dup2(saved_fd, 2)
            os.close(saved_fd)


def silence_stderr_under_nbgrader() -> None:
    """While nbgrader runs the notebook, send the kernel's stderr nowhere, for the rest of the run.

    nbgrader scores a test cell with any stderr output as failed, and TensorFlow writes to the
    process's stderr from its own threads, whenever it likes, so that a message can land in any
    cell. The tracebacks of errors are not stderr (they stay); warnings are lost, in this run only.
    Called when this module is imported (the setup cell) and by every test cell.
    """
    if not os.environ.get("NBGRADER_EXECUTION") or _SILENCED:
        return
    try:
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - a replaced stderr may not flush
        pass
    devnull = open(os.devnull, "w")  # noqa: SIM115 - kept open for the kernel's lifetime
    try:
        os.dup2(devnull.fileno(), 2)
    except OSError:
        pass
    sys.stderr = devnull
    _SILENCED.append(devnull)


def _autograded_file(module_name: str) -> Path | None:
    """While nbgrader autogrades, the notebook being graded (nbgrader runs it in its own folder)."""
    if os.environ.get("NBGRADER_EXECUTION") != "autograde":
        return None
    candidate = Path.cwd() / f"{module_name}.ipynb"
    return candidate if candidate.is_file() else None


def nbgrader_report(assignment: str, check_id: str) -> SubmissionReport:
    """The report holding ``check_id``: graded once per version of the code, then cached."""
    course, config = _course_and_assignment(assignment)
    from autograder.checks.registry import load_suite

    target = load_suite(config.id)[check_id].target
    autograded = _autograded_file(config.module_name)
    if autograded is not None:
        key = ("file", str(autograded), hashlib.sha256(autograded.read_bytes()).hexdigest())
        if key not in _CACHE:
            _CACHE[key] = grade_file(autograded, config.id, public_only=False)
        return _CACHE[key]
    cells = history_cells() or []
    from autograder.notebooks.extract import extract_module
    from autograder.notebooks.submission import graded_names

    source = extract_module(cells, graded_names(config)).module_source
    key = ("cells", config.id, target, hashlib.sha256(source.encode("utf-8")).hexdigest())
    if key not in _CACHE:
        _CACHE[key] = grade_cells(cells, config.id, (target,), public_only=False)
    return _CACHE[key]


def nbgrader_check(assignment: str, check_id: str) -> None:
    """An nbgrader test cell: print the check's feedback; raise CheckFailed when it fails."""
    silence_stderr_under_nbgrader()
    with _quiet_stderr():
        report = nbgrader_report(assignment, check_id)
    result = next((c for c in report.checks if c.id == check_id), None)
    shown_notes = ("_notes_shown", id(report))
    language = report.language
    if report.notes and shown_notes not in _CACHE:
        _CACHE[shown_notes] = report
        print(render(msg("selfcheck.notes"), language) + "\n" + "\n".join(f"  * {note}" for note in report.notes)
              + "\n")
    if result is None:
        raise CheckFailed(render(msg("selfcheck.no_such_check", check_id=check_id, assignment=assignment), language))
    points = msg("selfcheck.points", points=result.points, max_points=result.max_points)
    mark = {PASSED: msg("mark.passed"), ERROR: msg("selfcheck.grader_error")}.get(result.status, msg("mark.failed"))
    line = render(msg("selfcheck.test_cell", mark=mark, check_id=check_id, points=points, message=result.message),
                  language)
    if result.status == PASSED:
        print(line)
        return None
    raise CheckFailed(line)


# -- rendering -------------------------------------------------------------------------------------

def _summary(report: SubmissionReport, names: tuple[str, ...]) -> list[str]:
    from autograder.guidance import hidden_lines, hint_line, notebook_ask

    passed = sum(1 for c in report.checks if c.status == PASSED)
    counts = dict(passed=passed, total=len(report.checks), score=report.score, max_score=report.max_score)
    lines = [render(msg("selfcheck.summary.of_names", names=", ".join(names), **counts) if names
                    else msg("selfcheck.summary", **counts), report.language)]
    suggestion = hint_line(report, notebook_ask)
    return lines + ([suggestion] if suggestion else []) + hidden_lines(report)


def render_text(report: SubmissionReport, names: tuple[str, ...] = ()) -> str:
    """The self-check as plain text, in the report's language."""
    from autograder.guidance import mark

    language = report.language
    lines = [render(msg("selfcheck.title", assignment=report.assignment, submission=report.submission,
                        title=course_text(report.title, language)), language)]
    lines += [report.data_warning] if report.data_warning else []
    note_mark = render(msg("mark.note"), language)
    lines += [f"{note_mark}  {note}" for note in report.notes]
    for check in report.checks:
        lines.append(f"{mark(check.status, language):5} {check.id}  {check.message}")
    return "\n".join(lines + [""] + _summary(report, names))


_COLOURS = {PASSED: "#1a7f37", ERROR: "#8250df"}


def _curves_svg(check, language: str) -> str:
    """The challenge's learning curves, drawn from the numbers the grader measured (trusted SVG)."""
    curves = (check.data or {}).get("learning_curves")
    if not curves:
        return ""
    from autograder.svg_curves import learning_curves_svg

    return "<br>" + learning_curves_svg(curves["student"], curves["reference"], language)


def render_html(report: SubmissionReport, names: tuple[str, ...] = ()) -> str:
    """The self-check as an HTML fragment for the notebook, in the report's language (``lang=``)."""
    from autograder.guidance import mark

    escape = html.escape
    language = report.language
    rows = []
    for check in report.checks:
        colour, label = _COLOURS.get(check.status, "#cf222e"), mark(check.status, language)
        font = "font-family:monospace;" if "\n" in check.message else ""  # a table of numbers keeps its columns
        rows.append(
            f'<tr><td style="color:#fff;background:{colour};font-weight:bold;text-align:center;padding:2px 6px">'
            f'{label}</td><td style="padding:2px 8px;white-space:nowrap"><code>{escape(check.id)}</code></td>'
            f'<td style="padding:2px 8px;text-align:left;white-space:pre-wrap;{font}">{escape(check.message)}'
            f'{_curves_svg(check, language)}</td></tr>')
    notes = "".join(f'<li style="margin:2px 0">{escape(note)}</li>' for note in report.notes)
    notes_html = (f'<div style="background:#fff8c5;border-left:4px solid #d4a72c;padding:4px 10px;margin:6px 0">'
                  f'<b>{escape(render(msg("selfcheck.notes.heading"), language))}</b>'
                  f'<ul style="margin:4px 0">{notes}</ul></div>' if notes else "")
    if report.data_warning:  # trained on the synthetic stand-in, not on purpose (autograder.data_sources)
        notes_html = (f'<div style="background:#ffebe9;border-left:4px solid #cf222e;padding:4px 10px;margin:6px 0">'
                      f'<b>{escape(report.data_warning)}</b></div>') + notes_html
    summary = "".join(f"<p style='margin:4px 0'>{escape(line)}</p>" for line in _summary(report, names))
    heading = render(msg("selfcheck.heading", assignment=report.assignment,
                         title=course_text(report.title, language)), language)
    return (f'<div class="keras-course-selfcheck" lang="{escape(language)}"><p style="margin:4px 0">'
            f'<b>{escape(heading)}</b></p>{notes_html}'
            f'<table style="border-collapse:collapse">{"".join(rows)}</table>{summary}</div>')


silence_stderr_under_nbgrader()


def _track_cell_ids_from_the_setup_cell() -> None:
    """From the setup cell on, note which notebook cell each run comes from (kernel_history)."""
    from autograder.notebooks.kernel_history import track_cell_ids

    track_cell_ids(_shell())


_track_cell_ids_from_the_setup_cell()
