"""course.yml is typed: typos are rejected with suggestions; assignments resolve by number or id."""

from __future__ import annotations

import pytest
import yaml

from autograder.course import DEFAULT_COURSE_FILE, CourseConfigError, load_course
from autograder.sandbox.limits import Limits


def _write(tmp_path, mutate):
    raw = yaml.safe_load(DEFAULT_COURSE_FILE.read_text())
    mutate(raw)
    path = tmp_path / "course.yml"
    path.write_text(yaml.safe_dump(raw))
    return path


def test_the_course_file_loads_and_every_assignment_has_modules_checks_and_budgets(course):
    assert course.assignments
    for assignment in course.assignments:
        assert assignment.module.endswith(".py")
        assert assignment.checks and assignment.max_points > 0
        assert assignment.budgets.check_seconds > 0 and assignment.budgets.memory_mb > 0


def test_a_misspelt_key_is_rejected_with_a_suggestion(tmp_path):
    def typo(raw):
        check = raw["assignments"][0]["checks"][0]
        check["pionts"] = check.pop("points")

    with pytest.raises(CourseConfigError) as error:
        load_course(_write(tmp_path, typo))
    text = str(error.value)
    assert "assignments[0].checks[0]" in text
    assert "unknown key 'pionts'" in text and "Did you mean 'points'?" in text


def test_an_unknown_budget_key_is_rejected_with_a_suggestion(tmp_path):
    with pytest.raises(CourseConfigError, match="Did you mean 'memory_mb'"):
        load_course(_write(tmp_path, lambda raw: raw["assignments"][0]["budgets"].update(memory_mbs=10)))


def test_sandbox_budgets_in_the_course_file_reach_the_limits_of_the_run(tmp_path):
    budgets = {"max_processes": 96, "printed_mb": 4, "file_mb": 16, "disk_mb": 64}
    course = load_course(_write(tmp_path, lambda raw: raw["assignments"][0]["budgets"].update(budgets)))
    limits = course.assignments[0].limits()
    assert (limits.max_processes, limits.printed_mb, limits.file_mb, limits.disk_mb) == (96, 4, 16, 64)
    untouched = course.assignments[1].limits()
    assert (untouched.max_processes, untouched.disk_mb) == (Limits.max_processes, Limits.disk_mb)
    with pytest.raises(CourseConfigError, match="greater than or equal to 64"):  # TensorFlow needs its threads
        load_course(_write(tmp_path, lambda raw: raw["assignments"][0]["budgets"].update(max_processes=8)))


def test_a_check_unknown_to_the_grader_is_rejected(tmp_path):
    def rename(raw):
        raw["assignments"][0]["checks"][0]["id"] = "table_shape.publik"

    with pytest.raises(CourseConfigError) as error:
        load_course(_write(tmp_path, rename))
    assert "'table_shape.publik' is not defined" in str(error.value)
    assert "Did you mean 'table_shape.public'?" in str(error.value)
    assert "'table_shape.public' exists but has no points" in str(error.value)


def test_negative_points_and_wrong_types_are_rejected(tmp_path):
    with pytest.raises(CourseConfigError, match="greater than or equal to 0"):
        load_course(_write(tmp_path, lambda raw: raw["assignments"][0]["checks"][0].update(points=-1)))
    with pytest.raises(CourseConfigError, match="hidden"):
        load_course(_write(tmp_path, lambda raw: raw["assignments"][0]["checks"][0].update(hidden="sometimes")))


def test_invalid_yaml_and_missing_file_are_reported(tmp_path):
    bad = tmp_path / "course.yml"
    bad.write_text("name: [unclosed\n")
    with pytest.raises(CourseConfigError, match="not valid YAML"):
        load_course(bad)
    with pytest.raises(CourseConfigError, match="not found"):
        load_course(tmp_path / "nothing.yml")


@pytest.mark.parametrize("name", ["01", "1", "01_data"])
def test_assignments_resolve_by_number_or_id(course, name):
    assert course.assignment(name).id == "01_data"


def test_an_unknown_assignment_suggests_the_closest(course):
    with pytest.raises(KeyError, match="Did you mean '01_data'"):
        course.assignment("01_dat")


@pytest.mark.parametrize("section, key, suggestion", [
    (("notebooks", "colab"), "repositry", "repository"),
    (("notebooks",), "colabb", "colab"),
    (("grading",), "hidden_visibilty", "hidden_visibility"),
])
def test_an_unknown_key_in_any_section_is_rejected_with_its_allowed_keys(tmp_path, section, key, suggestion):
    def typo(raw):
        node = raw
        for name in section:
            node = node.setdefault(name, {})
        node[key] = "x"

    with pytest.raises(CourseConfigError) as error:
        load_course(_write(tmp_path, typo))
    text = str(error.value)
    assert f"Did you mean {suggestion!r}?" in text
    allowed = text.split("Allowed here: ")[1]
    assert suggestion in allowed.split(".")[0]
