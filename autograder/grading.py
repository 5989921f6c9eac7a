"""Grade one submission: run its probes in a worker, run the reference's, judge, report."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder import load_data_files, messages, paths
from autograder.catalog import Message, NotebookPlace, msg, render, render_report
from autograder.language import choose_language
from autograder.guidance import hidden_checks
from autograder.held_out import measure_held_out, note_training_progress
from autograder.checks.kit.base import CheckSuite
from autograder.checks.kit import stand_ins
from autograder.checks.kit.causes import CauseTracker, error_causes
from autograder.checks.kit.judging import joined_with_and
from autograder.checks.kit.outcomes import ProbeOutcome
from autograder.checks.registry import kit_files, load_suite, suite_file
from autograder.course import REPO_ROOT, AssignmentConfig, Course
from autograder.data_sources import DataResolution, resolve_for_course
from autograder.datasets import DataUnavailable
from autograder.discovery import SubmissionError, find_module
from autograder.notebooks.submission import prepare_submission  # a .ipynb becomes a module
from autograder.results import ERROR, FAILED, PASSED, CheckResult, SubmissionReport
from autograder.sandbox import protocol
from autograder.sandbox.groups import run_probes  # the runner's, with independent trainings at once
from autograder.sandbox.isolation import sandbox_mode
from autograder.sandbox.runner import ARITHMETIC

SOLUTIONS = REPO_ROOT / "solutions"


def _data(course: Course, assignment: AssignmentConfig) -> DataResolution | None:
    """The data the training checks use, resolved here (trusted) once, before any worker starts."""
    return resolve_for_course(course) if assignment.training or assignment.challenge else None


def _settings(course: Course, assignment: AssignmentConfig) -> dict:
    data = _data(course, assignment)
    return {
        "training": assignment.training.model_dump() if assignment.training else None,
        "challenge": assignment.challenge.model_dump() if assignment.challenge else None,
        "data": data.for_settings() if data else None,  # which files (their digests): part of the cache key
    }


def keras_datasets_for(course: Course, module_file: Path) -> Path | None:
    """Keras's Fashion-MNIST files for a module that calls ``load_data()`` (autograder.load_data_files), or None."""
    try:
        source = module_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if not load_data_files.loads_fashion_mnist(source):
        return None
    try:
        data = resolve_for_course(course)
    except DataUnavailable:  # real data is required and missing: the training checks say so
        return None
    held_out = max([a.challenge.valid_samples for a in course.assignments if a.challenge] or [0])
    return load_data_files.keras_folder(data, held_out)


def run_submission(course: Course, assignment: AssignmentConfig, module_file: Path, probe_ids: list[str], *,
                   reference: bool = False):
    """Run the probes ``probe_ids`` on ``module_file`` in sandboxed workers (a copy, in a scratch folder);
    ``reference``: the reference solution (a challenge it cannot be measured on is the grader's error)."""
    scratch = Path(tempfile.mkdtemp(prefix=f"kgrade-{assignment.number}-"))
    data = _data(course, assignment)
    try:
        target = scratch / assignment.module
        shutil.copyfile(module_file, target)
        settings = {**_settings(course, assignment), "data_dir": data.worker_folder() if data else None}
        keras_files = keras_datasets_for(course, module_file)
        if keras_files is not None:  # the module calls fashion_mnist.load_data(): Keras finds the course's copy
            load_data_files.link_into_scratch(scratch, keras_files)
            settings["keras_cache_dir"] = str(keras_files)
        suite = load_suite(assignment.id)
        same_run = {check.id: check.same_run for check in suite if check.same_run}
        def held_out_curves(worker_run, folder: str) -> None:
            """The held-out curves, measured where no student code runs, once the worker that trained
            the challenge is gone (a group without the challenge has nothing to measure)."""
            note_training_progress(worker_run, Path(folder), assignment.challenge.epochs)
            measure_held_out(course, assignment, worker_run, Path(folder), data,
                             SOLUTIONS / assignment.id / assignment.module, reference=reference)

        return run_probes(assignment=assignment.id, module_file=str(target),
                          module_name=assignment.module_name, probes=probe_ids, scratch=str(scratch),
                          limits=assignment.limits(), settings=settings, workers=course.grading.workers,
                          same_run=same_run, after_worker=held_out_curves if assignment.challenge else None)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# -- reference values ---------------------------------------------------------------------------

_memory_cache: dict[str, dict] = {}
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def reference_sources(assignment: AssignmentConfig, solution: Path) -> list[Path]:
    """Every file that shapes the reference's probe values: the solution, the assignment's own
    suite and the checks kit (suites import nothing else of the grader's), the description code,
    the data loaders and the challenge's held-out measurement. Another assignment's suite is not
    among them."""
    package = Path(__file__).parent
    return [solution, suite_file(assignment.id), *kit_files(), package / "describe.py",
            package / "datasets.py", package / "idx.py", package / "held_out.py"]


def _reference_key(course: Course, assignment: AssignmentConfig, solution: Path) -> str:
    import numpy

    digest = hashlib.sha256()
    package = Path(__file__).parent
    for file in reference_sources(assignment, solution):
        digest.update(file.relative_to(package).as_posix().encode() if file.is_relative_to(package)
                      else file.name.encode())
        digest.update(file.read_bytes())
    digest.update(json.dumps(_settings(course, assignment), sort_keys=True).encode())
    # the checks configured: a check added to course.yml must not find an older outcome without it
    digest.update(" ".join(check.id for check in assignment.checks).encode())
    digest.update(f"{numpy.__version__} {platform.machine()} {platform.python_version()}".encode())
    digest.update(json.dumps(ARITHMETIC, sort_keys=True).encode())  # the workers' kernels and threads
    try:
        from importlib.metadata import version

        digest.update(f"{version('keras')} {version('tensorflow-cpu')}".encode())
    except Exception:  # noqa: BLE001 - versions are only part of a cache key
        pass
    return digest.hexdigest()[:20]


def reference_outcomes(course: Course, assignment: AssignmentConfig, *,
                       trust_disk_cache: bool = True) -> dict[str, dict]:
    """The reference solution's probe outcomes, computed once and cached on disk.

    ``trust_disk_cache=False`` ignores values read from disk (still writing fresh ones): without
    the sandbox's user switch, student code could have rewritten the cache files.
    """
    solution = SOLUTIONS / assignment.id / assignment.module
    key = _reference_key(course, assignment, solution)
    with _locks_guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:  # students graded at once wait for one computation of the reference, not one each
        return _reference_outcomes(course, assignment, solution, key, trust_disk_cache)


def _read_cache_file(cache_file: Path) -> dict[str, dict] | None:
    """The cached outcomes, or None when there are none (another grading may remove a stale file at any time)."""
    try:
        return json.loads(cache_file.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def _reference_outcomes(course: Course, assignment: AssignmentConfig, solution: Path, key: str,
                        trust_disk_cache: bool) -> dict[str, dict]:
    use_cache = os.environ.get("KERAS_COURSE_NO_CACHE") != "1"
    if use_cache and key in _memory_cache:
        return _memory_cache[key]
    cache_file = paths.REFERENCE_CACHE / f"{assignment.id}-{key}.json"
    use_disk = use_cache
    outcomes = _read_cache_file(cache_file) if use_disk and trust_disk_cache else None
    if outcomes is None:
        run = run_submission(course, assignment, solution, [c.id for c in assignment.checks], reference=True)
        outcomes = run.probes
        if run.import_error:
            raise RuntimeError(f"the reference solution {solution} failed to import: {run.import_error}")
        if use_disk and all(o.get("status") == protocol.OK for o in outcomes.values()):
            paths.REFERENCE_CACHE.mkdir(parents=True, exist_ok=True)
            # A name of this process's own: several gradings on one machine may write the same key at once.
            temporary = cache_file.with_name(f"{cache_file.stem}.{os.getpid()}.{threading.get_ident()}.tmp")
            temporary.write_text(json.dumps(outcomes), encoding="utf-8")
            temporary.replace(cache_file)
            for stale in paths.REFERENCE_CACHE.glob(f"{assignment.id}-*.json"):  # values of older code or settings
                if stale != cache_file:
                    stale.unlink(missing_ok=True)
    _memory_cache[key] = outcomes
    return outcomes


# -- grading -------------------------------------------------------------------------------------

def grade_submission(course: Course, assignment: AssignmentConfig, path: Path, *,
                     public_only: bool = False, place: NotebookPlace | None = None,
                     language: str | None = None) -> SubmissionReport:
    """Grade ``path`` (a module file or a folder holding it) on ``assignment``.

    Messages stay data until the end, where they are worded in ``language`` for the submission's
    place: a notebook (handed in, or ``place`` when the caller made the module from cells) reads
    cells where a file reads lines.
    """
    started = time.monotonic()
    language = language or choose_language(course=course)
    suite = load_suite(assignment.id)
    configured = [c for c in assignment.checks if not (public_only and c.hidden)]
    hidden = [c for c in assignment.checks if c.hidden]
    report = SubmissionReport(assignment=assignment.id, title=assignment.title, submission=path.name,
                              public_only=public_only, language=language)
    if public_only:
        report.hidden_count = len(hidden)
        report.hidden_points = sum(c.points for c in hidden)
        report.hidden_checks = hidden_checks(assignment, suite)
    try:
        module_file = find_module(path, assignment)
        if path.is_dir() and module_file.suffix == ".py" and module_file.name != assignment.module:
            report.notes.append(msg("submission.near_miss_name", found=module_file.name, expected=assignment.module))
        module_file, notebook = prepare_submission(path, module_file, assignment, report)
    except SubmissionError as error:
        report.notes.append(str(error))
        for config in configured:
            report.checks.append(_result(suite, config, FAILED, str(error), probe_status="no_submission"))
        render_report(report, language, place)
        report.execution_time = time.monotonic() - started
        return report

    data = _data(course, assignment)  # before any worker: may download, or refuse (data.require_real)
    if data is not None:
        report.data_warning = render(data.warning_message, language) if data.warning_message else ""
        report.instructor_notes.append("data: " + "\n  ".join(data.explain()))
    # A self-check may trust the cache (a student can only fool themselves); grading trusts it only
    # when student code cannot write it (see docs/security.md).
    # The reference (when not cached) and the student run side by side: two workers, two cores.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reference") as pool:
        reference = pool.submit(reference_outcomes, course, assignment,
                                trust_disk_cache=public_only or sandbox_mode() != "none")
        run = run_submission(course, assignment, module_file, [c.id for c in configured])
        expected = reference.result()
    report.instructor_notes.extend(run.notes)
    report.workers = run.workers_kind
    if run.import_error:
        report.notes.append(messages.import_failure(assignment.module, run.import_error))
        report.instructor_notes.append(run.import_error.get("traceback", ""))
    if run.dropped_output_bytes:
        report.instructor_notes.append(f"{run.dropped_output_bytes} bytes of output were dropped")
        kept = len(run.stdout.encode()) + len(run.stderr.encode())
        report.notes.append(messages.output_dropped(kept, run.dropped_output_bytes, assignment.limits().printed_mb))
    if not run.import_error and load_data_files.loads_at_import(module_file.read_text(encoding="utf-8", errors="replace")):
        keras_files = keras_datasets_for(course, module_file)
        if keras_files is not None:
            report.notes.append(messages.dataset_loaded_at_import(load_data_files.test_split_size(keras_files)))
    report.checks.extend(judge_outcomes(assignment, configured, run.probes, expected, run.import_error))
    report.notes.extend(_data_notes(expected, [c.id for c in configured], data))
    report.stdout, report.stderr = run.stdout[-20000:], run.stderr[-20000:]
    render_report(report, language, place or notebook.place)  # a notebook's feedback names cells, not lines
    report.execution_time = time.monotonic() - started
    return report


def judge_outcomes(assignment: AssignmentConfig, configs, got: dict[str, ProbeOutcome],
                   expected: dict[str, ProbeOutcome], import_error: dict | None = None) -> list[CheckResult]:
    """Judge probe outcomes (plain data: fresh from a worker, or recorded) of the checks ``configs``.

    Needs no worker and no Keras: tests judge recorded outcomes with it (tests/test_judges.py).
    Messages are data (``CheckResult.text``) until ``catalog.render_report`` words them.
    """
    suite = load_suite(assignment.id)
    judged = [(config, got.get(config.id, {}), expected.get(config.id, {})) for config in configs]
    first = [_judge(suite, config, assignment, outcome, reference, import_error, got)
             for config, outcome, reference in judged]
    # A mistake in one graded function never costs another's points (kit/stand_ins.py): the graded
    # names whose own checks failed; a failing check that used one is judged on its stand-in run.
    first_failed = {}  # target -> its first failing check
    for (config, _, _), (result, _, _) in zip(judged, first):
        if result.status == FAILED:
            first_failed.setdefault(suite[config.id].target, config.id)
    failed_targets = set(first_failed)
    tracker = CauseTracker()
    results = []
    for (config, outcome, reference), (result, cause, charged_at) in zip(judged, first):
        target = suite[config.id].target
        if result.status == FAILED:
            chosen, replaced = stand_ins.choose(outcome, failed_targets - {target})
            if replaced:
                own = result
                outcome = chosen
                result, cause, charged_at = _judge(suite, config, assignment, outcome, reference, import_error, got)
                result = _with_stand_ins(result, replaced, own)
        if result.status == FAILED and charged_at in first_failed and charged_at != target:
            result = _charged_once(suite, result, first_failed[charged_at])
        if result.status == FAILED and result.probe_status in (protocol.OK, protocol.RAISED):
            causes = error_causes(outcome, reference) | ({cause} if cause else set())
            root = tracker.root_of(config.id, causes, suite[config.id].after)
            if root is not None:
                result = _follows(suite, result, root)
        results.append(result)
    return results


def _charged_once(suite: CheckSuite, result: CheckResult, root_id: str) -> CheckResult:
    """A failure whose only cause is another graded function's mistake, made in code both share (05's
    conv_block helper): charged once, at that function's checks; this check keeps its points."""
    root = suite[root_id]
    own = render(Message.from_dict(result.text)) if result.text else result.message
    result.text = msg("check.charged_once", earlier=root_id, target=root.target, function=result.target).to_dict()
    result.message = ""
    result.detail = "\n".join(part for part in (f"its own diagnosis: {own}", result.detail) if part)
    result.follows = root_id
    result.status = PASSED
    result.points = result.max_points
    return result


def _with_stand_ins(result: CheckResult, names: list[str], own_run: CheckResult) -> CheckResult:
    """Say that the check was judged with the course's own versions of ``names``; the verdict on the
    student's own functions (``own_run``) stays in the detail, for the instructor."""
    message = Message.from_dict(result.text) if result.text else result.message
    functions = joined_with_and([f"`{name}`" for name in names])
    result.text = msg("check.stand_in", message=message, functions=functions).to_dict()
    result.message = ""
    result.stand_ins = list(names)
    own = render(Message.from_dict(own_run.text)) if own_run.text else own_run.message
    if own:
        result.detail = "\n".join(part for part in (f"with the student's own {', '.join(names)}: {own}",
                                                    result.detail) if part)
    return result


def _follows(suite: CheckSuite, result: CheckResult, root_id: str) -> CheckResult:
    """A failing check that only repeats an earlier check's mistake points at it (kit/causes.py)."""
    root = suite[root_id]
    own = render(Message.from_dict(result.text)) if result.text else result.message
    result.text = msg("check.follows", earlier=root_id, target=root.target).to_dict()
    result.message = ""
    result.detail = "\n".join(part for part in (f"its own diagnosis: {own}", result.detail) if part)
    result.follows = root_id
    return result


def _data_notes(expected: dict, check_ids: list[str], data: DataResolution | None = None) -> list[Message]:
    """Say which data the training checks used (the reference's probes record it as "source"); the
    data resolved for this grading words it in the report's language (the recorded text is English)."""
    sources = []
    for check_id in check_ids:
        value = expected.get(check_id, {}).get("value")
        source = value.get("source") if isinstance(value, dict) else None
        if isinstance(source, str) and source not in sources:
            sources.append(source)
    worded = {data.description: data.description_message} if data is not None else {}
    return [msg("note.training_data", source=worded.get(source, source)) for source in sources]


def _result(suite: CheckSuite, config, status: str, message: Message | str, detail: str = "",
            probe_status: str = "", seconds: float | None = None, passed: bool = False,
            data: dict | None = None) -> CheckResult:
    """A check's result; a :class:`Message` is kept as data and worded by ``render_report``."""
    check = suite[config.id]
    text = message.to_dict() if isinstance(message, Message) else None
    call_text = check.call.to_dict() if isinstance(check.call, Message) else None
    return CheckResult(id=config.id, target=check.target, call="" if call_text else check.call, call_text=call_text,
                       points=config.points if passed else 0.0, max_points=config.points,
                       hidden=config.hidden, status=status, message="" if text else message, detail=detail,
                       probe_status=probe_status, seconds=seconds, data=data, text=text)


def _judge(suite: CheckSuite, config, assignment: AssignmentConfig, got: ProbeOutcome, expected: ProbeOutcome,
           import_error: dict | None, outcomes: dict[str, ProbeOutcome] | None = None) -> tuple[CheckResult, str, str]:
    """The check's result, the cause its judge named (``Verdict.cause``, or "") and the function
    its judge said charges it (``Verdict.charged_at``, or ""). ``outcomes``: every check's, for the
    checks a judge reads (``Check.reads``)."""
    check = suite[config.id]
    status = got.get("status", protocol.NOT_RUN)
    seconds = got.get("seconds")
    if status == protocol.IMPORT_FAILED:
        message = msg("check.not_run", reason=messages.import_failure(assignment.module, import_error or {}))
        return _result(suite, config, FAILED, message, probe_status=status), "", ""
    if status != protocol.OK:
        detail = got.get("traceback", "") or json.dumps(got)[:4000]
        if got.get("same_run_as") in suite:  # stopped once, in the check it names: not run again
            earlier = got["same_run_as"]
            result = _result(suite, config, FAILED, msg("check.same_run_stopped", earlier=earlier,
                                                         target=suite[earlier].target), detail, status, seconds)
            result.follows = earlier
            return result, "", ""
        message = (check.explain_stop(got) if check.explain_stop else None) \
            or messages.not_returned(check.call, check.target, assignment.module, got)
        outcome = ERROR if status == protocol.GRADER_ERROR else FAILED
        return _result(suite, config, outcome, message, detail, status, seconds), "", ""
    if expected.get("status") != protocol.OK:
        return _result(suite, config, ERROR, msg("check.reference_failed"),
                       detail=f"the reference solution's probe ended with {json.dumps(expected)[:4000]}",
                       probe_status=status, seconds=seconds), "", ""
    try:
        if check.reads:
            read = {check_id: (outcomes or {}).get(check_id, {}) for check_id in check.reads}
            verdict = check.judge(got["value"], expected["value"],
                                  {check_id: outcome.get("value") if outcome.get("status") == protocol.OK else None
                                   for check_id, outcome in read.items()})
        else:
            verdict = check.judge(got["value"], expected["value"])
    except Exception:  # noqa: BLE001 - a value shaped unlike anything the judge expects
        return _result(suite, config, FAILED, msg("check.uninterpretable", call=check.call),
                       detail=traceback.format_exc()[-4000:],
                       probe_status=status, seconds=seconds), "", ""
    return _result(suite, config, PASSED if verdict.passed else FAILED, verdict.message, verdict.detail,
                   status, seconds, passed=verdict.passed, data=verdict.data), verdict.cause, verdict.charged_at
