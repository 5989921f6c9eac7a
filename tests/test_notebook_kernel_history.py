"""The self-check reads the kernel's history as the notebook's cells: an edited cell run again is one
cell, not two (red team F25), and "defined in 2 cells" is said only where it is true.

A simulated Jupyter kernel: IPython's InteractiveShell, cells run with store_history=True (and, as
Jupyter sends it, the cell's id where a case needs it)."""

from __future__ import annotations

import pytest

pytest.importorskip("IPython")

from IPython.core.interactiveshell import InteractiveShell  # noqa: E402

from autograder.catalog import render  # noqa: E402
from autograder.notebooks.extract import Cell, extract_module  # noqa: E402
from autograder.notebooks.kernel_history import kernel_cells, track_cell_ids  # noqa: E402

NAMES = {"CLASS_NAMES", "class_name", "table_shape"}
CONSTANTS = 'CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]'
RIGHT = "def class_name(label):\n    return CLASS_NAMES[label]\n"
WRONG = "def class_name(label):\n    return CLASS_NAMES[label - 1]\n"


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    assert track_cell_ids(shell)
    yield shell
    InteractiveShell.clear_instance()


def _run(shell, *cells: str | tuple[str, str]) -> None:
    for cell in cells:
        source, cell_id = cell if isinstance(cell, tuple) else (cell, None)
        assert shell.run_cell(source, store_history=True, cell_id=cell_id).success


def _notes(shell) -> list[str]:
    return [render(note) for note in extract_module(kernel_cells(shell), NAMES).notes]


def _labels(shell) -> list[str]:
    return [cell.label for cell in kernel_cells(shell)]


def test_editing_a_function_and_running_it_again_is_one_cell_without_a_note(shell):
    # the red team's order: right, edited to a mistake, edited back (the same source as the first run)
    _run(shell, "import numpy as np", CONSTANTS, RIGHT, WRONG, RIGHT)
    assert _labels(shell) == ["the cell you ran as [1]", "the cell you ran as [2]", "the cell you ran as [5]"]
    assert _notes(shell) == []


@pytest.mark.parametrize("order", [(RIGHT, WRONG), (WRONG, RIGHT), (WRONG, WRONG + "\n", RIGHT)])
def test_in_any_edit_order_the_latest_run_is_the_code_and_nothing_is_said(shell, order):
    _run(shell, CONSTANTS, *order)
    cells = kernel_cells(shell)
    assert [cell.source.strip() for cell in cells] == [CONSTANTS, order[-1].strip()]
    assert _notes(shell) == []


def test_with_jupyter_cell_ids_an_edited_cell_is_its_last_run_even_when_it_lost_a_definition(shell):
    # the cell first held the constants and the function; the student moved the constants to their own cell
    _run(shell, (CONSTANTS + "\n" + WRONG, "cell-b"), (CONSTANTS, "cell-a"), (RIGHT, "cell-b"))
    assert _labels(shell) == ["the cell you ran as [2]", "the cell you ran as [3]"]
    assert _notes(shell) == []


def test_two_live_cells_defining_one_function_are_said_to_be_two_cells(shell):
    _run(shell, (CONSTANTS, "cell-a"), (WRONG, "cell-b"), (RIGHT, "cell-c"))
    assert _notes(shell) == [
        "class_name is defined in 2 cells of your notebook (you ran them as [2], [3]). This self-check uses the "
        "one you ran last, [3]; when your notebook is graded, the one furthest down counts. Keep one and delete "
        "the others."]


def test_runs_that_cannot_be_told_apart_are_said_truthfully(shell):
    # no cell ids (an older frontend): the first run also defined CLASS_NAMES, so it is still needed
    _run(shell, CONSTANTS + "\n" + WRONG, RIGHT)
    [note] = _notes(shell)
    assert note.startswith("You ran cells that define class_name more than once ([1], [2]) and some of those "
                           "runs define other names too: the latest, [2], is checked.")
    assert "delete the others" in note and "defined in 2 cells" not in note


def test_an_earlier_run_that_a_later_one_needs_is_kept(shell):
    """A constant read by a run before it is set again is not an earlier version of that run."""
    _run(shell, "N_FEATURES = 3", "def table_shape(n_samples, n_features=N_FEATURES):\n    return (n_samples, n_features)",
         "N_FEATURES = 4")
    assert len(kernel_cells(shell)) == 3
    module = extract_module(kernel_cells(shell), NAMES | {"N_FEATURES"}).module_source
    assert "def table_shape" in module and module.count("N_FEATURES =") == 2


def test_a_recursive_function_run_again_is_still_one_definition(shell):
    recursive = "def table_shape(n_samples, n_features):\n    return table_shape(n_samples, n_features) if False else ({}, n_features)\n"
    _run(shell, recursive.format("n_samples"), recursive.format("int(n_samples)"))
    assert _labels(shell) == ["the cell you ran as [2]"]


def test_a_saved_notebook_with_two_cells_still_says_two_cells():
    cells = [Cell("cell 2", "code", CONSTANTS), Cell("cell 3", "code", WRONG), Cell("cell 5", "code", RIGHT)]
    notes = [render(note) for note in extract_module(cells, NAMES).notes]
    assert notes == ["class_name is defined in 2 cells (cell 3, cell 5). The last one, in cell 5, is graded, as when "
                     "the notebook runs from top to bottom; delete the others to avoid surprises."]


def test_the_self_check_after_an_edit_and_a_rerun_has_no_note_and_passes(shell, monkeypatch, tmp_path):
    """End to end, as the red team ran it: check() in the kernel grades the latest run, with no note."""
    from autograder.notebooks import selfcheck

    monkeypatch.chdir(tmp_path)  # the self-check's attempts log is written beside the notebook
    _run(shell, CONSTANTS, RIGHT, WRONG, RIGHT)
    report = selfcheck.check("01_data", "CLASS_NAMES", "class_name", show=False)
    assert not any("defined in" in note or "more than once" in note for note in report.notes), report.notes
    assert report.score == report.max_score > 0
