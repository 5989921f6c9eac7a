"""Learning curves as a small inline SVG, drawn from plain numbers (no matplotlib in the grader).

Two panels side by side, accuracy and loss against the epoch; in each, the training and held-out
curves of the student's model (solid, with markers) over the reference's (dashed, lighter). Only
numbers and the module's own labels (the catalog's ``svg.*``, in the report's language, escaped all
the same) go into the SVG, so it needs no escaping of student text.
"""

from __future__ import annotations

import math
from html import escape

from autograder.catalog import DEFAULT_LANGUAGE, msg, render

WIDTH, HEIGHT = 330, 220
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 26, 34
COLOURS = {"accuracy": "#0969da", "val_accuracy": "#bc4c00", "loss": "#1a7f37", "val_loss": "#8250df"}
TRAINING, HELD_OUT = msg("svg.legend.training"), msg("svg.legend.held_out")
LABELS = {"accuracy": TRAINING, "val_accuracy": HELD_OUT, "loss": TRAINING, "val_loss": HELD_OUT}


def _finite(value) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def _range(values: list[float], percent: bool) -> tuple[float, float]:
    if percent:
        return 0.0, 1.0
    top = max(values, default=1.0)
    return 0.0, (top * 1.1 if top > 0 else 1.0)


def _panel(x0: float, title: str, names: tuple[str, str], student: dict, reference: dict, percent: bool,
           language: str) -> list[str]:
    runs = [(reference, True), (student, False)]
    values = [v for run, _ in runs for name in names for v in (run.get(name) or []) if _finite(v)]
    low, high = _range(values, percent)
    epochs = max([len(run.get(name) or []) for run, _ in runs for name in names] + [1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(epoch: int) -> float:
        return x0 + LEFT + (plot_w * (epoch - 1) / (epochs - 1) if epochs > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (min(max(value, low), high) - low) / ((high - low) or 1.0))

    parts = [f'<text x="{x0 + LEFT + plot_w / 2:.1f}" y="16" text-anchor="middle" font-weight="bold">{title}</text>',
             f'<rect x="{x0 + LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#d0d7de"/>']
    for step in range(5):
        value = low + (high - low) * step / 4
        label = f"{value:.0%}" if percent else f"{value:.2f}"
        parts.append(f'<text x="{x0 + LEFT - 4}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="10">{label}</text>')
    for epoch in range(1, epochs + 1):
        parts.append(f'<text x="{x(epoch):.1f}" y="{TOP + plot_h + 14}" text-anchor="middle" font-size="10">{epoch}</text>')
    parts.append(f'<text x="{x0 + LEFT + plot_w / 2:.1f}" y="{HEIGHT - 4}" text-anchor="middle" font-size="11">'
                 f'{escape(render(msg("page.curve.epoch"), language))}</text>')
    for run, is_reference in runs:
        for name in names:
            points = [(x(epoch), y(value)) for epoch, value in enumerate(run.get(name) or [], start=1) if _finite(value)]
            if not points:
                continue
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            style = ('stroke-dasharray="6 4" stroke-width="2.2" opacity="0.45"' if is_reference
                     else 'stroke-width="1.6"')
            parts.append(f'<polyline points="{path}" fill="none" stroke="{COLOURS[name]}" {style}/>')
            if not is_reference:
                parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.6" fill="{COLOURS[name]}"/>' for px, py in points]
    for row, name in enumerate(names):
        ly = TOP + 12 + 14 * row
        lx = x0 + LEFT + 8
        parts.append(f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 16}" y2="{ly - 4}" stroke="{COLOURS[name]}" stroke-width="2"/>')
        parts.append(f'<text x="{lx + 20}" y="{ly}" font-size="10">{escape(render(LABELS[name], language))}</text>')
    return parts


def learning_curves_svg(student: dict, reference: dict, language: str = DEFAULT_LANGUAGE) -> str:
    """The student's and the reference's curves (``accuracy``, ``val_accuracy``, ``loss``, ``val_loss``)."""
    def words(message) -> str:
        return escape(render(message, language))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * WIDTH}" height="{HEIGHT + 16}" '
             f'viewBox="0 0 {2 * WIDTH} {HEIGHT + 16}" font-family="sans-serif" font-size="12" role="img" '
             f'aria-label="{words(msg("svg.aria_label"))}">']
    parts += _panel(0, words(msg("svg.title.accuracy")), ("accuracy", "val_accuracy"), student, reference, True,
                    language)
    parts += _panel(WIDTH, words(msg("svg.title.loss")), ("loss", "val_loss"), student, reference, False, language)
    parts.append(f'<text x="{WIDTH}" y="{HEIGHT + 12}" text-anchor="middle" font-size="10" fill="#656d76">'
                 f'{words(msg("svg.caption"))}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
