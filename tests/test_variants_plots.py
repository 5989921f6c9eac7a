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
    "wrong_plot_chinese_names_swapped": "the legend shows '验证' beside the training curve and '训练' beside the "
                                        "validation curve",
}


@pytest.mark.parametrize("name", sorted(WRONG))
def test_a_wrong_legend_is_told_what_the_reader_sees(name, tmp_path):
    [path] = variant_files("05_cnn", name)
    verdicts = judge_variant("05_cnn", path, tmp_path)
    assert set(verdicts) == PLOT_CHECKS
    for verdict in verdicts.values():
        assert not verdict.passed
        assert WRONG[name] in render(verdict.message), render(verdict.message)


# Curves beyond the two accuracy curves: a pass, with a note naming them and where they are.
NOTED = {
    "plot_losses_too_chollet": "2 of your 4 curves are losses (history.history['loss'], history.history['val_loss']), "
                               "on the same axes as the accuracy curves",
    "plot_every_history_key": "2 of your 4 curves are losses (history.history['loss'], history.history['val_loss']), "
                              "on the same axes as the accuracy curves",
    "plot_losses_on_second_axes": "2 of your 4 curves are losses (history.history['loss'], "
                                  "history.history['val_loss']), on a second set of axes (the docstring asks for one)",
}


@pytest.mark.parametrize("name", sorted(NOTED))
def test_extra_curves_pass_with_a_note_that_names_them(name, tmp_path):
    [path] = variant_files("05_cnn", name)
    verdicts = judge_variant("05_cnn", path, tmp_path)
    for verdict in verdicts.values():
        assert verdict.passed
        assert NOTED[name] in render(verdict.message), render(verdict.message)
        assert "This costs no points." in render(verdict.message)


def test_returning_the_axes_is_explained_once_and_costs_the_figures_points(tmp_path):
    from tests.variant_checks import grade_variant

    [path] = variant_files("05_cnn", "wrong_plot_returns_gca")
    results = grade_variant("05_cnn", path, tmp_path)
    public, hidden = results["plot_history.public"], results["plot_history.hidden"]
    assert public.points == 0 and "returned an Axes" in public.message and "return the Figure" in public.message
    assert hidden.points == 0 and hidden.follows == "plot_history.public"
    assert hidden.message.startswith("This fails because of the same mistake as the check plot_history.public: "
                                     "see plot_history above.")
