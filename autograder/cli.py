"""The command line: ``python -m autograder`` (also installed as ``kgrade``).

Exit codes: 0 when the command finished (whatever the scores), 2 for a usage error, 1 for an
internal error of the grader.
"""

from __future__ import annotations

import difflib
import os
import sys
import traceback
from pathlib import Path

import click
from rich.console import Console

from autograder.cli_context import assignment_from as _assignment
from autograder.cli_context import LANG_OPTION
from autograder.cli_context import course_from as _course
from autograder.cli_context import language_from as _language
from autograder.data_commands import announce, data

USAGE_ERROR, INTERNAL_ERROR, INTERRUPTED = 2, 1, 130  # 130: stopped by Ctrl-C, as shells report it


class _Group(click.Group):
    """A click group whose unknown-command errors suggest the closest command."""

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if name and name not in self.commands and not name.startswith("-"):
            close = difflib.get_close_matches(name, list(self.commands), n=1, cutoff=0.5)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise click.UsageError(f"no command {name!r}.{hint} Commands: {', '.join(sorted(self.commands))}.", ctx)
        return super().resolve_command(ctx, args)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--course", "course_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="course.yml to use (default: the one at the repository root).")
@click.pass_context
def cli(ctx: click.Context, course_file: Path | None) -> None:
    """Keras course: self-checks for students, grading for instructors."""
    ctx.ensure_object(dict)
    ctx.obj["course_file"] = course_file


@cli.command()
@click.argument("assignment")
@click.option("--submission", type=click.Path(path_type=Path), default=None,
              help="your module file or its folder (default: assignments/<assignment>/).")
@click.option("--hint", "hint_name", metavar="NAME", default=None,
              help="instead of checking, show the next hint for the function or class NAME.")
@click.option("--step", type=click.IntRange(1, 3), default=None, help="with --hint: show this step (1 to 3).")
@click.option("--compare", "compare_name", metavar="NAME", default=None,
              help="instead of checking, show the reference solution of NAME beside your code (once NAME "
                   "passes its checks, or after a few failing self-checks).")
@click.option("--layout", type=click.Choice(["side", "unified"]), default="side", show_default=True,
              help="with --compare: two columns, or a unified diff.")
@LANG_OPTION
@click.pass_context
def check(ctx: click.Context, assignment: str, submission: Path | None, hint_name: str | None,
          step: int | None, compare_name: str | None, layout: str, lang: str | None) -> None:
    """Run the public checks of ASSIGNMENT (01 or 01_data) on your work, give a hint (--hint), or
    compare your code with the reference after trying (--compare)."""
    from autograder.course import REPO_ROOT

    course = _course(ctx)
    config = _assignment(ctx, course, assignment)
    language = _language(ctx, course, lang)
    if step is not None and hint_name is None:
        raise click.UsageError("--step goes with --hint NAME, e.g. --hint one_hot_text --step 2", ctx)
    if hint_name is not None:
        _show_hint(ctx, config, hint_name, step, language)
        return
    path = submission or REPO_ROOT / "assignments" / config.id
    if not path.exists():
        raise click.BadParameter(f"{path} does not exist", ctx=ctx, param_hint="--submission")
    if compare_name is not None:
        _show_comparison(ctx, course, config, path, compare_name, layout, language)
        return
    _start_template(course, config)
    from autograder.compare import record_attempts
    from autograder.grading import grade_submission
    from autograder.report import print_self_check

    announce(course, config, loud=False)  # the self-check prints it
    report = grade_submission(course, config, path, public_only=True, language=language)
    record_attempts(report, path if path.is_dir() else path.parent)
    print_self_check(report, Console())


def _start_template(course, config) -> None:
    """The warm template starts importing TensorFlow now, beside this command's own preparation."""
    from autograder.sandbox.template import start_in_background

    start_in_background(config.id, course.grading.workers)


def _show_comparison(ctx: click.Context, course, config, path: Path, name: str, layout: str, language: str) -> None:
    from autograder.catalog import msg, render
    from autograder.compare import decide, read_reference, side_by_side, snippet, unified
    from autograder.course import REPO_ROOT
    from autograder.discovery import SubmissionError, find_module
    from autograder.hints import graded_names

    known = graded_names(config.id)
    if name not in known:
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise click.BadParameter(f"{config.id} grades no {name!r}.{hint} Graded: {', '.join(known)}.", ctx=ctx,
                                 param_hint="--compare")
    folder = path if path.is_dir() else path.parent
    decision = decide(course, config, name, folder, REPO_ROOT / "assignments" / config.id)
    click.echo(render(decision.reason, language))
    if not decision.allowed:
        return
    try:
        module_file = find_module(path, config)
        source = module_file.read_text(encoding="utf-8")
        if module_file.suffix == ".ipynb":
            from autograder.notebooks.extract import extract_module
            from autograder.notebooks.submission import graded_names as notebook_names
            from autograder.notebooks.submission import read_notebook_cells

            source = extract_module(read_notebook_cells(module_file)[0], notebook_names(config)).module_source
    except (SubmissionError, OSError, ValueError) as error:
        raise click.BadParameter(str(error), ctx=ctx, param_hint="--submission") from None
    mine = snippet(source, name) or render(msg("compare.no_student_code", name=name), language)
    reference = read_reference(REPO_ROOT / "assignments" / config.id, name) or ""
    if layout == "unified":
        click.echo(unified(mine, reference, name, language))
    else:
        Console().print(side_by_side(mine, reference, name, language))


def _show_hint(ctx: click.Context, config, name: str, step: int | None, language: str) -> None:
    from autograder.guidance import cli_ask
    from autograder.hints import HintError, get_hint, render

    try:
        hint = get_hint(config.id, name, step, language=language)
    except HintError as error:
        raise click.BadParameter(error.args[0], ctx=ctx, param_hint="--hint") from None
    click.echo(render(hint, cli_ask(config.id, language)(name), language))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--assignment", "-a", required=True, help="the assignment, e.g. 01 or 01_data.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="write <out>/<student>/results.json (Gradescope), report.json, feedback pages, "
                   "<out>/grades.csv and a gradebook that makes the run resumable.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="students graded at once, each in its own worker processes.")
@click.option("--regrade", is_flag=True, help="grade again students already in the gradebook.")
@click.option("--details/--no-details", default=False, help="print every check of every submission.")
@click.option("--cluster", metavar="ADDRESS", default=None,
              help="grade on a Dask cluster instead of this machine: tls://host:8786 (TLS certificates "
                   "required), or local:N to try it with N worker processes here (--jobs is then unused). "
                   "See docs/cluster.md.")
@click.option("--tls-ca-file", type=click.Path(dir_okay=False, path_type=Path), envvar="KERAS_COURSE_TLS_CA",
              help="with --cluster tls://...: the course's CA certificate (or KERAS_COURSE_TLS_CA).")
@click.option("--tls-cert", type=click.Path(dir_okay=False, path_type=Path), envvar="KERAS_COURSE_TLS_CERT",
              help="this machine's certificate, signed by that CA (or KERAS_COURSE_TLS_CERT).")
@click.option("--tls-key", type=click.Path(dir_okay=False, path_type=Path), envvar="KERAS_COURSE_TLS_KEY",
              help="the certificate's private key (or KERAS_COURSE_TLS_KEY).")
@click.option("--cluster-timeout", type=click.FloatRange(0.5, 600), default=10.0, show_default=True,
              help="seconds to reach the scheduler, and again for a first worker to be there.")
@LANG_OPTION
@click.pass_context
def grade(ctx: click.Context, paths: tuple[Path, ...], assignment: str, out: Path | None, jobs: int,
          regrade: bool, details: bool, cluster: str | None, tls_ca_file: Path | None, tls_cert: Path | None,
          tls_key: Path | None, cluster_timeout: float, lang: str | None) -> None:
    """Grade submissions with all checks.

    Each PATH is a module file, a folder holding the module, a class folder (one sub-folder or
    file per student), or an nbgrader course folder (submitted/<student>/<assignment>/).
    """
    course = _course(ctx)
    config = _assignment(ctx, course, assignment)
    if cluster is None and all(p.exists() for p in paths):  # a cluster's workers fork their own
        _start_template(course, config)
    from autograder.batch import GradingInterrupted, grade_class
    from autograder.catalog import msg, render
    from autograder.discovery import discover, other_assignments_module
    from autograder.exports import export_class
    from autograder.gradebook import Gradebook
    from autograder.report import grading_table, print_details

    language = _language(ctx, course, lang)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise click.BadParameter(f"not found: {', '.join(missing)}", ctx=ctx, param_hint="PATHS")
    for path in paths:
        mismatch = other_assignments_module(path, config, course)
        if mismatch:
            raise click.BadParameter(mismatch, ctx=ctx, param_hint="--assignment")
    submissions = _unique_students([s for path in paths for s in discover(path, config)])
    if not submissions:
        raise click.BadParameter(f"no submissions found in {', '.join(map(str, paths))}", ctx=ctx,
                                 param_hint="PATHS")
    console = Console()
    grader = None
    if cluster is not None:
        from autograder.cluster.connect import ClusterOptions

        grader = _open_cluster(ctx, course, config, ClusterOptions(cluster, tls_ca_file, tls_cert, tls_key,
                                                                   cluster_timeout), language)
    else:
        announce(course, config)  # a cluster's workers find the data themselves
    gradebook = Gradebook(out / "gradebook.sqlite") if out is not None else None
    try:
        try:
            run = grade_class(course, config, submissions, jobs=jobs, gradebook=gradebook, regrade=regrade,
                              console=Console(stderr=True), grader=grader, language=language)
        except GradingInterrupted as stop:
            _report_interruption(stop, gradebook, out, config.id)
            raise SystemExit(INTERRUPTED) from None
        if details:
            for report in run.graded:
                print_details(report, console)
        if run.graded:
            console.print(grading_table(sorted(run.graded, key=lambda r: r.submission), language))
        if run.skipped:
            console.print(render(msg("grade.skipped", count=len(run.skipped)), language))
        if gradebook is not None:
            export_class(gradebook, out, config.id, course.grading.hidden_visibility, language=language)
            console.print(render(msg("grade.written", out=str(out), summary=f"{out}/summary-{config.id}.html"),
                                 language), markup=False)
    finally:
        if gradebook is not None:
            gradebook.close()
        if grader is not None:
            grader.close()  # also after Ctrl-C: a local cluster's workers stop with it
    seconds = f"{run.seconds:.1f}"
    console.print(render(msg("grade.done.cluster", count=len(run.graded), seconds=seconds, cluster=cluster,
                             slots=grader.slots) if grader else
                         msg("grade.done", count=len(run.graded), seconds=seconds, jobs=jobs), language))
    if grader is not None and grader.workers:
        console.print(render(msg("grade.graded_by", workers=", ".join(
            f"{worker} ({count})" for worker, count in sorted(grader.workers.items()))), language))
    for student, error in run.internal_errors.items():
        click.echo(f"internal error in the grader while grading {student} (please report it):\n{error}", err=True)
    reasons: dict[str, list[str]] = {}
    for student, reason in run.not_graded.items():  # a cluster's worker refused, or its answer was rejected
        reasons.setdefault(reason, []).append(student)
    for reason, students in reasons.items():
        names = ", ".join(sorted(students)[:10]) + (f" and {len(students) - 10} more" if len(students) > 10 else "")
        click.echo(f"{len(students)} student(s) not graded ({names}): {reason}\nThe same command grades them "
                   "once this is fixed.", err=True)
    errors = [c for r in run.graded for c in r.grader_errors]
    if errors:
        console.print(f"[bold magenta]{len(errors)} checks could not be graded because of a grader problem; "
                      "see the instructor details in report.json.[/]")
    if errors or run.internal_errors or run.not_graded:
        raise SystemExit(INTERNAL_ERROR)


def _open_cluster(ctx: click.Context, course, config, options, language: str):
    """The cluster grader, its workers checked to run this course; what stops it is a usage error (2)."""
    from autograder.cluster.connect import ClusterUnreachable, ClusterUsageError
    from autograder.cluster.digest import CourseFileOutside
    from autograder.cluster.executor import ClusterGrader, CourseMismatch

    try:
        grader = ClusterGrader.open(course, config, options, ctx.obj.get("course_file"), language)
    except (ClusterUsageError, CourseFileOutside) as error:
        raise click.UsageError(str(error), ctx) from None
    except ClusterUnreachable as error:
        raise click.ClickException(str(error)) from None  # exit code 2, as a usage error
    try:
        grader.prepare()
    except CourseMismatch as error:
        grader.close()
        raise click.ClickException(str(error)) from None
    return grader


def _report_interruption(stop, gradebook, out: Path | None, assignment_id: str) -> None:
    graded = len(stop.run.graded)
    if gradebook is not None:
        stored = len(gradebook.finished(assignment_id))
        click.echo(f"\nInterrupted. {stored} students are stored in {out / 'gradebook.sqlite'} ({graded} graded in "
                   f"this run), {stop.not_graded} were not graded. Run the same command again to resume: only "
                   "students without a stored result are graded.", err=True)
    else:
        click.echo(f"\nInterrupted after grading {graded} students; {stop.not_graded} were not graded. Nothing was "
                   "stored (no --out): run with --out DIR to make a run resumable.", err=True)
    if stop.abandoned:  # a student's grading did not stop: do not wait for it at exit
        if gradebook is not None:
            gradebook.close()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(INTERRUPTED)


def _unique_students(submissions):
    """Make student names unique: names that repeat take the nearest folder that tells them apart.

    ``submitted/alice/01_data/tensors.ipynb`` and ``submitted/bob/01_data/tensors.ipynb`` become
    ``alice`` and ``bob``; when no folder tells them apart, a number is added.
    """
    from autograder.discovery import Submission

    groups: dict[str, list] = {}
    for submission in submissions:
        groups.setdefault(submission.student, []).append(submission)
    renamed = {}
    for name, group in groups.items():
        if len(group) == 1:
            renamed[id(group[0])] = name
            continue
        parents = [s.path.resolve().parent.parts[::-1] for s in group]
        for depth in range(max(len(p) for p in parents)):
            labels = [p[depth] if depth < len(p) else "" for p in parents]
            if len(set(labels)) == len(labels) and all(labels):
                renamed.update({id(s): label for s, label in zip(group, labels)})
                break
        else:
            renamed.update({id(s): f"{name}_{index}" for index, s in enumerate(group, start=1)})
    return [Submission(renamed[id(s)], s.path) for s in submissions]


@cli.command()
@click.option("--assignment", "-a", required=True, help="the assignment, e.g. 01 or 01_data.")
@click.pass_context
def reference(ctx: click.Context, assignment: str) -> None:
    """Compute and cache the reference solution's values (before a class run, or in an image)."""
    from autograder.grading import reference_outcomes

    course = _course(ctx)
    config = _assignment(ctx, course, assignment)
    announce(course, config)
    outcomes = reference_outcomes(course, config)
    failed = sorted(check for check, outcome in outcomes.items() if outcome.get("status") != "ok")
    if failed:
        click.echo(f"the reference solution failed these checks: {', '.join(failed)}", err=True)
        raise SystemExit(INTERNAL_ERROR)
    click.echo(f"reference values of {config.id} are cached ({len(outcomes)} checks).")


@cli.command("gradescope-bundle")
@click.option("--assignment", "-a", required=True, help="the assignment, e.g. 01 or 01_data.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="the zip to write (default: gradescope-<assignment>.zip).")
@LANG_OPTION
@click.pass_context
def gradescope_bundle(ctx: click.Context, assignment: str, out: Path | None, lang: str | None) -> None:
    """Write the autograder zip to upload to Gradescope for ASSIGNMENT."""
    from autograder.gradescope import write_bundle

    course = _course(ctx)
    config = _assignment(ctx, course, assignment)
    target = write_bundle(config, out or Path(f"gradescope-{config.id}.zip"), _language(ctx, course, lang))
    click.echo(f"wrote {target}: upload it as the assignment's autograder on Gradescope.")


@cli.command("gradescope-run")
@click.option("--assignment", "-a", required=True)
@click.option("--submission", type=click.Path(path_type=Path), required=True)
@click.option("--results", type=click.Path(dir_okay=False, path_type=Path), required=True)
@LANG_OPTION
@click.pass_context
def gradescope_run(ctx: click.Context, assignment: str, submission: Path, results: Path, lang: str | None) -> None:
    """Grade one Gradescope submission and always write results.json (what run_autograder calls)."""
    from autograder.gradescope import run_for_gradescope

    course = _course(ctx)
    raise SystemExit(run_for_gradescope(course, _assignment(ctx, course, assignment), submission, results,
                                        language=_language(ctx, course, lang)))


@cli.command()
@click.option("--check", "check_only", is_flag=True, help="only report whether assignments/ is up to date.")
@click.pass_context
def release(ctx: click.Context, check_only: bool) -> None:
    """Generate the student versions in assignments/ (modules and notebooks) from solutions/."""
    from autograder.course import REPO_ROOT
    from autograder.markers import MarkerError
    from autograder.notebooks.build import stale_notebooks, write_notebooks
    from autograder.release import stale_files, write_release

    course = _course(ctx)
    try:
        if check_only:
            stale = stale_files(course=course) + stale_notebooks(course)
            if stale:
                click.echo("assignments/ is out of date with solutions/: " + ", ".join(stale))
                click.echo("run `python -m autograder release` and commit the result.")
                raise SystemExit(INTERNAL_ERROR)
            click.echo("assignments/ is up to date with solutions/.")
            return
        written = write_release(course=course)
        written += write_notebooks(course)
    except MarkerError as error:
        raise click.UsageError(str(error)) from None
    shown = [p.relative_to(REPO_ROOT) if p.is_relative_to(REPO_ROOT) else p for p in written]
    click.echo(f"wrote {len(written)} file(s)" + "".join(f"\n  {p}" for p in shown))


@cli.command()
@click.option("--assignment", "-a", "assignments", multiple=True,
              help="only these assignments (repeatable); default: all of them.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=2, show_default=True)
@LANG_OPTION
@click.pass_context
def demo(ctx: click.Context, assignments: tuple[str, ...], jobs: int, lang: str | None) -> None:
    """Grade the bundled examples: each reference, the untouched stubs, and typical mistakes."""
    from autograder.demo import run_demo

    course = _course(ctx)
    chosen = [_assignment(ctx, course, name) for name in assignments] or list(course.assignments)
    run_demo(course, chosen, Console(), jobs=jobs, language=_language(ctx, course, lang))


cli.add_command(__import__("autograder.notebooks.commands", fromlist=["notebooks"]).notebooks)  # notebooks, nbgrader
cli.add_command(data)  # data status|fetch|import


def main(argv: list[str] | None = None) -> int:
    """Entry point: maps click's outcomes and unexpected errors onto the documented exit codes."""
    try:
        cli.main(args=argv, prog_name="python -m autograder", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return USAGE_ERROR
    except click.exceptions.Abort as abort:
        return INTERRUPTED if isinstance(abort.__cause__, KeyboardInterrupt) else USAGE_ERROR
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else INTERNAL_ERROR
    except Exception:  # noqa: BLE001 - an internal error: say so, with the traceback
        click.echo("internal error in the grader (please report it):", err=True)
        click.echo(traceback.format_exc(), err=True)
        return INTERNAL_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main())
