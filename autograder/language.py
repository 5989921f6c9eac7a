"""Which language a student's feedback is worded in, chosen once per command and carried by the report.

Sources, first found wins: the command's ``--lang`` (or ``lang=`` in a notebook), the
``KERAS_COURSE_LANG`` environment variable, ``course.yml``'s ``language:``, then English. The
choice is stored in the report (``SubmissionReport.language``), so that every view made from it
(the self-check, results.json, the HTML pages, the class summary) speaks the same language. A
language without a translation of some message falls back to English for that message
(:mod:`autograder.catalog`).
"""

from __future__ import annotations

import os

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
ENVIRONMENT_VARIABLE = "KERAS_COURSE_LANG"


class LanguageError(ValueError):
    """A language the course does not speak."""


def checked(language: str, source: str) -> str:
    if language not in LANGUAGES:
        raise LanguageError(f"{source} is {language!r}; the course speaks {' or '.join(LANGUAGES)}.")
    return language


def choose_language(explicit: str | None = None, course=None) -> str:
    """The language of this command: ``explicit``, else the environment, else the course's, else English."""
    if explicit:
        return checked(explicit, "the language asked for")
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if from_environment:
        return checked(from_environment, ENVIRONMENT_VARIABLE)
    return getattr(course, "language", None) or DEFAULT_LANGUAGE
