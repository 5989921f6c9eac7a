"""Benchmark: grade a class of 30 submissions, template against fresh workers, --jobs 1 and 2.

    .venv/bin/python benchmarks/batch_grading.py [--assignment 02] [--students 30] [--jobs 1 2] [--repeat 1]

The class mixes correct (the reference), wrong (the untouched stubs, and the reference with one
function returning None) and broken submissions (a syntax error, an exception at import, an
exit at import), a third each. Each configuration runs the real command line
(`python -m autograder grade CLASS --jobs N --out DIR`) on a fresh output folder with the
reference values already cached, twice side by side: with workers forked from the warm template
(the default; its start is part of the command's time) and with a fresh interpreter per worker
(KERAS_COURSE_WORKERS=fresh); the two alternate, and with --repeat the medians are reported. It
prints wall time, throughput, the median per-submission latency (a submission's own grading
time, from its report) and, per --jobs, how many times faster the template was.
"""

from __future__ import annotations

import argparse
import json
import os
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


def run(assignment_id: str, class_folder: Path, jobs: int, kind: str) -> dict:
    out = Path(tempfile.mkdtemp(prefix=f"bench-out-{jobs}-{kind}-"))
    env = {**os.environ, "KERAS_COURSE_WORKERS": "auto" if kind == "template" else "fresh"}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "autograder", "grade", str(class_folder), "-a", assignment_id,
                             "--jobs", str(jobs), "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                            env=env)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"grading failed ({result.returncode}):\n{result.stderr[-3000:]}")
    reports = [json.loads(path.read_text()) for path in out.glob("*/report.json")]
    used = {report.get("workers") for report in reports}
    if used != {kind}:
        raise SystemExit(f"asked for {kind} workers, the reports say {used}")
    latencies = [report["execution_time"] for report in reports]
    return {"jobs": jobs, "kind": kind, "wall_seconds": round(wall, 2), "submissions": len(latencies),
            "throughput_per_minute": round(60 * len(latencies) / wall, 1),
            "median_latency_seconds": round(statistics.median(latencies), 2),
            "max_latency_seconds": round(max(latencies), 2)}


def medians(runs: list[dict]) -> dict:
    keys = ("wall_seconds", "throughput_per_minute", "median_latency_seconds", "max_latency_seconds")
    return {**runs[0], **{key: round(statistics.median(r[key] for r in runs), 2) for key in keys}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--assignment", default="02")
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    course = load_course()
    assignment = course.assignment(args.assignment)
    subprocess.run([sys.executable, "-m", "autograder", "reference", "-a", assignment.id], cwd=ROOT, check=True,
                   capture_output=True)
    class_folder = Path(tempfile.mkdtemp(prefix="bench-class-"))
    make_class(class_folder, assignment, args.students)
    results = []
    for jobs in args.jobs:
        runs = {"template": [], "fresh": []}
        for _ in range(args.repeat):
            for kind in runs:  # side by side: the two alternate
                runs[kind].append(run(assignment.id, class_folder, jobs, kind))
        results.append({kind: medians(r) for kind, r in runs.items()})
    print(f"{assignment.id}: {args.students} submissions (correct, wrong, broken in equal parts); "
          f"medians of {args.repeat}; load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'jobs':>4} {'workers':>9} {'wall s':>8} {'per minute':>11} {'median latency s':>17} {'max latency s':>14}")
    for pair in results:
        for r in pair.values():
            print(f"{r['jobs']:>4} {r['kind']:>9} {r['wall_seconds']:>8} {r['throughput_per_minute']:>11} "
                  f"{r['median_latency_seconds']:>17} {r['max_latency_seconds']:>14}")
    for pair in results:
        print(f"jobs={pair['template']['jobs']}: the template is "
              f"{pair['fresh']['wall_seconds'] / pair['template']['wall_seconds']:.2f}x faster than fresh workers")


if __name__ == "__main__":
    main()
