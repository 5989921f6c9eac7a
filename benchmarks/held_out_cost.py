"""Benchmark: what the challenge's held-out measurement costs, in CPU seconds, for each reference.

    .venv/bin/python benchmarks/held_out_cost.py [--assignment 04 05]

In this process (no worker, no sandbox: the reference is the course's own code), for the
challenge of each assignment: the student's side (build, train on the training subset, measure
the first training images and save the model after every epoch: ``challenge_run``), the saving
alone (four more saves of the saved model, loaded back without its optimizer's state: a lower
bound), and the evaluator's side (load the first saved
model with ``safe_mode=True``, the later ones' weights into it, and measure each on the held-out
images: ``measure_saved_models``). CPU time (time.process_time) is this process's own work, so a
machine loaded by others inflates it far less than wall time; both are printed. A grading adds
the evaluator worker's start (a fork of the warm template) to these figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KERAS_COURSE_OFFLINE", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

TARGETS = {"04": ("build_challenge_model", (28, 28)), "05": ("build_challenge_cnn", (28, 28, 1))}


def timed(function, *args):
    cpu, wall = time.process_time(), time.monotonic()
    value = function(*args)
    return value, time.process_time() - cpu, time.monotonic() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", nargs="+", default=list(TARGETS))
    arguments = parser.parse_args()

    import numpy as np

    from autograder.checks.kit.base import ProbeContext
    from autograder.checks.kit.challenge_evaluator import HELD_OUT_FILE, measure_saved_models
    from autograder.checks.kit.challenge_probes import MODELS_FOLDER, challenge_run
    from autograder.course import load_course
    from autograder.held_out import held_out_arrays

    course = load_course()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for number in arguments.assignment:
        assignment = course.assignment(number)
        target, shape = TARGETS[number]
        solution = ROOT / "solutions" / assignment.id / assignment.module
        spec = importlib.util.spec_from_file_location(assignment.module_name, solution)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        budget = assignment.challenge.model_dump()
        with tempfile.TemporaryDirectory() as scratch:
            context = ProbeContext(scratch=scratch, settings={"challenge": budget, "data_dir": None, "data": {}})
            _, train_cpu, train_wall = timed(challenge_run, module, context, target, shape)
            models = Path(scratch) / MODELS_FOLDER
            images, labels = held_out_arrays(None, budget["valid_samples"], solution)
            np.savez(models / HELD_OUT_FILE, images=images, labels=labels)
            evaluator = ProbeContext(scratch=str(models), settings={"epochs": budget["epochs"]})
            result, eval_cpu, eval_wall = timed(measure_saved_models, None, evaluator)
            import keras

            model = keras.saving.load_model(models / "epoch-1.keras", compile=False, safe_mode=True)
            _, save_cpu, save_wall = timed(lambda: [model.save(Path(scratch) / f"again-{n}.keras") for n in range(4)])
        print(f"{assignment.id}: student's worker (build, train, measure, save) {train_cpu:.2f} CPU s "
              f"({train_wall:.1f} s wall), of which saving four models at least {save_cpu:.2f} CPU s "
              f"({save_wall:.1f} s wall); evaluator (load and measure {len(result['epochs'])} models on "
              f"{result['samples']} images) {eval_cpu:.2f} CPU s ({eval_wall:.1f} s wall)")


if __name__ == "__main__":
    main()
