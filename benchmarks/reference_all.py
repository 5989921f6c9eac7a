"""Benchmark: grade the reference solution of every assignment, template against fresh workers.

    .venv/bin/python benchmarks/reference_all.py [--repeat 3] [--parallel 2] [--quick]

Every figure is measured twice in the same run, side by side (runs alternate): with workers
forked from the warm template (the default) and with a fresh interpreter per worker
(KERAS_COURSE_WORKERS=fresh), and reported as medians with their ratio. For each assignment:
the wall time of grading the reference solution as a student's submission with the reference
values cached (as in a class run) and the time inside its training checks. Then all seven one
after the other in this one process, reference values cached and not (KERAS_COURSE_NO_CACHE=1:
the reference's own probes run too), the templates' start included (they are stopped before
each pass, and started at its start as a run grading several assignments starts them:
``template.start_for``, so that the Keras template's import overlaps 01); and, with --parallel N,
N at a time. The target of issue 14 is printed against `python -c "import keras"` measured on
the same machine in the same run (at the start and before each pass of the whole course, the
median of those); each row ends with the load average. --quick skips the per-assignment table.
--without-groups adds the whole course with the template and every probe in one worker
(KERAS_COURSE_PROBE_GROUPS=off: 04's and 05's independent trainings one after the other), beside
the default, where they run in two workers at once when a core is free (autograder/sandbox/groups.py).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KERAS_COURSE_OFFLINE", "1")

from autograder.course import load_course  # noqa: E402
from autograder.grading import _memory_cache, grade_submission  # noqa: E402
from autograder.sandbox import groups, template  # noqa: E402

TRAINING_WORDS = ("accuracy", "train", "fit", "stops", "history")
KINDS = ("template", "fresh")


IMPORT_CPU: list[float] = []  # CPU seconds of each `python -c "import keras"`
CPU_SECONDS: dict[str, list[float]] = {}  # kind -> CPU seconds of each whole-course pass, workers included


def cpu_seconds() -> float:
    """CPU seconds of this process, of its ended children (fresh workers, stopped templates) and of
    the live templates with the workers they forked and reaped: what a pass costs, whatever the load."""
    import psutil

    own = os.times()
    total = own.user + own.system + own.children_user + own.children_system
    for warm in list(template._shared.values()):
        try:
            times = psutil.Process(warm.process.pid).cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
        except psutil.Error:
            pass
    return total


def import_seconds(repeat: int) -> float:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
    times = []
    for _ in range(repeat):
        started, before = time.perf_counter(), os.times()
        subprocess.run([sys.executable, "-c", "import keras"], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
        after = os.times()
        IMPORT_CPU.append(after.children_user + after.children_system - before.children_user - before.children_system)
    return statistics.median(times)


@contextlib.contextmanager
def workers(kind: str, *, cold_templates: bool = False):
    """Grade with workers of ``kind``; ``cold_templates`` stops the templates first, so that
    their start counts in what is measured."""
    os.environ[template.WORKERS_VARIABLE] = "auto" if kind == "template" else "fresh"
    if cold_templates:
        template.stop_shared_templates()
    try:
        yield
    finally:
        os.environ.pop(template.WORKERS_VARIABLE, None)


def grade_reference(course, assignment) -> tuple[float, float, str]:
    started = time.perf_counter()
    report = grade_submission(course, assignment, ROOT / "solutions" / assignment.id)
    wall = time.perf_counter() - started
    if report.score != report.max_score:
        raise SystemExit(f"{assignment.id}: the reference got {report.score}/{report.max_score}")
    training = sum(c.seconds or 0.0 for c in report.checks if any(w in c.id for w in TRAINING_WORDS))
    return wall, training, report.workers


@contextlib.contextmanager
def nothing_cached():
    """As on a new machine: the reference's own probes run beside each student's."""
    os.environ["KERAS_COURSE_NO_CACHE"] = "1"
    _memory_cache.clear()
    try:
        yield
    finally:
        del os.environ["KERAS_COURSE_NO_CACHE"]
        _memory_cache.clear()


def grade_all_in_turn(course, kind: str, record_as: str = "") -> float:
    if kind == "one worker":  # the template, every probe of a submission in one worker
        os.environ[groups.GROUPS_VARIABLE] = "off"
        try:
            return grade_all_in_turn(course, "template", record_as=kind)
        finally:
            del os.environ[groups.GROUPS_VARIABLE]
    with workers(kind, cold_templates=True):
        started, cpu = time.perf_counter(), cpu_seconds()
        template.start_for([assignment.id for assignment in course.assignments], course.grading.workers)
        for assignment in course.assignments:
            grade_reference(course, assignment)
        CPU_SECONDS.setdefault(record_as or kind, []).append(cpu_seconds() - cpu)
        return time.perf_counter() - started


def grade_all_at_once(course, kind: str, parallel: int) -> float:
    with workers(kind, cold_templates=True):
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            list(pool.map(lambda a: grade_reference(course, a), course.assignments))
        return time.perf_counter() - started


def side_by_side(measure, repeat: int, kinds: tuple[str, ...] = KINDS) -> dict[str, float]:
    """Median of ``measure(kind)`` per kind, the kinds alternating run by run."""
    times = {kind: [] for kind in kinds}
    for _ in range(repeat):
        for kind in kinds:
            times[kind].append(measure(kind))
    return {kind: statistics.median(values) for kind, values in times.items()}


def row(label: str, medians: dict[str, float]) -> str:
    """One figure of both kinds, their ratio, and the load average when it was taken."""
    return (f"{label:<48} {medians['template']:>9.1f} {medians['fresh']:>9.1f} "
            f"{medians['fresh'] / medians['template']:>8.2f}x   (load {os.getloadavg()[0]:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="skip the per-assignment table")
    parser.add_argument("--cached-only", action="store_true", help="skip the passes with nothing cached")
    parser.add_argument("--without-groups", action="store_true",
                        help="also the whole course with every probe of a submission in one worker")
    args = parser.parse_args()
    course = load_course()
    for assignment in course.assignments:  # fill the reference cache
        grade_reference(course, assignment)
    keras_import = import_seconds(args.repeat)
    print(f"python -c 'import keras': {keras_import:.2f} s (median of {args.repeat}); "
          f"os.cpu_count() = {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} at the start")
    print(f"{'medians of ' + str(args.repeat) + ' runs, seconds':<48} {'template':>9} {'fresh':>9} {'ratio':>9}")
    if not args.quick:
        for assignment in course.assignments:
            training: dict[str, list[float]] = {kind: [] for kind in KINDS}

            def once(kind: str, assignment=assignment, training=training) -> float:
                with workers(kind):
                    wall, trained, used = grade_reference(course, assignment)
                assert used == kind, f"{assignment.id} was graded by {used} workers, not {kind}"
                training[kind].append(trained)
                return wall

            medians = side_by_side(once, args.repeat)
            print(row(f"{assignment.id} (cached; training checks "
                      f"{statistics.median(training['template']):.1f} s)", medians))
    imports = []  # measured between the passes too, so that the ratio holds when the load changes

    def in_turn_pass(kind: str) -> float:
        if kind == KINDS[0]:
            imports.append(import_seconds(1))
        return grade_all_in_turn(course, kind)

    in_turn = side_by_side(in_turn_pass, args.repeat, KINDS + (("one worker",) if args.without_groups else ()))
    keras_import = statistics.median([keras_import, *imports])
    print(row(f"all {len(course.assignments)}, one after the other, cached", in_turn))
    cpu = {kind: statistics.median(values) for kind, values in CPU_SECONDS.items()}
    print(f"{'  the same in CPU seconds (grader, templates, workers)':<48} "
          + " ".join(f"{cpu[kind]:>9.1f}" for kind in KINDS) + f"   (import keras: {statistics.median(IMPORT_CPU):.1f} "
          f"CPU s; one worker: {cpu.get('one worker', float('nan')):.1f})")
    CPU_SECONDS.clear()
    if args.without_groups:
        alone = in_turn["one worker"]
        print(f"{'the same, template, every probe in one worker':<48} {alone:>9.1f} {'':>9} "
              f"{alone / in_turn['template']:>8.2f}x   (load {os.getloadavg()[0]:.1f}; ratio: one worker / groups)")
    if not args.cached_only:
        with nothing_cached():
            cold = side_by_side(lambda kind: grade_all_in_turn(course, kind), max(1, args.repeat - 1))
        print(row(f"all {len(course.assignments)}, one after the other, nothing cached", cold))
    if args.parallel > 1:
        at_once = side_by_side(lambda kind: grade_all_at_once(course, kind, args.parallel), args.repeat)
        print(row(f"all {len(course.assignments)}, {args.parallel} at a time, cached", at_once))
    print(f"python -c 'import keras' beside those passes: {keras_import:.2f} s (median of {len(imports) + 1})")
    print(f"whole course, cached, one after the other: {in_turn['template'] / keras_import:.1f} times "
          f"`import keras` with the template (target: at most 4), {in_turn['fresh'] / keras_import:.1f} "
          f"times with fresh workers")


if __name__ == "__main__":
    main()
