"""Run one assignment's checks on a variant module in this process (no worker): probe, then judge.

For tests of student-like variants (tests/variants/NN/*.py) whose code is ours, not a student's:
a variant defines only the graded names it rewrites, and only the checks of those names run,
each against the reference solution's probe outcome. Training checks are left out (``skip``).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from autograder.checks.kit.base import ProbeContext, Verdict
from autograder.checks.registry import load_suite

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = Path(__file__).resolve().parent / "variants"
SOLUTION_MODULES = {"01_data": "tensors.py", "02_models": "models.py", "03_compile": "compiling.py",
                    "04_training": "training.py", "05_cnn": "cnn.py", "06_evaluate": "evaluation.py",
                    "07_saving": "saving.py"}


def load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _variant_and_reference(assignment: str, path: Path):
    """Both modules under the module name a worker gives them ("saving"), as in real grading:
    the classes they define are then named alike (saving.SomeModel)."""
    name = Path(SOLUTION_MODULES[assignment]).stem
    return load_module(path, name), load_module(ROOT / "solutions" / assignment / SOLUTION_MODULES[assignment], name)


def variant_files(assignment: str, prefix: str = "") -> list[Path]:
    return sorted((VARIANTS / assignment[:2]).glob(f"{prefix}*.py"))


def judge_variant(assignment: str, path: Path, tmp_path: Path, skip: tuple[str, ...] = (),
                  settings: dict | None = None) -> dict[str, Verdict]:
    """The verdict of every check whose target the variant defines, keyed by check id."""
    suite = load_suite(assignment)
    variant, reference = _variant_and_reference(assignment, path)
    context = ProbeContext(scratch=str(tmp_path), settings=settings or {})
    verdicts = {}
    for check in suite:
        if check.target not in vars(variant) or check.id.startswith(skip):
            continue
        verdicts[check.id] = check.judge(check.probe(variant, context), check.probe(reference, context))
    return verdicts


def grade_variant(assignment: str, path: Path, tmp_path: Path, skip: tuple[str, ...] = (),
                  settings: dict | None = None) -> dict:
    """Like :func:`judge_variant`, but through the grader's own judging (``grading.judge_outcomes``):
    points from course.yml, and a check that repeats an earlier one's mistake points at it.
    Returns ``{check id: CheckResult}``, messages worded."""
    import json
    import traceback

    from autograder.catalog import render_report
    from autograder.course import load_course
    from autograder.grading import judge_outcomes
    from autograder.checks.kit.stand_ins import KEY, stand_in_outcome
    from autograder.results import SubmissionReport

    suite = load_suite(assignment)
    config = load_course().assignment(assignment)
    variant, reference = _variant_and_reference(assignment, path)
    context = ProbeContext(scratch=str(tmp_path), settings=settings or {})

    def once(check, module, context=context) -> dict:
        try:
            return {"status": "ok", "value": json.loads(json.dumps(check.probe(module, context)))}
        except Exception as error:  # noqa: BLE001 - what the worker would report as "raised"
            frames = [{"line": frame.lineno, "function": frame.name, "code": frame.line or ""}
                      for frame in traceback.extract_tb(error.__traceback__) if Path(frame.filename).resolve() == path.resolve()]
            status = "not_implemented" if isinstance(error, NotImplementedError) else "raised"
            return {"status": status, "error_type": type(error).__name__, "error_message": str(error),
                    "student_frames": frames}

    def outcome(check, module) -> dict:
        """As the worker runs a probe: once, then with the check's stand-ins (kit/stand_ins.py)."""
        result = once(check, module)
        if check.stand_ins is not None and result["status"] in ("ok", "raised"):
            alternative = stand_in_outcome(check.stand_ins, module, context, lambda ctx: once(check, module, ctx))
            if alternative is not None:
                result[KEY] = alternative
        return result

    checks = [check for check in suite if check.target in vars(variant) and not check.id.startswith(skip)]
    got = {check.id: outcome(check, variant) for check in checks}
    expected = {check.id: outcome(check, reference) for check in checks}
    configs = [c for c in config.checks if c.id in got]
    report = SubmissionReport(assignment=assignment, title="", submission=path.name,
                              checks=judge_outcomes(config, configs, got, expected))
    render_report(report)
    return {result.id: result for result in report.checks}
