"""Student-facing messages for probes that did not return a value.

Each says what happened, where in the student's file when the grader knows, and what to do
about it. The instructor's details (tracebacks, exit codes, peak memory) go elsewhere.
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


def _names(outcome: dict) -> str:
    names = outcome.get("names") or []
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return shown or "something the grader relies on"


def _raised_advice(outcome: dict) -> str:
    kind = outcome.get("error_type")
    text = outcome.get("error_message", "")
    if kind in ("SystemExit", "KeyboardInterrupt"):
        return ("Your code asked Python to stop (sys.exit(), exit(), quit() or KeyboardInterrupt). "
                "Return the value instead.")
    if kind == "EOFError":
        return "The grader gives your code no keyboard input: remove input() calls and use the arguments."
    if kind == "MemoryError":
        return "It ran out of memory: look for a huge array or a list that grows without end."
    if kind == "RecursionError":
        return "A function calls itself without end: check the case that should stop the recursion."
    if kind == "BlockingIOError" or "Resource temporarily unavailable" in text:
        return "It started too many processes or threads; the task needs none."
    if "File too large" in text or "No space left" in text or "Disk quota" in text:
        return "It wrote far more data to files than the task needs."
    if kind == "NotImplementedError":
        return "Replace the `raise NotImplementedError` line with your code."
    return "Fix the error, then check again."


def not_returned(call: str, target: str, module: str, outcome: dict) -> str:
    status = outcome.get("status")
    idle = outcome.get("between_probes")
    while_idle = (" while no check was running, so a thread or process your code left running was the "
                  "cause") if idle else ""
    if status == protocol.NOT_IMPLEMENTED:
        return (f"{target} is not implemented yet: it still raises NotImplementedError. Read its "
                f"docstring in {module}, then replace the `raise NotImplementedError` line with your code.")
    if status == protocol.MISSING:
        return (f"{module} has no {target}. Was it renamed or deleted? The grader looks for exactly "
                f"this name, as the assignment defines it.")
    if status == protocol.RAISED:
        return (f"{call} raised {outcome.get('error_type')}: {outcome.get('error_message', '')}"
                f"{_where(outcome, module)}. {_raised_advice(outcome)}")
    if status == protocol.TIMEOUT:
        limit = outcome.get("seconds_limit")
        budget = f" within its time budget of {limit:g} s" if limit else " in time"
        where = _where(outcome, module).strip()[1:-1]
        at = f" When it was stopped it was at {where}." if where else ""
        return (f"{call} did not finish{budget}{while_idle}, so it was stopped (timeout).{at} Look for a "
                "loop that never ends, input(), sleep(), or far more work than the task needs.")
    if status == protocol.MEMORY:
        return (f"{call} used more than {outcome.get('memory_mb')} MB of memory{while_idle}, so it was "
                "stopped (out of memory). Look for a huge array or model, or data copied again and again.")
    if status == protocol.CRASHED:
        return f"the process running {call} {_crash_text(outcome)}{while_idle}."
    if status == protocol.TAMPERED:
        return (f"{call}: your code replaced {_names(outcome)}, which the grader uses to check your work, "
                "so this check cannot be trusted and scores 0. Do not assign to attributes of numpy, "
                "builtins or the grader's modules; give your own helpers their own names.")
    if status == protocol.UNREADABLE:
        return (f"{call} returned something the grader could not read back as plain data. Return the "
                "kind of value the docstring describes (numbers, tuples, lists, numpy arrays).")
    if status == protocol.NOT_RUN:
        return f"{call} was not run: {outcome.get('reason', 'an earlier problem stopped the grading')}."
    if status == protocol.GRADER_ERROR:
        return ("this check could not be run because of a problem in the grader, not in your code. "
                "Your instructor has the details.")
    return f"{call} did not return a value ({status})."


_CRASHES = {  # cause -> (what happened, what to do)
    protocol.CAUSE_EXIT: ("ended before the check was done", "Your code (or something it called) ended the "
                          "process, for example with os._exit() or sys.exit() in a thread. Return values "
                          "instead of exiting"),
    protocol.CAUSE_SEGFAULT: ("crashed in native code", "Common causes: recursion deeper than the stack allows "
                              "(after sys.setrecursionlimit), or ctypes"),
    protocol.CAUSE_DISK: ("was stopped", "Write only the files the task asks for, and keep them small"),
    protocol.CAUSE_OUTPUT: ("was stopped", "Remove print() calls from loops"),
    protocol.CAUSE_CHANNEL: ("was stopped", "Return the value the docstring describes, nothing bigger"),
}


def _crash_text(outcome: dict) -> str:
    reason = outcome.get("reason", "it stopped unexpectedly")
    happened, advice = _CRASHES.get(outcome.get("cause"), (
        "died", "Common causes: os.kill() or signals in your code, or a crash in native code"))
    return f"{happened}: {reason}. {advice}"


def import_failure(module: str, error: dict) -> str:
    status = error.get("status")
    where = _where(error, module)
    if status == protocol.TIMEOUT:
        at = f" It was at {where.strip()[1:-1]} when it was stopped." if where else ""
        return (f"importing {module} took longer than {error.get('seconds_limit', 0):g} s, so no check "
                f"could run (timeout).{at} Move training, downloads and experiments into functions, or "
                "under `if __name__ == \"__main__\":`, so that importing the module only defines things.")
    if status == protocol.MEMORY:
        return (f"importing {module} used more than {error.get('memory_mb')} MB of memory, so no check "
                "could run (out of memory). Do not build big arrays or models at the top level of the module.")
    if status == protocol.CRASHED:
        return (f"the process importing {module} {_crash_text(error)}, so no check could run. Remove "
                "sys.exit()/os._exit() calls and experiments from the top level of your module.")
    kind = error.get("error_type") or "an error"
    text = error.get("error_message", "")
    if kind == protocol.TAMPERING_ERROR:
        return (f"while {module} was being imported it replaced {_names(error)}, which the grader uses to "
                "check your work, so no check could be trusted and none scores. Do not assign to "
                "attributes of numpy, builtins, Keras or the grader's modules.")
    if kind in ("SystemExit", "KeyboardInterrupt"):
        return (f"{module} raised {kind} while it was being imported{where}, so no check could run. "
                "Do not call exit(), quit() or sys.exit() in the module.")
    if kind == "SyntaxError" and ("utf-8" in text or "unicode error" in text or "UTF-8" in text):
        return (f"{module} could not be imported: {kind}: {text}{where}. The file is not saved as UTF-8 "
                "text (not valid UTF-8): save it with the UTF-8 encoding (your editor's \"Save with "
                "encoding\"). No check could run until this is fixed.")
    if kind in ("SyntaxError", "IndentationError", "TabError"):
        return (f"{module} could not be imported: {kind}: {text}{where}. Python could not read the file: "
                "fix that line (look also at the line just before it). No check could run until this is "
                "fixed.")
    return (f"{module} could not be imported: {kind}: {text}{where}. No check could run until this is "
            "fixed; run `python " + module + "` yourself to see the full error.")
