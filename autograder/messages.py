"""Student-facing messages for probes that did not return a value, as catalog messages (data).

Each says what happened, where in the student's file when the grader knows, and what to do
about it; :mod:`autograder.catalog` words them at the end (in a file's or a notebook's terms).
The instructor's details (tracebacks, exit codes, peak memory) go elsewhere.
"""

from __future__ import annotations

from autograder.catalog import Message, SourceFile, SourceLine, msg
from autograder.checks.kit.advice import error_advice, raised_advice
from autograder.checks.kit.outcomes import ProbeOutcome
from autograder.sandbox import protocol


def _at(outcome: dict, module: str) -> Message | None:
    """Where the student's code was: its last frame in the student's module, or None."""
    frames = outcome.get("student_frames") or []
    if not frames:
        return None
    last = frames[-1]
    line = SourceLine(module, last["line"])
    if last.get("code"):
        return msg("where.at_code", line=line, function=last["function"], code=last["code"])
    return msg("where.at", line=line, function=last["function"])


def _where(outcome: dict, module: str) -> Message | str:
    """`` (line 3 of tensors.py, in f: `code`)``, or nothing."""
    at = _at(outcome, module)
    return msg("where.paren", at=at) if at else ""


def _names(outcome: dict) -> Message:
    names = outcome.get("names") or []
    if not names:
        return msg("names.unknown")
    shown = ", ".join(names[:5])
    return msg("names.more", names=shown, more=len(names) - 5) if len(names) > 5 else msg("names.list", names=shown)


def _raised_advice(outcome: dict) -> Message:
    """The advice for what the student's code raised: rows of the kit's advice table (kit/advice.py)."""
    frames = outcome.get("student_frames") or []
    code = frames[-1].get("code", "") if frames else ""
    return raised_advice({"type": outcome.get("error_type"), "message": outcome.get("error_message", ""),
                          "code": code})


def not_returned(call: str, target: str, module: str, outcome: ProbeOutcome) -> Message:
    status = outcome.get("status")
    while_idle = msg("probe.while_idle") if outcome.get("between_probes") else ""
    source = SourceFile(module)
    if status == protocol.NOT_IMPLEMENTED:
        return msg("probe.not_implemented", target=target, module=source)
    if status == protocol.MISSING:
        return msg("probe.missing", target=target, module=source)
    if status == protocol.RAISED:
        return msg("probe.raised", call=call, error_type=outcome.get("error_type"),
                   error_message=outcome.get("error_message", ""), where=_where(outcome, module),
                   advice=_raised_advice(outcome))
    if status == protocol.TIMEOUT:
        at = _at(outcome, module)
        # "Look for a loop" only on evidence: a line of the student's was running when it was stopped
        advice = "" if while_idle else msg("probe.timeout.look_for_loop") if at else msg("probe.timeout.not_your_line")
        return msg("probe.timeout", call=call, budget=_timeout_budget(outcome), while_idle=while_idle,
                   stopped_at=msg("probe.timeout.stopped_at", at=at) if at else "", advice=advice)
    if status == protocol.MEMORY:
        return msg("probe.memory", call=call, memory_mb=outcome.get("memory_mb"), while_idle=while_idle)
    if status == protocol.CRASHED:
        return msg("probe.crashed", call=call, crash=_crash_text(outcome), while_idle=while_idle)
    if status == protocol.TAMPERED:
        return msg("probe.tampered", call=call, names=_names(outcome))
    if status == protocol.UNREADABLE:
        return msg("probe.unreadable", call=call)
    if status == protocol.NOT_RUN:
        reason = outcome["reason"] if "reason" in outcome else msg("probe.not_run.earlier")
        return msg("probe.not_run", call=call, reason=reason)
    if status == protocol.GRADER_ERROR:
        return msg("probe.grader_error")
    return msg("probe.no_value", call=call, status=str(status))


def _timeout_budget(outcome: dict) -> Message:
    """Which of the grader's clocks ran out: the check's CPU seconds, the submission's total, its wall clock."""
    stopped_by, limit = outcome.get("stopped_by"), outcome.get("seconds_limit")
    if stopped_by == "cpu" and outcome.get("cpu_seconds_limit"):
        return msg("probe.timeout.cpu_budget", limit=outcome["cpu_seconds_limit"])
    if stopped_by == "total" and outcome.get("total_seconds_limit"):
        return msg("probe.timeout.total_budget", limit=outcome["total_seconds_limit"])
    return msg("probe.timeout.budget", limit=limit) if limit else msg("probe.timeout.in_time")


_CRASHES = {  # cause -> what happened and what to do
    protocol.CAUSE_EXIT: lambda reason: msg("crash.exit", reason=reason),
    protocol.CAUSE_SEGFAULT: lambda reason: msg("crash.segfault", reason=reason),
    protocol.CAUSE_DISK: lambda reason: msg("crash.disk", reason=reason),
    protocol.CAUSE_OUTPUT: lambda reason: msg("crash.output", reason=reason),
    protocol.CAUSE_CHANNEL: lambda reason: msg("crash.channel", reason=reason),
}


def _crash_text(outcome: dict) -> Message:
    reason = outcome["reason"] if "reason" in outcome else msg("crash.unexpected")
    crash = _CRASHES.get(outcome.get("cause"), lambda reason: msg("crash.other", reason=reason))
    return crash(reason)


def output_dropped(kept_bytes: int, dropped_bytes: int, budget_mb: int) -> Message:
    """Output is not a crime: what the grader kept of a flood of output, and what it dropped."""
    printed = kept_bytes + dropped_bytes
    # Past the budget the worker drops output unsent (sandbox/attribution.py); its last buffer may
    # not have reached the grader, hence "near the budget" means it was reached.
    amount = (msg("output.more_than", mb=budget_mb) if printed >= 0.95 * budget_mb * 2**20
              else msg("output.megabytes", mb=round(printed / 2**20, 1)))
    return msg("note.output_dropped", printed=amount, kept_kb=max(1, round(kept_bytes / 1024)))


def dataset_loaded_at_import(test_images: int) -> Message:
    """The module calls fashion_mnist.load_data() at import: the grader handed it the course's copy."""
    return msg("note.dataset_at_import", test_images=test_images)


def import_failure(module: str, error: ProbeOutcome) -> Message:
    status = error.get("status")
    source = SourceFile(module)
    where = _where(error, module)
    if status == protocol.TIMEOUT:
        at = _at(error, module)
        return msg("import.timeout", module=source, limit=error.get("seconds_limit", 0),
                   stopped_at=msg("import.timeout.stopped_at", at=at) if at else "")
    if status == protocol.MEMORY:
        return msg("import.memory", module=source, memory_mb=error.get("memory_mb"))
    if status == protocol.CRASHED:
        return msg("import.crashed", module=source, crash=_crash_text(error))
    kind = error.get("error_type") or msg("import.an_error")
    text = error.get("error_message", "")
    if kind == protocol.TAMPERING_ERROR:
        return msg("import.tampered", module=source, names=_names(error))
    if kind in ("SystemExit", "KeyboardInterrupt"):
        return msg("import.exit", module=source, error_type=kind, where=where)
    if kind == "SyntaxError" and ("utf-8" in text or "unicode error" in text or "UTF-8" in text):
        return msg("import.not_utf8", module=source, error_type=kind, error_message=text, where=where)
    if kind in ("SyntaxError", "IndentationError", "TabError"):
        return msg("import.syntax", module=source, error_type=kind, error_message=text, where=where)
    advice = error_advice({"type": kind, "message": text})
    if advice:  # a known habit (tf.keras, Keras 2 arguments): say what to write instead
        return msg("import.raised_advice", module=source, error_type=kind, error_message=text, where=where,
                   advice=advice)
    return msg("import.raised", module=source, error_type=kind, error_message=text, where=where,
               run_it=msg("import.run_it", module=source))
