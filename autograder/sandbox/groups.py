"""A submission's probes in groups: probes that share nothing run in two workers at once.

With the import gone (the warm template), grading is mostly tracing and training models, and the
workers' TensorFlow runs each kernel on one thread (runner.ARITHMETIC): a student graded alone
leaves the machine's second core idle. A check names a ``worker_group`` when its probe shares
nothing with the others (no model, no memo, no file: the challenge's one training serves its three
checks, so they form one group). The groups split a suite's time about in half: 04's and 05's
challenge beside their other trainings, 02's SomeModel and multi-input and multi-output networks
beside the others, 03's hidden model beside the public one, 06's evaluate_model beside the
predictions, 07's subclassed model beside the whole-model files. When a
core is free, each group runs in a worker of its own at the same time as the others, and the
outcomes are merged into one :class:`~autograder.sandbox.runner.RunOutcome`.

Isolation is the runner's, unchanged, for every group: its own forked child, its own sandbox user
and scratch folder (a copy of the submission's), its own budgets and clean-up; no worker is reused.
A probe's outcome does not depend on the group it runs in (each probe seeds what it draws); the
groups only change when the work is done. Groups are used only with the warm template (a second
fresh interpreter would import TensorFlow again) and only while this process grades fewer
submissions than the machine has cores (``grade --jobs 2`` on two cores already keeps both busy).
``KERAS_COURSE_PROBE_GROUPS=off`` runs every probe in one worker, as before.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from typing import Callable

from autograder.sandbox import isolation, template
from autograder.sandbox.limits import Limits
from autograder.sandbox.runner import RunOutcome
from autograder.sandbox.runner import run_probes as run_in_one_worker

GROUPS_VARIABLE = "KERAS_COURSE_PROBE_GROUPS"  # auto (groups when a core is free) or off
_busy = 0  # workers this process's gradings are running now, groups included
_busy_lock = threading.Lock()


def probe_groups(assignment: str, probes: list[str], suite: str | None = None) -> list[list[str]]:
    """``probes`` split by their checks' ``worker_group``: the ungrouped ones first, then each
    group in the order of its first probe; an empty group is left out."""
    from autograder.checks.registry import load_suite

    checks = load_suite(suite or assignment)
    groups: dict[str, list[str]] = {"": []}
    for probe in probes:
        name = checks[probe].worker_group if probe in checks else ""
        groups.setdefault(name, []).append(probe)
    return [members for members in groups.values() if members]


def _wanted(workers: str) -> bool:
    if (os.environ.get(GROUPS_VARIABLE) or "auto").strip().lower() in ("off", "0", "no", "false"):
        return False
    try:
        return template.choice(isolation.sandbox_mode(), workers)[0]
    except isolation.SandboxError:
        return False


def _claim(extra_wanted: int) -> int:
    """Reserve a core for this run's first worker and up to ``extra_wanted`` more; returns how many more."""
    global _busy
    with _busy_lock:
        extra = max(0, min(extra_wanted, (os.cpu_count() or 1) - _busy - 1))
        _busy += 1 + extra
        return extra


def _release(count: int) -> None:
    global _busy
    with _busy_lock:
        _busy -= count


def run_probes(*, assignment: str, module_file: str | None, module_name: str, probes: list[str],
               scratch: str, limits: Limits, settings: dict | None = None,
               workers: str = "template", suite: str | None = None,
               same_run: dict[str, str] | None = None,
               after_worker: Callable[[RunOutcome, str], None] | None = None) -> RunOutcome:
    """:func:`autograder.sandbox.runner.run_probes`, with the probes' groups in workers of their own
    at the same time when a core is free. Whatever the groups wrote in their scratch folders ends
    up in ``scratch`` (the challenge's saved models), each group's files replacing the first's.

    ``after_worker(outcome, folder)`` is called for each group as soon as its workers are gone,
    with its own outcome (changed in place before the outcomes are merged) and scratch folder: the
    challenge's held-out measurement starts while the other group is still training."""
    groups = probe_groups(assignment, probes, suite) if module_file and _wanted(workers) else [list(probes)]
    extra = _claim(len(groups) - 1)
    if extra == 0:
        groups = [list(probes)]
    elif extra < len(groups) - 1:  # fewer free cores than groups: the last ones stay together
        groups = [*groups[:extra], [probe for group in groups[extra:] for probe in group]]
    common = dict(assignment=assignment, module_file=module_file, module_name=module_name, limits=limits,
                  settings=settings, workers=workers, suite=suite, same_run=same_run)
    try:
        if len(groups) == 1:
            outcome = run_in_one_worker(probes=list(probes), scratch=scratch, **common)
            if after_worker is not None:
                after_worker(outcome, scratch)
            return outcome
        return _run_groups(groups, scratch, module_file, common, after_worker)
    finally:
        _release(1 + extra)


def _run_groups(groups: list[list[str]], scratch: str, module_file: str, common: dict,
                after_worker: Callable[[RunOutcome, str], None] | None) -> RunOutcome:
    started = time.monotonic()
    scratches = [scratch] + [_copy_scratch(scratch, index) for index in range(1, len(groups))]
    outcomes: list[RunOutcome | None] = [None] * len(groups)
    failures: list[BaseException] = []

    def run(index: int) -> None:
        own = {**common, "module_file": os.path.join(scratches[index], os.path.relpath(module_file, scratch))}
        outcomes[index] = run_in_one_worker(probes=groups[index], scratch=scratches[index], **own)
        if after_worker is not None:
            after_worker(outcomes[index], scratches[index])

    def run_beside(index: int) -> None:
        try:
            run(index)
        except BaseException as error:  # noqa: BLE001 - raised again in the grading's own thread
            failures.append(error)

    # Daemon threads: an interrupted grading does not wait for the other groups' budgets to run out
    # (their workers end with the template, whose supervisors kill everything when it is gone).
    threads = [threading.Thread(target=run_beside, args=(index,), name=f"probe-group-{index}", daemon=True)
               for index in range(1, len(groups))]
    try:
        for thread in threads:
            thread.start()
        run(0)
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]
        for extra in scratches[1:]:
            _move_files(extra, scratch, os.path.basename(module_file))
    finally:
        if not any(thread.is_alive() for thread in threads):
            for extra in scratches[1:]:
                shutil.rmtree(extra, ignore_errors=True)
    merged = merge(outcomes, groups)
    merged.seconds = round(time.monotonic() - started, 3)
    return merged


def _copy_scratch(scratch: str, index: int) -> str:
    """A new scratch folder beside ``scratch`` with what the grader put there (the module, links)."""
    copy = tempfile.mkdtemp(prefix=f"{os.path.basename(scratch.rstrip(os.sep))}-group{index}-",
                            dir=os.path.dirname(scratch.rstrip(os.sep)))
    shutil.copytree(scratch, copy, symlinks=True, dirs_exist_ok=True)
    return copy


def _move_files(source: str, target: str, module: str) -> None:
    """Every entry of ``source`` but the module, into ``target``, replacing an entry of the same name.

    Both folders are the grader's again (the runner took them back after its workers); nothing
    here follows a link: entries are renamed, not read."""
    for entry in os.scandir(source):
        if entry.name == module:
            continue
        destination = os.path.join(target, entry.name)
        if os.path.lexists(destination):
            if os.path.isdir(destination) and not os.path.islink(destination):
                shutil.rmtree(destination)
            else:
                os.unlink(destination)
        os.replace(entry.path, destination)


def merge(outcomes: list[RunOutcome], groups: list[list[str]]) -> RunOutcome:
    """One run's outcome from its groups' (the first group's is the frame: its sandbox, its user).

    ``workers`` stays the count of workers one after the other (the most any group needed: 1 when
    none was restarted); ``groups`` says how many ran at once. The output of an import, printed by
    every group, is kept once.
    """
    merged = outcomes[0]
    merged.groups = len(outcomes)
    for outcome, probes in zip(outcomes[1:], groups[1:]):
        merged.probes.update(outcome.probes)
        merged.import_error = merged.import_error or outcome.import_error
        merged.stdout += _after_shared_start(merged.stdout, outcome.stdout)
        merged.stderr += _after_shared_start(merged.stderr, outcome.stderr)
        merged.dropped_output_bytes += outcome.dropped_output_bytes
        merged.workers = max(merged.workers, outcome.workers)
        merged.notes.append(f"probes {', '.join(probes)} ran in a worker of their own at the same time as the "
                            f"others ({outcome.workers} worker(s), {outcome.seconds:.1f} s, sandbox uid "
                            f"{outcome.sandbox_uid}): a core was free")
        merged.notes.extend(note for note in outcome.notes if note not in merged.notes)
    return merged


def _after_shared_start(first: str, second: str) -> str:
    """``second`` without the start it shares with ``first`` (what the module printed at import)."""
    return second[len(os.path.commonprefix([first, second])):]
