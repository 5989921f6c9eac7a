"""``python -m autograder notebooks``: generate the notebooks, check them, write an nbgrader course.

Registered on the main command line by one line in ``autograder/cli.py``. Exit codes follow
the CLI's: 0 done, 1 out of date (``--check``) or an internal error, 2 a usage error.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from autograder.cli_context import LANG_OPTION, assignment_from, course_from as _course, language_from


@contextlib.contextmanager
def _usage_errors():
    """A notebook source or marker mistake is the author's to fix: a usage error with its message."""
    from autograder.markers import MarkerError
    from autograder.notebooks.source import NotebookSourceError

    try:
        yield
    except (NotebookSourceError, MarkerError) as error:
        raise click.UsageError(str(error)) from None


def _assignments(ctx: click.Context, course, names: tuple[str, ...]):
    return [assignment_from(ctx, course, name) for name in names] if names else None


@click.group(invoke_without_command=True)
@click.option("--check", "check_only", is_flag=True,
              help="only report whether the notebooks in assignments/ are up to date.")
@click.pass_context
def notebooks(ctx: click.Context, check_only: bool) -> None:
    """Generate the student notebooks in assignments/ from solutions/ (module + notebook.md).

    \b
    Subcommands:
      reference DIR        write the reference notebooks (solutions in place) to DIR
      nbgrader-course DIR  write an nbgrader course folder (source/, config, runner) to DIR
    """
    if ctx.invoked_subcommand is not None:
        return
    from autograder.notebooks.build import missing_sources, stale_notebooks, write_notebooks

    course = _course(ctx)
    with _usage_errors():
        missing = missing_sources(course)
        if check_only:
            stale = stale_notebooks(course)
            if stale:
                click.echo("notebooks in assignments/ are out of date: " + ", ".join(stale))
                click.echo("run `python -m autograder notebooks` and commit the result.")
                raise SystemExit(1)
            click.echo("the notebooks in assignments/ are up to date.")
        else:
            written = write_notebooks(course)
            click.echo(f"wrote {len(written)} notebook(s)" + "".join(f"\n  {p}" for p in written))
    if missing:
        click.echo(f"no notebook source yet (solutions/<assignment>/notebook.md) for: {', '.join(missing)}")


@notebooks.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def reference(ctx: click.Context, out: Path) -> None:
    """Write the reference notebooks (solutions in place) to OUT/<assignment>/."""
    from autograder.notebooks.build import write_reference_notebooks

    with _usage_errors():
        written = write_reference_notebooks(_course(ctx), out)
    click.echo(f"wrote {len(written)} reference notebook(s)" + "".join(f"\n  {p}" for p in written))


@notebooks.command("nbgrader-course")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--assignment", "-a", "names", multiple=True,
              help="an assignment to include (repeatable; default: every one with a notebook).")
@click.option("--force", is_flag=True, help="write over the source/ notebooks of an existing folder.")
@LANG_OPTION
@click.pass_context
def nbgrader_course(ctx: click.Context, out: Path, names: tuple[str, ...], force: bool, lang: str | None) -> None:
    """Write an nbgrader course folder to OUT: source/<assignment>/, nbgrader_config.py, nbgrader.sh."""
    from autograder.notebooks.nbgrader_course import NbgraderCourseError, write_course

    course = _course(ctx)
    try:
        with _usage_errors():
            written = write_course(out, course, _assignments(ctx, course, names), force=force,
                                   language=language_from(ctx, course, lang))
    except NbgraderCourseError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"wrote {len(written)} file(s) to {out}" + "".join(f"\n  {p}" for p in written))
    click.echo(f"next: cd {out} && ./nbgrader.sh generate_assignment <assignment> --create --force "
               "(see README.md there)")
