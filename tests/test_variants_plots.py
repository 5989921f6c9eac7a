"""plot_history is judged by what the figure shows: the legend text beside each curve, however it was
set (label= and legend(), a list given to legend, a figure legend, pyplot's state machine)."""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")

from autograder.catalog import render  # noqa: E402
from tests.variant_checks import judge_variant, variant_files  # noqa: E402

PLOT_CHECKS = {"plot_history.public", "plot_history.hidden"}


@pytest.mark.parametrize("path", [p for p in variant_files("05_cnn", "plot_")], ids=lambda p: p.stem)
def test_a_correct_legend_passes_however_it_was_written(path, tmp_path):
    verdicts = judge_variant("05_cnn", path, tmp_path)
    assert set(verdicts) == PLOT_CHECKS
    assert all(v.passed for v in verdicts.values()), {k: v.message for k, v in verdicts.items()}


WRONG = {
    "wrong_plot_legend_swapped": "the legend shows 'validation' beside the training curve and 'training' beside "
                                 "the validation curve",
    "wrong_plot_no_legend": "the curves are labelled but the figure shows no legend with 'training'",
    "wrong_plot_one_name": "the legend names only one curve: nothing is shown beside the validation curve",
}


@pytest.mark.parametrize("name", sorted(WRONG))
def test_a_wrong_legend_is_told_what_the_reader_sees(name, tmp_path):
    [path] = variant_files("05_cnn", name)
    verdicts = judge_variant("05_cnn", path, tmp_path)
    assert set(verdicts) == PLOT_CHECKS
    for verdict in verdicts.values():
        assert not verdict.passed
        assert WRONG[name] in render(verdict.message), render(verdict.message)
