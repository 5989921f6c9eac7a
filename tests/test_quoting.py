"""Quoted student or Keras text in messages: whole, or cut where a reader expects a cut."""

from autograder.checks.kit.judging import quote


def test_a_short_text_is_quoted_whole():
    assert quote("Stopping: accuracy reached 0.9.") == "\u201cStopping: accuracy reached 0.9.\u201d"


def test_a_long_warning_ends_at_its_last_whole_sentence():
    text = ("Early stopping conditioned on metric `val_acc` which is not available. "
            "Available metrics are: loss,accuracy,val_loss,val_accuracy and a great many more words here")
    shown = quote(text, limit=100)
    assert shown == "\u201cEarly stopping conditioned on metric `val_acc` which is not available. \u2026\u201d"


def test_a_long_text_without_sentences_is_cut_between_words():
    shown = quote("word " * 60, limit=40)
    assert shown.endswith("word \u2026\u201d")
    assert "wor\u2026" not in shown and len(shown) <= 44


def test_whitespace_and_newlines_are_flattened():
    assert quote("two\n  lines") == "\u201ctwo lines\u201d"
