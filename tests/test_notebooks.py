"""Notebooks: generation from the one source, and grading of notebook submissions (good, wrong, damaged)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from autograder.cli import cli
from autograder.course import REPO_ROOT
from autograder.markers import make_stub
from autograder.notebooks import build, source
from autograder.notebooks.extract import Cell, extract_module
from conftest import failed_ids

SOLUTIONS = REPO_ROOT / "solutions"


def reference_notebook(course, assignment: str = "01") -> nbformat.NotebookNode:
    return build.build_notebook(course.assignment(assignment), "reference")


def with_replacements(notebook, *replacements: tuple[str, str]):
    """A copy of ``notebook`` with each (old, new) replaced once in its graded cells."""
    copy = nbformat.from_dict(json.loads(json.dumps(notebook)))
    for old, new in replacements:
        cells = [c for c in copy.cells if "keras_course" in c.metadata and old in c.source]
        if not cells:
            raise ValueError(f"no graded cell contains {old!r}; update the test")
        cells[0].source = cells[0].source.replace(old, new, 1)
    return copy


def write_notebook(folder: Path, notebook, name: str = "tensors.ipynb") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(nbformat.writes(notebook), encoding="utf-8")
    return path


def check_of(report, check_id: str):
    return next(c for c in report.checks if c.id == check_id)


# -- generation ------------------------------------------------------------------------------------

def test_student_notebooks_are_up_to_date_and_every_solution_has_one(course):
    assert build.missing_sources(course) == [], "write solutions/<assignment>/notebook.md for these"
    assert build.stale_notebooks(course) == [], "run `python -m autograder notebooks` and commit"


def test_notebooks_command_check_reports_up_to_date():
    result = CliRunner().invoke(cli, ["notebooks", "--check"], obj={})
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


@pytest.mark.parametrize("variant", build.VARIANTS)
def test_every_notebook_holds_the_whole_module_once(course, variant):
    for assignment in course.assignments:
        if not (build.has_solution(assignment) and build.has_notebook_source(assignment)):
            continue
        notebook = build.build_notebook(assignment, variant)
        nbformat.validate(notebook)
        module = (SOLUTIONS / assignment.id / assignment.module).read_text(encoding="utf-8")
        wanted = set(source.definitions(source.module_segments(module)))
        graded = [name for c in notebook.cells for name in c.metadata.get("keras_course", {}).get("graded", [])]
        assert wanted <= set(graded), assignment.id
        assert len(graded) == len(set(graded)), f"{assignment.id}: a definition is placed twice"
        ids = [c.id for c in notebook.cells]
        assert len(ids) == len(set(ids))
        assert all(not c.outputs and c.execution_count is None for c in notebook.cells if c.cell_type == "code")


def test_student_notebook_is_the_stub_and_never_holds_a_solution(course):
    for assignment in course.assignments:
        if not (build.has_solution(assignment) and build.has_notebook_source(assignment)):
            continue
        module = (SOLUTIONS / assignment.id / assignment.module).read_text(encoding="utf-8")
        student = build.build_notebook(assignment, "student")
        graded = "\n".join(c.source for c in student.cells if "keras_course" in c.metadata)
        assert "### BEGIN SOLUTION" not in graded and "### END SOLUTION" not in graded
        stub = make_stub(module)
        for cell in student.cells:
            if "keras_course" in cell.metadata:
                for line in cell.source.splitlines():
                    assert line in stub.splitlines(), f"{assignment.id}: {line!r} is not in the stub module"


def test_generation_is_deterministic(course):
    assignment = course.assignment("01")
    assert build.dumps(build.build_notebook(assignment, "student")) == build.dumps(
        build.build_notebook(assignment, "student"))


def test_a_solution_change_makes_the_notebook_stale(course, tmp_path):
    import shutil

    solutions, assignments = tmp_path / "solutions", tmp_path / "assignments"
    shutil.copytree(SOLUTIONS / "01_data", solutions / "01_data")
    (assignments / "01_data").mkdir(parents=True)
    config = course.assignment("01")
    for planned in build.plan_notebooks(course, solutions, assignments):
        planned.target.write_text(planned.content, encoding="utf-8")
    assert build.stale_notebooks(course, solutions, assignments) == []
    module = solutions / "01_data" / config.module
    module.write_text(module.read_text(encoding="utf-8").replace("Shape of a table", "Shape of a TABLE"),
                      encoding="utf-8")
    assert build.stale_notebooks(course, solutions, assignments) == ["assignments/01_data/tensors.ipynb"]


SOURCE_ERRORS = {
    "unknown directive": ("<!-- setup -->\n<!-- gradd: table_shape -->\n", "unknown directive 'gradd'"),
    "unknown name": ("<!-- setup -->\n<!-- graded: imports tabel_shape -->\n", "no top-level definition 'tabel_shape'"),
    "name placed twice": ("<!-- setup -->\n<!-- graded: imports table_shape table_shape -->\n", "already placed"),
    "name not placed": ("<!-- setup -->\n<!-- graded: imports -->\n", "in no cell: table_shape"),
    "fence not closed": ("<!-- setup -->\n```python\nx = 1\n", "never closed"),
    "no setup cell": ("```python\nx = 1\n```\n<!-- graded: imports table_shape -->\n", "setup"),
}


@pytest.mark.parametrize("case", SOURCE_ERRORS)
def test_notebook_source_mistakes_are_reported_with_the_line(case):
    text, expected = SOURCE_ERRORS[case]
    module = "import numpy as np\n\n\ndef table_shape(a, b):\n    return (a, b)\n"
    with pytest.raises(source.NotebookSourceError, match=expected):
        source.resolve(source.parse_notebook_source(text), module, "tensors.py", "notebook.md")


def test_module_level_stub_blocks_keep_their_stub_in_the_nbgrader_version(course):
    notebook = build.build_notebook(course.assignment("01"), "nbgrader")
    cell = next(c for c in notebook.cells if c.id == "graded-CLASS_NAMES-class_name")
    lines = cell.source.splitlines()
    stub = lines.index("CLASS_NAMES = []  # TODO: the ten class names, in label order")
    assert lines[stub + 1] == "### BEGIN SOLUTION"
    assert not any(line.lstrip().startswith("#| stub:") for line in lines)


def test_nbgrader_version_has_one_test_cell_per_check_with_its_points(course):
    from nbgrader.nbgraderformat import MetadataValidator

    for assignment in course.assignments:
        if not (build.has_solution(assignment) and build.has_notebook_source(assignment)):
            continue
        notebook = build.build_notebook(assignment, "nbgrader")
        MetadataValidator().validate_nb(notebook)
        tests = {c.metadata["nbgrader"]["grade_id"]: c for c in notebook.cells
                 if c.metadata.get("nbgrader", {}).get("grade")}
        assert len(tests) == len(assignment.checks)
        for check in assignment.checks:
            cell = tests["test-" + check.id.replace(".", "-")]
            assert cell.metadata["nbgrader"]["points"] == check.points
            assert f'nbgrader_check("{assignment.id}", "{check.id}")' in cell.source
            assert ("### BEGIN HIDDEN TESTS" in cell.source) == check.hidden
        for cell in notebook.cells:
            meta = cell.metadata.get("nbgrader", {})
            assert meta.get("solution", False) == ("### BEGIN SOLUTION" in cell.source)


# -- extraction rules ------------------------------------------------------------------------------

GRADED = {"table_shape", "normalize_images", "CLASS_NAMES", "class_name"}


def extract(*sources: str, kinds: tuple[str, ...] = (), graded: tuple = ()):
    cells = [Cell(f"cell {n}", kinds[n - 1] if kinds else "code", text, graded[n - 1] if graded else ())
             for n, text in enumerate(sources, start=1)]
    return extract_module(cells, GRADED)


def test_keeps_imports_definitions_and_constants_and_skips_the_rest():
    result = extract("import numpy as np\nx_train = np.zeros(3)\nprint(x_train)\n%matplotlib inline\n!pip install x\n",
                     "SCALE = 255.0\nCLASS_NAMES = ['a']\nmodel = None\nfor i in range(3):\n    pass\n",
                     "@staticmethod\ndef table_shape(a, b):\n    return (a, b)\nclass Net:\n    pass\n")
    namespace: dict = {}
    exec(compile(result.module_source, "<module>", "exec"), namespace)  # noqa: S102 - our own test text
    assert {"np", "SCALE", "CLASS_NAMES", "table_shape", "Net"} <= set(namespace)
    assert not {"x_train", "model", "i"} & set(namespace)
    assert result.notes == []


def test_magics_and_shell_lines_inside_a_function_are_flagged():
    result = extract("def table_shape(a, b):\n    !echo hi\n    return (a, b)\n")
    assert any("magic or shell line" in note for note in result.notes)


def test_cell_magic_time_keeps_the_body_and_others_drop_it_with_a_note():
    kept = extract("%%time\ndef table_shape(a, b):\n    return (a, b)\n")
    assert "def table_shape" in kept.module_source and kept.notes == []
    dropped = extract("%%writefile x.py\ndef table_shape(a, b):\n    return (a, b)\n")
    assert "def table_shape" not in dropped.module_source
    assert "%%writefile" in dropped.notes[0] and "table_shape" in dropped.notes[0]


def test_a_definition_needing_a_skipped_variable_at_import_is_skipped_with_a_note():
    result = extract("names = ['T-shirt/top', 'Trouser']\n", "CLASS_NAMES = list(names)\n",
                     "def class_name(label):\n    return CLASS_NAMES[label]\n")
    assert "CLASS_NAMES =" not in result.module_source
    assert "def class_name" in result.module_source
    note = result.notes[0]
    assert "cell 2" in note and "`names`" in note and "names = ['T-shirt/top', 'Trouser']" in note
    assert "skipped" in note and "CAPITALS" in note


def test_a_function_using_a_skipped_variable_when_called_is_kept_with_a_warning():
    result = extract("scale = 255.0\n", "def normalize_images(x):\n    return x / scale\n")
    assert "def normalize_images" in result.module_source
    assert any("`scale`" in note and "NameError" in note and "cell 1" in note for note in result.notes)


def test_duplicated_cells_grade_the_last_version_and_say_so():
    result = extract("def table_shape(a, b):\n    return (a, b)\n", "def table_shape(a, b):\n    return [a, b]\n")
    namespace: dict = {}
    exec(compile(result.module_source, "<module>", "exec"), namespace)  # noqa: S102
    assert namespace["table_shape"](1, 2) == [1, 2]
    assert any("2 cells" in note and "cell 2" in note for note in result.notes)


def test_retyped_graded_cells_are_graded_as_code_and_markdown_definitions_are_reported():
    retyped = extract("def table_shape(a, b):\n    return (a, b)\n", kinds=("markdown",), graded=(("table_shape",),))
    assert "def table_shape" in retyped.module_source
    assert "turned into a Markdown cell" in retyped.notes[0]
    plain = extract("def table_shape(a, b):\n    return (a, b)\n", kinds=("markdown",))
    assert "def table_shape" not in plain.module_source
    assert "never runs" in plain.notes[0] and "table_shape" in plain.notes[0]


def test_syntax_errors_cost_only_their_cell():
    result = extract("def table_shape(a, b:\n    return (a, b)\n", "def class_name(label):\n    return 'x'\n")
    assert "def class_name" in result.module_source
    assert "cell 1 has a syntax error at line 1" in result.notes[0] and "table_shape" in result.notes[0]


def test_future_imports_move_to_the_top_and_definitions_in_blocks_are_reported():
    result = extract("x = 1\n", "from __future__ import annotations\ndef table_shape(a: Foo, b) -> Bar:\n    return (a, b)\n",
                     "if True:\n    def class_name(label):\n        return 'x'\n")
    compile(result.module_source, "<module>", "exec")
    assert any("inside an `if` statement" in note and "class_name" in note for note in result.notes)


# -- grading notebook submissions ------------------------------------------------------------------

def test_reference_notebook_scores_like_the_reference_module(course, grade, tmp_path):
    notebook = write_notebook(tmp_path / "nb", reference_notebook(course))
    as_notebook = grade("01", notebook)
    as_module = grade("01", SOLUTIONS / "01_data")
    assert as_notebook.score == as_module.score == as_module.max_score
    assert as_notebook.notes == []
    assert as_notebook.submission == "tensors.ipynb"


def test_student_notebook_scores_zero_like_the_stub_module(grade):
    report = grade("01", REPO_ROOT / "assignments" / "01_data" / "tensors.ipynb")
    module = grade("01", REPO_ROOT / "assignments" / "01_data" / "tensors.py")
    assert report.score == 0
    assert [(c.id, c.status, c.probe_status) for c in report.checks] == [
        (c.id, c.status, c.probe_status) for c in module.checks]
    assert "not implemented yet" in check_of(report, "table_shape.public").message
    assert "tensors.py" not in check_of(report, "table_shape.public").message


# The same mistakes as a module and as a notebook: the same checks fail, the same score.
MISTAKES = {
    "shape swapped": [("return (n_samples, n_features)", "return (n_features, n_samples)")],
    "missing comma": [('    "Dress",\n', '    "Dress"\n')],
    "float64 pixels": [("return np.asarray(x, dtype=np.float32) / np.float32(255.0)", "return x / 255.0")],
    "validation last": [("x_valid, x_train = x[:n_valid], x[n_valid:]", "x_train, x_valid = x[:-n_valid], x[-n_valid:]"),
                        ("y_valid, y_train = y[:n_valid], y[n_valid:]", "y_train, y_valid = y[:-n_valid], y[-n_valid:]")],
    "raises inside": [("return CLASS_NAMES[int(label)]", "return CLASS_NAMES[label + 10]")],
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_notebook_twin_of_a_wrong_module_gets_the_same_score(course, grade, tmp_path, mistake):
    module = (SOLUTIONS / "01_data" / "tensors.py").read_text(encoding="utf-8")
    for old, new in MISTAKES[mistake]:
        module = module.replace(old, new, 1)
    notebook = write_notebook(tmp_path / "nb", with_replacements(reference_notebook(course), *MISTAKES[mistake]))
    as_module, as_notebook = grade("01", module), grade("01", notebook)
    assert failed_ids(as_notebook) == failed_ids(as_module) != set()
    assert as_notebook.score == as_module.score
    for check in as_notebook.checks:
        assert "tensors.py" not in check.message, check.message


def test_errors_in_a_notebook_name_the_cell_and_its_line(course, grade, tmp_path):
    notebook = with_replacements(reference_notebook(course), ("return CLASS_NAMES[int(label)]",
                                                              "return CLASS_NAMES[label + 10]"))
    number = next(n for n, c in enumerate(notebook.cells, start=1) if "CLASS_NAMES[label + 10]" in c.source)
    line = next(n for n, text in enumerate(notebook.cells[number - 1].source.splitlines(), start=1)
                if "CLASS_NAMES[label + 10]" in text)
    report = grade("01", write_notebook(tmp_path / "nb", notebook))
    assert f"(cell {number}, line {line}, in class_name" in check_of(report, "class_name.public").message


def test_exploration_cells_never_run_at_grading(course, grade, tmp_path):
    notebook = reference_notebook(course)
    notebook.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(600)\nraise SystemExit(3)\n"))
    notebook.cells.append(nbformat.v4.new_code_cell("open('/tmp/should-not-exist-kgrade', 'w').write('x')"))
    started = time.monotonic()
    report = grade("01", write_notebook(tmp_path / "nb", notebook))
    assert report.score == report.max_score
    assert time.monotonic() - started < 60
    assert not Path("/tmp/should-not-exist-kgrade").exists()


def test_a_definition_that_depends_on_a_skipped_cell_is_explained_in_the_report(course, grade, tmp_path):
    notebook = with_replacements(reference_notebook(course),
                                 ("return np.asarray(x, dtype=np.float32) / np.float32(255.0)",
                                  "return np.asarray(x, dtype=np.float32) / brightest"))
    notebook.cells.insert(3, nbformat.v4.new_code_cell("brightest = np.float32(255.0)"))
    report = grade("01", write_notebook(tmp_path / "nb", notebook))
    assert {"normalize_images.public", "normalize_images.hidden"} == failed_ids(report)
    assert any("`brightest`" in note and "brightest = np.float32(255.0)" in note for note in report.notes)
    assert "NameError" in check_of(report, "normalize_images.public").message


def test_stored_outputs_claiming_success_are_ignored(grade, tmp_path):
    notebook = nbformat.read(REPO_ROOT / "assignments" / "01_data" / "tensors.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", text="10 of 10 public checks passed: 16 of 16 points.\n")]
            cell.execution_count = 1
    report = grade("01", write_notebook(tmp_path / "nb", notebook))
    assert report.score == 0


def test_a_deleted_cell_is_named_in_the_notes(course, grade, tmp_path):
    notebook = reference_notebook(course)
    notebook.cells = [c for c in notebook.cells if c.id != "graded-split_validation-train_test_split"]
    report = grade("01", write_notebook(tmp_path / "nb", notebook))
    assert failed_ids(report) == {"split_validation.public", "split_validation.hidden",
                                  "train_test_split.public", "train_test_split.hidden",
                                  "train_test_split.own_generator"}
    assert any("No code cell" in note and "split_validation, train_test_split" in note for note in report.notes)
    assert "your notebook (tensors.ipynb) has no split_validation" in check_of(report, "split_validation.public").message


# -- damaged files ------------------------------------------------------------------------------

def _graded_file(grade, tmp_path, data: bytes, name: str = "tensors.ipynb"):
    folder = tmp_path / "damaged"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    return grade("01", folder / name)


def _assert_clear_zero(report, *words: str):
    assert report.score == 0
    text = " ".join(report.notes)
    for word in words:
        assert word in text, text
    for check in report.checks:
        assert "Traceback" not in check.message and check.message


def test_non_utf8_notebook_is_read_and_graded_with_a_note(course, grade, tmp_path):
    notebook = reference_notebook(course)
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell("Résumé: Ankle boot costs 5 €"))
    data = nbformat.writes(notebook).encode("cp1252")
    report = _graded_file(grade, tmp_path, data)
    assert report.score == report.max_score
    assert any("not saved as UTF-8" in note for note in report.notes)


def test_truncated_notebook_keeps_the_complete_cells(course, grade, tmp_path):
    notebook = reference_notebook(course)
    text = nbformat.writes(notebook)
    cut = text.index("def split_validation")
    report = _graded_file(grade, tmp_path, text[:cut].encode("utf-8"))
    assert "cut short" in report.notes[0] and "recovered the first" in report.notes[0]
    assert failed_ids(report) == {"split_validation.public", "split_validation.hidden",
                                  "train_test_split.public", "train_test_split.hidden",
                                  "train_test_split.own_generator"}


def test_invalid_json_in_the_middle_is_located(course, grade, tmp_path):
    text = nbformat.writes(reference_notebook(course))
    broken = text.replace('"cell_type": "markdown"', '"cell_type": markdown', 5)
    report = _graded_file(grade, tmp_path, broken.encode("utf-8"))
    assert "JSON is broken at line" in report.notes[0]


@pytest.mark.parametrize("data, words", [
    (b"", ["empty"]),
    (b"   \n", ["empty"]),
    (b'{"cells": [{"cell_type": "code", "sour', ["no complete cell could be recovered"]),
    (b"[1, 2, 3]", ["not a notebook", "list"]),
    (b'{"metadata": {}}', ["no list of cells"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", ["not a notebook"]),
    (b'{"cells": ' + b"[" * 100000 + b"]" * 100000 + b"}", ["no complete cell could be recovered"]),
])
def test_unreadable_files_get_zero_and_a_clear_message(grade, tmp_path, data, words):
    _assert_clear_zero(_graded_file(grade, tmp_path, data), *words)


def test_python_source_saved_as_ipynb_is_graded_as_python(grade, tmp_path):
    module = (SOLUTIONS / "01_data" / "tensors.py").read_bytes()
    report = _graded_file(grade, tmp_path, module)
    assert report.score == report.max_score
    assert "not a notebook but Python source" in report.notes[0]


def test_odd_cells_are_skipped_with_notes(course, grade, tmp_path):
    document = json.loads(nbformat.writes(reference_notebook(course)))
    document["cells"][:0] = [42, {"cell_type": "code"}, {"cell_type": "code", "source": [1, 2]}]
    report = _graded_file(grade, tmp_path, json.dumps(document).encode("utf-8"))
    assert report.score == report.max_score
    assert any("cell 1 is not a cell" in n for n in report.notes)
    assert sum("no readable source" in n for n in report.notes) == 2


def test_nbformat_3_notebooks_are_read(course, grade, tmp_path):
    cells = [{"cell_type": "code", "input": c.source, "outputs": [], "language": "python"}
             for c in reference_notebook(course).cells if c.cell_type == "code"]
    document = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": cells}]}
    report = _graded_file(grade, tmp_path, json.dumps(document).encode("utf-8"))
    assert report.score == report.max_score


def test_a_notebook_with_magics_shell_lines_and_retyped_cells(course, grade, tmp_path):
    notebook = reference_notebook(course)
    notebook.cells.insert(2, nbformat.v4.new_code_cell("%load_ext autoreload\n!pip install --quiet nothing\nx = !ls"))
    graded = next(c for c in notebook.cells if c.id == "graded-one_hot_text")
    graded.cell_type = "markdown"
    del graded["outputs"], graded["execution_count"]
    report = grade("01", write_notebook(tmp_path / "nb", notebook))
    assert report.score == report.max_score
    assert any("turned into a Markdown cell" in note for note in report.notes)


# -- a folder holding both the module and the notebook -------------------------------------------

def test_folder_with_the_untouched_module_grades_the_notebook(course, grade, tmp_path):
    folder = tmp_path / "both"
    write_notebook(folder, reference_notebook(course))
    (folder / "tensors.py").write_text((REPO_ROOT / "assignments" / "01_data" / "tensors.py").read_text())
    report = grade("01", folder)
    assert report.score == report.max_score
    assert "tensors.ipynb was graded because tensors.py is the untouched starting version" in report.notes[0]


def test_folder_with_both_changed_grades_the_newer(course, grade, tmp_path):
    folder = tmp_path / "both"
    notebook = write_notebook(folder, reference_notebook(course))
    module = folder / "tensors.py"
    module.write_text((SOLUTIONS / "01_data" / "tensors.py").read_text().replace(
        "return (n_samples, n_features)", "return (n_features, n_samples)"))
    os.utime(notebook, (time.time() - 100, time.time() - 100))
    report = grade("01", folder)
    assert "tensors.py was graded" in report.notes[0] and "saved more recently" in report.notes[0]
    assert "table_shape.public" in failed_ids(report)


def test_folder_with_the_chinese_notebook_done_grades_it_and_names_the_untouched_files(course, grade, tmp_path):
    folder = tmp_path / "three"
    release = REPO_ROOT / "assignments" / "01_data"
    folder.mkdir()
    for name in ("tensors.py", "tensors.ipynb"):  # the starting versions, untouched
        (folder / name).write_text((release / name).read_text(encoding="utf-8"), encoding="utf-8")
    assert (release / "tensors.zh.ipynb").is_file()
    write_notebook(folder, build.build_notebook(course.assignment("01"), "reference", language="zh"),
                   name="tensors.zh.ipynb")
    report = grade("01", folder)
    assert report.score == report.max_score
    assert ("holds tensors.py, tensors.ipynb, tensors.zh.ipynb; tensors.zh.ipynb was graded because "
            "tensors.py, tensors.ipynb are the untouched starting versions") in report.notes[0]


def test_a_submission_folder_with_only_the_chinese_notebook_is_found(course, tmp_path):
    from autograder.discovery import discover, find_module, fingerprint

    assignment = course.assignment("01")
    write_notebook(tmp_path / "alice", reference_notebook(course), name="tensors.zh.ipynb")
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "tensors.py").write_text("")
    found = {s.student: s.path for s in discover(tmp_path, assignment)}
    assert find_module(found["alice"], assignment).name == "tensors.zh.ipynb"
    before = fingerprint(discover(tmp_path, assignment)[1], assignment)  # bob's: no Chinese notebook
    (tmp_path / "bob" / "tensors.zh.ipynb").write_text("{}")
    assert fingerprint(discover(tmp_path, assignment)[1], assignment) != before


def test_folder_with_only_a_notebook_is_graded_and_a_wrong_name_is_explained(course, grade, tmp_path):
    write_notebook(tmp_path / "only", reference_notebook(course))
    assert grade("01", tmp_path / "only").score == 27
    write_notebook(tmp_path / "wrong", reference_notebook(course), name="Untitled.ipynb")
    report = grade("01", tmp_path / "wrong")
    assert report.score == 0
    assert "It holds: Untitled.ipynb" in report.notes[0] and "tensors.ipynb for a notebook" in report.notes[0]


# -- the self-check inside a notebook -----------------------------------------------------------

def test_self_check_of_cells_grades_like_the_file_and_renders(course):
    from autograder.notebooks import selfcheck

    cells = [Cell(f"the cell you ran as [{n}]", "code", c.source)
             for n, c in enumerate(reference_notebook(course).cells, start=1) if c.cell_type == "code"]
    index = next(n for n, cell in enumerate(cells) if "def table_shape" in cell.source)
    cells[index] = Cell(cells[index].label, "code", cells[index].source.replace(
        "return (n_samples, n_features)", "return (n_features, n_samples)"))
    report = selfcheck.grade_cells(cells, "01", ("table_shape", "class_name"))
    assert [c.id for c in report.checks] == ["table_shape.public", "class_name.public"]
    assert failed_ids(report) == {"table_shape.public"}
    assert report.hidden_count == 2
    html = selfcheck.render_html(report, ("table_shape", "class_name"))
    assert "FAIL" in html and "<code>table_shape.public</code>" in html and "in the wrong order" in html
    assert "table_shape(21000, 21): got 21 at [0]; expected 21000" in selfcheck.render_text(report)


def test_self_check_outside_a_notebook_says_what_to_do(capsys):
    from autograder.notebooks import selfcheck

    assert selfcheck.check("01") is None
    assert "not one" in capsys.readouterr().out
    selfcheck.check("99")
    assert "no assignment '99'" in capsys.readouterr().out


def test_self_check_escapes_html():
    from autograder.notebooks.selfcheck import render_html
    from autograder.results import CheckResult, SubmissionReport

    report = SubmissionReport("01_data", "Data <is> tensors", "x", notes=["<script>alert(1)</script>"])
    report.checks.append(CheckResult("a.public", "a", "a()", 0, 1, False, "failed", "got <b>"))
    html = render_html(report)
    assert "<script>" not in html and "&lt;script&gt;" in html and "got &lt;b&gt;" in html


# -- the nbgrader course folder command ----------------------------------------------------------

def test_nbgrader_course_command_writes_the_folder_and_refuses_to_overwrite(tmp_path):
    runner = CliRunner()
    out = tmp_path / "course"
    first = runner.invoke(cli, ["notebooks", "nbgrader-course", str(out), "-a", "01"], obj={})
    assert first.exit_code == 0, first.output
    assert (out / "source" / "01_data" / "tensors.ipynb").is_file()
    assert os.access(out / "nbgrader.sh", os.X_OK)
    config = (out / "nbgrader_config.py").read_text()
    assert "c.Execute.timeout" in config and "add_missing_cells = True" in config
    again = runner.invoke(cli, ["notebooks", "nbgrader-course", str(out), "-a", "01"], obj={})
    assert again.exit_code == 2 and "--force" in again.output
    forced = runner.invoke(cli, ["notebooks", "nbgrader-course", str(out), "-a", "01", "--force"], obj={})
    assert forced.exit_code == 0, forced.output


def test_an_import_that_fails_names_the_cell_and_says_how_to_see_the_error(course, grade, tmp_path):
    notebook = reference_notebook(course)
    notebook.cells.insert(4, nbformat.v4.new_code_cell("import numpy as np\nimport json.part_that_does_not_exist"))
    report = grade("01", write_notebook(tmp_path / "nb", notebook))
    assert report.score == 0
    note = " ".join(report.notes)
    assert "json.part_that_does_not_exist" in note and "cell 5, line 2" in note
    assert "tensors.py" not in note and "restart the kernel and run all cells" in note


def test_a_notebook_importing_a_library_the_grader_lacks_is_still_graded(course, grade, tmp_path):
    notebook = reference_notebook(course)
    notebook.cells.insert(4, nbformat.v4.new_code_cell("import numpy as np\nimport package_that_is_not_installed as pd"))
    report = grade("01", write_notebook(tmp_path / "nb", notebook))
    assert report.score == report.max_score == 27  # nothing graded uses it (sandbox/absent_modules.py)


def test_a_broken_cell_redefined_later_is_not_reported_but_a_later_broken_one_is():
    fixed_later = extract("def table_shape(a, b:\n    return (a, b)\n", "def table_shape(a, b):\n    return (a, b)\n")
    assert fixed_later.notes == []
    broken_later = extract("def table_shape(a, b):\n    return (a, b)\n", "def table_shape(a, b:\n    return (a, b)\n")
    assert "cell 2 has a syntax error" in broken_later.notes[0]


# -- Colab ---------------------------------------------------------------------------------------

def run_setup_cell_as_colab(monkeypatch, colab) -> tuple[list[list[str]], str]:
    """Run the setup cell as Colab would (google.colab imported), recording instead of running
    the commands it starts; returns them and what the cell printed."""
    import contextlib
    import io
    import subprocess
    import sys
    import types

    commands = []
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", lambda command, **_: commands.append(command))
    monkeypatch.setattr(sys, "path", list(sys.path))
    for name in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS"):
        monkeypatch.setenv(name, os.environ.get(name, ""))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(build.setup_source("student", colab), {"__name__": "__main__"})  # noqa: S102
    return commands, printed.getvalue()


def test_in_colab_the_setup_cell_clones_the_configured_repository_and_installs_the_grader(monkeypatch, tmp_path):
    from autograder.course import ColabConfig

    folder = str(tmp_path / "keras-course")
    commands, printed = run_setup_cell_as_colab(
        monkeypatch, ColabConfig(repository="https://example.org/course.git", folder=folder))
    assert commands[0] == ["git", "clone", "--quiet", "--depth", "1", "https://example.org/course.git", folder]
    assert "pydantic>=2.6" in commands[1] and commands[2][-3:] == ["--no-deps", "-e", folder]
    assert "cannot be imported" not in printed  # check was loaded (here from the test's own checkout)


def test_in_colab_an_unpublished_course_says_so_instead_of_cloning(monkeypatch):
    from autograder.course import ColabConfig

    commands, printed = run_setup_cell_as_colab(monkeypatch, ColabConfig())
    assert commands == [] and "not set up for Colab yet" in printed and "course.yml" in printed


def test_the_setup_cell_carries_course_yml_colab_settings(course):
    setup = next(c for c in build.build_notebook(course.assignment("01"), "student").cells if c.id == "setup")
    assert f"COURSE_REPOSITORY = {course.notebooks.colab.repository!r}" in setup.source
    assert f"COURSE_FOLDER = {course.notebooks.colab.folder!r}" in setup.source
