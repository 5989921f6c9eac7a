"""A submission folder whose one module is named as a second download or with capitals
(``tensors (1).py``, ``Tensors.py``) is graded, with a note; anything else is not guessed."""

from __future__ import annotations

import pytest

from autograder.course import REPO_ROOT, load_course
from autograder.discovery import near_miss_module

ASSIGNMENT = load_course().assignment("01_data")


@pytest.mark.parametrize("name", ["tensors (1).py", "Tensors.py", "tensors-2.py", "tensors_copy.py", "TENSORS (2).py"])
def test_a_copy_of_the_module_under_a_near_name_is_found(tmp_path, name):
    (tmp_path / name).write_text("x = 1\n")
    (tmp_path / "notes.txt").write_text("not a module")
    assert near_miss_module(tmp_path, ASSIGNMENT) == tmp_path / name


@pytest.mark.parametrize("names", [["tensor.py"], ["models.py"], ["tensors (1).py", "helper.py"], ["my_tensors.py"]])
def test_other_names_or_several_files_are_not_guessed(tmp_path, names):
    for name in names:
        (tmp_path / name).write_text("x = 1\n")
    assert near_miss_module(tmp_path, ASSIGNMENT) is None


def test_the_near_named_module_is_graded_and_the_student_told_which_file(grade, tmp_path):
    folder = tmp_path / "student"
    folder.mkdir()
    (folder / "tensors (1).py").write_text((REPO_ROOT / "solutions" / "01_data" / "tensors.py").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    report = grade("01", folder)
    assert report.score == report.max_score == 27
    assert any("only tensors (1).py: that file was graded as tensors.py" in note for note in report.notes), report.notes
