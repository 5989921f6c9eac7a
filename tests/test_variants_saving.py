"""07's student-like mistakes (tests/variants/07/wrong_*.py), graded in process through the
grader's own judging: exactly the checks each breaks, their points and the words they say.
The correct 07 variants are in tests/test_variants_correct.py."""

from __future__ import annotations

import pytest

pytest.importorskip("keras")

from tests.variant_checks import grade_variant, variant_files  # noqa: E402

# variant: ({check id that fails: words}, score of the checks the variant's names cover, out of 16)
WRONG = {
    "wrong_plain_h5_weights_name": ({
        "save_subclassed_weights.plain_h5": ["save_subclassed_weights(model, 'weights.h5')", "raised ValueError",
                                             "must end in `.weights.h5`", "turn 'name.h5' into 'name.weights.h5'"],
        "save_subclassed_weights.hidden_name": ["same mistake as the check save_subclassed_weights.plain_h5",
                                                "see save_subclassed_weights above"],
    }, 14),
    "wrong_get_config_without_base": ({
        "some_model.get_config": ["returns hidden_units and n_classes but not the base class's config",
                                  "config = super().get_config()"],
    }, 15),
    "wrong_not_registered": ({
        "some_model.get_config": ["Could not locate class 'SomeModel'",
                                  "put @keras.saving.register_keras_serializable()"],
    }, 15),
    "wrong_h5_for_a_name_without_extension": ({
        "save_model.no_extension": ["nothing was written at 'fashion_v2.keras'", "wrote 'fashion_v2.h5'"],
    }, 15),
}


@pytest.mark.parametrize("name", sorted(WRONG))
def test_a_saving_mistake_loses_exactly_its_checks_with_its_words(name, tmp_path):
    [path] = variant_files("07_saving", name)
    results = grade_variant("07_saving", path, tmp_path)
    broken, score = WRONG[name]
    failed = {check_id for check_id, result in results.items() if result.status != "passed"}
    assert failed == set(broken), {k: results[k].message for k in failed ^ set(broken)}
    assert sum(result.points for result in results.values()) == score
    assert sum(result.max_points for result in results.values()) == 16
    for check_id, words in broken.items():
        for word in words:
            assert word in results[check_id].message, (check_id, word, results[check_id].message)
    if name == "wrong_not_registered":
        assert "get_config must return" not in results["some_model.get_config"].message  # not its fault


def test_keras2_save_format_that_agrees_with_the_name_is_accepted_and_explained(tmp_path):
    [path] = variant_files("07_saving", "wrong_save_format_argument")
    results = grade_variant("07_saving", path, tmp_path)
    assert all(result.status == "passed" for result in results.values())
    for check_id in ("save_model.keras", "save_model.h5", "save_model.no_extension"):
        assert "Note: save_format= is a Keras 2 argument" in results[check_id].message
    assert "save_format" not in results["save_subclassed_weights.public"].message
