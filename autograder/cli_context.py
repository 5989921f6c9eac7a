"""What every command needs from the command line's context: the course and a named assignment.

Shared by :mod:`autograder.cli` and the command groups it registers (``notebooks``, ``data``), so that
those import this small module instead of the command line that imports them.
"""

from __future__ import annotations

import click

from autograder.course import CourseConfigError, load_course
from autograder.language import LANGUAGES, LanguageError, choose_language

LANG_OPTION = click.option("--lang", type=click.Choice(LANGUAGES), default=None,
                           help="the language of the students' feedback (default: $KERAS_COURSE_LANG, "
                                "else course.yml's language:, else en).")


def course_from(ctx: click.Context):
    """The course of ``--course`` (or the default one); a broken course.yml is a usage error."""
    try:
        return load_course(ctx.obj.get("course_file"))
    except CourseConfigError as error:
        raise click.UsageError(str(error), ctx) from None


def assignment_from(ctx: click.Context, course, name: str):
    """The assignment called ``name`` (``01`` or ``01_data``); an unknown one is a usage error."""
    try:
        return course.assignment(name)
    except KeyError as error:
        raise click.BadParameter(error.args[0], ctx=ctx, param_hint="assignment") from None


def language_from(ctx: click.Context, course, lang: str | None) -> str:
    """The language of this command: ``--lang``, else the environment's, else the course's."""
    try:
        return choose_language(lang, course)
    except LanguageError as error:
        raise click.UsageError(str(error), ctx) from None
