"""Student code sees only its own work: the allow-list view of mode full (autograder/sandbox/view.py).

The attack it answers: during a class run, a submission that defines nothing searches the machine
for a classmate's module in the class folder (kept outside /tmp, readable by others, as
instructors keep classes), runs it, and earns the classmate's points. These tests plant a class
and other files where an instructor's machine has them (/srv, /home, /opt, a top-level data
folder), grade through the real engine, and remove everything afterwards.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.batch import grade_class
from autograder.course import REPO_ROOT
from autograder.discovery import discover
from autograder.sandbox import isolation, protocol, view, worker
from autograder.sandbox.limits import Limits
from autograder.sandbox.runner import run_probes
from conftest import needs_full, reference_source

HOSTILE = Path(__file__).parent / "hostile"
FULL_MARKS = 27


@dataclass
class Machine:
    class_folder: Path  # /srv/kgrade-class-<id>/<student>/tensors.py, readable by others
    planted: list[Path]  # files under /home, /srv, /opt and in a top-level data folder
    data_folder: Path


def _readable_by_others(path: Path) -> None:
    os.chmod(path, 0o755 if path.is_dir() else 0o644)


@pytest.fixture
def machine():
    """A class and planted files where an instructor's machine keeps them; all removed after."""
    if os.geteuid() != 0:
        pytest.skip("planting files under /srv, /home and /opt needs root")
    tag = uuid.uuid4().hex[:8]
    created: list[Path] = []
    try:
        class_folder = Path("/srv") / f"kgrade-class-{tag}"
        created.append(class_folder)
        for student, source in (("alice", reference_source("01_data", "tensors.py")),
                                ("mallory", (HOSTILE / "copy_classmate.py").read_text()),
                                ("reader", hostile_source("read_machine"))):
            (class_folder / student).mkdir(parents=True)
            (class_folder / student / "tensors.py").write_text(source, encoding="utf-8")
        planted = []
        for folder in ("/home", "/srv", "/opt"):
            if os.path.isdir(folder):
                path = Path(folder) / f"kgrade-planted-{tag}.txt"
                path.write_text("planted: the instructor's notes\n")
                created.append(path)
                planted.append(path)
        data_folder = Path("/") / f"kgrade-data-{tag}"
        created.append(data_folder)
        data_folder.mkdir()
        (data_folder / "grades-2025.csv").write_text("student,score\nalice,27\n")
        planted.append(data_folder / "grades-2025.csv")
        for path in created:
            for inner in [path, *(path.rglob("*") if path.is_dir() else [])]:
                _readable_by_others(inner)
        yield Machine(class_folder, planted, data_folder)
    finally:
        for path in created:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            elif path.exists():
                path.unlink()


def absent_folders() -> set[str]:
    """Top-level folders the view must not hold, but for the way to Python (a checkout or venv
    under /home, as on CI runners, brings /home with that way alone)."""
    needed = {os.path.realpath(p).split(os.sep)[1] for p in (sys.prefix, sys.base_prefix)}
    return {"home", "srv", "opt", "mnt", "media"} - needed


def hostile_source(name: str) -> str:
    raw = (HOSTILE / f"{name}.py").read_text(encoding="utf-8")
    base = raw.split("\n", 1)[0].removeprefix("# base:").strip()
    return raw if base == "none" else reference_source("01_data", "tensors.py") + "\n\n" + raw


def _probe(tmp_path: Path, body: str, *, seconds: float = 10.0, settings: dict | None = None):
    """Run ``table_shape`` defined by ``body`` (its value: what the function returns) in a worker."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    module = scratch / "tensors.py"
    module.write_text("import os\n\ndef table_shape(n_samples, n_features):\n"
                      + "".join(f"    {line}\n" for line in body.strip().splitlines()))
    run = run_probes(assignment="01_data", module_file=str(module), module_name="tensors",
                     probes=["table_shape.public"], scratch=str(scratch),
                     limits=Limits(check_seconds=seconds, total_seconds=seconds + 60), settings=settings or {})
    outcome = run.probes["table_shape.public"]
    assert outcome["status"] == protocol.OK, outcome
    return eval(outcome["value"]["value"]), run  # noqa: S307 - our own probe's repr


# -- the attack, through a class run -------------------------------------------------------------

@needs_full
def test_a_class_run_gives_no_submission_its_classmates_work(course, machine):
    config = course.assignment("01_data")
    run = grade_class(course, config, discover(machine.class_folder, config), jobs=2)
    reports = {report.submission: report for report in run.graded}
    assert sorted(reports) == ["alice", "mallory", "reader"] and not run.internal_errors
    assert reports["alice"].score == FULL_MARKS
    mallory = reports["mallory"]  # found nothing to copy: every function is missing
    assert mallory.score == 0
    assert {check.probe_status for check in mallory.checks} == {protocol.MISSING}, \
        [(c.id, c.probe_status, c.message) for c in mallory.checks]
    reader = {check.id: check for check in reports["reader"].checks}
    assert "leaks: none" in reader["table_shape.public"].message, reader["sequence_shape.public"].message
    assert reports["reader"].score == FULL_MARKS - 4  # the two reporting functions


@needs_full
def test_planted_files_the_examples_and_the_answers_are_neither_listed_nor_read(grade_with_limits, machine):
    graded = grade_with_limits("01_data", "read_machine", hostile_source("read_machine").encode(),
                               import_seconds=10.0, check_seconds=5.0)
    assert graded.value("table_shape.public") == "leaks: none", graded.value("sequence_shape.public")
    seen = eval(graded.value("sequence_shape.public"))  # noqa: S307 - the fixture's repr
    assert set(seen["found"].values()) == {"empty"} and len(seen["found"]) == 9
    top = set(seen["top"])
    assert not top & (absent_folders() | {machine.data_folder.name}), top
    assert graded.report.score == FULL_MARKS - 4


@needs_full
def test_student_code_still_imports_the_libraries_and_writes_in_its_scratch_folder(tmp_path):
    body = """
import time
started = time.monotonic()
import numpy, tensorflow, keras, matplotlib
import matplotlib.pyplot as plt
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
model.compile(optimizer="adam", loss="mse")
model.fit(numpy.zeros((8, 3)), numpy.zeros((8, 2)), epochs=1, verbose=0)
model.save("model.keras")
figure = plt.figure()
plt.plot([1, 2, 3], label="loss")
plt.legend()
figure.savefig("curve.png")
with open("notes.txt", "w") as handle:
    handle.write("mine")
return repr((sorted(os.listdir(".")), os.path.getsize("model.keras") > 0, os.path.getsize("curve.png") > 0,
             matplotlib.get_configdir(), round(time.monotonic() - started, 1)))
"""
    (files, saved, drawn, config_dir, _seconds), run = _probe(tmp_path, body, seconds=180.0)
    assert run.sandbox == "full"
    assert {"model.keras", "curve.png", "notes.txt", "tensors.py"} <= set(files) and saved and drawn
    assert config_dir == ".matplotlib"  # inside the scratch folder (paths there reach us relative)


@needs_full
def test_the_data_folder_is_readable_but_not_writable_and_its_neighbours_are_gone(tmp_path, machine):
    body = f"""
folder = {str(machine.data_folder)!r}
try:
    open(os.path.join(folder, "mine.txt"), "w")
    wrote = "wrote"
except OSError as error:
    wrote = type(error).__name__
return repr((sorted(os.listdir(folder)), wrote, sorted(os.listdir("/"))))
"""
    settings = {"data_dir": str(machine.data_folder)}  # as the grader hands its staged data over
    (listing, wrote, top), _ = _probe(tmp_path, body, settings=settings)
    assert listing == ["grades-2025.csv"] and wrote == "OSError"
    assert machine.data_folder.name in top and not absent_folders() & set(top)


# -- the plan, wherever the tests run ------------------------------------------------------------

def test_the_view_holds_python_the_scratch_folder_and_the_data_but_no_checkout(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    plan = view.plan_view(str(tmp_path / "scratch"), [str(data)])
    bound = plan.read_only + plan.writable
    assert plan.writable == [os.path.realpath(tmp_path / "scratch")]
    assert any(os.path.realpath(sys.base_prefix).startswith(p) for p in plan.read_only)
    assert any(os.path.realpath(sys.prefix).startswith(p) for p in plan.read_only)
    assert os.path.realpath(data) in plan.read_only
    checkout = os.path.realpath(REPO_ROOT)
    assert not [p for p in bound if checkout.startswith(p) or p.startswith(checkout + os.sep)
                and not p.startswith(os.path.realpath(sys.prefix))], bound
    assert not [p for p in bound if p.split(os.sep)[1] in ("home", "srv", "opt", "mnt", "media")
                and not os.path.realpath(sys.prefix).startswith(p)]


def test_a_folder_is_mounted_before_anything_inside_it(tmp_path):
    plan = view.Plan([str(tmp_path / "checkout" / ".venv"), "/usr/lib"], [str(tmp_path / "kgrade-01-x")])
    order = [path for path, _ in plan.mounts()]
    assert {"/tmp", "/usr/lib", os.path.realpath(tmp_path / "kgrade-01-x")} <= set(order)
    for position, path in enumerate(order):
        assert not [later for later in order[position + 1:] if path.startswith(later.rstrip(os.sep) + os.sep)]
    with pytest.raises(isolation.SandboxError, match="whole file system"):
        view.Plan(["/"], [str(tmp_path)])


def test_links_on_the_way_are_recreated(tmp_path):
    (tmp_path / "usr" / "lib64").mkdir(parents=True)
    (tmp_path / "lib64").symlink_to("usr/lib64")
    links = view.links_on_the_way(str(tmp_path / "lib64" / "ld.so"))
    assert links == {str(tmp_path / "lib64"): "usr/lib64"}


def test_only_the_data_folder_named_by_the_grader_is_bound(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_COURSE_DATA", str(tmp_path / "elsewhere"))
    (tmp_path / "elsewhere").mkdir()
    assert worker.data_paths({"data_dir": str(tmp_path / "staged")}) == []  # absent: nothing to bind
    (tmp_path / "staged").mkdir()
    assert worker.data_paths({"data_dir": str(tmp_path / "staged")}) == [str(tmp_path / "staged")]
    assert worker.data_paths({"data_dir": None, "settings": {"data": {"idx_dir": str(tmp_path)}}}) == []


# -- the modes without a view say what student code could read -----------------------------------

def test_without_namespaces_the_instructor_is_told_what_student_code_could_read(grade_with_limits, monkeypatch):
    monkeypatch.setenv(isolation.MODE_VARIABLE, "none")
    graded = grade_with_limits("01_data", "reference-none", reference_source("01_data", "tensors.py").encode())
    assert graded.run.sandbox == "none" and graded.report.score == FULL_MARKS
    assert isolation.EXPOSED["none"] in graded.report.instructor_notes


def test_in_mode_uid_the_instructor_is_told_that_the_machine_was_readable(grade_with_limits, monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("the uid mode needs root")
    if isolation.unreachable_for_others(isolation.worker_paths()):
        pytest.skip("here the sandbox user cannot reach Python, so the uid mode refuses to run")
    monkeypatch.setenv(isolation.MODE_VARIABLE, "uid")
    graded = grade_with_limits("01_data", "reference-uid", reference_source("01_data", "tensors.py").encode())
    assert graded.run.sandbox == "uid" and graded.report.score == FULL_MARKS
    assert isolation.EXPOSED["uid"] in graded.report.instructor_notes
