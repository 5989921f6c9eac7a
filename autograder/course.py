"""``course.yml``: the course's typed configuration, validated when it is loaded.

Unknown or misspelt keys are rejected with a suggestion, so that a typo such as ``pionts`` never
silently turns into a default.
"""

from __future__ import annotations

import difflib
import os
import typing
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from autograder.sandbox.limits import Limits

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_COURSE_FILE = REPO_ROOT / "course.yml"


class CourseConfigError(ValueError):
    """course.yml is missing, unreadable or does not match the schema."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckConfig(_Strict):
    id: str
    points: float = Field(ge=0)
    hidden: bool = False
    seconds: float | None = Field(default=None, gt=0, description="this check's own time budget (wall clock; "
                                                                   "its ceiling when cpu_seconds is set)")
    cpu_seconds: float | None = Field(default=None, gt=0,
                                      description="time this check in CPU seconds of the worker's processes "
                                                  "(the grader's training: fair on a busy machine)")
    probes: str | None = Field(default=None, description="a hidden check's case in a few words, without its "
                                                         "arguments; the self-check lists it")

    @model_validator(mode="after")
    def _cpu_timed_needs_a_ceiling(self) -> "CheckConfig":
        if self.cpu_seconds is not None and self.seconds is None:
            raise ValueError(f"check {self.id!r} is timed in CPU seconds (cpu_seconds: {self.cpu_seconds:g}): give it "
                             "seconds: too, its wall-clock ceiling, so that code that sleeps still ends")
        return self


class Budgets(_Strict):
    """What one submission may use; enforced from outside student code (autograder/sandbox/limits.py)."""

    import_seconds: float = Field(default=30, gt=0)
    check_seconds: float = Field(default=30, gt=0)
    total_seconds: float = Field(default=300, gt=0)
    memory_mb: int = Field(default=3072, gt=64)
    max_processes: int = Field(default=Limits.max_processes, ge=64,
                               description="processes and threads of the sandbox user (TensorFlow starts dozens)")
    printed_mb: int = Field(default=Limits.printed_mb, gt=0,
                            description="stdout and stderr together, passed on before the rest is dropped")
    file_mb: int = Field(default=Limits.file_mb, gt=0, description="the largest file student code may write")
    disk_mb: int = Field(default=Limits.disk_mb, gt=0, description="all it may leave in its scratch folder")


class TrainingBudget(_Strict):
    """How the student's and the reference model are trained for an accuracy check."""

    train_samples: int = Field(gt=0)
    valid_samples: int = Field(gt=0)
    epochs: int = Field(gt=0)
    batch_size: int = Field(gt=0)
    seed: int = 0
    margin: float = Field(ge=0, le=1, description="how far below the reference accuracy still passes")


class ChallengeBudget(TrainingBudget):
    """An outcome-graded challenge (04, 05): the student's own model, trained by the grader.

    The grader checks the parameter budget, then trains the model itself (the training budget's
    epochs, batch size and subset, seeded) and measures its accuracy on ``valid_samples`` held-out
    test images the student's code is never given with their labels. Full points from the
    reference's accuracy minus ``margin``; the ``challenge.close`` points from the reference's
    accuracy minus twice the margin.
    """

    max_params: int = Field(gt=0, description="the most parameters (count_params) the model may have")


class AssignmentConfig(_Strict):
    id: str = Field(pattern=r"^\d\d_[a-z0-9_]+$")
    title: str
    module: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*\.py$")
    budgets: Budgets = Budgets()
    training: TrainingBudget | None = None
    challenge: ChallengeBudget | None = None
    checks: list[CheckConfig]

    @field_validator("checks")
    @classmethod
    def _unique_ids(cls, checks: list[CheckConfig]) -> list[CheckConfig]:
        seen: set[str] = set()
        for check in checks:
            if check.id in seen:
                raise ValueError(f"check id {check.id!r} is listed twice")
            seen.add(check.id)
        return checks

    @property
    def number(self) -> str:
        return self.id[:2]

    @property
    def module_name(self) -> str:
        return self.module[:-3]

    @property
    def max_points(self) -> float:
        return sum(check.points for check in self.checks)

    def limits(self) -> Limits:
        return Limits(
            import_seconds=self.budgets.import_seconds,
            check_seconds=self.budgets.check_seconds,
            total_seconds=self.budgets.total_seconds,
            memory_mb=self.budgets.memory_mb,
            max_processes=self.budgets.max_processes,
            printed_mb=self.budgets.printed_mb,
            file_mb=self.budgets.file_mb,
            disk_mb=self.budgets.disk_mb,
            check_overrides={c.id: c.seconds for c in self.checks if c.seconds is not None},
            cpu_overrides={c.id: c.cpu_seconds for c in self.checks if c.cpu_seconds is not None},
        )


class DataConfig(_Strict):
    """Where grading finds Fashion-MNIST (autograder/data_sources.py); ``keras`` is the old name of ``download``."""

    source: Literal["auto", "idx", "cache", "download", "keras", "synthetic"] = "auto"
    idx_dir: str | None = Field(default=None, description="folder with the four Fashion-MNIST IDX .gz files")
    mirror: str | None = Field(default=None, pattern=r"^https?://",
                               description="where to download from instead of Keras's host (data fetch --mirror)")
    require_real: bool = Field(default=False, description="refuse to grade training checks on the synthetic stand-in")


class GradingConfig(_Strict):
    hidden_visibility: Literal["hidden", "after_due_date", "after_published", "visible"] = "after_published"
    workers: Literal["template", "fresh"] = Field(
        default="template", description="template: fork every worker from a warm template where that keeps "
                                        "isolation whole; fresh: a new interpreter for every worker")


class ColabConfig(_Strict):
    repository: str | None = Field(default=None, description="a Git URL Colab can clone the course from; "
                                                             "unset: the notebooks say Colab is not set up")
    folder: str = Field(default="/content/keras-course", description="where Colab keeps the clone")


class NotebooksConfig(_Strict):
    colab: ColabConfig = ColabConfig()


class CompareConfig(_Strict):
    """``check NN --compare NAME``: the reference beside the student's code, for self-learners.

    Never in ``grade``. Shown once the name passes its public checks, or after ``after_failures``
    failing self-checks of it (autograder/compare.py). ``in_release: false`` makes ``release``
    leave the reference code out of ``assignments/`` (no ``compare.json``), so that a student
    release cannot show it.
    """

    enabled: bool = True
    after_failures: int = Field(default=3, ge=0)
    in_release: bool = True


class Course(_Strict):
    name: str
    language: Literal["en", "zh"] = Field(
        default="en", description="the language of students' feedback (autograder/language.py): en or zh; "
                                  "--lang and KERAS_COURSE_LANG override it")
    data: DataConfig = DataConfig()
    grading: GradingConfig = GradingConfig()
    notebooks: NotebooksConfig = NotebooksConfig()
    compare: CompareConfig = CompareConfig()
    assignments: list[AssignmentConfig]

    @model_validator(mode="after")
    def _unique_assignments(self) -> "Course":
        ids = [a.id for a in self.assignments]
        numbers = [a.number for a in self.assignments]
        if len(set(ids)) != len(ids) or len(set(numbers)) != len(numbers):
            raise ValueError("assignment ids and their two-digit numbers must be unique")
        return self

    def assignment(self, name: str) -> AssignmentConfig:
        """Find an assignment by ``01``, ``1`` or ``01_data``; raises KeyError with a suggestion."""
        wanted = name.strip()
        for assignment in self.assignments:
            if wanted in (assignment.id, assignment.number) or (
                    wanted.isdigit() and int(wanted) == int(assignment.number)):
                return assignment
        known = [a.id for a in self.assignments]
        close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.5)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise KeyError(f"no assignment {wanted!r} in the course.{hint} Known: {', '.join(known)}.")

    def idx_dir(self) -> str | None:
        return os.environ.get("KERAS_COURSE_DATA") or self.data.idx_dir


# -- loading -------------------------------------------------------------------------------------

def _allowed_keys(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def _model_at(location: tuple) -> type[BaseModel] | None:
    """The section model at a validation error's location (list positions skipped), walked from
    the fields of :class:`Course`, so that every section, present and future, is covered."""
    model: type[BaseModel] | None = Course
    for part in location:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if model else None
        model = _model_in(field.annotation) if field else None
    return model


def _model_in(annotation) -> type[BaseModel] | None:
    """The model inside an annotation such as ``Budgets``, ``list[CheckConfig]`` or ``X | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _explain(error: ValidationError, source: str) -> str:
    lines = []
    for item in error.errors():
        location = item["loc"]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in location).lstrip(".") or "top level"
        if item["type"] == "extra_forbidden":
            key = str(location[-1])
            model = _model_at(tuple(location[:-1]))
            allowed = _allowed_keys(model) if model else []
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            lines.append(f"{where}: unknown key {key!r}.{hint} Allowed here: {', '.join(allowed)}.")
        else:
            lines.append(f"{where}: {item['msg']} (got {item.get('input')!r}).")
    return f"{source} is not valid:\n  " + "\n  ".join(lines)


def load_course(path: str | os.PathLike | None = None) -> Course:
    """Read and validate ``course.yml``; errors name the key, the problem and the fix."""
    file = Path(path) if path else DEFAULT_COURSE_FILE
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseConfigError(f"course file not found: {file}") from None
    except yaml.YAMLError as error:
        raise CourseConfigError(f"{file.name} is not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise CourseConfigError(f"{file.name} must be a mapping with 'name' and 'assignments'")
    try:
        course = Course.model_validate(raw)
    except ValidationError as error:
        raise CourseConfigError(_explain(error, file.name)) from None
    _check_against_suites(course, file.name)
    return course


def _check_against_suites(course: Course, source: str) -> None:
    """Every configured check must exist in code, and every coded check must be configured."""
    from autograder.checks.registry import SUITE_MODULES, load_suite

    problems = []
    for assignment in course.assignments:
        if assignment.id not in SUITE_MODULES:
            problems.append(f"{assignment.id}: no check suite exists for this assignment")
            continue
        suite = load_suite(assignment.id)
        configured = [c.id for c in assignment.checks]
        for check_id in configured:
            if check_id not in suite:
                close = difflib.get_close_matches(check_id, suite.ids(), n=1, cutoff=0.6)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                problems.append(f"{assignment.id}: check {check_id!r} is not defined in the grader.{hint}")
        for check_id in suite.ids():
            if check_id not in configured:
                problems.append(f"{assignment.id}: check {check_id!r} exists but has no points in {source}")
    if problems:
        raise CourseConfigError(f"{source} does not match the grader's checks:\n  " + "\n  ".join(problems))
