"""Student-facing messages for probes that did not return a value.

Each says what happened, where in the student's file, and what to do about it.
"""

from __future__ import annotations

from autograder.sandbox import protocol


def _where(outcome: dict, module: str) -> str:
    frames = outcome.get("student_frames") or []
    if not frames:
        return ""
    last = frames[-1]
    code = f": `{last['code']}`" if last.get("code") else ""
    return f" (line {last['line']} of {module}, in {last['function']}{code})"


def not_returned(call: str, target: str, module: str, outcome: dict) -> str:
    status = outcome.get("status")
    if status == protocol.NOT_IMPLEMENTED:
        return (f"{target} is not implemented yet: it still raises NotImplementedError. Read its "
                f"docstring in {module}, then replace the `raise NotImplementedError` line with your code.")
    if status == protocol.MISSING:
        return (f"{module} has no {target}. Was it renamed or deleted? The grader looks for exactly "
                f"this name, as the assignment defines it.")
    if status == protocol.RAISED:
        return (f"{call} raised {outcome.get('error_type')}: {outcome.get('error_message', '')}"
                f"{_where(outcome, module)}. Fix the error, then check again.")
    if status == protocol.TIMEOUT:
        limit = outcome.get("seconds_limit")
        budget = f" within its time budget of {limit:g} s" if limit else " in time"
        return (f"{call} did not finish{budget}, so it was stopped. Look for a loop that never ends, "
                "input(), sleep(), or far more work than the task needs.")
    if status == protocol.MEMORY:
        return (f"{call} used more than {outcome.get('memory_mb')} MB of memory, so it was stopped. "
                "Look for a huge array or model, or data copied again and again.")
    if status == protocol.CRASHED:
        reason = outcome.get("reason", "it stopped unexpectedly")
        return (f"the process running {call} died: {reason}. Common causes: sys.exit() or os._exit() in "
                "your code, or a crash in native code. Return values instead of exiting.")
    if status == protocol.UNREADABLE:
        return f"{call} returned something the grader could not read back as plain data."
    if status == protocol.NOT_RUN:
        return f"{call} was not run: {outcome.get('reason', 'an earlier problem stopped the grading')}."
    if status == protocol.GRADER_ERROR:
        return ("this check could not be run because of a problem in the grader, not in your code. "
                "Your instructor has the details.")
    return f"{call} did not return a value ({status})."


def import_failure(module: str, error: dict) -> str:
    status = error.get("status")
    if status == protocol.TIMEOUT:
        return (f"importing {module} took longer than {error.get('seconds_limit', 0):g} s, so no check could run. "
                "Move training, downloads and experiments into functions, or under "
                "`if __name__ == \"__main__\":`, so that importing the module only defines things.")
    if status == protocol.MEMORY:
        return f"importing {module} used more than {error.get('memory_mb')} MB of memory, so no check could run."
    if status == protocol.CRASHED:
        return (f"the process importing {module} died ({error.get('reason')}), so no check could run. "
                "Remove sys.exit()/os._exit() calls from the top level of your module.")
    kind = error.get("error_type") or "an error"
    where = _where(error, module)
    text = error.get("error_message", "")
    if kind in ("SystemExit", "KeyboardInterrupt"):
        return (f"{module} raised {kind} while it was being imported{where}, so no check could run. "
                "Do not call exit() or quit() in the module.")
    return (f"{module} could not be imported: {kind}: {text}{where}. No check could run until this is "
            "fixed; run `python " + module + "` yourself to see the full error.")
