"""Benchmark: what one student costs on a Dask worker, and what the coordinator spends per student;
a projection of the time for 1,000 and 10,000 submissions on 1, 8 and 64 workers.

    .venv/bin/python benchmarks/cluster_grading.py [--assignment 02 04] [--students 12] [--workers 1]

For each assignment it grades a class (correct, wrong and broken in equal parts, as
batch_grading.py makes it) through the real command line on a local cluster
(`grade CLASS --cluster local:W --out DIR`, one student at a time per worker, reference values
cached beforehand), then measures in this process what the coordinator does per student: parse
and validate a worker's answer and store it (one gradebook transaction), and write the student's
files and pages (export). The projection is

    start + max(N x per-student / W, N x coordinator) + N x export / 8 + the class pages

(the export of a large class runs in one helper process per core of the coordinator: 8 assumed).

with ``start`` the run's wall time not spent grading (the cluster's and templates' start, the
reference values on each worker when not cached). It assumes workers as fast as this machine's
and a scheduler that keeps up (Dask's own overhead is about a millisecond per task).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from autograder.cluster.result import parse_answer  # noqa: E402
from autograder.course import load_course  # noqa: E402
from autograder.exports import export_class  # noqa: E402
from autograder.gradebook import Gradebook  # noqa: E402
from batch_grading import make_class  # noqa: E402

SIZES, WORKERS = (1_000, 10_000), (1, 8, 64)
COORDINATOR_CORES = 8  # the pages of a large class are written by one helper process per core


def grade_on_cluster(assignment_id: str, class_folder: Path, workers: int) -> tuple[float, Path]:
    out = Path(tempfile.mkdtemp(prefix="bench-cluster-out-"))
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "autograder", "grade", str(class_folder), "-a", assignment_id,
                             "--cluster", f"local:{workers}", "--out", str(out)], cwd=ROOT, capture_output=True,
                            text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"grading failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return wall, out


def coordinator_seconds(assignment, reports: list[dict], repeat: int = 200) -> float:
    """Parse, validate and store one answer (its own transaction), on average."""
    answers = [json.dumps({"worker": "tls://10.0.0.1:4000", "report": report}) for report in reports]
    with tempfile.TemporaryDirectory() as folder, Gradebook(Path(folder) / "gradebook.sqlite") as gradebook:
        started = time.perf_counter()
        for index in range(repeat):
            report, _ = parse_answer(answers[index % len(answers)], assignment)
            gradebook.record(assignment.id, f"student{index}", "0" * 64, report.to_dict())
        return (time.perf_counter() - started) / repeat


def export_seconds(assignment_id: str, reports: list[dict], hidden_visibility: str,
                   sizes: tuple[int, int, int] = (5, 40, 200)) -> tuple[float, float]:
    """Writing every student's files and the class pages: (seconds per student, seconds once), from
    classes of two sizes made of copies of ``reports`` (after a first small one: its imports)."""
    times = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder)
            with Gradebook(out / "gradebook.sqlite") as gradebook:
                for index in range(size):
                    gradebook.record(assignment_id, f"student{index:05d}", "0" * 64, reports[index % len(reports)])
                started = time.perf_counter()
                export_class(gradebook, out, assignment_id, hidden_visibility, processes=1)
                times.append(time.perf_counter() - started)
    per_student = (times[2] - times[1]) / (sizes[2] - sizes[1])
    return per_student, max(0.0, times[1] - per_student * sizes[1])


def shown(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", nargs="+", default=["02", "04"])
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    course = load_course()
    for name in args.assignment:
        assignment = course.assignment(name)
        subprocess.run([sys.executable, "-m", "autograder", "reference", "-a", assignment.id], cwd=ROOT, check=True,
                       capture_output=True)
        class_folder = Path(tempfile.mkdtemp(prefix="bench-cluster-class-"))
        make_class(class_folder, assignment, args.students)
        wall, out = grade_on_cluster(assignment.id, class_folder, args.workers)
        with Gradebook(out / "gradebook.sqlite") as gradebook:
            rows = gradebook.rows(assignment.id)
        reports = [row.report for row in rows]
        stored = sorted(row.graded_at for row in rows)
        # a worker's pace: from the first stored student to the last, so the worker's own work
        # around each student (the digest, writing the files) and the trip back count too
        per_student = (stored[-1] - stored[0]) / (len(stored) - 1) * args.workers
        start = max(0.0, wall - per_student * len(reports) / args.workers)
        coordinator = coordinator_seconds(assignment, reports)
        export, export_once = export_seconds(assignment.id, reports, course.grading.hidden_visibility)
        print(f"{assignment.id}: {len(reports)} submissions on local:{args.workers} in {wall:.1f} s; per student "
              f"on a worker {per_student:.2f} s (its own grading: median "
              f"{statistics.median(r['execution_time'] for r in reports):.2f} s); start {start:.1f} s; coordinator {coordinator * 1000:.1f} ms per student; export "
              f"{export * 1000:.0f} ms per student and {export_once:.1f} s once; load average "
              f"{os.getloadavg()[0]:.1f}")
        print(f"| {assignment.id} | " + " | ".join(
            shown(start + max(size * per_student / workers, size * coordinator)
                  + size * export / COORDINATOR_CORES + export_once)
            for size in SIZES for workers in WORKERS) + " |")


if __name__ == "__main__":
    main()
