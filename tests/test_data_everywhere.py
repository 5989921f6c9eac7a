"""The data step outside the command line: Colab's set-up cell, Gradescope's image, the reports."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import types
import zipfile
from pathlib import Path

from autograder import data_sources
from autograder.course import ColabConfig
from autograder.feedback_pages import render_student_page, render_summary_page
from autograder.gradescope import write_bundle
from autograder.notebooks import build
from autograder.results import SubmissionReport

USER_HOMES = data_sources._user_homes  # before conftest hides this machine's homes
FETCH = [sys.executable, "-m", "autograder", "data", "fetch"]


def run_setup_cell_in_colab(monkeypatch, tmp_path, assignment) -> list[list[str]]:
    commands = []
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", lambda command, **_: commands.append(command))
    monkeypatch.setattr(sys, "path", list(sys.path))
    colab = ColabConfig(repository="https://example.org/course.git", folder=str(tmp_path / "course"))
    notebook = build.build_notebook(assignment, "student", colab=colab)
    setup = next(cell for cell in notebook.cells if cell.id == "setup")
    with contextlib.redirect_stdout(io.StringIO()):
        exec(setup.source, {"__name__": "__main__"})  # noqa: S102
    return commands


def test_colab_setup_fetches_data_after_installing_the_grader_for_training_assignments(course, monkeypatch,
                                                                                       tmp_path):
    commands = run_setup_cell_in_colab(monkeypatch, tmp_path, course.assignment("04"))
    assert commands[-1] == FETCH and commands[-2][-3:] == ["--no-deps", "-e", str(tmp_path / "course")]
    assert FETCH not in run_setup_cell_in_colab(monkeypatch, tmp_path, course.assignment("01"))


def test_fetch_puts_the_files_where_keras_load_data_looks(tmp_path):
    """Keras decides its folder when it is imported: ask a fresh process (without KERAS_HOME, the case
    that differs from ours when the home is not the one we think)."""
    script = ("from keras.src.backend.config import keras_home; from autograder.data_sources import "
              "download_target; print(keras_home()); print(download_target())")
    (tmp_path / "home").mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "TF_CPP_MIN_LOG_LEVEL": "3"}
    keras_folder, ours = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                        env=env, timeout=120, check=True).stdout.split()
    assert Path(ours) == Path(keras_folder) / "datasets" / "fashion-mnist" == tmp_path / "home" / ".keras" / \
        "datasets" / "fashion-mnist"


def test_the_grader_looks_where_fetch_puts_the_files(monkeypatch, tmp_path):
    monkeypatch.setattr(data_sources, "_user_homes", USER_HOMES)
    assert data_sources.download_target() in [folder for _, folder in data_sources.keras_cache_candidates()]
    monkeypatch.delenv("KERAS_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_sources.download_target() in [folder for _, folder in data_sources.keras_cache_candidates()]


def test_fetch_in_colab_without_network_says_why_and_the_cell_goes_on(tmp_path):
    """The exact command of the set-up cell, run offline: a clear reason, no traceback."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "KERAS_HOME": str(tmp_path / "kh")}
    result = subprocess.run([*FETCH, "--mirror", "http://127.0.0.1:9/", "--retries", "1", "--timeout", "2"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert "could not download http://127.0.0.1:9/train-images-idx3-ubyte.gz" in result.stderr
    assert "Traceback" not in result.stderr


def test_gradescope_image_fetches_data_before_computing_reference_values(tmp_path, course):
    with zipfile.ZipFile(write_bundle(course.assignment("05"), tmp_path / "05.zip")) as archive:
        setup = archive.read("setup.sh").decode()
    assert setup.index("-m autograder data fetch") < setup.index("-m autograder reference")
    with zipfile.ZipFile(write_bundle(course.assignment("01"), tmp_path / "01.zip")) as archive:
        assert "data fetch" not in archive.read("setup.sh").decode()


def test_the_stand_in_warning_shows_in_the_class_summary_and_feedback_pages():
    warning = data_sources.resolve_data("auto", download=False).warning
    report = SubmissionReport(assignment="04_training", title="t", submission="alice", data_warning=warning)
    row = {"student": "alice", "score": 0, "max_score": 1, "seconds": 1.0, "report": report.to_dict(), "link": "#"}
    assert f'<div class="warning">{warning}</div>' in render_summary_page("04_training", [row])
    assert f'<div class="warning">{warning}</div>' in render_student_page("alice", report.to_dict(), instructor=True)
    real = {**row, "report": SubmissionReport(assignment="04_training", title="t", submission="bob").to_dict()}
    assert 'class="warning"' not in render_summary_page("04_training", [real])


def test_the_stand_in_warning_shows_in_the_notebook_self_check():
    from autograder.notebooks.selfcheck import render_html, render_text

    warning = data_sources.resolve_data("auto", download=False).warning
    report = SubmissionReport(assignment="04_training", title="t", submission="training.ipynb", data_warning=warning)
    assert warning in render_text(report).splitlines()[1]
    assert "NOT Fashion-MNIST" in render_html(report)
    assert "NOT Fashion-MNIST" not in render_html(SubmissionReport(assignment="04_training", title="t",
                                                                   submission="training.ipynb"))
