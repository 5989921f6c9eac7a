"""Benchmark: what each check of the reference costs, in CPU seconds, probe by probe.

    .venv/bin/python benchmarks/check_costs.py [--assignment 04 05] [--profile 10]

Runs every probe of the reference solution in this process (no worker, no sandbox: the
reference is the course's own code) in the order a worker runs them, and prints the CPU time of
each one (time.process_time: this process's own work, so a machine loaded by others inflates it
far less than wall time) and the total. The first probe that trains pays TensorFlow's one-time
start in the process (the first traced function, its thread pools), as it does in a worker.
``--profile N`` adds cProfile's N most expensive functions (cumulative) over all the probes.
For a suite whose checks name worker groups (autograder/sandbox/groups.py), the CPU seconds of
each group are printed too: with a free core the groups run at once, so the largest is what a
grading waits for.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KERAS_COURSE_OFFLINE", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

from autograder.checks.kit.base import ProbeContext  # noqa: E402
from autograder.checks.registry import load_suite  # noqa: E402
from autograder.course import load_course  # noqa: E402
from autograder.grading import _data, _settings  # noqa: E402


def reference_module(assignment):
    path = ROOT / "solutions" / assignment.id / assignment.module
    spec = importlib.util.spec_from_file_location(f"reference_{assignment.number}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def costs(course, assignment, profiler: cProfile.Profile | None) -> list[tuple[str, float]]:
    """CPU seconds of each probe of ``assignment`` on its reference, in the suite's order."""
    data = _data(course, assignment)
    settings = {**_settings(course, assignment), "data_dir": data.worker_folder() if data else None}
    context = ProbeContext(scratch=tempfile.mkdtemp(prefix="bench-costs-"), settings=settings)
    module = reference_module(assignment)
    seconds = []
    for check in load_suite(assignment.id):
        started = time.process_time()
        if profiler:
            profiler.enable()
        check.probe(module, context)
        if profiler:
            profiler.disable()
        seconds.append((check.id, time.process_time() - started))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--assignment", nargs="+", default=["04", "05"])
    parser.add_argument("--profile", type=int, default=0, help="show cProfile's N most expensive functions")
    args = parser.parse_args()
    course = load_course()
    profiler = cProfile.Profile() if args.profile else None
    print(f"load average {os.getloadavg()[0]:.1f} at the start; CPU seconds of this process")
    for wanted in args.assignment:
        assignment = course.assignment(wanted)
        started = time.perf_counter()
        seconds = costs(course, assignment, profiler)
        for check_id, cpu in seconds:
            if cpu >= 0.05:
                print(f"  {check_id:<40} {cpu:6.2f}")
        print(f"{assignment.id}: {sum(cpu for _, cpu in seconds):.2f} s CPU in all "
              f"({time.perf_counter() - started:.1f} s wall, load average {os.getloadavg()[0]:.1f})", flush=True)
        suite = load_suite(assignment.id)
        by_group: dict[str, float] = {}
        for check_id, cpu in seconds:
            name = suite[check_id].worker_group or "(the others)"
            by_group[name] = by_group.get(name, 0.0) + cpu
        if len(by_group) > 1:
            print("  by worker group: " + ", ".join(f"{name} {cpu:.2f}" for name, cpu in by_group.items()))
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
