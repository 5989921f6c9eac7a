"""Build an assignment's notebooks from its two sources (see :mod:`autograder.notebooks.source`).

Three variants share the same cells and differ only where the graded code and the checks are:

``student``   graded cells stubbed with :func:`autograder.markers.make_stub`; what students get
              (``assignments/NN_name/<module>.ipynb``, committed, kept in sync by a test);
``reference`` graded cells with the solution, markers removed; for self-learners and for the
              tests that run every notebook top to bottom (written on demand, never committed);
``nbgrader``  graded cells with the solution and its markers, nbgrader's cell metadata, and
              after each graded cell one autograded test cell per check (nbgrader source/).

Every variant exists in each language of :data:`translation.NOTEBOOK_LANGUAGES` whose sources
exist: the Chinese student notebook is ``assignments/NN_name/<module>.zh.ipynb``, made from
``notebook.zh.md`` and ``docstrings.zh.md`` (see :mod:`autograder.notebooks.translation`).

Output is deterministic: outputs empty, execution counts null, cell ids derived from content.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.course import REPO_ROOT, AssignmentConfig, ColabConfig, Course, load_course
from autograder.markers import STUB, find_blocks, make_stub, strip_markers
from autograder.catalog import DEFAULT_LANGUAGE
from autograder.notebooks import source as sources
from autograder.notebooks import translation

SOLUTIONS = REPO_ROOT / "solutions"
ASSIGNMENTS = REPO_ROOT / "assignments"
VARIANTS = ("student", "reference", "nbgrader")
METADATA_KEY = "keras_course"  # notebook and cell metadata the grader reads back
NBGRADER_SCHEMA = 3

# Where Colab fetches the course from is course.yml's notebooks.colab (docs/notebooks.md, "Colab").
# What the setup cell installs in Colab when missing (Colab already has numpy, keras, TensorFlow).
COLAB_PACKAGES = ("pydantic>=2.6", "pyyaml>=6.0", "click>=8.1", "rich>=13.7", "psutil>=5.9", "nbformat>=5.9")

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


@dataclass(frozen=True)
class PlannedNotebook:
    assignment: str
    target: Path
    content: str


def has_notebook_source(assignment: AssignmentConfig, solutions: Path = SOLUTIONS,
                        language: str = DEFAULT_LANGUAGE) -> bool:
    return (solutions / assignment.id / translation.notebook_source_name(language)).is_file()


def has_solution(assignment: AssignmentConfig, solutions: Path = SOLUTIONS) -> bool:
    return (solutions / assignment.id / assignment.module).is_file()


def student_notebook_path(assignment: AssignmentConfig, assignments: Path = ASSIGNMENTS,
                          language: str = DEFAULT_LANGUAGE) -> Path:
    return assignments / assignment.id / translation.notebook_file_name(assignment.module_name, language)


# -- cells ---------------------------------------------------------------------------------------

# The words of the generated cells, per notebook language (the code around them is the same).
SETUP_WORDS = {
    "en": {
        "header": """# Setup: run this cell first (Shift+Enter). It keeps TensorFlow's start-up messages quiet and
# loads `check`, the self-check, `hint`, hints on demand, and `compare`, the reference after
# trying. In Google Colab it first downloads the course and what it needs. Then run the cells in
# order (or Run > Run All Cells): a cell that needs a function you have not written yet says which
# one, and the cells below it still run.""",
        # printed text: the Python literals, as they appear in the cell
        "not_for_colab": '''"This course is not set up for Colab yet: its instructor names the course's Git repository "
          "in course.yml (notebooks: colab: repository). Until then, work in Jupyter on the course's folder."''',
        "installed": "# installed (without its pinned dependencies) so that the grader's worker processes find it too",
        "fetch": """# Fashion-MNIST into Keras's cache (~/.keras/datasets/fashion-mnist), checked against the published
    # checksums: the self-check and keras.datasets.fashion_mnist.load_data() both find it there.""",
        "unfinished": "# a cell that needs a function not written yet says so; the rest still runs",
        "no_grader": '''f"The course's grader cannot be imported ({error}). Start Jupyter from the course's folder "
          "with its Python (.venv/bin/jupyter lab), or in Colab run this cell again."''',
        "selfcheck_of": "# Self-check of {names}: run it as often as you like.",
        "selfcheck_all": "# Self-check: every public check of this assignment.",
    },
    "zh": {
        "header": """# 准备：请先运行这个单元格（Shift+Enter）。它让 TensorFlow 启动时的提示安静下来，并加载
# `check`（自检）、`hint`（按需给出提示）和 `compare`（尝试之后对照参考答案）。在 Google Colab
# 中，它会先下载课程和所需的软件包。然后按顺序运行各个单元格（或者 `Run > Run All Cells`）：
# 如果某个单元格用到你还没写好的函数，它会说明是哪一个，下面的单元格照样运行。""",
        "not_for_colab": '''"这门课程还没有为 Colab 配置好：需要老师在 course.yml 中填写课程的 Git 仓库"
          "（notebooks: colab: repository）。在那之前，请在课程文件夹里用 Jupyter 完成作业。"''',
        "installed": "# 安装评分器本身（不带它锁定的依赖），这样评分器的工作进程也能找到它",
        "fetch": """# 把 Fashion-MNIST 下载到 Keras 的缓存（~/.keras/datasets/fashion-mnist），并用官方公布的校验和核对：
    # 自检和 keras.datasets.fashion_mnist.load_data() 都会在那里找到它。""",
        "unfinished": "# 用到尚未写好的函数的单元格会说明这一点；其余单元格照样运行",
        "no_grader": '''f"无法导入课程的评分器（{error}）。请在课程文件夹中用课程自带的 Python 启动 Jupyter"
          "（.venv/bin/jupyter lab），或者在 Colab 中再运行一次这个单元格。"''',
        "selfcheck_of": "# 自检 {names}：想运行几次都可以。",
        "language_line": 'os.environ.setdefault("KERAS_COURSE_LANG", "zh")  # 自检、提示和对照参考答案都用中文回答\n',
        "selfcheck_all": "# 自检：本次作业的全部公开检查。",
    },
}


def _fetch_data(words: dict) -> str:
    return f"""
    {words["fetch"]}
    subprocess.run([sys.executable, "-m", "autograder", "data", "fetch"], check=False)"""


def setup_source(variant: str, colab: ColabConfig | None = None, *, fetch_data: bool = False,
                 language: str = DEFAULT_LANGUAGE) -> str:
    """The first cell; ``fetch_data`` (assignments with training checks) also puts Fashion-MNIST in
    Colab's Keras cache, where the self-check and ``load_data()`` find it."""
    colab = colab or load_course().notebooks.colab
    words = SETUP_WORDS[language]
    data = _fetch_data(words) if fetch_data else ""
    names = "check, compare, hint, nbgrader_check" if variant == "nbgrader" else "check, compare, hint"
    packages = ", ".join(f'"{p}"' for p in COLAB_PACKAGES)
    return f'''{words["header"]}
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # no start-up notice, and the grader's arithmetic
{words.get("language_line", "")}COURSE_REPOSITORY = {colab.repository!r}
COURSE_FOLDER = {colab.folder!r}
if "google.colab" in sys.modules and COURSE_REPOSITORY is None:
    print({words["not_for_colab"]})
elif "google.colab" in sys.modules:
    import subprocess

    if not os.path.isdir(COURSE_FOLDER):
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", COURSE_REPOSITORY, COURSE_FOLDER], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", {packages}], check=True)
    {words["installed"]}
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "-e", COURSE_FOLDER], check=True)
    sys.path.insert(0, COURSE_FOLDER){data}

try:
    from autograder.notebooks.selfcheck import {names}
    from autograder.notebooks.unfinished import explain_unfinished_functions

    explain_unfinished_functions()  {words["unfinished"]}
except ImportError as error:
    print({words["no_grader"]})'''


def selfcheck_source(assignment: AssignmentConfig, names: tuple[str, ...], language: str = DEFAULT_LANGUAGE) -> str:
    """``check("01_data", "table_shape")``; in another language with ``lang="zh"``, so that it answers in it."""
    words = SETUP_WORDS[language]
    lang = "" if language == DEFAULT_LANGUAGE else f", lang={language!r}".replace("'", '"')
    if names:
        quoted = ", ".join(f'"{n}"' for n in names)
        return (words["selfcheck_of"].format(names=", ".join(names)) + "\n"
                f'check("{assignment.id}", {quoted}{lang})')
    return words["selfcheck_all"] + "\n" + f'check("{assignment.id}"{lang})'


def _nbgrader_graded_text(text: str, filename: str) -> str:
    """Solution blocks as nbgrader wants them, without the course's ``#| stub:`` lines.

    nbgrader replaces every solution block with ``raise NotImplementedError()``. Inside a
    function that is the course's stub too. A module-level block whose stub is a value (such as
    ``CLASS_NAMES = []``) gets that stub written before the block, so that it survives in
    nbgrader's release as it does in ours (the solution below it then overrides it).
    """
    blocks = find_blocks(text, filename)
    lines = text.splitlines()
    out: list[str] = []
    stubbed = {b.begin_line: b for b in blocks if b.stub_lines and b.function is None
               and not any(code.lstrip().startswith("raise") for code in b.stub_lines)}
    for number, line in enumerate(lines, start=1):
        if number in stubbed:
            block = stubbed[number]
            out.extend(block.indent + code for code in block.stub_lines)
        if STUB.match(line):
            continue
        out.append(line)
    return "\n".join(out)


def graded_source(block: sources.Block, variant: str, filename: str,
                  docstrings: dict[str, str] | None = None, language: str = DEFAULT_LANGUAGE) -> str:
    """The graded cell's code; ``docstrings`` (a translation) replace the module's own, and the
    stubs speak ``language``."""
    text = translation.replace_docstrings(sources.graded_text(block), docstrings or {})
    if variant == "student":
        return translation.translate_stub_words(make_stub(text, filename).rstrip("\n"), language)
    if variant == "reference":
        return strip_markers(text, filename).rstrip("\n")
    return _nbgrader_graded_text(text, filename)


def _slug(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


class _Ids:
    """Stable, unique cell ids (nbformat: 1 to 64 characters of [a-zA-Z0-9-_])."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, wanted: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_-]", "-", wanted)[:56]
        candidate, n = base, 1
        while candidate in self.seen:
            n += 1
            candidate = f"{base}-{n}"
        self.seen.add(candidate)
        return candidate


def _nbgrader_meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
                   points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": NBGRADER_SCHEMA,
            "solution": solution}
    if points is not None:
        meta["points"] = points
    return meta


def test_cell_source(assignment: AssignmentConfig, check_config, call: str,
                     language: str = DEFAULT_LANGUAGE) -> str:
    """An nbgrader test cell: a comment in ``language`` (the catalog's ``notebook.test_cell.*``), then the call."""
    from autograder.catalog import course_text, msg, render
    from autograder.guidance import points_message

    points = points_message(check_config.points)
    run = (f"from autograder.notebooks.selfcheck import nbgrader_check\n"
           f'nbgrader_check("{assignment.id}", "{check_config.id}")')
    if check_config.hidden:
        probes = (msg("notebook.test_cell.probes", probes=course_text(check_config.probes, language))
                  if check_config.probes else "")
        comment = msg("notebook.test_cell.hidden", check_id=check_config.id, points=points, probes=probes)
        return f"{render(comment, language)}\n### BEGIN HIDDEN TESTS\n{run}\n### END HIDDEN TESTS"
    comment = msg("notebook.test_cell.public", check_id=check_config.id, points=points, call=call)
    return f"{render(comment, language)}\n{run}"


# -- notebooks -----------------------------------------------------------------------------------

def build_notebook(assignment: AssignmentConfig, variant: str, *, solutions: Path = SOLUTIONS,
                   colab: ColabConfig | None = None, language: str = DEFAULT_LANGUAGE) -> nbformat.NotebookNode:
    """The ``variant`` notebook of ``assignment`` in ``language`` (see the module docstring)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown notebook variant {variant!r}; expected one of {', '.join(VARIANTS)}")
    if language not in translation.NOTEBOOK_LANGUAGES:
        raise ValueError(f"unknown notebook language {language!r}; expected one of "
                         f"{', '.join(translation.NOTEBOOK_LANGUAGES)}")
    solution_dir = solutions / assignment.id
    blocks = sources.load(solution_dir, assignment.module, translation.notebook_source_name(language))
    docstrings = translation.load_docstrings(solution_dir, language)
    label = f"solutions/{assignment.id}/{assignment.module}"
    suite_checks = _checks_by_target(assignment, language) if variant == "nbgrader" else {}
    placed_checks: set[str] = set()
    ids = _Ids()
    cells = []
    v4 = nbformat.v4
    for block in blocks:
        if block.kind == "markdown":
            cell = v4.new_markdown_cell(block.text, id=ids("md-" + _slug(block.text)))
            if variant == "nbgrader":
                cell.metadata["nbgrader"] = _nbgrader_meta(cell.id, locked=True)
        elif block.kind == "code":
            if sources.marker_lines(block.text):
                raise sources.NotebookSourceError(
                    f"solutions/{assignment.id}/notebook.md, line {block.line}: an experiment cell holds "
                    "solution markers; graded code belongs in the module, placed with <!-- graded: ... -->")
            cell = v4.new_code_cell(block.text, id=ids("code-" + _slug(block.text)))
        elif block.kind == "setup":
            cell = v4.new_code_cell(setup_source(variant, colab, fetch_data=assignment.training is not None,
                                                 language=language), id=ids("setup"))
        elif block.kind == "selfcheck":
            cell = v4.new_code_cell(selfcheck_source(assignment, block.names, language),
                                    id=ids("selfcheck-" + ("-".join(block.names) or "all")))
        else:  # graded
            names = [n for n in block.names if n != sources.IMPORTS]
            cell = v4.new_code_cell(graded_source(block, variant, label, docstrings, language),
                                    id=ids("graded-" + "-".join(block.names)))
            defined = [name for segment in block.segments for name in segment.names]
            cell.metadata[METADATA_KEY] = {"graded": sorted(set(names) | set(defined))}
            if variant == "nbgrader" and sources.marker_lines(cell.source):
                # nbgrader replaces a solution cell without markers whole: only cells with answers are ones
                cell.metadata["nbgrader"] = _nbgrader_meta(cell.id, solution=True)
        cells.append(cell)
        if variant == "nbgrader" and block.kind == "graded":
            defined = {name for segment in block.segments for name in segment.names}
            for target in sorted(defined & set(suite_checks), key=lambda t: _first_index(suite_checks[t])):
                for check_config, call, _ in suite_checks[target]:
                    cells.append(_test_cell(assignment, check_config, call, ids, language))
                    placed_checks.add(check_config.id)
    if variant == "nbgrader":
        leftovers = [entry for entries in suite_checks.values() for entry in entries
                     if entry[0].id not in placed_checks]
        if leftovers:
            cells.append(v4.new_markdown_cell(_other_checks_heading(language), id=ids("md-other-checks")))
            cells[-1].metadata["nbgrader"] = _nbgrader_meta(cells[-1].id, locked=True)
            for check_config, call, _ in sorted(leftovers, key=lambda entry: entry[2]):
                cells.append(_test_cell(assignment, check_config, call, ids, language))
    notebook = v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        METADATA_KEY: {"assignment": assignment.id, "module": assignment.module, "variant": variant},
    }
    if language != DEFAULT_LANGUAGE:
        notebook.metadata[METADATA_KEY]["language"] = language
    return notebook


def _other_checks_heading(language: str) -> str:
    from autograder.catalog import msg, render

    return render(msg("notebook.other_checks"), language)


def _checks_by_target(assignment: AssignmentConfig, language: str) -> dict[str, list]:
    from autograder.catalog import render
    from autograder.checks.registry import load_suite

    suite = load_suite(assignment.id)
    found: dict[str, list] = {}
    for index, check_config in enumerate(assignment.checks):
        check = suite[check_config.id]
        found.setdefault(check.target, []).append((check_config, render(check.call, language), index))
    return found


def _first_index(entries: list) -> int:
    return min(entry[2] for entry in entries)


def _test_cell(assignment: AssignmentConfig, check_config, call: str, ids: _Ids, language: str):
    cell = nbformat.v4.new_code_cell(test_cell_source(assignment, check_config, call, language),
                                     id=ids("test-" + check_config.id))
    cell.metadata["nbgrader"] = _nbgrader_meta(cell.id, grade=True, locked=True, points=check_config.points)
    return cell


def dumps(notebook: nbformat.NotebookNode) -> str:
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


# -- the student notebooks in assignments/ -------------------------------------------------------

def plan_notebooks(course: Course, solutions: Path = SOLUTIONS,
                   assignments: Path = ASSIGNMENTS) -> list[PlannedNotebook]:
    """The student notebook of every assignment that has a solution and a notebook source, in each
    language whose source it has."""
    return [PlannedNotebook(a.id, student_notebook_path(a, assignments, language),
                            dumps(build_notebook(a, "student", solutions=solutions, colab=course.notebooks.colab,
                                                 language=language)))
            for a in course.assignments if has_solution(a, solutions)
            for language in translation.NOTEBOOK_LANGUAGES if has_notebook_source(a, solutions, language)]


def missing_sources(course: Course, solutions: Path = SOLUTIONS) -> list[str]:
    """Assignments whose solution exists but whose notebook source does not (yet)."""
    return sorted(a.id for a in course.assignments if has_solution(a, solutions) and not has_notebook_source(a, solutions))


def stale_notebooks(course: Course, solutions: Path = SOLUTIONS, assignments: Path = ASSIGNMENTS) -> list[str]:
    planned = plan_notebooks(course, solutions, assignments)
    stale = [str(p.target.relative_to(assignments.parent)) for p in planned
             if not p.target.is_file() or p.target.read_text(encoding="utf-8") != p.content]
    expected = {p.target for p in planned}
    stale += [str(extra.relative_to(assignments.parent)) + " (no notebook source)"
              for extra in sorted(assignments.glob("*/*.ipynb")) if extra not in expected]
    return stale


def write_notebooks(course: Course, solutions: Path = SOLUTIONS, assignments: Path = ASSIGNMENTS) -> list[Path]:
    written = []
    for planned in plan_notebooks(course, solutions, assignments):
        planned.target.parent.mkdir(parents=True, exist_ok=True)
        if not planned.target.is_file() or planned.target.read_text(encoding="utf-8") != planned.content:
            planned.target.write_text(planned.content, encoding="utf-8")
            written.append(planned.target)
    return written


def write_reference_notebooks(course: Course, out: Path, solutions: Path = SOLUTIONS,
                              language: str = DEFAULT_LANGUAGE) -> list[Path]:
    """Reference notebooks (solutions in place) in ``out/NN_name/<module>.ipynb`` (``.zh.ipynb``...)."""
    written = []
    for assignment in course.assignments:
        if has_solution(assignment, solutions) and has_notebook_source(assignment, solutions, language):
            target = student_notebook_path(assignment, out, language)
            target.parent.mkdir(parents=True, exist_ok=True)
            notebook = build_notebook(assignment, "reference", solutions=solutions, colab=course.notebooks.colab,
                                      language=language)
            target.write_text(dumps(notebook), encoding="utf-8")
            written.append(target)
    return written

