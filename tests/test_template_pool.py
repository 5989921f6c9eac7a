"""Workers forked from the warm template: one student leaves nothing for the next, and no student
reaches the template. Each test grades real submissions through the engine, two students forked
from the same template one after the other, and reads what the second one saw in its output."""

from __future__ import annotations

import json
import os

import pytest

from autograder.sandbox import protocol, template
from autograder.sandbox.limits import Limits
from conftest import MODE, needs_own_user, reference_source

FAST = {"import_seconds": 20.0, "check_seconds": 10.0, "total_seconds": 120.0}

FIRST_STUDENT = '''
import builtins, json, os, sys, threading, time
import numpy
sys.modules["left_by_first"] = sys
builtins.LEFT_BY_FIRST = "global"
numpy.zeros = lambda *a, **k: "monkeypatched by the first student"
json.dumps = lambda *a, **k: "monkeypatched by the first student"
os.environ["LEFT_BY_FIRST"] = "environment"
def _linger():
    while True:
        time.sleep(0.05)
threading.Thread(target=_linger, name="left-by-first", daemon=False).start()
for _path in ("/tmp/left-by-first", "/var/tmp/left-by-first", "/dev/shm/left-by-first",
              os.path.expanduser("~/left-by-first"), "left-by-first"):
    try:
        with open(_path, "w") as _handle:
            _handle.write("planted")
    except OSError:
        pass
'''

SECOND_STUDENT = '''
import builtins, json, os, sys, threading
import numpy
SEEN = {
    "module": "left_by_first" in sys.modules,
    "global": hasattr(builtins, "LEFT_BY_FIRST"),
    "numpy_patch": not callable(numpy.zeros) or numpy.zeros(2).tolist() != [0.0, 0.0],
    "json_patch": json.dumps([1]) != "[1]",
    "environment": "LEFT_BY_FIRST" in os.environ,
    "thread": [t.name for t in threading.enumerate() if t.name == "left-by-first"],
    "files": [p for p in ("/tmp/left-by-first", "/var/tmp/left-by-first", "/dev/shm/left-by-first",
                          os.path.expanduser("~/left-by-first"), "left-by-first") if os.path.exists(p)],
}
print("SEEN " + json.dumps(SEEN))
'''

REACH_TEMPLATE = '''
import ctypes, json, os, signal
TEMPLATE = {pid}
TRIED = {{}}
def _attempt(name, action):
    try:
        action()
        TRIED[name] = "succeeded"
    except OSError as error:
        TRIED[name] = type(error).__name__
_attempt("signal", lambda: os.kill(TEMPLATE, signal.SIGKILL))
_attempt("memory", lambda: open(f"/proc/{{TEMPLATE}}/mem", "rb").read(1))
_attempt("its_files", lambda: os.listdir(f"/proc/{{TEMPLATE}}/fd"))
for _fd in range(3, 12):
    _attempt(f"its_fd_{{_fd}}", lambda: open(f"/proc/{{TEMPLATE}}/fd/{{_fd}}", "wb").write(b"x"))
_libc = ctypes.CDLL(None, use_errno=True)
TRIED["ptrace"] = "succeeded" if _libc.ptrace(16, TEMPLATE, 0, 0) == 0 else "refused"  # PTRACE_ATTACH
_mine = {{}}
for _name in os.listdir("/proc/self/fd"):
    try:
        _mine[_name] = os.readlink(f"/proc/self/fd/{{_name}}")
    except OSError:
        pass
TRIED["sockets_held"] = sorted(t for t in _mine.values() if t.startswith("socket:"))
print("TRIED " + json.dumps(TRIED))
'''


KERNEL_THREADS = '''
import json, os, time
import tensorflow as tf
_a = tf.random.normal((400, 400))
_wall, _cpu = time.perf_counter(), time.process_time()
for _ in range(30):
    _b = tf.linalg.matmul(_a, _a)
_b.numpy()
print("KERNELS " + json.dumps({"variable": os.environ.get("TF_NUM_INTRAOP_THREADS"),
                               "cpu_per_wall": (time.process_time() - _cpu) / (time.perf_counter() - _wall)}))
'''


DRAWS = '''
import json, numpy
print("DRAWN " + json.dumps(numpy.random.random(3).tolist()))
'''


def printed(graded, prefix: str) -> dict:
    line = next(line for line in graded.report.stdout.splitlines() if line.startswith(prefix + " "))
    return json.loads(line[len(prefix) + 1:])


def reference_with(extra: str, assignment: str = "01_data", module: str = "tensors.py") -> bytes:
    return (reference_source(assignment, module) + "\n" + extra).encode()


@needs_own_user
def test_a_student_forked_after_another_sees_nothing_the_first_left(grade_with_limits):
    """On 02, whose workers come from the template that imported Keras."""
    first = grade_with_limits("02_models", "first", reference_with(FIRST_STUDENT, "02_models", "models.py"))
    warm = template.shared_template(template.KERAS).process.pid
    second = grade_with_limits("02_models", "second", reference_with(SECOND_STUDENT, "02_models", "models.py"))
    assert first.run.workers_kind == second.run.workers_kind == "template"
    assert template.shared_template(template.KERAS).process.pid == warm  # the same template forked both
    assert printed(second, "SEEN") == {"module": False, "global": False, "numpy_patch": False,
                                       "json_patch": False, "environment": False, "thread": [], "files": []}
    assert second.report.score == second.report.max_score


def test_students_forked_from_one_template_draw_numbers_of_their_own_as_fresh_interpreters_do(grade_with_limits):
    first = grade_with_limits("01_data", "draws-1", reference_with(DRAWS), **FAST)
    second = grade_with_limits("01_data", "draws-2", reference_with(DRAWS), **FAST)
    assert first.run.workers_kind == second.run.workers_kind == "template"
    assert printed(first, "DRAWN") != printed(second, "DRAWN")  # the template's numpy was seeded once


def test_a_forked_workers_tensorflow_runs_each_kernel_on_one_thread(grade_with_limits):
    """runner.ARITHMETIC: set before the worker's first TensorFlow op, though the template imported it."""
    graded = grade_with_limits("02_models", "kernels", reference_with(KERNEL_THREADS, "02_models", "models.py"))
    kernels = printed(graded, "KERNELS")
    assert graded.run.workers_kind == "template" and kernels["variable"] == "1"
    assert kernels["cpu_per_wall"] < 1.3  # with a thread per core: about 1.9 on two free cores


@needs_own_user
def test_a_student_cannot_signal_trace_read_or_write_the_template(grade_with_limits):
    warm = template.shared_template(template.LIGHT)  # the one 01's workers are forked from
    graded = grade_with_limits("01_data", "reach", reference_with(REACH_TEMPLATE.format(pid=warm.process.pid)), **FAST)
    tried = printed(graded, "TRIED")
    assert graded.run.workers_kind == "template"
    assert tried.pop("sockets_held") == []  # neither the template's control socket nor any reply socket
    assert tried.pop("ptrace") == "refused"
    assert "succeeded" not in tried.values(), tried
    assert warm.alive() and template.shared_template(template.LIGHT) is warm
    after = grade_with_limits("01_data", "after", reference_source("01_data", "tensors.py").encode(), **FAST)
    assert after.run.workers_kind == "template" and after.report.score == after.report.max_score


@needs_own_user
def test_the_instructor_report_says_which_workers_graded(grade_with_limits, monkeypatch):
    source = reference_source("01_data", "tensors.py").encode()
    forked = grade_with_limits("01_data", "forked", source, **FAST)
    assert forked.report.workers == "template"
    assert any(note.startswith("workers: forked from the warm template") for note in forked.report.instructor_notes)
    monkeypatch.setenv(template.WORKERS_VARIABLE, "fresh")
    fresh = grade_with_limits("01_data", "fresh", source, **FAST)
    assert fresh.report.workers == "fresh"
    assert "workers: fresh interpreters, one per worker: KERAS_COURSE_WORKERS=fresh" in fresh.report.instructor_notes
    assert fresh.report.to_dict()["workers"] == "fresh"
    assert [c.points for c in fresh.report.checks] == [c.points for c in forked.report.checks]


def test_fork_is_used_only_where_it_keeps_isolation(monkeypatch):
    monkeypatch.delenv(template.WORKERS_VARIABLE, raising=False)
    assert template.choice("full") == (True, "")
    assert template.choice("uid") == (True, "")
    use, why = template.choice("none")
    assert not use and "environment tag" in why
    monkeypatch.setattr(template.sys, "platform", "darwin")
    assert template.choice("full") == (False, "forking a warm template is used on Linux only")


def test_the_course_can_ask_for_fresh_workers_and_the_environment_overrides_it(monkeypatch):
    monkeypatch.delenv(template.WORKERS_VARIABLE, raising=False)
    assert template.choice("full", "fresh") == (False, "course.yml sets grading.workers: fresh")
    assert template.choice("full", "template") == (True, "")
    monkeypatch.setenv(template.WORKERS_VARIABLE, "auto")  # one run's override of the course's setting
    assert template.choice("full", "fresh") == (True, "")
    monkeypatch.setenv(template.WORKERS_VARIABLE, "fresh")
    assert template.choice("full", "template") == (False, f"{template.WORKERS_VARIABLE}=fresh")


def test_grading_workers_in_course_yml_must_be_template_or_fresh(tmp_path):
    import yaml

    from autograder.course import DEFAULT_COURSE_FILE, CourseConfigError, load_course

    raw = yaml.safe_load(DEFAULT_COURSE_FILE.read_text())
    assert load_course(DEFAULT_COURSE_FILE).grading.workers == "template"
    raw["grading"]["workers"] = "pool"
    (tmp_path / "course.yml").write_text(yaml.safe_dump(raw))
    with pytest.raises(CourseConfigError, match="grading.workers") as error:
        load_course(tmp_path / "course.yml")
    assert "'template' or 'fresh'" in str(error.value)
    raw["grading"]["workers"] = "fresh"
    (tmp_path / "course.yml").write_text(yaml.safe_dump(raw))
    assert load_course(tmp_path / "course.yml").grading.workers == "fresh"


def test_a_course_with_fresh_workers_grades_with_fresh_interpreters_and_says_so(course, tmp_path, monkeypatch):
    from autograder.grading import grade_submission

    monkeypatch.delenv(template.WORKERS_VARIABLE, raising=False)
    fresh_course = course.model_copy(update={"grading": course.grading.model_copy(update={"workers": "fresh"})})
    module = tmp_path / "tensors.py"
    module.write_text(reference_source("01_data", "tensors.py"))
    report = grade_submission(fresh_course, fresh_course.assignment("01"), module)
    assert report.workers == "fresh" and report.score == report.max_score
    assert "workers: fresh interpreters, one per worker: course.yml sets grading.workers: fresh" \
        in report.instructor_notes


def test_a_template_that_cannot_start_means_fresh_workers_and_says_why(tmp_path, monkeypatch):
    from autograder.sandbox import runner

    if MODE == "none":
        pytest.skip("mode none never uses the template")

    def broken(flavour):
        raise template.TemplateError("the warm template did not start: ImportError: no tensorflow")

    monkeypatch.setattr(template, "shared_template", broken)
    module = tmp_path / "tensors.py"
    module.write_text(reference_source("01_data", "tensors.py"))
    run = runner.run_probes(assignment="01_data", module_file=str(module), module_name="tensors",
                            probes=["table_shape.public"], scratch=str(tmp_path), limits=Limits())
    assert run.workers_kind == "fresh"
    assert run.probes["table_shape.public"]["status"] == protocol.OK
    assert any("could not start" in note and "no tensorflow" in note for note in run.notes)


@needs_own_user
def test_a_template_that_cannot_fork_is_a_grader_error_not_a_crash(tmp_path, monkeypatch):
    from autograder.sandbox import runner

    def refused(*args, **kwargs):
        raise template.TemplateError("the warm template did not fork a worker: error BlockingIOError")

    monkeypatch.setattr(template.Template, "launch", refused)
    module = tmp_path / "tensors.py"
    module.write_text(reference_source("01_data", "tensors.py"))
    run = runner.run_probes(assignment="01_data", module_file=str(module), module_name="tensors",
                            probes=["table_shape.public"], scratch=str(tmp_path), limits=Limits())
    assert run.probes["table_shape.public"]["status"] == protocol.GRADER_ERROR
    assert "did not fork" in run.probes["table_shape.public"]["detail"]


@needs_own_user
def test_the_template_starts_with_the_workers_environment_not_the_graders():
    warm = template.shared_template(template.KERAS)
    with open(f"/proc/{warm.process.pid}/environ", "rb") as handle:
        environment = dict(item.split(b"=", 1) for item in handle.read().split(b"\0") if b"=" in item)
    assert environment[b"HOME"].decode() == warm.home
    assert b"KERAS_HOME" not in environment  # the tests' own KERAS_HOME (conftest) stays with the grader
    assert environment[b"PYTHONHASHSEED"] == b"0"
