"""07's student-like mistakes, graded in process through the grader's own judging: exactly the
checks each breaks, their points and the words they say. Each mistake is one edit of a correct
variant (tests/variants/07/saving_module_functions.py); the correct 07 variants themselves are
judged in tests/test_variants_correct.py."""

from __future__ import annotations

import pytest

pytest.importorskip("keras")

from tests.variant_checks import grade_variant, variant_files  # noqa: E402

[CORRECT] = variant_files("07_saving", "saving_module_functions")

# name: (the edit of the correct variant, {check id that fails: words}, score out of 16)
WRONG = {
    "Keras 2 weights name kept": (
        ('    if not path.endswith(".weights.h5"):\n        path = path.removesuffix(".h5") + ".weights.h5"\n',
         '    if not path.endswith(".h5"):\n        path += ".weights.h5"\n'),
        {"save_subclassed_weights.plain_h5": ["save_subclassed_weights(model, 'weights.h5')", "raised ValueError",
                                              "must end in `.weights.h5`", "turn 'name.h5' into 'name.weights.h5'"],
         "save_subclassed_weights.hidden_name": ["same mistake as the check save_subclassed_weights.plain_h5",
                                                 "see save_subclassed_weights above"]},
        14),
    "get_config without the base config": (
        ("        config = dict(super().get_config())\n"
         "        config.update(hidden_units=self.hidden_units, n_classes=self.n_classes)\n        return config",
         '        return {"hidden_units": self.hidden_units, "n_classes": self.n_classes}'),
        {"some_model.get_config": ["returns hidden_units and n_classes but not the base class's config",
                                   "config = super().get_config()"]},
        15),
    "SomeModel not registered": (
        ('@keras.saving.register_keras_serializable(package="fashion", name="SomeModel")\n', ""),
        {"some_model.get_config": ["Could not locate class 'SomeModel'",
                                   "put @keras.saving.register_keras_serializable()"]},
        15),
    ".h5 for a name without extension": (
        ('        path += ".keras"', '        path += ".h5"'),
        {"save_model.no_extension": ["nothing was written at 'fashion_v2.keras'", "wrote 'fashion_v2.h5'"]},
        15),
}


def _variant(tmp_path, old: str, new: str):
    source = CORRECT.read_text(encoding="utf-8")
    assert source.count(old) == 1, old
    path = tmp_path / "saving.py"
    path.write_text(source.replace(old, new), encoding="utf-8")
    return path


GRADED_DAILY = {"Keras 2 weights name kept", "get_config without the base config"}  # the slow suite grades all


@pytest.mark.parametrize("name", [pytest.param(name, marks=() if name in GRADED_DAILY else pytest.mark.slow)
                                  for name in sorted(WRONG)])
def test_a_saving_mistake_loses_exactly_its_checks_with_its_words(name, tmp_path):
    (old, new), broken, score = WRONG[name]
    results = grade_variant("07_saving", _variant(tmp_path, old, new), tmp_path)
    failed = {check_id for check_id, result in results.items() if result.status != "passed"}
    assert failed == set(broken), {k: results[k].message for k in failed ^ set(broken)}
    assert sum(result.points for result in results.values()) == score
    assert sum(result.max_points for result in results.values()) == 16
    for check_id, words in broken.items():
        for word in words:
            assert word in results[check_id].message, (check_id, word, results[check_id].message)
    if name == "SomeModel not registered":
        assert "get_config must return" not in results["some_model.get_config"].message  # not its fault


def test_keras2_save_format_that_agrees_with_the_name_is_accepted_and_explained(tmp_path):
    path = _variant(tmp_path, "    keras.saving.save_model(model, path)", '    model.save(path, save_format="keras")')
    results = grade_variant("07_saving", path, tmp_path)
    assert all(result.status == "passed" for result in results.values())
    for check_id in ("save_model.keras", "save_model.h5", "save_model.no_extension"):
        assert "Note: save_format= is a Keras 2 argument" in results[check_id].message
    assert "save_format" not in results["save_subclassed_weights.public"].message
