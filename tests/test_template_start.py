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
