"""Hints on demand (solutions/NN_name/hints.po) and what the self-check says about hidden checks."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from autograder import cli, hints
from autograder.checks.registry import load_suite
from autograder.course import REPO_ROOT, load_course
from autograder.guidance import hidden_lines, hint_line, notebook_ask
from autograder.results import FAILED, PASSED, CheckResult, SubmissionReport

COURSE = load_course()
ASSIGNMENTS = [a.id for a in COURSE.assignments]

# Literals in a check's call: quoted strings and numbers.
LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|(?<![\w.])\d+(?:\.\d+)?(?![\w.])")


@pytest.fixture(autouse=True)
def hint_state(tmp_path, monkeypatch):
    state = tmp_path / "hints.json"
    monkeypatch.setenv("KERAS_COURSE_HINTS", str(state))
    return state


def _literals(text: str) -> set[str]:
    return {match.strip("'\"") for match in LITERAL.findall(text)}


def secret_literals(assignment_id: str) -> set[str]:
    """What only hidden checks pass: literals of their calls that no public call and no student file shows."""
    config = COURSE.assignment(assignment_id)
    suite = load_suite(assignment_id)
    public_text = " ".join(str(suite[c.id].call) for c in config.checks if not c.hidden)
    public_text += (REPO_ROOT / "assignments" / assignment_id / config.module).read_text(encoding="utf-8")
    hidden = set().union(*(_literals(str(suite[c.id].call)) for c in config.checks if c.hidden))
    return {value for value in hidden - _literals(public_text)
            if len(value) >= 2 and value not in public_text}


def mentions(text: str, value: str) -> bool:
    return re.search(r"(?<![\w.])" + re.escape(value) + r"(?![\w])", text) is not None


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_every_graded_name_has_three_hint_steps_and_no_hint_is_for_an_ungraded_name(assignment_id):
    catalog = hints.load_hints(assignment_id)
    graded = hints.graded_names(assignment_id)
    assert sorted(catalog) == sorted(graded)
    for name in graded:
        assert sorted(catalog[name]) == list(hints.STEPS), name
        assert all(len(text) > 15 for text in catalog[name].values()), name


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_no_hint_and_no_hidden_check_description_reveals_a_hidden_checks_arguments(assignment_id):
    secrets = secret_literals(assignment_id)
    assert secrets, "the hidden checks should have arguments of their own"
    texts = {f"hint.{name}.{step}": text for name, steps in hints.load_hints(assignment_id).items()
             for step, text in steps.items()}
    config = COURSE.assignment(assignment_id)
    texts.update({f"probes of {c.id}": c.probes or "" for c in config.checks if c.hidden})
    leaks = {where: value for where, text in texts.items() for value in secrets if mentions(text, value)}
    assert leaks == {}


def test_the_secret_literals_of_a_hidden_check_are_found():
    secrets = secret_literals("02_models")
    assert {"37", "graded_model"} <= secrets and "784" not in secrets  # 784 is public
    assert mentions("a layer of 37 units", "37") and not mentions("0.375", "37")


def test_every_hidden_check_says_what_it_probes_in_a_few_words():
    for assignment in COURSE.assignments:
        for check in assignment.checks:
            if check.hidden:
                assert check.probes and 2 <= len(check.probes.split()) <= 16, check.id


def test_asking_again_gives_the_next_step_and_the_last_step_repeats(hint_state):
    steps = [hints.get_hint("01_data", "one_hot_text").step for _ in range(4)]
    assert steps == [1, 2, 3, 3]
    assert hints.get_hint("01_data", "table_shape").step == 1  # each name keeps its own count
    assert hints.last_seen("01_data", "one_hot_text", hint_state) == 3


def test_a_step_can_be_asked_for_directly_without_losing_the_furthest_step_seen():
    assert hints.get_hint("03_compile", "mean_pred", 3).text.startswith("return keras.ops.mean")
    assert hints.get_hint("03_compile", "mean_pred", 1).step == 1
    assert hints.get_hint("03_compile", "mean_pred").step == 3
    with pytest.raises(hints.HintError, match="from 1 to 3"):
        hints.get_hint("03_compile", "mean_pred", 4)


def test_an_unknown_name_suggests_the_closest_graded_name():
    with pytest.raises(hints.HintError, match="Did you mean 'one_hot_text'"):
        hints.get_hint("01_data", "one_hot")


def test_a_translation_replaces_the_steps_it_has_and_falls_back_to_english(tmp_path):
    folder = tmp_path / "01_data"
    folder.mkdir()
    (folder / "hints.po").write_text('msgid "hint.f.1"\nmsgstr "idea"\n\nmsgid "hint.f.2"\nmsgstr "tools"\n',
                                     encoding="utf-8")
    (folder / "hints.zh.po").write_text('msgid "hint.f.1"\nmsgstr "想法"\n\nmsgid "hint.f.2"\nmsgstr ""\n',
                                        encoding="utf-8")
    assert hints.load_hints("01_data", "zh", solutions=tmp_path) == {"f": {1: "想法", 2: "tools"}}


def test_the_command_line_gives_hints_in_steps_and_step_needs_hint():
    runner = CliRunner()
    first = runner.invoke(cli.cli, ["check", "01", "--hint", "train_test_split"])
    second = runner.invoke(cli.cli, ["check", "01", "--hint", "train_test_split"])
    assert first.exit_code == second.exit_code == 0, first.output
    assert "Hint 1 of 3 for train_test_split" in first.output
    assert "Hint 2 of 3 for train_test_split" in second.output and "permutation" in second.output
    assert "--hint train_test_split` gives the next step" in first.output
    chosen = runner.invoke(cli.cli, ["check", "04", "--hint", "StopAtAccuracy", "--step", "3"])
    assert "Hint 3 of 3" in chosen.output and "last hint" in chosen.output
    alone = runner.invoke(cli.cli, ["check", "01", "--step", "2"])
    assert alone.exit_code == 2 and "--step goes with --hint" in alone.output
    unknown = runner.invoke(cli.cli, ["check", "01", "--hint", "table_shapes"])
    assert unknown.exit_code == 2 and "Did you mean 'table_shape'" in unknown.output


def test_hint_in_a_notebook_finds_the_assignment_or_asks_for_it(capsys):
    from autograder.notebooks import selfcheck

    selfcheck._LAST_CHECKED.clear()
    selfcheck.hint("confusion_matrix")
    assert "Hint 1 of 3 for confusion_matrix" in capsys.readouterr().out
    selfcheck.hint("SomeModel")  # graded in 02 and 07
    assert "is graded in 02_models and 07_saving" in capsys.readouterr().out
    selfcheck.hint("SomeModel", "07", step=3)
    assert "get_config" in capsys.readouterr().out
    selfcheck._LAST_CHECKED[:] = ["02_models"]
    selfcheck.hint("SomeModel")
    assert "__init__" in capsys.readouterr().out


def _report(*checks: tuple[str, str, str]) -> SubmissionReport:
    report = SubmissionReport("01_data", "Data is tensors", "tensors.py", public_only=True)
    report.checks = [CheckResult(check_id, target, f"{target}()", 1, 1, False, status, "message")
                     for check_id, target, status in checks]
    return report


def test_the_self_check_suggests_a_hint_for_the_first_failing_function_only_after_a_failure():
    failing = _report(("table_shape.public", "table_shape", PASSED), ("one_hot_text.public", "one_hot_text", FAILED),
                      ("one_hot_text.long", "one_hot_text", FAILED), ("class_name.public", "class_name", FAILED))
    line = hint_line(failing, notebook_ask)
    assert line.startswith('Stuck on one_hot_text? hint("one_hot_text") gives a hint')
    assert "(hints exist for class_name too)" in line
    assert hint_line(_report(("table_shape.public", "table_shape", PASSED)), notebook_ask) is None


def test_the_self_check_lists_what_each_hidden_check_probes():
    from autograder.guidance import hidden_checks

    report = _report()
    config = COURSE.assignment("01")
    report.hidden_checks = hidden_checks(config, load_suite(config.id))
    report.hidden_count, report.hidden_points = len(report.hidden_checks), 11
    lines = hidden_lines(report)
    assert "10 hidden checks worth 11 more points" in lines[0]
    assert "  - one_hot_text: text longer than max_len (1 point)" in lines
    assert len(lines) == 11


def test_an_nbgrader_hidden_test_cell_says_what_it_probes_but_not_its_call():
    from autograder.notebooks.build import test_cell_source

    config = COURSE.assignment("02")
    hidden = next(c for c in config.checks if c.id == "dense_params.hidden_no_bias")
    source = test_cell_source(config, hidden, str(load_suite(config.id)[hidden.id].call))
    assert "(a layer with use_bias=False)" in source and "784" not in source
