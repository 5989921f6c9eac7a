"""The Gradescope bundle: its layout, and run_autograder grading a submission as Gradescope would."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile

from autograder.course import REPO_ROOT


def build(tmp_path, *options: str) -> zipfile.ZipFile:
    target = tmp_path / "bundle.zip"
    result = subprocess.run([sys.executable, "-m", "autograder", "gradescope-bundle", "-a", "01", "--out",
                             str(target), *options], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return zipfile.ZipFile(target)


def test_bundle_has_executable_setup_and_run_scripts_and_no_student_or_test_files(tmp_path):
    archive = build(tmp_path)
    names = archive.namelist()
    assert "setup.sh" in names and "run_autograder" in names
    for script in ("setup.sh", "run_autograder"):
        mode = archive.getinfo(script).external_attr >> 16
        assert mode & stat.S_IXUSR
    assert "solutions/01_data/tensors.py" in names and "course.yml" in names
    assert not any(n.startswith(("assignments/", "tests/", ".venv/", ".cache/")) for n in names)
    assert {n.split("/")[1] for n in names if n.startswith("solutions/")} == {"01_data"}
    assert not any("__pycache__" in n for n in names)
    assert "--assignment 01_data" in archive.read("run_autograder").decode()


def test_the_image_installs_only_the_grading_lock_which_holds_no_authoring_or_test_tools(tmp_path):
    archive = build(tmp_path)
    setup = archive.read("setup.sh").decode()
    assert "-r requirements-grading.lock" in setup and "-r requirements.lock" not in setup
    assert "requirements.lock" not in archive.namelist()
    lock = archive.read("requirements-grading.lock").decode()
    pinned = {line.split("==")[0].lower() for line in lock.splitlines() if "==" in line and not line.startswith(" ")}
    assert {"tensorflow-cpu", "keras", "pydantic", "babel", "nbformat", "ipython"} <= pinned
    assert not pinned & {"jupyterlab", "notebook", "nbgrader", "pytest", "pytest-timeout", "jupyter-server"}


def test_the_grading_lock_pins_the_same_versions_as_the_full_lock():
    def pins(name):
        text = (REPO_ROOT / name).read_text()
        return dict(line.split(" ")[0].split("==") for line in text.splitlines() if "==" in line
                    and not line.startswith((" ", "#")))

    full, grading = pins("requirements.lock"), pins("requirements-grading.lock")
    assert grading and {name: full.get(name) for name in grading} == grading
    assert {"nbgrader", "jupyterlab", "pytest"} <= set(full)


def _gradescope_root(tmp_path, submission_source: str, where: str = "tensors.py", options: tuple[str, ...] = ()):
    root = tmp_path / "autograder"
    build(tmp_path, *options).extractall(root / "source")
    (root / "submission" / where).parent.mkdir(parents=True)
    (root / "submission" / where).write_text(submission_source)
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    return root


def _run(root) -> dict:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable,
           "PYTHONPATH": str(root / "source")}
    done = subprocess.run(["bash", str(root / "run_autograder")], env=env, capture_output=True, text=True, timeout=300)
    data = json.loads((root / "results" / "results.json").read_text())
    data["_stdout"] = done.stdout + done.stderr
    return data


def test_run_autograder_grades_the_submission_from_the_unpacked_bundle(tmp_path):
    source = (REPO_ROOT / "solutions" / "01_data" / "tensors.py").read_text()
    results = _run(_gradescope_root(tmp_path, source))
    assert results["score"] == 27 and len(results["tests"]) == 23


def test_run_autograder_always_writes_results_even_when_the_grader_breaks(tmp_path):
    root = _gradescope_root(tmp_path, "def table_shape(a, b):\n    return (a, b)\n")
    (root / "source" / "solutions" / "01_data" / "tensors.py").write_text("raise RuntimeError('broken reference')\n")
    results = _run(root)
    assert results["score"] == 0
    assert "not your fault" in results["output"]


def test_a_module_in_a_sub_folder_of_the_upload_is_found_graded_and_named(tmp_path):
    source = (REPO_ROOT / "solutions" / "01_data" / "tensors.py").read_text()
    results = _run(_gradescope_root(tmp_path, source, "keras-course-main/assignments/01_data/tensors.py"))
    assert results["score"] == 27
    assert "Graded keras-course-main/assignments/01_data/tensors.py" in results["output"]
    assert "holds no .py" not in results["output"]


def test_a_broken_course_file_still_gives_the_student_a_results_file_that_is_not_their_fault(tmp_path):
    root = _gradescope_root(tmp_path, "def table_shape(a, b):\n    return (a, b)\n")
    course_file = root / "source" / "course.yml"
    course_file.write_text(course_file.read_text().replace("assignments:", "assignmentz:", 1))
    results = _run(root)
    assert results["score"] == 0 and "not your fault" in results["output"]
    assert "assignmentz" in results["_stdout"]  # the instructor sees why


def test_a_chinese_class_s_bundle_grades_in_chinese_and_its_fallback_answer_is_chinese_too(tmp_path):
    root = _gradescope_root(tmp_path, "def table_shape(a, b):\n    return (a, b)\n", options=("--lang", "zh"))
    script = (root / "run_autograder").read_text(encoding="utf-8")
    assert "gradescope-run --assignment 01_data --lang zh" in script
    course_file = root / "source" / "course.yml"
    course_file.write_text(course_file.read_text().replace("assignments:", "assignmentz:", 1))
    results = _run(root)  # the grader cannot start: the answer is the one written into the bundle
    assert results["score"] == 0 and "这不是你的错" in results["output"] and "not your fault" not in results["output"]


def test_the_bundle_s_fallback_answer_is_worded_from_the_catalog_in_the_class_s_language(tmp_path):
    from autograder.catalog import msg, render
    from autograder.course import load_course
    from autograder.gradescope import write_bundle

    config = load_course().assignment("01")
    for language in ("en", "zh"):
        with zipfile.ZipFile(write_bundle(config, tmp_path / f"{language}.zip", language)) as archive:
            script = archive.read("run_autograder").decode("utf-8")
        fallback = json.loads(script.split("<<'JSON'\n", 1)[1].split("\nJSON\n", 1)[0])
        assert fallback["output"] == render(msg("gradescope.grader_failed"), language)
        assert f"--lang {language}" in script
    assert "not your fault" in render(msg("gradescope.grader_failed"))


def _located(tmp_path, *files):
    from autograder.course import load_course
    from autograder.gradescope import locate_module

    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n")
    return locate_module(tmp_path, load_course().assignment("01"))


def test_the_module_at_the_top_of_the_upload_is_graded_without_a_note(tmp_path):
    found = _located(tmp_path, "tensors.py", "old/tensors.py")
    assert found.graded == tmp_path and found.note == ""


def test_a_notebook_in_a_folder_is_found_and_macos_leftovers_are_ignored(tmp_path):
    found = _located(tmp_path, "work/tensors.ipynb", "__MACOSX/work/._tensors.ipynb", "__MACOSX/tensors.ipynb")
    assert found.graded == tmp_path / "work" / "tensors.ipynb"
    assert "Graded work/tensors.ipynb" in str(found.note)


def test_two_copies_at_the_same_depth_are_ambiguous_and_named(tmp_path):
    found = _located(tmp_path, "a/tensors.py", "b/tensors.py")
    assert found.graded is None
    assert "a/tensors.py" in str(found.note) and "b/tensors.py" in str(found.note) and "Submit only one" in str(found.note)


def test_an_upload_without_the_module_says_what_it_holds(tmp_path):
    found = _located(tmp_path, "src/my_tensors.py")
    assert found.graded is None
    assert "no tensors.py" in str(found.note) and "src/my_tensors.py" in str(found.note)
