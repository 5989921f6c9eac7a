"""Student-facing messages as data: an id and named parameters, worded at the very end.

A check's judge, the grader and the notebook hook say *what* to tell the student as a
:class:`Message` (a stable symbolic id such as ``probe.not_implemented`` and plain-data
parameters). :func:`render` words it, once, at the end of grading, in a language, for a place:
a file submission reads "line 12 of tensors.py", a notebook "cell 3, line 2" and "your
notebook (tensors.ipynb)" (see :class:`NotebookPlace`). Nothing rewrites finished sentences.

The wording lives in gettext PO catalogs, ``autograder/locale/<language>/LC_MESSAGES/messages.po``
(msgid: the symbolic id; msgstr: the template, with ``str.format`` placeholders such as
``{call}`` or ``{limit:g}``), read at run time with Babel's ``read_po``: no compile step and no
``.mo`` files in git. Babel rather than the standard ``gettext`` module because ``gettext`` reads
only compiled ``.mo`` files (a build step and binary files to keep in sync), while Babel reads the
PO text translators edit, with its contexts (``msgctxt``, used here for notebook wordings) and
fuzzy flags; it is already locked. A second language (the Chinese edition) adds
``zh/LC_MESSAGES/messages.po`` with the same ids, and nothing else; an id missing from it falls
back to English. ``tests/test_catalog.py`` fails when code uses an id the English catalog lacks,
or passes parameters a template does not name (or the reverse).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "en"
NOTEBOOK = "notebook"  # the msgctxt of wordings specific to notebooks
# The msgctxt of translations of course.yml's own words (an assignment's title, what a hidden check
# probes): course.yml holds the English, and a translation is keyed by that English text.
COURSE_TEXT = "course.yml"


@dataclass(frozen=True)
class Message:
    """What to tell the student: a catalog id and its parameters (plain data, or other messages)."""

    id: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:  # English, as in a file submission: for logs and f-strings
        return render(self)

    def __add__(self, then: Message | str) -> Message:
        """``message + note``: two sentences one after the other, joined by the catalog's ``text.joined``."""
        return self if then == "" else msg("text.joined", first=self, then=then)

    def __radd__(self, first: Message | str) -> Message:
        return self if first == "" else msg("text.joined", first=first, then=self)

    def to_dict(self) -> dict:
        return {"id": self.id, "params": {key: _to_data(value) for key, value in self.params.items()}}

    @classmethod
    def from_dict(cls, data: dict) -> Message:
        return cls(data["id"], {key: _from_data(value) for key, value in data.get("params", {}).items()})


def msg(message_id: str, **params: Any) -> Message:
    """``msg("probe.missing", module=SourceFile("tensors.py"), target="table_shape")``.

    Parameters stay plain data that survives JSON: numpy scalars become Python numbers, and
    containers (a tuple of sizes, a list of shapes) the text they read as.
    """
    return Message(message_id, {key: _plain_param(value) for key, value in params.items()})


def _plain_param(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int, float, Message, SourceFile, SourceLine)):
        return value
    if hasattr(value, "item") and getattr(value, "shape", None) == ():  # a numpy scalar
        return value.item()
    return str(value)


@dataclass(frozen=True)
class SourceFile:
    """The student's module, named as the student knows it: a file, or their notebook."""

    module: str


@dataclass(frozen=True)
class SourceLine:
    """A line of the student's module: "line 12 of tensors.py", or "cell 3, line 2" in a notebook."""

    module: str
    line: int


@dataclass(frozen=True)
class NotebookPlace:
    """How a notebook submission is named: its module's lines map to (cell label, line in cell)."""

    line_map: dict[int, tuple[str, int]]
    notebook_name: str | None = None  # None: the notebook the student is working in (self-check)


def render(message: Message | str, language: str = DEFAULT_LANGUAGE, place: NotebookPlace | None = None) -> str:
    """The message worded in ``language`` for ``place`` (None: a file submission)."""
    if not isinstance(message, Message):
        # Already words: instructor-only text (details, grader errors) passes through. Student-facing
        # text is always a Message (tests/test_messages_are_data.py guards the checks).
        return message
    values = {key: _render_value(value, language, place) for key, value in message.params.items()}
    return template(message.id, language, NOTEBOOK if place else None).format(**values)


def render_report(report, language: str = DEFAULT_LANGUAGE, place: NotebookPlace | None = None) -> None:
    """Word every check's message and call (from their data, ``CheckResult.text`` and ``call_text``)
    and every note of ``report``."""
    for check in report.checks:
        if getattr(check, "call_text", None) is not None:
            check.call = render(Message.from_dict(check.call_text), language, place)
        if check.text is not None:
            check.message = render(Message.from_dict(check.text), language, place)
    report.notes = [render(note, language, place) for note in report.notes]


def template(message_id: str, language: str = DEFAULT_LANGUAGE, context: str | None = None) -> str:
    """The template of ``message_id``: the language's, else English; the context's, else the plain one."""
    for catalog in (load_catalog(language), load_catalog(DEFAULT_LANGUAGE)):
        for ctxt in ((context, None) if context else (None,)):
            entry = catalog.get(message_id, context=ctxt)
            if entry is not None and entry.string and not entry.fuzzy:
                return entry.string
    raise KeyError(f"the message id {message_id!r} is not in the {DEFAULT_LANGUAGE!r} catalog "
                   f"({catalog_file(DEFAULT_LANGUAGE)})")


def course_text(text: str | None, language: str = DEFAULT_LANGUAGE) -> str | None:
    """A text written in course.yml, in ``language``: its translation (msgctxt "course.yml", msgid the
    English text), else the text as course.yml has it. The instructor edits course.yml alone; a
    translation whose English changed is simply no longer found."""
    if not text or language == DEFAULT_LANGUAGE:
        return text
    entry = load_catalog(language).get(text, context=COURSE_TEXT)
    return entry.string if entry is not None and entry.string and not entry.fuzzy else text


def placeholders(text: str) -> set[str]:
    """The named placeholders of a template: ``"{call} took {limit:g} s"`` -> {"call", "limit"}."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def catalog_file(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=None)
def load_catalog(language: str):
    """The language's catalog (an empty one when the language has none)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    path = catalog_file(language)
    if not path.is_file():
        return Catalog(locale=None)
    with path.open("rb") as file:
        return read_po(file)


# -- parameters --------------------------------------------------------------------------------------

def _render_value(value: Any, language: str, place: NotebookPlace | None) -> Any:
    if isinstance(value, Message):
        return render(value, language, place)
    if isinstance(value, SourceFile):
        if place is None:
            return value.module
        if place.notebook_name is None:
            return render(msg("place.this_notebook"), language, place)
        return render(msg("place.notebook", notebook=place.notebook_name), language, place)
    if isinstance(value, SourceLine):
        if place is None:
            return render(msg("place.line", line=value.line, module=value.module), language)
        found = place.line_map.get(value.line)
        if found is None:
            return render(msg("place.unmapped_line", line=value.line), language, place)
        return render(msg("place.cell_line", cell=found[0], line=found[1]), language, place)
    return value


def _to_data(value: Any) -> Any:
    if isinstance(value, Message):
        return {"message": value.to_dict()}
    if isinstance(value, SourceFile):
        return {"source_file": value.module}
    if isinstance(value, SourceLine):
        return {"source_line": [value.module, value.line]}
    return value


def _from_data(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if "message" in value:
            return Message.from_dict(value["message"])
        if "source_file" in value:
            return SourceFile(value["source_file"])
        if "source_line" in value:
            return SourceLine(*value["source_line"])
    return value
