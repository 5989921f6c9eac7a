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
import warnings
from collections import Counter
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from autograder.catalog import DEFAULT_LANGUAGE, course_text, msg, render, template

_ENV = Environment(loader=PackageLoader("autograder", "templates"),
                   autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def _svg(figure) -> Markup:
    """The figure as inline SVG. Its text stays text (``svg.fonttype: none``), drawn by the reader's
    browser in its own fonts: matplotlib's font lacking a Chinese label's glyphs is no problem here,
    so its warning about them is not printed for every page."""
    buffer = io.StringIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        figure.savefig(buffer, format="svg", bbox_inches="tight")
    text = buffer.getvalue()
    return Markup(text[text.index("<svg"):])  # drop the XML prologue


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.size": 10})
    return plt


REFERENCE_PREFIX = "reference "  # how a check names the reference's curve of the same metric
# One colour per metric on every page; the reference's curve of a metric takes the same colour,
# dashed and lighter, under the student's.
CURVE_COLOURS = {"accuracy": "#0969da", "acc": "#0969da", "val_accuracy": "#bc4c00", "val_acc": "#bc4c00",
                 "loss": "#1a7f37", "val_loss": "#8250df"}
OTHER_COLOURS = ("#cf222e", "#6e7781", "#bf8700", "#1b7c83")


def _curve_colour(metric: str) -> str:
    if metric in CURVE_COLOURS:
        return CURVE_COLOURS[metric]
    return OTHER_COLOURS[sum(metric.encode()) % len(OTHER_COLOURS)]  # stable from page to page


def learning_curve_figures(report: dict) -> list[dict]:
    """One SVG per check that carries learning curves (``data.curves``: name -> list of floats).

    A curve named ``reference <metric>`` is the reference solution's: drawn dashed and lighter,
    under the student's solid curve with markers, so that identical curves stay visible.
    """
    figures = []
    language = _language(report)
    for check in report["checks"]:
        challenge = (check.get("data") or {}).get("learning_curves")
        if challenge:  # the challenge's curves: drawn from the numbers, without matplotlib
            from autograder.svg_curves import learning_curves_svg

            figures.append({"svg": Markup(learning_curves_svg(challenge["student"], challenge["reference"], language)),
                            "caption": render(msg("page.figure.challenge", target=check["target"],
                                                  check_id=check["id"]), language)})
            continue
        curves = (check.get("data") or {}).get("curves")
        if not curves:
            continue
        plt = _pyplot()
        from matplotlib.ticker import MaxNLocator

        figure, axis = plt.subplots(figsize=(6, 3.2))
        longest = 1
        for name, values in sorted(curves.items(), key=lambda item: not str(item[0]).startswith(REFERENCE_PREFIX)):
            if not values:
                continue
            name = str(name)
            longest = max(longest, len(values))
            epochs = range(1, len(values) + 1)
            if name.startswith(REFERENCE_PREFIX):
                metric = name[len(REFERENCE_PREFIX):]
                axis.plot(epochs, values, linestyle="--", linewidth=2.2, alpha=0.45, color=_curve_colour(metric),
                          label=render(msg("page.curve.reference", metric=metric), language), zorder=1)
            else:
                axis.plot(epochs, values, marker="o", linewidth=1.6, color=_curve_colour(name),
                          label=render(msg("page.curve.yours", metric=name), language), zorder=2)
        axis.set_xlabel(render(msg("page.curve.epoch"), language))
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.set_xlim(0.8, longest + 0.2)
        axis.grid(alpha=0.3)
        axis.legend()
        figures.append({"svg": _svg(figure), "caption": render(msg("page.figure.curves", check_id=check["id"]),
                                                               language)})
        plt.close(figure)
    return figures


REPEATED = 3  # a message on this many checks or more is shown once, above the table


def page_words(language: str):
    """What a page template calls to word its text: ``t("page.checks")`` is the catalog's wording in
    ``language``, as HTML with every value escaped (a value already made HTML, as ``strong(name)``, stays)."""
    def t(message_id: str, **params) -> Markup:
        return Markup(escape(template(message_id, language))).format(**params)

    def mark(status: str) -> str:
        from autograder.guidance import mark as worded_mark

        return worded_mark(status, language)

    return {"t": t, "mark": mark, "strong": lambda text: Markup("<strong>{}</strong>").format(text),
            "code": lambda text: Markup("<code>{}</code>").format(text), "language": language}


def _language(report: dict) -> str:
    return report.get("language") or DEFAULT_LANGUAGE


def _shared_messages(report: dict) -> tuple[list[dict], dict[str, str]]:
    """Messages said once above the table instead of on every check, and what their rows say.

    A check "not run" because of a problem already said in the notes (the module could not be
    imported, say) points to the note; any other message repeated on several checks is shown once.
    """
    notes = set(report.get("notes", []))
    language = _language(report)
    not_run = render(msg("check.not_run", reason=""), language)  # what a message "not run: <reason>" starts with
    rows: dict[str, str] = {}
    counts: Counter = Counter(c["message"] for c in report["checks"] if c["status"] != "passed")
    shared = []
    for message, count in counts.items():
        if message.startswith(not_run) and message[len(not_run):] in notes:
            rows[message] = render(msg("page.row.not_run"), language)
        elif count >= REPEATED:
            shared.append({"message": message, "count": count})
            rows[message] = render(msg("page.row.shared", others=count - 1), language)
    return shared, rows


def render_student_page(student: str, report: dict, *, instructor: bool = False, figures=None) -> str:
    """``figures``: the report's learning curves when already drawn (the student's and the
    instructor's page show the same ones; drawing them is most of a page's cost)."""
    passed = sum(1 for check in report["checks"] if check["status"] == "passed")
    shared, row_messages = _shared_messages(report)
    language = _language(report)
    return _ENV.get_template("student.html.j2").render(
        **page_words(language), title=course_text(report.get("title"), language),
        student=student, report=report, passed=passed,
        figures=learning_curve_figures(report) if figures is None else figures,
        instructor=instructor, graded_at=time.strftime("%Y-%m-%d %H:%M"), shared=shared,
        row_messages=row_messages)


_NUMBERS = re.compile(r"\d+(\.\d+)?")


def _message_family(message: str) -> str:
    """Messages that differ only in numbers count as one failure (e.g. two wrong sizes)."""
    return _NUMBERS.sub("#", message)


NOT_ATTEMPTED = "not_implemented"  # a probe's status when the function is still the stub
EVERY_CHECK = "every check"


def _untouched(checks: list[dict]) -> bool:
    """Nothing passed and most checks found their function still a stub: the stub as handed out
    (a stub's constants, such as an empty list, fail on their value rather than as stubs)."""
    stubs = sum(1 for c in checks if c.get("probe_status") == NOT_ATTEMPTED)
    return bool(checks) and not any(c["status"] == "passed" for c in checks) and stubs * 2 > len(checks)


def _failure_causes(rows: list[dict]) -> tuple[list[dict], dict]:
    """The class's failures grouped by check and cause, counted in students, most common first.

    A stub left untouched is not a failure message worth reading: it is counted apart ("not
    attempted"), and so are submissions where every function is still a stub. A problem that
    stops every check (the module could not be imported) is one cause, not one per check.
    """
    students: dict[tuple, set] = {}
    examples: dict[tuple, str] = {}
    not_attempted: dict[str, set] = {}
    untouched = 0
    for row in rows:
        if _untouched(row["report"]["checks"]):
            untouched += 1
            continue
        checks = row["report"]["checks"]
        for check in checks:
            if check["status"] == "passed":
                continue
            if check.get("probe_status") == NOT_ATTEMPTED:
                not_attempted.setdefault(check["id"], set()).add(row["student"])
                continue
            where = EVERY_CHECK if check.get("probe_status") == "import_failed" else check["id"]
            key = (where, _message_family(check["message"]))
            students.setdefault(key, set()).add(row["student"])
            examples.setdefault(key, check["message"])
    failures = [{"check": key[0], "message": examples[key], "count": len(names)}
                for key, names in sorted(students.items(), key=lambda item: (-len(item[1]), item[0]))][:10]
    return failures, {"untouched": untouched,
                      "checks": sorted(((check, len(names)) for check, names in not_attempted.items()),
                                       key=lambda item: (-item[1], item[0]))}


def render_summary_page(assignment: str, rows: list[dict], language: str = DEFAULT_LANGUAGE) -> str:
    """rows: dicts with student, score, max_score, seconds, report, link. ``language``: the class's
    (``<html lang>``): the page's own words are the catalog's ``summary.*`` in it, as are the students'
    failure messages it quotes (the teacher of a class graded in Chinese reads Chinese)."""
    scores = [row["score"] for row in rows]
    max_score = max((row["max_score"] for row in rows), default=0)
    checks: dict[str, dict] = {}
    for row in rows:
        for check in row["report"]["checks"]:
            entry = checks.setdefault(check["id"], {"id": check["id"], "hidden": check["hidden"],
                                                    "max_points": check["max_points"], "passed": 0, "total": 0})
            entry["total"] += 1
            entry["passed"] += check["status"] == "passed"
    for entry in checks.values():
        entry["rate"] = entry["passed"] / entry["total"] if entry["total"] else 0.0
    for row in rows:
        row["passed"] = sum(1 for c in row["report"]["checks"] if c["status"] == "passed")
        row["total"] = len(row["report"]["checks"])
    failures, not_attempted = _failure_causes(rows)
    return _ENV.get_template("summary.html.j2").render(
        **page_words(language), every_check=EVERY_CHECK, assignment=assignment,
        rows=sorted(rows, key=lambda r: r["student"]),
        data_warnings=sorted({row["report"].get("data_warning") for row in rows} - {None, ""}),
        median=statistics.median(scores) if scores else 0, mean=statistics.fmean(scores) if scores else 0,
        max_score=max_score, full_marks=sum(1 for s in scores if s >= max_score > 0),
        histogram=_histogram(scores, max_score, language),
        checks=sorted(checks.values(), key=lambda c: (c["rate"], c["id"])),
        failures=failures, not_attempted=not_attempted,
        slowest=sorted(rows, key=lambda r: r["seconds"], reverse=True)[:5],
        workers=sorted(Counter(row["report"].get("graded_by") or "" for row in rows).items()))


def histogram_counts(scores: list[float], max_score: float) -> tuple[list[int], float]:
    """Students per score bin (at most 20 equal bins from 0 to the top score), and that top."""
    top = max(max_score, max(scores, default=0), 1)
    bins = min(20, int(top) + 1)
    counts = [0] * bins
    for score in scores:
        counts[min(bins - 1, max(0, int(score / top * bins)))] += 1
    return counts, top


def _histogram(scores: list[float], max_score: float, language: str = DEFAULT_LANGUAGE) -> Markup:
    """The class's scores as an SVG bar chart, drawn here from numbers only.

    A hand-written SVG instead of matplotlib's: a class run of an assignment without learning
    curves then never imports matplotlib (about a second of every run's fixed cost).
    """
    counts, top = histogram_counts(scores, max_score)
    score_axis = escape(render(msg("summary.column.score"), language))
    students_axis = escape(render(msg("summary.column.students"), language))
    width, height, left, bottom, pad = 540, 220, 44, 36, 12
    plot_w, plot_h = width - left - pad, height - bottom - pad
    tallest = max(counts + [1])
    step = max(1, -(-tallest // 5))  # at most about five grid lines, whole numbers of students
    bar = plot_w / len(counts)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="11">']
    for value in range(0, tallest + 1, step):
        y = pad + plot_h - value / tallest * plot_h
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d7de"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    for index, count in enumerate(counts):
        if count:
            bar_h = count / tallest * plot_h
            parts.append(f'<rect x="{left + index * bar + 1:.1f}" y="{pad + plot_h - bar_h:.1f}" '
                         f'width="{max(bar - 2, 1):.1f}" height="{bar_h:.1f}" fill="#54aeff">'
                         f'<title>{escape(_students(count, language))}</title></rect>')
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        x = left + fraction * plot_w
        parts.append(f'<text x="{x:.1f}" y="{pad + plot_h + 15}" text-anchor="middle">{fraction * top:g}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle">'
                 f'{score_axis}</text>'
                 f'<text x="12" y="{pad + plot_h / 2:.1f}" text-anchor="middle" '
                 f'transform="rotate(-90 12 {pad + plot_h / 2:.1f})">{students_axis}</text></svg>')
    return Markup("".join(parts))


def _students(count: int, language: str) -> str:
    return render(msg("summary.students.one") if count == 1 else msg("summary.students", count=count), language)


def write_page(path: Path, html: str) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(html, encoding="utf-8")
    temporary.replace(path)
