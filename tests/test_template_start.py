"""The command line starts the warm template early (template.start_in_background), so that its
import of TensorFlow overlaps the command's own start; never where workers would not be forked."""

from __future__ import annotations

import threading

from autograder.sandbox import template
from conftest import needs_own_user


def _started(monkeypatch, assignment: str, configured: str) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(template, "shared_template", lambda flavour: asked.append(flavour))
    template.start_in_background(assignment, configured)
    for thread in threading.enumerate():
        if thread.name == "template-start":
            thread.join(timeout=60)
    return asked


@needs_own_user
def test_the_template_of_the_assignments_kind_is_started_in_the_background(monkeypatch):
    monkeypatch.delenv(template.WORKERS_VARIABLE, raising=False)
    assert _started(monkeypatch, "02_models", "template") == [template.KERAS]
    assert _started(monkeypatch, "01_data", "template") == [template.LIGHT]


def test_nothing_is_started_where_workers_are_fresh_interpreters(monkeypatch):
    monkeypatch.delenv(template.WORKERS_VARIABLE, raising=False)
    assert _started(monkeypatch, "02_models", "fresh") == []
    monkeypatch.setenv(template.WORKERS_VARIABLE, "fresh")
    assert _started(monkeypatch, "02_models", "template") == []


def test_a_template_that_fails_to_start_early_is_left_to_the_first_worker(monkeypatch):
    def broken(flavour):
        raise template.TemplateError("the warm template did not start")

    monkeypatch.setattr(template, "shared_template", broken)
    template.start_in_background("02_models", "template")  # no exception, no message: a worker says why
    for thread in threading.enumerate():
        if thread.name == "template-start":
            thread.join(timeout=60)


@needs_own_user
def test_a_run_of_several_assignments_starts_each_kind_of_template_once(monkeypatch):
    monkeypatch.delenv(template.WORKERS_VARIABLE, raising=False)
    asked: list[str] = []
    monkeypatch.setattr(template, "shared_template", lambda flavour: asked.append(flavour))
    template.start_for(["01_data", "02_models", "04_training", "07_saving"], "template")
    for thread in threading.enumerate():
        if thread.name == "template-start":
            thread.join(timeout=60)
    assert sorted(asked) == sorted([template.LIGHT, template.KERAS])


class _SlowToStart:
    """Stands in for Template: the Keras kind takes a while to import, the light one does not."""

    def __init__(self, environment, home, flavour):
        self.flavour = flavour
        if flavour == template.KERAS:
            keras_may_finish.wait(timeout=30)

    def alive(self):
        return True

    def close(self):
        pass


keras_may_finish = threading.Event()


def test_a_light_template_does_not_wait_for_a_keras_template_still_starting(monkeypatch):
    monkeypatch.setattr(template, "Template", _SlowToStart)
    monkeypatch.setattr(template, "_shared", {})
    monkeypatch.setattr(template, "_flavour_locks", {})
    keras_may_finish.clear()
    keras = threading.Thread(target=template.shared_template, args=(template.KERAS,))
    keras.start()
    try:
        light = template.shared_template(template.LIGHT)  # would hang here if starts were serialised
        assert light.flavour == template.LIGHT and keras.is_alive()
    finally:
        keras_may_finish.set()
        keras.join(timeout=30)
    assert template.shared_template(template.KERAS).flavour == template.KERAS
    assert set(template._shared) == {template.KERAS, template.LIGHT}
