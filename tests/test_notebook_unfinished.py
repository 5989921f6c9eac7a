"""Run from the top, a notebook's experiment cells explain an unfinished function instead of stopping."""

from __future__ import annotations

import pytest

pytest.importorskip("IPython")

from IPython.core.interactiveshell import InteractiveShell  # noqa: E402

from autograder.notebooks.unfinished import explain_unfinished_functions  # noqa: E402

STUB = 'def table_shape(n_samples, n_features):\n    raise NotImplementedError("see the docstring")\n'


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    assert explain_unfinished_functions(shell)
    assert explain_unfinished_functions(shell)  # running the setup cell again changes nothing
    yield shell
    InteractiveShell.clear_instance()


def test_a_cell_calling_a_stub_says_what_is_missing_and_counts_as_finished(shell, capsys):
    assert shell.run_cell(STUB).success
    result = shell.run_cell('shape = table_shape(21000, 21)\nprint("after")')
    out = capsys.readouterr().out
    assert result.success  # so "Run All" goes on with the cells below
    assert "table_shape() is not written yet (it still raises NotImplementedError)" in out
    assert "Traceback" not in out and "after" not in out


def test_a_variable_the_stopped_cell_would_have_set_is_explained_too(shell, capsys):
    shell.run_cell(STUB)
    shell.run_cell("shape = table_shape(21000, 21)")
    result = shell.run_cell("print(shape)")
    out = capsys.readouterr().out
    assert result.success
    assert "'shape' does not exist yet" in out and "table_shape() is not written yet" in out


def test_other_errors_keep_their_traceback_and_stop(shell, capsys):
    shell.run_cell(STUB)
    shell.run_cell("shape = table_shape(21000, 21)")
    typo = shell.run_cell("print(shpae)")
    broken = shell.run_cell("1 / 0")
    assert not typo.success and isinstance(typo.error_in_exec, NameError)
    assert not broken.success and isinstance(broken.error_in_exec, ZeroDivisionError)


def test_an_unfinished_method_is_named_with_its_class(shell, capsys):
    shell.run_cell("class Net:\n    def __init__(self):\n        raise NotImplementedError\n")
    assert shell.run_cell("net = Net()").success
    assert "Net.__init__() is not written yet" in capsys.readouterr().out
