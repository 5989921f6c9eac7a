"""The one result type every verb shares (its Gradescope form is in autograder.exports)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

PASSED, FAILED, ERROR = "passed", "failed", "error"


@dataclass
class CheckResult:
    id: str
    target: str
    call: str  # how the check calls the function, worded (from call_text when the call has words)
    points: float
    max_points: float
    hidden: bool
    status: str  # passed | failed | error (error: the grader, not the student, is at fault)
    message: str  # for the student
    detail: str = ""  # for the instructor only
    probe_status: str = ""  # how the probe ended: ok, raised, timeout, ...
    seconds: float | None = None
    data: dict | None = None  # e.g. learning curves for the feedback page
    text: dict | None = None  # the message as data (catalog id and parameters), worded into `message`
    call_text: dict | None = None  # the call as data when it has words ("... on 25 samples"), worded into `call`
    # the id of the earlier failing check whose mistake this one repeats (kit/causes.py); on a passed
    # check, the one that charges the mistake of a helper both functions share (Verdict.charged_at)
    follows: str = ""
    # graded names this check was judged with course-made stand-ins for, theirs having failed (kit/stand_ins.py)
    stand_ins: list[str] = field(default_factory=list)


@dataclass
class SubmissionReport:
    assignment: str
    title: str
    submission: str  # the name of the submitted path
    checks: list[CheckResult] = field(default_factory=list)
    execution_time: float = 0.0
    notes: list[str] = field(default_factory=list)  # shown to the student
    instructor_notes: list[str] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    public_only: bool = False
    hidden_count: int = 0
    hidden_points: float = 0.0
    data_warning: str = ""  # training checks fell back to the synthetic stand-in (autograder.data_sources)
    # The hidden checks still to come, for the self-check: {"id", "target", "points", "probes"}.
    hidden_checks: list[dict] = field(default_factory=list)
    workers: str = ""  # "template": forked from the warm template; "fresh": new interpreters (autograder.sandbox)
    graded_by: str = ""
    language: str = "en"  # the language its student-facing text is worded in (autograder/language.py)  # the Dask worker that graded it (grade --cluster); empty when graded on this machine

    @property
    def score(self) -> float:
        return round(sum(c.points for c in self.checks), 4)

    @property
    def max_score(self) -> float:
        return round(sum(c.max_points for c in self.checks), 4)

    @property
    def grader_errors(self) -> list[CheckResult]:
        return [c for c in self.checks if c.status == ERROR]

    def to_dict(self) -> dict:
        data = asdict(self)
        data.update(score=self.score, max_score=self.max_score)
        return data
