"""Assignment 01_data graded end to end: reference, stubs, and typical mistakes."""

from __future__ import annotations

import json

import pytest

from autograder.course import REPO_ROOT
from conftest import (assert_all_not_implemented, assert_loses_exactly, check_by_id, failed_ids, reference_source,
                      replaced)

REFERENCE = reference_source("01_data", "tensors.py")


def mutate(*replacements: tuple[str, str]) -> str:
    return replaced(REFERENCE, replacements)


def test_reference_solution_gets_full_marks(grade):
    report = grade("01", REPO_ROOT / "solutions" / "01_data")
    assert failed_ids(report) == set()
    assert report.score == report.max_score == 27


def test_untouched_stubs_get_zero_with_not_implemented_messages(grade):
    report = grade("01", REPO_ROOT / "assignments" / "01_data")
    assert_all_not_implemented(report, except_targets=("CLASS_NAMES",))
    assert "not filled in yet" in check_by_id(report, "class_names.list").message


def test_self_check_runs_only_public_checks_and_announces_hidden_ones(grade):
    report = grade("01", REPO_ROOT / "solutions" / "01_data", public_only=True)
    assert not any(check.hidden for check in report.checks)
    assert report.hidden_count == 10
    assert report.hidden_points == 11
    assert report.score == 16
    assert [item["probes"] for item in report.hidden_checks if item["target"] == "one_hot_text"] == [
        "text longer than max_len", "a smaller vocabulary, characters outside it"]


# Each mistake: (what a student wrote), the checks it must break, and words the feedback must use.
MISTAKES = {
    # One mistake, explained once: the hidden twin fails with the same diagnosis and points at the public check.
    "table shape with its axes swapped": (
        [("return (n_samples, n_features)", "return (n_features, n_samples)")],
        {"table_shape.public", "table_shape.hidden"},
        {"table_shape.public": ["got 21 at [0]; expected 21000", "wrong order"],
         "table_shape.hidden": ["same mistake as the check table_shape.public"]},
    ),
    "grey images without a channel axis": (
        [("return (n_samples, height, width, channels)", "return (n_samples, height, width)")],
        {"image_batch_shape.public", "image_batch_shape.hidden"},
        {"image_batch_shape.public": ["channel axis is missing"]},
    ),
    "normalising to float64": (
        [("return np.asarray(x, dtype=np.float32) / np.float32(255.0)", "return x / 255.0")],
        {"normalize_images.public", "normalize_images.hidden"},
        {"normalize_images.public": ["dtype float64", "expected float32", "astype(np.float32)"]},
    ),
    "normalising in place": (
        [("return np.asarray(x, dtype=np.float32) / np.float32(255.0)",
          "x[...] = x // 255\n    return x.astype(np.float32)")],
        {"normalize_images.public", "normalize_images.hidden"},
        {"normalize_images.public": ["changed the array it was given"]},
    ),
    "a missing comma between class names": (
        [('    "Dress",\n', '    "Dress"\n')],
        {"class_names.list"},  # class_name is judged with the course's CLASS_NAMES (kit/stand_ins.py)
        {"class_names.list": ["'DressCoat'", "comma is missing after 'Dress'", "9 names instead of 10"]},
    ),
    "validation pair returned first": (
        [("return (x_train, y_train), (x_valid, y_valid)", "return (x_valid, y_valid), (x_train, y_train)")],
        {"split_validation.public", "split_validation.hidden"},
        {"split_validation.public": ["pairs are swapped"]},
    ),
    "test size rounded down": (
        [("n_test = int(np.ceil(test_size * n_samples))", "n_test = int(test_size * n_samples)")],
        {"train_test_split.hidden"},
        {"train_test_split.hidden": ["71 training and 30 test samples", "ceil(test_size * n)"]},
    ),
    "no shuffle before splitting": (
        [("order = np.random.default_rng(seed).permutation(n_samples)", "order = np.arange(n_samples)")],
        {"train_test_split.public", "train_test_split.own_generator", "train_test_split.hidden"},
        {"train_test_split.public": ["not shuffled"]},
    ),
    "x and y shuffled separately": (
        [("return x[train_rows], x[test_rows], y[train_rows], y[test_rows]",
          "y = y[np.random.default_rng(seed + 1).permutation(n_samples)]\n"
          "    return x[train_rows], x[test_rows], y[train_rows], y[test_rows]")],
        {"train_test_split.public", "train_test_split.own_generator", "train_test_split.hidden"},
        {"train_test_split.public": ["labels no longer sit beside their inputs"]},
    ),
    "global random state instead of the seed": (
        [("order = np.random.default_rng(seed).permutation(n_samples)", "order = np.random.permutation(n_samples)")],
        {"train_test_split.public", "train_test_split.hidden", "train_test_split.own_generator"},
        {"train_test_split.public": ["same seed gave different splits"],
         "train_test_split.own_generator": ["same mistake as the check train_test_split.public"]},
    ),
    "global seed set inside the function": (
        [("order = np.random.default_rng(seed).permutation(n_samples)",
          "np.random.seed(seed)\n    order = np.random.permutation(n_samples)")],
        {"train_test_split.own_generator"},
        {"train_test_split.own_generator": ["changed numpy's global random state", "np.random.default_rng(seed)"]},
    ),
    "one-hot text without cutting or vocabulary guard": (
        [("for position, character in enumerate(text[:max_len]):", "for position, character in enumerate(text):"),
         ("        if code < vocab_size:\n            encoded[position, code] = 1.0",
          "        encoded[position, code] = 1.0")],
        {"one_hot_text.long", "one_hot_text.outside_vocab", "one_hot_text.hidden_long", "one_hot_text.hidden_vocab"},
        {"one_hot_text.long": ["raised IndexError", "axis 0", "line"],
         "one_hot_text.outside_vocab": ["raised IndexError", "axis 1"],
         "one_hot_text.hidden_long": ["same mistake as the check one_hot_text.long", "see one_hot_text above"],
         "one_hot_text.hidden_vocab": ["same mistake as the check one_hot_text.outside_vocab"]},
    ),
    "one-hot text cut one character short": (
        [("enumerate(text[:max_len])", "enumerate(text[:max_len - 1])")],
        {"one_hot_text.long", "one_hot_text.hidden_long"},
        {"one_hot_text.long": ["index (6, 110)", "have no 1 in their row"]},
    ),
    "one-hot text without the vocabulary guard": (
        [("        if code < vocab_size:\n            encoded[position, code] = 1.0",
          "        encoded[position, min(code, vocab_size - 1)] = 1.0")],
        {"one_hot_text.outside_vocab", "one_hot_text.hidden_vocab"},
        {"one_hot_text.outside_vocab": ["more 1s than expected", "vocab_size or more"]},
    ),
    "one-hot rows and columns swapped": (
        [("encoded = np.zeros((max_len, vocab_size), dtype=np.float32)",
          "encoded = np.zeros((vocab_size, max_len), dtype=np.float32)"),
         ("encoded[position, code] = 1.0", "encoded[code, position] = 1.0")],
        {"one_hot_text.public", "one_hot_text.long", "one_hot_text.outside_vocab", "one_hot_text.hidden_long",
         "one_hot_text.hidden_vocab"},
        {"one_hot_text.public": ["shape (128, 280)", "expected shape (280, 128)", "axes are swapped"]},
    ),
    # Found by a student-style variant: the dtype is judged once, at the public check, and the 1s are said to be right.
    "one-hot array left float64": (
        [("encoded = np.zeros((max_len, vocab_size), dtype=np.float32)", "encoded = np.zeros((max_len, vocab_size))")],
        {"one_hot_text.public"},
        {"one_hot_text.public": ["got dtype float64; expected float32", "Every 1 is in its right place",
                                 "dtype=np.float32"]},
    ),
    "channels fixed instead of the argument": (
        [("return (n_samples, height, width, channels)", "return (n_samples, height, width, 1)"),
         ("return (n_samples, frames, height, width, channels)", "return (n_samples, frames, height, width, 3)")],
        {"image_batch_shape.hidden", "video_batch_shape.hidden"},
        {"image_batch_shape.hidden": ["got 1 at [3]; expected 3", "channels is 3 in this call",
                                      "Use the channels argument"]},
    ),
    "characters outside the vocabulary dropped": (
        [("for position, character in enumerate(text[:max_len]):",
          "for position, character in enumerate(text.encode('ascii', 'ignore').decode()[:max_len]):")],
        {"one_hot_text.outside_vocab", "one_hot_text.hidden_vocab"},
        {"one_hot_text.outside_vocab": ["in rows moved up", "outside the vocabulary was dropped"],
         "one_hot_text.hidden_vocab": ["same mistake as the check one_hot_text.outside_vocab"]},
    ),
    "labels one place off": (
        [("return CLASS_NAMES[int(label)]", "return CLASS_NAMES[int(label) - 1]")],
        {"class_name.public", "class_name.hidden"},
        {"class_name.public": ["'Bag' is the name of label 8, one place off", "labels start at 0"],
         "class_name.hidden": ["same mistake as the check class_name.public"]},
    ),
    "sequence axes swapped": (
        [("return (n_samples, steps, features)", "return (n_samples, features, steps)")],
        {"sequence_shape.public", "sequence_shape.hidden"},
        {"sequence_shape.public": ["got 128 at [1]; expected 280", "wrong order"]},
    ),
    "video clips without the sample axis": (
        [("return (n_samples, frames, height, width, channels)", "return (frames, height, width, channels)")],
        {"video_batch_shape.public", "video_batch_shape.hidden"},
        {"video_batch_shape.public": ["got 4 items", "expected 5", "sample axis is missing"]},
    ),
    "hard-coded public answers": (
        [("return (n_samples, steps, features)", "return (1000000, 280, 128)"),
         ("return (n_samples, frames, height, width, channels)", "return (40, 240, 1280, 720, 3)")],
        {"sequence_shape.hidden", "video_batch_shape.hidden"},
        {"sequence_shape.hidden": ["expected 32"]},
    ),
}


# The words of every mistake's feedback are asserted on recorded outcomes (tests/test_judges.py, no
# worker, no Keras); these few are also graded end to end every day, all of them in the slow suite.
GRADED_DAILY = {"table shape with its axes swapped", "normalising in place", "one-hot text without cutting or vocabulary guard"}


@pytest.mark.parametrize("name", [pytest.param(name, marks=() if name in GRADED_DAILY else pytest.mark.slow)
                                  for name in sorted(MISTAKES)])
def test_typical_mistake_loses_exactly_the_points_of_the_checks_it_breaks(grade, name):
    replacements, broken, words = MISTAKES[name]
    assert_loses_exactly(grade("01", mutate(*replacements)), broken, words)


def test_every_check_fails_for_at_least_one_typical_mistake(course):
    broken = set().union(*(b for _, b, _ in MISTAKES.values()))
    assert broken == {check.id for check in course.assignment("01").checks}


def test_syntax_error_costs_every_check_and_names_the_line(grade):
    report = grade("01", REFERENCE.replace("def table_shape(n_samples, n_features):",
                                           "def table_shape(n_samples, n_features)"))
    assert report.score == 0
    assert "SyntaxError" in report.notes[0] and "line" in report.notes[0]
    assert all("could not be imported" in check.message for check in report.checks)


def test_feedback_names_files_relative_to_the_scratch_folder_so_regrades_read_the_same(grade):
    source = REFERENCE.replace("    return (n_samples, n_features)\n",
                               "    import os\n    raise ValueError(f'cannot open {os.path.abspath(\"data.csv\")}')\n", 1)
    first, second = (check_by_id(grade("01", source), "table_shape.public") for _ in range(2))
    assert "cannot open data.csv" in first.message and "kgrade-" not in first.message + first.detail
    assert first.message == second.message


def test_reference_values_are_cached_on_disk_and_older_entries_are_pruned(grade, monkeypatch, tmp_path):
    from autograder import grading, paths

    cache = tmp_path / "reference-cache"
    cache.mkdir()
    stale = cache / "01_data-0123456789abcdef0123.json"  # left by older checks or settings
    other = cache / "02_models-0123456789abcdef0123.json"
    stale.write_text("{}")
    other.write_text("{}")
    monkeypatch.setattr(paths, "REFERENCE_CACHE", cache)
    monkeypatch.setattr(grading, "_memory_cache", {})
    report = grade("01", REPO_ROOT / "solutions" / "01_data")
    assert report.score == report.max_score
    written = sorted(p.name for p in cache.iterdir())
    assert len(written) == 2 and other.name in written and stale.name not in written
    cached = json.loads((cache / [n for n in written if n.startswith("01_data")][0]).read_text())
    assert cached["table_shape.public"]["status"] == "ok"


def test_a_cache_file_removed_or_half_written_by_another_grading_reads_as_absent(tmp_path):
    from autograder import grading

    cache_file = tmp_path / "01_data-0123456789abcdef0123.json"
    assert grading._read_cache_file(cache_file) is None  # removed as stale by another grading
    cache_file.write_text('{"table_shape.public": {"status": "o')
    assert grading._read_cache_file(cache_file) is None  # damaged: computed again, never a crash
    cache_file.write_text('{"table_shape.public": {"status": "ok"}}')
    assert grading._read_cache_file(cache_file) == {"table_shape.public": {"status": "ok"}}


def test_missing_function_costs_only_its_checks(grade):
    source = REFERENCE.replace("def class_name(label):", "def get_class_name(label):")
    report = grade("01", source)
    assert failed_ids(report) == {"class_name.public", "class_name.hidden"}
    assert "has no class_name" in check_by_id(report, "class_name.public").message


@pytest.mark.slow  # timeouts are graded every day in tests/test_hostile.py (with 1.5 s budgets)
def test_endless_loop_costs_only_the_check_that_hangs(grade, course):
    source = REFERENCE.replace("    return (n_samples, n_features)\n", "    while True:\n        pass\n", 1)
    report = grade("01", source, public_only=True)  # one hanging check is enough (each costs 10 s)
    assert failed_ids(report) == {"table_shape.public"}
    message = check_by_id(report, "table_shape.public").message
    assert "did not finish within its time budget of 10 s" in message
    assert check_by_id(report, "table_shape.public").probe_status == "timeout"
