"""HTML feedback: a page per student and a summary page per class (Jinja2, autoescaped).

Everything that came from student code (messages quoting their values, their output, their
folder names) is escaped by Jinja2's autoescape; the only unescaped parts are SVG plots that this
module draws itself from numbers.
"""

from __future__ import annotations

import io
import re
import statistics
import time
from collections import Counter
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

_ENV = Environment(loader=PackageLoader("autograder", "templates"),
                   autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def _svg(figure) -> Markup:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    text = buffer.getvalue()
    return Markup(text[text.index("<svg"):])  # drop the XML prologue


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.size": 10})
    return plt


def learning_curve_figures(report: dict) -> list[dict]:
    """One SVG per check that carries learning curves (``data.curves``: name -> list of floats)."""
    figures = []
    for check in report["checks"]:
        curves = (check.get("data") or {}).get("curves")
        if not curves:
            continue
        plt = _pyplot()
        figure, axis = plt.subplots(figsize=(6, 3.2))
        for name, values in curves.items():
            if values:
                axis.plot(range(1, len(values) + 1), values, marker="o", label=str(name))
        axis.set_xlabel("epoch")
        axis.grid(alpha=0.3)
        axis.legend()
        figures.append({"svg": _svg(figure), "caption": f"Learning curves recorded by {check['id']}."})
        plt.close(figure)
    return figures


def render_student_page(student: str, report: dict, *, instructor: bool = False) -> str:
    passed = sum(1 for check in report["checks"] if check["status"] == "passed")
    return _ENV.get_template("student.html.j2").render(
        student=student, report=report, passed=passed, figures=learning_curve_figures(report),
        instructor=instructor, graded_at=time.strftime("%Y-%m-%d %H:%M"))


_NUMBERS = re.compile(r"\d+(\.\d+)?")


def _message_family(message: str) -> str:
    """Messages that differ only in numbers count as one failure (e.g. two wrong sizes)."""
    return _NUMBERS.sub("#", message)


def render_summary_page(assignment: str, rows: list[dict]) -> str:
    """rows: dicts with student, score, max_score, seconds, report, link."""
    scores = [row["score"] for row in rows]
    max_score = max((row["max_score"] for row in rows), default=0)
    checks: dict[str, dict] = {}
    failures: Counter = Counter()
    examples: dict[tuple, str] = {}
    for row in rows:
        for check in row["report"]["checks"]:
            entry = checks.setdefault(check["id"], {"id": check["id"], "hidden": check["hidden"],
                                                    "max_points": check["max_points"], "passed": 0, "total": 0})
            entry["total"] += 1
            if check["status"] == "passed":
                entry["passed"] += 1
            else:
                key = (check["id"], _message_family(check["message"]))
                failures[key] += 1
                examples.setdefault(key, check["message"])
    for entry in checks.values():
        entry["rate"] = entry["passed"] / entry["total"] if entry["total"] else 0.0
    for row in rows:
        row["passed"] = sum(1 for c in row["report"]["checks"] if c["status"] == "passed")
        row["total"] = len(row["report"]["checks"])
    return _ENV.get_template("summary.html.j2").render(
        assignment=assignment, rows=sorted(rows, key=lambda r: r["student"]),
        data_warnings=sorted({row["report"].get("data_warning") for row in rows} - {None, ""}),
        median=statistics.median(scores) if scores else 0, mean=statistics.fmean(scores) if scores else 0,
        max_score=max_score, full_marks=sum(1 for s in scores if s >= max_score > 0),
        histogram=_histogram(scores, max_score),
        checks=sorted(checks.values(), key=lambda c: (c["rate"], c["id"])),
        failures=[{"check": key[0], "message": examples[key], "count": count}
                  for key, count in failures.most_common(10)],
        slowest=sorted(rows, key=lambda r: r["seconds"], reverse=True)[:5])


def _histogram(scores: list[float], max_score: float) -> Markup:
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(6, 2.8))
    top = max(max_score, max(scores, default=0), 1)
    bins = min(20, int(top) + 1)
    axis.hist(scores, bins=bins, range=(0, top), color="#54aeff", edgecolor="white")
    axis.set_xlabel("score")
    axis.set_ylabel("students")
    from matplotlib.ticker import MaxNLocator

    axis.yaxis.set_major_locator(MaxNLocator(integer=True))
    axis.grid(alpha=0.3, axis="y")
    svg = _svg(figure)
    plt.close(figure)
    return svg


def write_page(path: Path, html: str) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(html, encoding="utf-8")
    temporary.replace(path)
