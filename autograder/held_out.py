"""The challenge's held-out measurement (04, 05): labels that student code never reaches.

The student's worker builds and trains the challenge model and saves it after every epoch
(:mod:`autograder.checks.kit.challenge_probes`); it is handed only the training files, so the
held-out images and labels are neither in its view nor in its memory. Here, in the trusted grader,
once that worker and all its processes are gone:

1. the held-out images are made ready: the first ``valid_samples`` test images of the real data,
   or, on the synthetic stand-in, test images drawn from a key derived from the reference solution
   (which student code cannot read), so that knowing the generator does not give the labels;
2. a fresh scratch folder gets the saved models (``epoch-N.keras``, regular files only, copied
   under names the grader chooses) and the held-out arrays, and nothing else;
3. a second sandboxed worker (:mod:`autograder.checks.kit.challenge_evaluator`), started without
   the student's module and without the student's files, loads each model with ``safe_mode=True``
   and returns plain numbers;
4. those numbers become the held-out curves of the challenge checks' outcomes, before judging.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import stat
import tempfile
import threading
from pathlib import Path

import numpy as np

from autograder.checks.kit.challenge_evaluator import CHECK_ID, HELD_OUT_FILE, SUITE_ID
from autograder.checks.kit.challenge_probes import MODELS_FOLDER, epoch_file
from autograder.course import AssignmentConfig, Course
from autograder.data_sources import DataResolution
from autograder.datasets import FILES, synthetic_fashion_mnist
from autograder.idx import read_idx
from autograder.sandbox import protocol
from autograder.sandbox.limits import Limits
from autograder.sandbox.runner import RunOutcome, run_probes

MAX_MODEL_BYTES = 64 * 2**20  # one saved model; a challenge model within its budget is about 1.5 MB
_arrays: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
_arrays_lock = threading.Lock()


def synthetic_key(solution: Path) -> int:
    """The synthetic held-out set's key: from the reference solution's bytes, so the same course
    gives the same held-out images on every machine, and student code (which cannot read the
    solutions) cannot make them."""
    digest = hashlib.sha256(b"keras-course held-out images\0" + solution.read_bytes()).digest()
    return int.from_bytes(digest[:8], "big")


def held_out_arrays(data: DataResolution | None, n_valid: int, solution: Path) -> tuple[np.ndarray, np.ndarray]:
    """The held-out images (uint8, (n, 28, 28)) and labels, made once per process."""
    if data is not None and data.real:
        key: tuple = ("real", str(data.folder), tuple(sorted(data.digests.items())), n_valid)
    else:
        key = ("synthetic", synthetic_key(solution), n_valid)
    with _arrays_lock:
        if key not in _arrays:
            if key[0] == "real":
                images = read_idx(data.folder / FILES["x_test"])[:n_valid]
                labels = read_idx(data.folder / FILES["y_test"])[:n_valid]
            else:
                synthetic = synthetic_fashion_mnist(0, n_valid, test_key=key[1])
                images, labels = synthetic.x_test, synthetic.y_test
            _arrays[key] = (np.ascontiguousarray(images, dtype=np.uint8), np.ascontiguousarray(labels, dtype=np.uint8))
        return _arrays[key]


def _copy_model(source_folder: int, name: str, target: Path) -> bool:
    """Copy one saved model, a regular file of a sane size, never through a link."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=source_folder)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_MODEL_BYTES:
            return False
        with os.fdopen(os.dup(fd), "rb") as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy)
        return True
    finally:
        os.close(fd)


def _copy_models(student_scratch: Path, target: Path, epochs: int) -> int:
    try:
        folder = os.open(student_scratch / MODELS_FOLDER, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return 0
    try:
        return sum(_copy_model(folder, epoch_file(epoch), target / epoch_file(epoch)) for epoch in range(1, epochs + 1))
    finally:
        os.close(folder)


def note_training_progress(run: RunOutcome, student_scratch: Path, epochs: int) -> None:
    """A challenge check stopped by a time budget learns how far the grader's training had got.

    The worker creates the models folder only once the model has passed the budget and starts
    training, and saves a model into it after every epoch; so the folder says that training was
    running, and its files how many epochs had ended (``training`` in the outcome, which
    :func:`autograder.checks.kit.challenge.training_stopped` words). Student code could change the
    folder, which would change only its own message."""
    stopped = [check_id for check_id, outcome in run.probes.items()
               if check_id.startswith("challenge.") and outcome.get("status") == protocol.TIMEOUT]
    if not stopped:
        return
    try:
        folder = os.open(student_scratch / MODELS_FOLDER, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return  # not training: stopped before (building the model) or after the folder was removed
    try:
        names = set(os.listdir(folder))
    finally:
        os.close(folder)
    done = sum(epoch_file(epoch) in names for epoch in range(1, epochs + 1))
    for check_id in stopped:
        run.probes[check_id] = {**run.probes[check_id], "training": {"epochs_done": done, "epochs": epochs}}


def _trained(outcome: dict) -> bool:
    value = outcome.get("value")
    return outcome.get("status") == protocol.OK and isinstance(value, dict) and "saved_epochs" in value


def _evaluator_limits(assignment: AssignmentConfig) -> Limits:
    """The assignment's limits; the evaluator's probe gets the challenge's own time budget (it loads
    and measures a model per epoch, the grader's work, not the student's)."""
    limits = assignment.limits()
    return dataclasses.replace(limits, check_overrides={CHECK_ID: limits.seconds_for("challenge.accuracy")})


def measure_held_out(course: Course, assignment: AssignmentConfig, run: RunOutcome, student_scratch: Path,
                     data: DataResolution | None, solution: Path, *, reference: bool = False) -> None:
    """Measure the challenge models ``run`` trained on the held-out images, in the evaluator, and put
    the numbers into the challenge checks' outcomes (``run.probes``, changed in place).

    For the ``reference`` solution anything short of a measurement is the grader's failure: its
    outcomes become grader errors (never cached, never a pass mark of zero)."""
    ids = [check_id for check_id, outcome in run.probes.items() if _trained(outcome)]
    if not ids or assignment.challenge is None:
        return
    budget = assignment.challenge
    scratch = Path(tempfile.mkdtemp(prefix=f"kgrade-{assignment.number}-held-out-"))
    try:
        copied = _copy_models(student_scratch, scratch, budget.epochs)
        if copied:
            images, labels = held_out_arrays(data, budget.valid_samples, solution)
            np.savez(scratch / HELD_OUT_FILE, images=images, labels=labels)
            evaluation = run_probes(assignment=assignment.id, suite=SUITE_ID, module_file=None, module_name="",
                                    probes=[CHECK_ID], scratch=str(scratch), limits=_evaluator_limits(assignment),
                                    settings={"epochs": budget.epochs}, workers=course.grading.workers)
            run.notes.extend(f"held-out evaluator: {note}" for note in evaluation.notes)
            run.notes.append(f"held-out evaluator: {copied} saved model(s) measured on {len(labels)} held-out images "
                             f"in {evaluation.seconds:.1f} s (a worker that imported no student module)")
            measured = evaluation.probes.get(CHECK_ID, {"status": protocol.NOT_RUN})
        else:  # nothing to measure: the files were deleted or never written
            measured = {"status": protocol.OK, "value": {"epochs": [{"missing": True}] * budget.epochs}}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for check_id in ids:
        run.probes[check_id] = merge(run.probes[check_id], measured, budget.max_params)
        stage = (run.probes[check_id].get("value") or {}).get("stage")
        if reference and stage in ("load", "held_out"):
            run.probes[check_id] = {"status": protocol.GRADER_ERROR,
                                    "reason": "the reference's challenge model could not be measured on the held-out "
                                              "images", "detail": str(run.probes[check_id]["value"].get("held_out")
                                                                      or run.probes[check_id]["value"].get("raised"))}


def merge(outcome: dict, measured: dict, max_params: int) -> dict:
    """The challenge outcome with the evaluator's numbers: held-out curves, or why there are none."""
    value = dict(outcome["value"])
    if measured.get("status") == protocol.GRADER_ERROR:
        return {**measured, "reason": f"the held-out evaluator: {measured.get('reason', '')}"}
    if measured.get("status") != protocol.OK:
        value["stage"] = "held_out"
        value["held_out"] = _why_not_measured(measured)
        return {**outcome, "value": value}
    value["held_out_seconds"] = measured.get("seconds")
    epochs = measured["value"].get("epochs") or []
    errors = [epoch["error"] for epoch in epochs if "error" in epoch]
    if errors:
        value["stage"] = "load"
        value["raised"] = errors[0]
        return {**outcome, "value": value}
    missing = [number for number, epoch in enumerate(epochs, start=1) if "missing" in epoch]
    if missing or not epochs:
        value["stage"] = "held_out"
        value["held_out"] = {"status": "missing", "reason": "missing",
                             "params": {"epoch": (missing or [1])[0]}}
        return {**outcome, "value": value}
    params = max([int(epoch.get("params") or 0) for epoch in epochs] + [value.get("params", 0)])
    if params > max_params:  # the files are not the model the budget was checked on
        value["params"] = params
    curves = dict(value.get("curves") or {})
    curves["val_accuracy"] = [epoch.get("accuracy") for epoch in epochs]
    curves["val_loss"] = [epoch.get("loss") for epoch in epochs]
    value["curves"] = curves
    if epochs and epochs[-1].get("probabilities") is not None:
        value["probabilities"] = epochs[-1]["probabilities"]
    return {**outcome, "value": value}


def _why_not_measured(measured: dict) -> dict:
    """Why the evaluator gave no numbers: a reason (missing, timeout, memory, ended) and its numbers,
    which the judge words (kit/challenge.py)."""
    status = measured.get("status")
    if status == protocol.TIMEOUT:
        return {"status": status, "reason": "timeout",
                "params": {"seconds": measured.get("seconds_limit") or 0}}
    if status == protocol.MEMORY:
        return {"status": status, "reason": "memory", "params": {"memory_mb": measured.get("memory_mb")}}
    return {"status": status, "reason": "ended", "params": {"status": str(status)}}
