"""Benchmark: grade a class of 30 submissions with --jobs 1 and --jobs 2.

    .venv/bin/python benchmarks/batch_grading.py [--assignment 01] [--students 30] [--jobs 1 2]

The class mixes correct (the reference), wrong (the untouched stubs, and the reference with one
function returning None) and broken submissions (a syntax error, an exception at import, an
exit at import), a third each. Each configuration runs the real command line
(`python -m autograder grade CLASS --jobs N --out DIR`) on a fresh output folder with the
reference values already cached, and reports wall time, throughput, and the median
per-submission latency (a submission's own grading time, from its report).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.course import load_course  # noqa: E402


def make_class(folder: Path, assignment, students: int) -> dict[str, str]:
    reference = (ROOT / "solutions" / assignment.id / assignment.module).read_text()
    stub = (ROOT / "assignments" / assignment.id / assignment.module).read_text()
    returns_none = re.sub(r"(\n    ### BEGIN SOLUTION\n)", r"\1    return None\n", reference, count=1)
    kinds = {
        "correct": [reference],
        "wrong": [stub, returns_none],
        "broken": ["def oops(:\n", "raise RuntimeError('fails at import')\n", "import os\nos._exit(3)\n"],
    }
    plan = {}
    names = list(kinds)
    for index in range(students):
        kind = names[index % 3]
        variants = kinds[kind]
        source = variants[(index // 3) % len(variants)]
        student = f"student{index:03d}_{kind}"
        (folder / student).mkdir(parents=True)
        (folder / student / assignment.module).write_text(source)
        plan[student] = kind
    return plan


def run(assignment_id: str, class_folder: Path, jobs: int) -> dict:
    out = Path(tempfile.mkdtemp(prefix=f"bench-out-{jobs}-"))
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "autograder", "grade", str(class_folder), "-a", assignment_id,
                             "--jobs", str(jobs), "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"grading failed ({result.returncode}):\n{result.stderr[-3000:]}")
    latencies = [json.loads(path.read_text())["execution_time"] for path in out.glob("*/report.json")]
    return {"jobs": jobs, "wall_seconds": round(wall, 2), "submissions": len(latencies),
            "throughput_per_minute": round(60 * len(latencies) / wall, 1),
            "median_latency_seconds": round(statistics.median(latencies), 2),
            "max_latency_seconds": round(max(latencies), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--assignment", default="01")
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    course = load_course()
    assignment = course.assignment(args.assignment)
    subprocess.run([sys.executable, "-m", "autograder", "reference", "-a", assignment.id], cwd=ROOT, check=True,
                   capture_output=True)
    class_folder = Path(tempfile.mkdtemp(prefix="bench-class-"))
    make_class(class_folder, assignment, args.students)
    results = [run(assignment.id, class_folder, jobs) for jobs in args.jobs]
    print(f"{assignment.id}: {args.students} submissions (correct, wrong, broken in equal parts)")
    print(f"{'jobs':>4} {'wall s':>8} {'per minute':>11} {'median latency s':>17} {'max latency s':>14}")
    for r in results:
        print(f"{r['jobs']:>4} {r['wall_seconds']:>8} {r['throughput_per_minute']:>11} "
              f"{r['median_latency_seconds']:>17} {r['max_latency_seconds']:>14}")
    if len(results) > 1:
        print(f"speed-up of jobs={results[-1]['jobs']} over jobs={results[0]['jobs']}: "
              f"{results[0]['wall_seconds'] / results[-1]['wall_seconds']:.2f}x")


if __name__ == "__main__":
    main()
