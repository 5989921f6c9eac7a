"""Benchmark: grade the reference solution of every assignment (all checks, training included).

    .venv/bin/python benchmarks/reference_all.py [--repeat 3] [--parallel 2]

For each assignment it reports the median wall time of grading the reference solution as a
student's submission, with the reference values cached (as in a class run, where they are
computed once) and cold (KERAS_COURSE_NO_CACHE=1: the reference's own probes run too), and
splits the warm time into: starting the worker and importing TensorFlow/Keras (measured
separately as `python -c "import keras"`), and time inside the checks (building models,
training, and everything else), from the per-check timings in the report. It then grades all
seven one after the other and, with --parallel N, N at a time, which is what an instructor
waits for; and all seven one after the other with nothing cached, as on a new machine.
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

TRAINING_WORDS = ("accuracy", "train", "fit", "stops", "history")


def import_seconds(repeat: int) -> float:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import keras, tensorflow"], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def grade_reference(course, assignment) -> tuple[float, dict]:
    started = time.perf_counter()
    report = grade_submission(course, assignment, ROOT / "solutions" / assignment.id)
    wall = time.perf_counter() - started
    if report.score != report.max_score:
        raise SystemExit(f"{assignment.id}: the reference got {report.score}/{report.max_score}")
    checks = {"training": 0.0, "other": 0.0}
    for check in report.checks:
        kind = "training" if any(word in check.id for word in TRAINING_WORDS) else "other"
        checks[kind] += check.seconds or 0.0
    return wall, checks


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


def grade_all_in_turn(course) -> float:
    started = time.perf_counter()
    for assignment in course.assignments:
        grade_reference(course, assignment)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parallel", type=int, default=2)
    args = parser.parse_args()
    course = load_course()
    keras_import = import_seconds(args.repeat)
    print(f"python -c 'import keras, tensorflow': {keras_import:.2f} s (median of {args.repeat})")
    print(f"{'assignment':<13} {'warm s':>7} {'cold s':>7} {'in training checks s':>21} {'in other checks s':>18}")
    total_warm = 0.0
    for assignment in course.assignments:
        grade_reference(course, assignment)  # fill the cache
        warm = [grade_reference(course, assignment) for _ in range(args.repeat)]
        with nothing_cached():
            cold = [grade_reference(course, assignment)[0] for _ in range(max(1, args.repeat - 1))]
        warm_wall = statistics.median(w for w, _ in warm)
        training = statistics.median(c["training"] for _, c in warm)
        other = statistics.median(c["other"] for _, c in warm)
        total_warm += warm_wall
        print(f"{assignment.id:<13} {warm_wall:>7.2f} {statistics.median(cold):>7.2f} {training:>21.2f} {other:>18.2f}")
    print(f"sum of warm medians: {total_warm:.1f} s")
    grade_all_in_turn(course)  # every reference value cached
    sequential = grade_all_in_turn(course)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.parallel) as pool:
        list(pool.map(lambda a: grade_reference(course, a), course.assignments))
    parallel = time.perf_counter() - started
    with nothing_cached():
        cold_sequential = grade_all_in_turn(course)
    print(f"all {len(course.assignments)} assignments, one after the other: {sequential:.1f} s; "
          f"{args.parallel} at a time: {parallel:.1f} s; one after the other with nothing cached "
          f"(the reference computed alongside each): {cold_sequential:.1f} s")
    keras_assignments = sum(1 for a in course.assignments if a.id != "01_data")
    print(f"floor: {keras_assignments} workers x {keras_import:.1f} s of Keras import = "
          f"{keras_assignments * keras_import:.1f} s one after the other")


if __name__ == "__main__":
    main()
