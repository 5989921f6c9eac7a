"""The child process: import the student's module, run the requested probes, report plain data.

Run as ``python -m autograder.sandbox.worker SPEC_JSON`` (the spec is JSON on the command line). Everything the worker needs to
report (the channel writer, the probes) is set up before the student's module is imported, and
the worker leaves with ``os._exit`` so that no student ``atexit`` hook or thread can keep it alive.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
import traceback

from autograder.sandbox import protocol


def _student_frames(error: BaseException, module_file: str) -> list[dict]:
    frames = traceback.extract_tb(error.__traceback__)
    return [{"line": f.lineno, "function": f.name, "code": (f.line or "")[:200]}
            for f in frames if os.path.abspath(f.filename) == module_file]


def _error_fields(error: BaseException, module_file: str) -> dict:
    try:
        text = str(error)
    except BaseException:  # noqa: BLE001 - a hostile __str__
        text = "<the error's message could not be read>"
    fields = {
        "error_type": type(error).__name__,
        "error_message": text[:2000],
        "student_frames": _student_frames(error, module_file),
        "traceback": "".join(traceback.format_exception(type(error), error, error.__traceback__))[-6000:],
    }
    if isinstance(error, SyntaxError):
        fields["student_frames"].append({"line": error.lineno or 0, "function": "<module>",
                                         "code": (error.text or "").strip()[:200]})
    return fields


def _import_student(module_file: str, module_name: str):
    spec = importlib.util.spec_from_file_location(module_name, module_file)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {module_file}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def _limit_resources(spec: dict) -> None:
    """Hard limits the student's code cannot raise again (file size, core dumps)."""
    import resource

    file_bytes = int(spec.get("file_bytes", 512 * 2**20))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run(spec: dict) -> None:
    _limit_resources(spec)
    channel = protocol.ChannelWriter(spec["channel_fd"])
    monotonic = time.monotonic
    from autograder.checks.base import ProbeContext, load_suite

    suite = load_suite(spec["assignment"])
    context = ProbeContext(scratch=spec["scratch"], settings=spec.get("settings", {}))
    module_file = os.path.abspath(spec["module_file"])
    channel.send("ready")

    channel.send("importing")
    sys.path.insert(0, os.path.dirname(module_file))
    try:
        module = _import_student(module_file, spec["module_name"])
    except BaseException as error:  # noqa: BLE001 - SystemExit, KeyboardInterrupt included
        channel.send("import_failed", **_error_fields(error, module_file))
        return
    channel.send("imported")

    for check_id in spec["probes"]:
        check = suite[check_id]
        channel.send("start", probe=check_id)
        started = monotonic()
        outcome = _run_probe(check, module, context, module_file)
        outcome["seconds"] = round(monotonic() - started, 3)
        try:
            channel.send("result", probe=check_id, outcome=outcome)
        except (TypeError, ValueError) as error:
            channel.send("result", probe=check_id, outcome={
                "status": protocol.UNREADABLE, "error_type": type(error).__name__,
                "error_message": "the value could not be turned into plain data"})
    channel.send("done")


def _run_probe(check, module, context, module_file: str) -> dict:
    if check.target and check.target not in vars(module):
        return {"status": protocol.MISSING}
    try:
        value = check.probe(module, context)
        json.dumps(value, allow_nan=True)
    except NotImplementedError as error:
        return {"status": protocol.NOT_IMPLEMENTED, **_error_fields(error, module_file)}
    except BaseException as error:  # noqa: BLE001 - anything student code raises is reported
        return {"status": protocol.RAISED, **_error_fields(error, module_file)}
    return {"status": protocol.OK, "value": value}


def main() -> None:
    spec = json.loads(sys.argv[1])
    code = 0
    try:
        run(spec)
    except BaseException:  # noqa: BLE001 - a failure of the worker itself, before student code
        os.write(2, traceback.format_exc().encode("utf-8", "replace"))
        code = 3
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 - student code may have replaced the streams
            pass
    os._exit(code)


if __name__ == "__main__":
    main()
