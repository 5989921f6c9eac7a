"""What a graded class is handed back as: results.json per student, the LMS CSV, feedback pages."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from autograder.feedback_pages import learning_curve_figures, render_student_page, render_summary_page, write_page
from autograder.gradebook import Gradebook


def _write_json(path: Path, data: dict) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, indent=2), encoding="utf-8")
    temporary.replace(path)


def gradescope_results(report: dict, hidden_visibility: str) -> dict:
    """Gradescope's results.json from a stored report dict (student-facing text only)."""
    tests = [{
        "name": f"{check['id']}: {check['call']}",
        "number": str(number),
        "score": check["points"],
        "max_score": check["max_points"],
        "status": "passed" if check["status"] == "passed" else "failed",
        "output": check["message"],
        "visibility": hidden_visibility if check["hidden"] else "visible",
    } for number, check in enumerate(report["checks"], start=1)]
    return {"score": report["score"], "max_score": report["max_score"],
            "execution_time": round(report.get("execution_time", 0.0), 3),
            "output": "\n".join(report.get("notes", [])), "visibility": "visible",
            "stdout_visibility": "hidden", "tests": tests}


def write_student_files(folder: Path, student: str, report: dict, hidden_visibility: str) -> None:
    """results.json (Gradescope), report.json (everything), feedback.html and instructor.html."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_json(folder / "results.json", gradescope_results(report, hidden_visibility))
    _write_json(folder / "report.json", report)
    figures = learning_curve_figures(report)  # drawn once for both pages
    write_page(folder / "feedback.html", render_student_page(student, report, figures=figures))
    write_page(folder / "instructor.html", render_student_page(student, report, instructor=True, figures=figures))


def lms_csv(gradebook: Gradebook) -> str:
    """One row per student, one column per assignment, and the total."""
    assignments = gradebook.assignments()
    scores: dict[str, dict[str, float]] = {}
    for row in gradebook.rows():
        scores.setdefault(row.student, {})[row.assignment] = row.score
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", *assignments, "total"])
    for student in sorted(scores):
        values = [scores[student].get(a, "") for a in assignments]
        total = sum(v for v in values if v != "")
        writer.writerow([student, *[f"{v:g}" if v != "" else "" for v in values], f"{total:g}"])
    return buffer.getvalue()


PARALLEL_FROM = 200  # students; below this one process writes every page (helpers take seconds to start)
BATCH = 32  # students per helper task


def export_class(gradebook: Gradebook, out: Path, assignment: str, hidden_visibility: str, *,
                 processes: int | None = None, language: str = "en") -> None:
    """(Re)write every stored student's files, the class CSV and the assignment's summary page.

    A large class's pages are written by ``processes`` helper processes (default: one per core, up
    to 16): drawing learning curves takes most of a second per student, which for a class graded
    on a cluster would otherwise be hours of this one process.
    """
    rows = []
    jobs = []
    for row in gradebook.rows(assignment):
        jobs.append((out / row.student, row.student, row.report, hidden_visibility))
        rows.append({"student": row.student, "score": row.score, "max_score": row.max_score,
                     "seconds": row.seconds, "report": row.report, "link": f"{row.student}/feedback.html"})
    processes = processes or min(os.cpu_count() or 1, 16)
    if processes > 1 and len(jobs) >= PARALLEL_FROM:
        _write_in_processes(jobs, processes)
    else:
        _write_batch(jobs)
    (out / "grades.csv").write_text(lms_csv(gradebook), encoding="utf-8")
    write_page(out / f"summary-{assignment}.html", render_summary_page(assignment, rows, language))


def _write_batch(jobs: list[tuple]) -> None:
    for job in jobs:
        write_student_files(*job)


def _write_in_processes(jobs: list[tuple], processes: int) -> None:
    """Batches of students to fresh helper processes (spawned: this process may hold threads, such
    as a Dask client's), a few batches in flight at a time so that memory stays bounded."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending = set()
        for start in range(0, len(jobs), BATCH):
            if len(pending) >= 2 * processes:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    future.result()
            pending.add(pool.submit(_write_batch, jobs[start:start + BATCH]))
        for future in pending:
            future.result()
