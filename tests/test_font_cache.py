"""Matplotlib's font list is made once and handed to every new template (autograder/sandbox/font_cache.py)."""

from __future__ import annotations

import os

from autograder.sandbox import font_cache, template


def test_a_list_made_by_a_template_is_kept_once_and_seeded_into_new_folders(tmp_path, monkeypatch):
    monkeypatch.setattr(font_cache, "FOLDER", tmp_path / "kept")
    first = tmp_path / "first"
    first.mkdir()
    (first / "fontlist-v3.11.0.json").write_text('{"made": "first"}')
    (first / "matplotlibrc").write_text("instructor settings")  # only font lists are kept
    assert font_cache.keep(str(first)) == ["fontlist-v3.11.0.json"]
    second = tmp_path / "second"
    second.mkdir()
    (second / "fontlist-v3.11.0.json").write_text('{"made": "second"}')
    assert font_cache.keep(str(second)) == []  # the first list stays
    assert sorted(os.listdir(tmp_path / "kept")) == ["fontlist-v3.11.0.json"]
    new = tmp_path / "new" / ".matplotlib"
    assert font_cache.seed(str(new)) == ["fontlist-v3.11.0.json"]
    assert (new / "fontlist-v3.11.0.json").read_text() == '{"made": "first"}'


def test_nothing_kept_means_nothing_seeded(tmp_path, monkeypatch):
    monkeypatch.setattr(font_cache, "FOLDER", tmp_path / "never-made")
    assert font_cache.seed(str(tmp_path / "new")) == [] and os.listdir(tmp_path / "new") == []


def test_each_new_template_starts_with_the_kept_list_and_the_first_keeps_the_one_it_made(tmp_path, monkeypatch):
    monkeypatch.setattr(font_cache, "FOLDER", tmp_path / "kept")
    found_at_start = []

    class FakeTemplate:  # what a real template's matplotlib does: it lists the fonts when none are there
        def __init__(self, environment, home, flavour):
            config = environment["MPLCONFIGDIR"]
            found_at_start.append(sorted(os.listdir(config)))
            if not (tmp_path / "kept").exists():
                with open(os.path.join(config, "fontlist-v3.11.0.json"), "w") as handle:
                    handle.write("{}")
            self.home, self.flavour = home, flavour

        def alive(self):
            return True

        def close(self):
            pass

    monkeypatch.setattr(template, "Template", FakeTemplate)
    monkeypatch.setattr(template, "_shared", {})
    template.shared_template(template.KERAS)
    template.shared_template(template.LIGHT)
    assert found_at_start == [[], ["fontlist-v3.11.0.json"]]
    assert os.listdir(tmp_path / "kept") == ["fontlist-v3.11.0.json"]


def test_a_real_keras_template_makes_the_list_where_it_is_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(font_cache, "FOLDER", tmp_path / "kept")
    monkeypatch.setattr(template, "_shared", {})
    try:
        template.shared_template(template.KERAS)
    finally:
        template.stop_shared_templates()
    assert [name for name in os.listdir(tmp_path / "kept") if name.startswith("fontlist-v")]
