"""Attacks on the grader through values, errors and hidden material, each a submission in
tests/hostile/, graded through the real engine.

What every test holds the grader to: it finishes and reports; a check that did not really pass
scores zero while the checks an attack does not touch keep their points; the student is told
what happened (timeout, crash, exit, ...). Attacks that start processes or touch files outside
the scratch folder are in test_hostile.py (tests/hostile_support.py says why the two are apart).

Some guarantees need the full sandbox (root with namespaces: see docs/security.md); those tests
are skipped, with the reason, where the grader cannot give it.
"""

from __future__ import annotations

import socket

import pytest

from autograder.exports import gradescope_results
from autograder.sandbox import protocol
from conftest import needs_full
from hostile_support import all_notes, expect, hostile  # noqa: F401 - hostile is a fixture


# -- forged results ----------------------------------------------------------------------------

def test_objects_equal_to_everything_earn_nothing(hostile):
    graded = hostile("eq_always_true")
    expect(graded, {"table_shape": "ok", "sequence_shape": "ok"}, score=23)
    assert "AlwaysEqual" in graded.check("table_shape.public").message


def test_a_tuple_subclass_that_lies_earns_nothing(hostile):
    graded = hostile("lying_tuple")
    expect(graded, {"image_batch_shape": "ok"}, score=25)
    assert "LyingTuple" in graded.check("image_batch_shape.public").message


def test_an_ndarray_subclass_that_lies_is_read_through_its_real_buffer(hostile):
    graded = hostile("lying_ndarray")
    expect(graded, {"one_hot_text": "ok", "normalize_images": "ok"}, score=20)
    described = graded.run.probes["one_hot_text.public"]["value"]
    assert described["type"] == "tensors.LyingArray" and described["max"] == 0  # the zeros it really holds


def test_duck_typed_fakes_that_claim_a_class_earn_nothing(hostile):
    graded = hostile("spoofed_class")
    expect(graded, {"split_validation": "ok", "class_name": "ok"}, score=22)
    assert "FakePair" in graded.check("split_validation.public").message


def test_printed_pass_lines_and_json_are_only_output(hostile):
    graded = hostile("fake_pass_output")
    assert graded.report.score == 0
    assert "27 of 27 points" in graded.report.stdout  # kept for the instructor, worth nothing
    assert '"score": 27' in graded.report.stderr
    gradescope = gradescope_results(graded.report.to_dict(), "after_published")
    assert gradescope["score"] == 0 and gradescope["stdout_visibility"] == "hidden"
    assert graded.check("table_shape.public").probe_status == protocol.NOT_IMPLEMENTED


def test_fake_events_written_to_inherited_descriptors_are_ignored(hostile):
    graded = hostile("forged_channel")
    assert graded.report.score == 0
    assert graded.check("table_shape.public").probe_status == protocol.NOT_IMPLEMENTED
    assert graded.check("class_names.list").probe_status == protocol.OK  # the stub's honest []
    assert not graded.report.grader_errors  # a forged grader_error is not believed either
    assert any("did not come from the grader" in note for note in graded.run.notes)


def test_forging_through_the_graders_own_writer_earns_only_what_returning_the_values_would(hostile):
    """The residual risk (docs/security.md): copied public answers score, hidden checks do not."""
    graded = hostile("channel_via_gc")
    passed = {c.id for c in graded.report.checks if c.points}
    assert passed == {"table_shape.public", "sequence_shape.public", "class_name.public"}
    assert graded.report.score == 3
    assert graded.check("table_shape.hidden").points == 0


def test_patching_numpy_at_import_is_caught_and_scores_nothing(hostile):
    graded = hostile("patch_numpy")
    assert graded.report.score == 0
    assert {c.probe_status for c in graded.report.checks} == {protocol.IMPORT_FAILED}
    assert "replaced numpy.array_equal" in all_notes(graded)


def test_patching_numpy_and_the_grader_inside_a_function_voids_that_check(hostile):
    graded = hostile("patch_grader")
    expect(graded, {"normalize_images": protocol.TAMPERED}, score=24)
    message = graded.check("normalize_images.public").message
    assert "numpy.array_equal" in message and "scores 0" in message


# -- escapes -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, error", [
    ("sys_exit_import", "SystemExit"),
    ("keyboard_interrupt_import", "KeyboardInterrupt"),
    ("base_exception_import", "Escape"),
])
def test_exceptions_at_import_stop_nothing_but_the_import(hostile, name, error):
    graded = hostile(name)
    assert graded.report.score == 0
    assert {c.probe_status for c in graded.report.checks} == {protocol.IMPORT_FAILED}
    assert error in all_notes(graded) and "no check could run" in all_notes(graded).lower()


def test_os_exit_at_import_is_reported_as_an_exit(hostile):
    graded = hostile("os_exit_import")
    assert graded.report.score == 0
    assert graded.run.import_error["status"] == protocol.CRASHED
    assert "exited with code 0" in all_notes(graded)


def test_every_way_out_of_a_function_costs_only_that_function(hostile):
    graded = hostile("exits_in_functions")
    expect(graded, {"table_shape": protocol.RAISED, "sequence_shape": protocol.CRASHED,
                    "image_batch_shape": protocol.RAISED, "video_batch_shape": protocol.RAISED,
                    "class_name": protocol.RAISED}, score=17)
    assert "sys.exit()" in graded.check("table_shape.public").message
    assert "exited with code 0" in graded.check("sequence_shape.public").message
    assert "Escape" in graded.check("video_batch_shape.public").message


def test_a_thread_that_ends_the_process_costs_the_check_it_interrupted(hostile):
    graded = hostile("thread_exits_later")
    expect(graded, {"sequence_shape": protocol.CRASHED}, score=25)


def test_endless_work_at_import_time_is_a_timeout_with_its_line(hostile):
    graded = hostile("import_time_work")
    assert graded.report.score == 0
    notes = all_notes(graded)
    assert "took longer than 3 s" in notes and "(timeout)" in notes
    assert "_total += 1" in notes or "while True" in notes


# -- hidden material -----------------------------------------------------------------------------

@needs_full
def test_solutions_hidden_checks_and_expected_values_are_unreadable(hostile):
    graded = hostile("read_hidden")
    expect(graded, {"table_shape": "ok", "sequence_shape": "ok"}, score=23)
    assert graded.value("table_shape.public") == "leaks: none", graded.value("sequence_shape.public")


def test_expected_values_are_nowhere_in_the_workers_memory(hostile):
    graded = hostile("stack_introspection")
    expect(graded, {"class_names.list": "ok", "class_name": "ok"}, score=23)
    assert graded.value("class_name.public").startswith("nothing found")


@needs_full
def test_student_code_has_no_network(hostile):
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0)
    try:
        graded = hostile("network")
        with pytest.raises(BlockingIOError):
            listener.accept()
    finally:
        listener.close()
    expect(graded, {"table_shape": "ok", "sequence_shape": "ok"}, score=23)
    assert graded.value("table_shape.public") == "network: none", graded.value("sequence_shape.public")


# -- resources ---------------------------------------------------------------------------------

def test_an_endless_loop_is_a_timeout_that_shows_the_line(hostile):
    graded = hostile("infinite_loop")
    expect(graded, {"one_hot_text": protocol.TIMEOUT}, score=23)
    message = graded.check("one_hot_text.public").message
    assert "within its time budget of 1.5 s" in message and "(timeout)" in message
    assert "in one_hot_text" in message and "of tensors.py" in message


def test_reading_stdin_gets_end_of_file_at_once(hostile):
    graded = hostile("read_stdin")
    expect(graded, {"table_shape": protocol.RAISED, "sequence_shape": "ok"}, score=23)
    assert "EOFError" in graded.check("table_shape.public").message
    assert "no keyboard input" in graded.check("table_shape.public").message


def test_sleeping_is_a_timeout(hostile):
    graded = hostile("sleeping")
    expect(graded, {"video_batch_shape": protocol.TIMEOUT}, score=25)
    assert "time.sleep(3600)" in graded.check("video_batch_shape.public").message


def test_recursion_errors_and_stack_overflows_are_reported(hostile):
    graded = hostile("deep_recursion")
    expect(graded, {"table_shape": protocol.RAISED, "sequence_shape": protocol.CRASHED}, score=23)
    assert "RecursionError" in graded.check("table_shape.public").message
    assert "segmentation fault" in graded.check("sequence_shape.public").message


def test_a_segmentation_fault_costs_only_its_check(hostile):
    graded = hostile("segfault")
    expect(graded, {"image_batch_shape": protocol.CRASHED}, score=25)
    assert "segmentation fault" in graded.check("image_batch_shape.public").message


# -- plain mistakes ----------------------------------------------------------------------------

def test_a_syntax_error_names_its_line(hostile):
    graded = hostile("syntax_error")
    assert graded.report.score == 0
    assert "SyntaxError" in all_notes(graded) and "line 6 of tensors.py" in all_notes(graded)
    assert all("could not be imported" in check.message for check in graded.report.checks)


def test_an_import_error_names_the_module(hostile):
    graded = hostile("import_error")
    assert graded.report.score == 0
    assert "ModuleNotFoundError" in all_notes(graded) and "numpyy" in all_notes(graded)


def test_missing_functions_are_named(hostile):
    graded = hostile("missing_functions")
    expect(graded, {"table_shape": protocol.MISSING, "one_hot_text": protocol.MISSING}, score=21)
    assert "tensors.py has no table_shape" in graded.check("table_shape.public").message


def test_wrong_signatures_are_type_errors(hostile):
    graded = hostile("wrong_signatures")
    expect(graded, {"table_shape": protocol.RAISED, "one_hot_text": protocol.RAISED}, score=21)
    assert "TypeError" in graded.check("one_hot_text.public").message


def test_functions_returning_none_earn_nothing(hostile):
    graded = hostile("returns_none")
    assert graded.report.score == 0
    assert "got None" in graded.check("table_shape.public").message


def test_wrong_containers_are_explained(hostile):
    graded = hostile("wrong_containers")
    # The right values in another sequence type pass with a note (docs/checks.md, "Right values,
    # another container"); a numpy array for a tuple of sizes, or a dict for a list, do not.
    expect(graded, {"sequence_shape": "ok", "class_names.list": "ok"}, score=23)
    assert "Accepted: yours is a list where the docstring asks for a tuple" in graded.check("table_shape.public").message
    assert "Return the sizes as a tuple" in graded.check("sequence_shape.public").message
    assert "expected a list of 10 strings" in graded.check("class_names.list").message


def test_a_file_that_is_not_utf8_is_explained(hostile):
    graded = hostile("non_utf8")
    assert graded.report.score == 0
    assert "not valid UTF-8" in all_notes(graded)
