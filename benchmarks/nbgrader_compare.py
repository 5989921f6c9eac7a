"""Benchmark: the same notebook submissions graded by `nbgrader autograde` and by this grader.

    .venv/bin/python benchmarks/nbgrader_compare.py [--assignment 02 04] [--students 6]

For each assignment it writes the nbgrader course folder (`autograder notebooks nbgrader-course`
does the same), releases the assignment with `nbgrader generate_assignment`, and hands in
``--students`` notebooks: the release filled with the reference answers and the untouched
release, alternating. Then it times, on those same files, `nbgrader autograde` (which runs every
notebook in a kernel, whose test cells call this grader) and this grader's own command line
(`python -m autograder grade COURSE -a ID --jobs 1`, one process, a worker per notebook), with
workers forked from the warm template and with fresh interpreters (KERAS_COURSE_WORKERS=fresh),
and prints how many times faster the grader is than nbgrader.

Where the time goes: the grader's command pays a fixed cost once per run (Python and the grader's
imports, the template importing TensorFlow, the reference values, the class summary) and then a
cost per notebook; nbgrader pays a kernel, its imports, the notebook's own demo cells and one
grading per notebook. The grader's command is also timed on the first notebook alone, which
splits its time into the two (fixed = one notebook's run minus the per-notebook cost,
per notebook = (all - one) / (notebooks - 1)), and the ratio a class of ``--project`` notebooks
would see is printed beside the measured one, marked as a projection from these two runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KERAS_COURSE_OFFLINE", "1")

from autograder.course import load_course  # noqa: E402
from autograder.notebooks import build  # noqa: E402
from autograder.notebooks.nbgrader_course import run_nbgrader, write_course  # noqa: E402


def hand_in(root: Path, assignment, students: int) -> None:
    """``students`` notebooks in nbgrader's submitted/ layout: reference answers or untouched."""
    name = f"{assignment.module_name}.ipynb"
    release = nbformat.read(root / "release" / assignment.id / name, as_version=4)
    answers = {c.id: c.source for c in build.build_notebook(assignment, "reference").cells}
    for index in range(students):
        notebook = nbformat.reads(nbformat.writes(release), as_version=4)
        if index % 2 == 0:
            for cell in notebook.cells:
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("solution"):
                    cell.source = answers[meta["grade_id"]]
        folder = root / "submitted" / f"student{index:02d}" / assignment.id
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / name)


def timed(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def grader_seconds(root: Path, assignment_id: str, kind: str, only: Path | None = None) -> float:
    """The grader's command on the whole class (or on the notebook ``only``)."""
    out = Path(tempfile.mkdtemp(prefix=f"bench-nb-{kind}-"))
    env = {**os.environ, "KERAS_COURSE_WORKERS": "auto" if kind == "template" else "fresh"}
    try:
        return timed([sys.executable, "-m", "autograder", "grade", str(only or root), "-a", assignment_id,
                      "--jobs", "1", "--out", str(out)], cwd=ROOT, env=env)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def nbgrader_seconds(root: Path, assignment_id: str) -> float:
    started = time.perf_counter()
    done = run_nbgrader(root, "autograde", assignment_id, "--create", "--force",
                        extra_env={"KERAS_COURSE_OFFLINE": "1"}, timeout=3600)
    if done.returncode != 0:
        raise SystemExit(f"nbgrader autograde failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--assignment", nargs="+", default=["02", "04"])
    parser.add_argument("--students", type=int, default=6)
    parser.add_argument("--project", type=int, default=30, help="the class size of the projected ratio")
    args = parser.parse_args()
    course = load_course()
    print(f"load average {os.getloadavg()[0]:.1f} at the start; os.cpu_count() = {os.cpu_count()}")
    print(f"{'assignment':<12} {'notebooks':>9} {'nbgrader s':>11} {'template s':>11} {'fresh s':>8} "
          f"{'nbgrader/template':>18} {'nbgrader/fresh':>15}")
    splits = []
    for wanted in args.assignment:
        assignment = course.assignment(wanted)
        subprocess.run([sys.executable, "-m", "autograder", "reference", "-a", assignment.id], cwd=ROOT, check=True,
                       capture_output=True)
        root = Path(tempfile.mkdtemp(prefix=f"bench-nbgrader-{assignment.id}-")) / "course"
        write_course(root, course, [assignment])
        done = run_nbgrader(root, "generate_assignment", assignment.id, "--create", "--force")
        if done.returncode != 0:
            raise SystemExit(f"nbgrader generate_assignment failed:\n{done.stderr[-3000:]}")
        hand_in(root, assignment, args.students)
        template = grader_seconds(root, assignment.id, "template")
        nbgrader = nbgrader_seconds(root, assignment.id)
        fresh = grader_seconds(root, assignment.id, "fresh")
        first = sorted((root / "submitted").glob(f"*/{assignment.id}/*.ipynb"))[0]
        alone = grader_seconds(root, assignment.id, "template", only=first.parent)
        print(f"{assignment.id:<12} {args.students:>9} {nbgrader:>11.1f} {template:>11.1f} {fresh:>8.1f} "
              f"{nbgrader / template:>17.1f}x {nbgrader / fresh:>14.1f}x", flush=True)
        splits.append((assignment.id, nbgrader / args.students, *split(template, alone, args.students)))
        shutil.rmtree(root.parent, ignore_errors=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    for assignment_id, nbgrader_each, fixed, each in splits:
        projected = nbgrader_each * args.project / (fixed + each * args.project)
        print(f"{assignment_id}: nbgrader {nbgrader_each:.1f} s per notebook; the grader (template) {fixed:.1f} s "
              f"once per run and {each:.1f} s per notebook (the first notebook alone against all of them); "
              f"projected for {args.project} notebooks: {projected:.1f}x")


def split(all_seconds: float, one_seconds: float, notebooks: int) -> tuple[float, float]:
    """The grader's fixed cost per run and its cost per notebook, from a run on all and on one."""
    each = max(0.0, (all_seconds - one_seconds) / max(1, notebooks - 1))
    return max(0.0, one_seconds - each), each


if __name__ == "__main__":
    main()
