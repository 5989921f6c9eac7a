"""Hints on demand, one step at a time, from a message catalog beside each reference solution.

``solutions/NN_name/hints.po`` holds, for every graded name of the assignment, three steps:
``hint.<name>.1`` the concept, ``hint.<name>.2`` the Keras (or numpy) names to use, and
``hint.<name>.3`` a near-complete line. A translation is a sibling catalog with the same ids,
``hints.<language>.po`` (``hints.zh.po``), the languages named as in :mod:`autograder.catalog`;
a step it lacks falls back to English.

Which step a student has seen is kept in a small JSON file (``.cache/hints.json`` at the
repository root, beside the self-check's reference cache, or ``$KERAS_COURSE_HINTS``), so that
asking again gives the next step.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from autograder.catalog import DEFAULT_LANGUAGE, msg
from autograder.catalog import render as word
from autograder.course import REPO_ROOT

SOLUTIONS = REPO_ROOT / "solutions"
STEPS = (1, 2, 3)
STEP_NAMES = {1: msg("hints.step.idea"), 2: msg("hints.step.tools"), 3: msg("hints.step.almost")}
MESSAGE_ID = re.compile(r"^hint\.(?P<name>[A-Za-z_][\w.]*)\.(?P<step>\d+)$")


class HintError(ValueError):
    """No hint exists for what was asked; the message says what does."""


@dataclass(frozen=True)
class Hint:
    assignment: str
    name: str
    step: int
    text: str

    @property
    def is_last(self) -> bool:
        return self.step == STEPS[-1]


def catalog_file(assignment_id: str, language: str = DEFAULT_LANGUAGE, solutions: Path = SOLUTIONS) -> Path:
    suffix = "hints.po" if language == DEFAULT_LANGUAGE else f"hints.{language}.po"
    return solutions / assignment_id / suffix


def _read_catalog(path: Path) -> dict[str, dict[int, str]]:
    from babel.messages.pofile import read_po

    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle)
    hints: dict[str, dict[int, str]] = {}
    for message in catalog:
        match = MESSAGE_ID.match(str(message.id or ""))
        if match and isinstance(message.string, str) and message.string.strip():
            hints.setdefault(match["name"], {})[int(match["step"])] = message.string.strip()
    return hints


def load_hints(assignment_id: str, language: str = DEFAULT_LANGUAGE,
               solutions: Path = SOLUTIONS) -> dict[str, dict[int, str]]:
    """``{name: {step: text}}`` for an assignment; a translation's missing steps stay English."""
    hints = _read_catalog(catalog_file(assignment_id, DEFAULT_LANGUAGE, solutions))
    if language != DEFAULT_LANGUAGE:
        for name, steps in _read_catalog(catalog_file(assignment_id, language, solutions)).items():
            hints.setdefault(name, {}).update(steps)
    return hints


def graded_names(assignment_id: str) -> list[str]:
    """The names the checks of an assignment exercise, in the order they are checked."""
    from autograder.checks.registry import load_suite

    names: list[str] = []
    for check in load_suite(assignment_id):
        if check.target not in names:
            names.append(check.target)
    return names


def assignments_with(name: str, assignment_ids: list[str]) -> list[str]:
    """The assignments (of ``assignment_ids``) that grade ``name``."""
    return [assignment_id for assignment_id in assignment_ids if name in graded_names(assignment_id)]


# -- which step was seen ---------------------------------------------------------------------------

def state_file() -> Path:
    return Path(os.environ.get("KERAS_COURSE_HINTS") or REPO_ROOT / ".cache" / "hints.json")


def _read_state(path: Path) -> dict:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _remember(path: Path, assignment_id: str, name: str, step: int) -> None:
    state = _read_state(path)
    seen = state.get(assignment_id) if isinstance(state.get(assignment_id), dict) else {}
    previous = seen.get(name, 0)
    seen[name] = max(step, previous if isinstance(previous, int) else 0)
    state[assignment_id] = seen
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(path)
    except OSError:  # a read-only checkout: the hint is still shown, the next one repeats it
        pass


def last_seen(assignment_id: str, name: str, path: Path | None = None) -> int:
    value = _read_state(path or state_file()).get(assignment_id, {})
    seen = value.get(name, 0) if isinstance(value, dict) else 0
    return seen if isinstance(seen, int) else 0


# -- asking ----------------------------------------------------------------------------------------

def get_hint(assignment_id: str, name: str, step: int | None = None, *, language: str = DEFAULT_LANGUAGE,
             state: Path | None = None, solutions: Path = SOLUTIONS) -> Hint:
    """The hint ``step`` for ``name``, or the step after the last one seen (the last repeats)."""
    hints = load_hints(assignment_id, language, solutions)
    if name not in hints:
        known = graded_names(assignment_id) if assignment_id in _suites() else sorted(hints)
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
        suggestion = msg("hints.did_you_mean", name=repr(close[0])) if close else ""
        raise HintError(word(msg("hints.unknown_name", assignment=assignment_id, name=repr(name),
                                 suggestion=suggestion, known=", ".join(known)), language))
    path = state or state_file()
    if step is None:
        step = min(last_seen(assignment_id, name, path) + 1, STEPS[-1])
    if step not in STEPS:
        raise HintError(word(msg("hints.no_such_step", first=STEPS[0], last=STEPS[-1], step=step), language))
    text = hints[name].get(step)
    if text is None:
        raise HintError(word(msg("hints.step_missing", assignment=assignment_id, step=step, name=repr(name)),
                             language))
    _remember(path, assignment_id, name, step)
    return Hint(assignment_id, name, step, text)


def _suites() -> tuple[str, ...]:
    from autograder.checks.registry import SUITE_MODULES

    return tuple(SUITE_MODULES)


def render(hint: Hint, ask_again: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The hint as the student reads it, in ``language``; ``ask_again`` is how to ask for the next step.
    (The hint's own text comes from ``hints.<language>.po`` when :func:`get_hint` was given the language.)"""
    heading = msg("hints.heading", step=hint.step, steps=STEPS[-1], name=hint.name, what=STEP_NAMES[hint.step])
    lines = [word(heading, language), ""]
    lines += ["  " + line if line else "" for line in hint.text.splitlines()]
    lines.append("")
    then = msg("hints.last") if hint.is_last else msg("hints.next", ask=ask_again)
    lines.append(word(then, language))
    return "\n".join(lines)
