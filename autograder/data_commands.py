"""``python -m autograder data status|fetch|import``: where grading finds Fashion-MNIST, and getting it there."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import click
from rich.console import Console

from autograder import data_sources
from autograder.cli_context import course_from as _course
from autograder.datasets import FILES, DataUnavailable
from autograder.download import DownloadError, download_files, md5_of


def announce(course, assignment, console: Console | None = None, *, loud: bool = True):
    """Resolve the data before grading ``assignment`` and say it loudly when it is the stand-in.

    Turns a refusal (``data.require_real``) into a clear command-line error. ``loud=False`` when
    the report printed next says it anyway (the self-check).
    """
    if assignment.training is None:
        return None
    console = console or Console(stderr=True)
    try:
        resolution = data_sources.resolve_for_course(course, console=console)
    except DataUnavailable as error:
        raise click.ClickException(str(error)) from None
    if loud:
        line = f"[bold red]{resolution.warning}[/]" if resolution.warning else f"[dim]data: {resolution.description}[/]"
        console.print(line, highlight=False)
    return resolution


@click.group("data")
def data() -> None:
    """Fashion-MNIST for the training checks: where grading finds it, download it, import it."""


@data.command()
@click.pass_context
def status(ctx: click.Context) -> None:
    """Say which data grading would use now, and why each earlier source was skipped."""
    course = _course(ctx)
    resolution = data_sources.resolve_data(course.data.source, course.idx_dir(), mirror=course.data.mirror,
                                           download=False)
    lines = resolution.explain()
    click.echo(lines[0][0].upper() + lines[0][1:])
    for line in lines[1:]:
        click.echo(f"  {line}")
    if resolution.warning:
        click.secho(resolution.warning, fg="red", bold=True, err=True)
    if course.data.require_real and not resolution.real:
        click.secho("course.yml sets data.require_real: grading would refuse to start.", fg="red", err=True)


def _mirrors_hint() -> str:
    return "Official mirrors with the same four files:\n" + "\n".join(
        f"  {url}  ({what})" for url, what in data_sources.OFFICIAL_MIRRORS.items())


@data.command()
@click.option("--mirror", default=None, help="download from this URL instead of Keras's host "
                                              "(default: data.mirror in course.yml, else Keras's host).")
@click.option("--timeout", type=click.FloatRange(min=1), default=20, show_default=True,
              help="seconds to wait for the connection and for each read.")
@click.option("--retries", type=click.IntRange(1, 10), default=3, show_default=True)
@click.pass_context
def fetch(ctx: click.Context, mirror: str | None, timeout: float, retries: int) -> None:
    """Download the four files into Keras's cache, each checked against its published MD5."""
    course = _course(ctx)
    url = mirror or course.data.mirror or data_sources.DEFAULT_MIRROR
    target = data_sources.download_target()
    try:
        download_files(url, data_sources.OFFICIAL_MD5, target, console=Console(stderr=True), timeout=timeout,
                       retries=retries)
    except DownloadError as error:
        raise click.ClickException(f"{error}\nNothing was left in {target} under the files' names. "
                                   f"Try another mirror with --mirror URL. {_mirrors_hint()}") from None
    click.echo(f"Fashion-MNIST is in {target}: the four files match the published MD5 checksums.")


def _collect(sources: tuple[Path, ...]) -> dict[str, Path]:
    """The four files by name, from one folder or from files named one by one."""
    if len(sources) == 1 and sources[0].is_dir():
        folder = sources[0]
        found = {name: folder / name for name in FILES.values() if (folder / name).is_file()}
        if not found:
            listing = sorted(p.name for p in folder.iterdir())[:8]
            raise click.ClickException(f"{folder} holds none of the four files {', '.join(FILES.values())}; it "
                                       f"holds: {', '.join(listing) or 'nothing'}.")
    else:
        not_files = [str(p) for p in sources if not p.is_file()]
        if not_files:
            raise click.ClickException(f"not a file: {', '.join(not_files)} (give one folder, or the four .gz files)")
        found = {p.name: p for p in sources}
        unknown = sorted(set(found) - set(FILES.values()))
        if unknown:
            raise click.ClickException(f"{', '.join(unknown)}: not one of the four Fashion-MNIST files "
                                       f"({', '.join(FILES.values())}); keep their original names.")
    missing = [name for name in FILES.values() if name not in found]
    if missing:
        raise click.ClickException(f"missing: {', '.join(missing)}. All four files are needed.")
    return found


@data.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def import_files(sources: tuple[Path, ...]) -> None:
    """Check the four .gz files (a FOLDER, or the FILES) and copy them into Keras's cache."""
    found = _collect(sources)
    problems = [reason for name, path in found.items()
                if (reason := data_sources.diagnose(path, data_sources.OFFICIAL_MD5[name]))]
    if problems:
        raise click.ClickException("nothing was imported:\n  " + "\n  ".join(problems))
    target = data_sources.download_target()
    target.mkdir(parents=True, exist_ok=True)
    for name, path in found.items():
        partial = target / f"{name}.part"
        shutil.copyfile(path, partial)
        if md5_of(partial) != data_sources.OFFICIAL_MD5[name]:  # changed while we copied
            partial.unlink()
            raise click.ClickException(f"{path} changed while it was copied; nothing more was imported.")
        os.replace(partial, target / name)
    click.echo(f"imported the four files into {target}: they match the published MD5 checksums.")
