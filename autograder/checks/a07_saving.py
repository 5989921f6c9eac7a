"""Checks of assignment 07_saving (module ``saving.py``).

Trust boundary: every file the student's code writes is inspected and loaded in the CHILD
process, next to the student's code (which runs there anyway). The parent never opens a saved
model; it judges plain facts reported by the probe: the path returned (relative to the check's
folder), the files that appeared in the scratch folder, each file's format read from its magic
bytes (a ``.keras`` file is a zip archive, ``.h5`` and ``.weights.h5`` files are HDF5), and how
far the reloaded model's predictions are from the original's on fixed inputs.

Models are built with fixed weights (see :class:`autograder.checks.kit.fixed_net.FixedNet`), so
"the same predictions" means equal to the last bit, and nothing is trained.
"""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
import re
from pathlib import Path

import numpy as np

from autograder.checks.kit.base import Check, CheckSuite, Verdict
from autograder.checks.kit.judging import joined_list, joined_with_or, show
from autograder.catalog import Message, SourceFile, msg
from autograder.checks.kit.advice import error_advice, error_line
from autograder.checks.kit.calling import attempt_value
from autograder.checks.kit.fixed_net import FixedNet, article_net
from autograder.describe import describe, safe_repr, type_name

SUITE = CheckSuite("07_saving", "saving", preload=("keras",))
# Every probe saves into and loads from a folder of its own (_folder) and keeps no memo, so the
# subclassed model's checks share nothing with the whole-model ones: when a core is free, they run in
# a worker of their own at the same time (sandbox/groups.py), about half of the suite's time each.
SUBCLASSED = "subclassed model"

NOT_COMPILED = "load_model: not compiled"  # a cause (kit/causes.py): one explanation for every format
TOLERANCE = 1e-6  # a reloaded model must predict what the saved one did, up to float noise
ZIP_MAGIC = b"PK\x03\x04"
HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
FORMAT_WORDS = {"zip": msg("a07.format.zip"), "hdf5": msg("a07.format.hdf5"), "other": msg("a07.format.other"),
                "directory": msg("a07.format.directory"), "missing": msg("a07.format.missing")}

_ARTICLE = article_net(seed=6)
_IMAGES = _ARTICLE.inputs(8, seed=11)
_TABLE = FixedNet((12,), [(16, "tanh"), (3, "softmax")], seed=4)
_TABLE_X = _TABLE.inputs(8, seed=2)
_SMALL_SOME = FixedNet((28, 28), [(32, "relu"), (5, "softmax")], seed=8)


# -- child side: files, attempts, loaded models ---------------------------------------------------

def _folder(context, check_id: str) -> Path:
    folder = Path(context.scratch) / re.sub(r"[^A-Za-z0-9_]+", "_", check_id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _snapshot(root: Path) -> dict[str, tuple]:
    """Every file and folder under ``root``: relative name -> (is a folder, size, modification time)."""
    found = {}
    for directory, folders, files in os.walk(root):
        for name in folders + files:
            path = os.path.join(directory, name)
            try:
                status = os.stat(path)
            except OSError:
                continue
            found[os.path.relpath(path, root)] = (name in folders, status.st_size, status.st_mtime_ns)
            if len(found) > 5000:
                return found
    return found


def _file_format(path: Path) -> str:
    if path.is_dir():
        return "directory"
    if not path.is_file():
        return "missing"
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head == HDF5_MAGIC:
        return "hdf5"
    return "other"


def _file_facts(path: Path) -> dict:
    """Kind, format (from the magic bytes), size and, for a zip, its members and saved class."""
    facts = {"format": _file_format(path), "size": path.stat().st_size if path.is_file() else 0}
    if facts["format"] == "zip":
        import json
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                facts["members"] = sorted(archive.namelist())[:20]
                if "config.json" in facts["members"]:
                    config = json.loads(archive.read("config.json").decode("utf-8"))
                    facts["saved_class"] = str(config.get("class_name"))
        except Exception as error:  # noqa: BLE001 - a broken archive is a fact to report
            facts["archive_error"] = safe_repr(error)
    return facts


_NOISE = (".keras" + os.sep, "__autograph_generated", "__pycache__")


def _new_files(root: Path, folder: Path, before: dict) -> list[dict]:
    """Files and folders written (new or changed) under the scratch root, named for the student.

    Names are relative to the check's folder; anything written elsewhere (usually the working
    folder, which is the scratch root) is marked ``outside``. The insides of a new folder are
    summed up by the folder itself.
    """
    after = _snapshot(root)
    changed = [name for name, facts in after.items()
               if before.get(name) != facts and not (facts[0] and name in before)]
    changed = [name for name in changed if not name.startswith(_NOISE)]
    new_folders = {name for name in changed if after[name][0] and name not in before}
    found = []
    for name in sorted(changed):
        if any(name.startswith(parent + os.sep) for parent in new_folders):
            continue  # inside a new folder: the folder speaks for it
        path = root / name
        inside = os.path.abspath(path).startswith(os.path.abspath(folder) + os.sep)
        shown = os.path.relpath(path, folder if inside else root).replace(os.sep, "/")
        found.append({"name": shown, "outside": not inside, "format": _file_format(path)})
    return found[:20]


def _attempt(function, *args, folder: Path | None = None):
    """:func:`attempt_value` on the student's module, with the check's folder cut out of messages."""
    hide = () if folder is None else (str(folder) + os.sep, str(folder.parent) + os.sep)
    return attempt_value(function, *args, module_name=SUITE.module, hide=hide)


def _save_attempt(function, model, folder: Path, given: str, written: str, scratch: str, *,
                  as_path: bool = False) -> tuple:
    """Run a student's save function on ``folder/given``; report what it returned and wrote."""
    target = folder / given
    target.parent.mkdir(parents=True, exist_ok=True)
    before = _snapshot(Path(scratch))
    with _warnings_and_logs() as said:
        value, raised = _attempt(function, model, target if as_path else str(target), folder=folder)
    report = {"raised": raised, "returned": _returned(value, folder),
              "new_files": _new_files(Path(scratch), folder, before),
              "file": _file_facts(folder / written), "loaded": None,
              # Keras 2's save_format= still runs when the name agrees with it (Keras 3 logs a warning)
              "habits": ["save_format"] if any("save_format" in text for text in said) else []}
    return report, value


@contextlib.contextmanager
def _warnings_and_logs():
    """What Keras warned about meanwhile: Python warnings and its log's warnings (absl logging)."""
    said: list[str] = []

    class _Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append(record.getMessage()[:500])

    handler, logger = _Keep(logging.WARNING), logging.getLogger("absl")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield said
        said.extend(str(w.message)[:500] for w in caught)
    finally:
        logger.removeHandler(handler)


def _returned(value, folder: Path) -> dict:
    """The path a save function returned, relative to the check's folder, or what it was instead."""
    if value is None:
        return {"kind": "none"}
    if type(value) is str or isinstance(value, os.PathLike):
        text = os.fspath(value)
        if type(text) is not str:
            return {"kind": "other", "type": type_name(value)}
        absolute = os.path.abspath(text)
        relative = os.path.relpath(absolute, folder).replace(os.sep, "/")
        # a bare name for a path given with its folder: the folder part was dropped (os.path.basename)
        return {"kind": "path", "name": relative, "type": type_name(value), "bare": os.path.dirname(text) == ""}
    return {"kind": "other", "type": type_name(value), "value": describe(value)}


def _predictions(model, x) -> np.ndarray:
    return np.asarray(model(x, training=False), dtype=np.float64)


def _loaded_facts(model, x, reference: np.ndarray, some_model_class=None) -> dict:
    """What a loaded model is and how far its predictions are from the original's."""
    import keras

    from autograder.checks.kit.keras_probes import is_model

    if not is_model(model):
        return {"is_model": False, "value": describe(model)}
    facts = {"is_model": True, "class": type_name(model), "weights_before_call": len(model.weights)}
    if some_model_class is not None:
        facts["is_some_model"] = type(model) is some_model_class
    try:
        output = _predictions(model, x)
    except Exception as error:  # noqa: BLE001 - e.g. a model with other input shapes
        facts["predict_error"] = f"{type(error).__name__}: {safe_repr(error, 300)}"
        return facts
    if output.shape != reference.shape:
        facts["output_shape"] = list(output.shape)
        facts["difference"] = None
    else:
        facts["difference"] = float(np.max(np.abs(output - reference)))
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None:
        try:
            facts["optimizer"] = {
                "class": type(optimizer).__name__,
                "learning_rate": round(float(keras.ops.convert_to_numpy(optimizer.learning_rate)), 8),
                "iterations": int(keras.ops.convert_to_numpy(optimizer.iterations)),
            }
        except Exception as error:  # noqa: BLE001
            facts["optimizer"] = {"error": safe_repr(error)}
    else:
        facts["optimizer"] = None
    facts["loss"] = _loss_key(model)
    return facts


def _loss_key(model) -> str | None:
    """The loss a loaded model is compiled with, as one canonical name (None: not compiled)."""
    from autograder.checks.kit.compiling import compiled_loss_key, describe_loss

    loss = getattr(model, "loss", None)
    if loss is None:
        return None
    try:
        return compiled_loss_key(describe_loss(loss)) or "unknown"
    except Exception:  # noqa: BLE001 - a loss the grader cannot describe still counts as compiled
        return "unknown"


def _load_failure(error: BaseException) -> dict:
    """Facts about a saved model that could not be loaded: the error's first sentence (of its root
    cause, when Keras wraps one) and, when the error shows it, what was refused and its name."""
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - a hostile __str__
        text = ""
    if type(text) is not str or not text:
        text = safe_repr(error, 400)
    cause = " ".join(text.rsplit("Exception encountered:", 1)[-1].split())
    first = re.split(r"(?<=[.!?])\s", cause, maxsplit=1)[0]
    facts = {"load_error": f"{type(error).__name__}: {first if len(first) <= 300 else first[:297] + '...'}"}
    if "Lambda" in text and ("arbitrary code" in text or "safe_mode" in text):
        facts["refused"] = "lambda"
    else:
        custom = re.search(r"(?:Could not locate (?:class|function)|Unknown [a-z_ ]+?:) '([A-Za-z_][\w.]*)'", text)
        if custom:
            facts["refused"], facts["custom_name"] = "custom", custom.group(1)
    return facts


def _keras_load(path: Path, x, reference: np.ndarray) -> dict:
    """Load a whole-model file the student wrote, in the child, without unsafe deserialisation.

    ``safe_mode=True``: a Lambda layer's Python code is refused, not run. Custom classes are found
    only if the student's module registered them (its code runs here anyway); the grader's own
    process never loads a saved model at all.
    """
    import keras

    try:
        model = keras.saving.load_model(path, safe_mode=True)
    except Exception as error:  # noqa: BLE001
        return _load_failure(error)
    return _loaded_facts(model, x, reference)


def _compiled(net: FixedNet, *, functional: bool = False, steps: int = 0):
    """The net as a compiled Keras model; ``steps`` > 0 gives its optimizer a state to keep."""
    import keras

    model = net.keras_model(functional=functional)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=5e-4),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    if steps:
        model.optimizer.build(model.trainable_variables)
        model.optimizer.iterations.assign(steps)
    return model


def _some_model(module, net: FixedNet, x, **sizes):
    """The student's SomeModel (given code), called once to create weights, then set to ``net``'s."""
    model = module.SomeModel(**sizes)
    model(x[:1])
    model.set_weights(net.weights)
    return model


# -- parent side: explanations --------------------------------------------------------------------

_ERROR_HINTS = [
    ("must end in `.weights.h5`", msg("a07.error_hint.weights_h5_name")),
    ("Invalid filepath extension", msg("a07.error_hint.keras_extension")),
    ("save_format", msg("a07.error_hint.save_format")),
    ("has not yet been built", msg("a07.error_hint.not_built")),
    ("PosixPath", msg("a07.error_hint.pathlib_path")),
    ("No model config found", msg("a07.error_hint.weights_only")),
    ("Could not locate class", msg("a07.error_hint.unregistered_class")),
    ("could not be loaded", msg("a07.error_hint.config_mismatch")),
]


def _explain_error(error: dict, advice: Message | str = "") -> Message:
    text = f"{error['type']}: {error['message']}"
    hint = next((advice for pattern, advice in _ERROR_HINTS if pattern in text),
                advice or error_advice(error) or msg("advice.fix_and_retry"))
    return msg("a07.error", error=error_line(error, SUITE.module + ".py"), hint=hint)


def _written(found: dict) -> str:
    where = msg("a07.written.working_folder") if found["outside"] else ""
    return msg("a07.written.file", found_name=repr(found['name']), where=where,
               found_format=FORMAT_WORDS[found['format']])


def _missing_file(call: str, name: str, wanted: str, facts: dict, new_files: list[dict],
                  returned: dict | None = None) -> str:
    if facts["format"] == "directory":
        return (msg("a07.missing_file.folder_not_file", call=call, name=repr(name)))
    elsewhere = (returned or {}).get("name", "")
    if (returned or {}).get("bare"):
        written = [found for found in new_files if found["outside"]]
        return msg("a07.missing_file.folder_dropped", call=call, name=repr(name),
                   returned=repr(elsewhere.rsplit("/", 1)[-1]),
                   written=msg("a07.missing_file.wrote_instead", written=joined_list(
                       [_written(found) for found in written[:4]])) if written else "")
    message = msg("a07.missing_file.nothing_written", call=call, name=repr(name))
    if (returned or {}).get("kind") == "path" and (elsewhere.startswith("../") or elsewhere.startswith("/")):
        return (message + msg("a07.missing_file.path_outside", elsewhere=repr(elsewhere)))
    if not new_files:
        return message + msg("a07.missing_file.no_file_written", wanted_format=FORMAT_WORDS[wanted])
    message += msg("a07.missing_file.wrote_instead",
                   written=joined_list([_written(found) for found in new_files[:4]]))
    if any(found["outside"] for found in new_files):
        return message + msg("a07.missing_file.use_path_given")
    return message + msg("a07.missing_file.write_exactly_there")


def _judge_returned(call: str, got: dict, name: str) -> str | None:
    returned = got["returned"]
    if returned["kind"] == "none":
        return msg("a07.returned.none", call=call, name=repr(name))
    if returned["kind"] != "path":
        return msg("a07.returned.not_a_str", call=call, returned_type=returned['type'],
                   name=repr(name))
    if returned["name"] != name and returned.get("bare"):
        return msg("a07.returned.folder_dropped", call=call, returned=repr(returned["name"].rsplit("/", 1)[-1]),
                   name=repr(name))
    if returned["name"] != name:
        return msg("a07.returned.other_path", call=call, returned_name=repr(returned['name']),
                   name=repr(name))
    return None


def _judge_loaded(call: str, facts: dict, expected: dict, *, what: str) -> Message | str | None:
    """None when the loaded model matches the reference's; otherwise what differs and why."""
    if "load_error" in facts:
        return msg("a07.loaded.load_failed", call=call, what=what,
                   facts_load_error=facts['load_error'][:300].rstrip('.'),
                   load_hint=_load_hint(facts))
    if not facts["is_model"]:
        return (msg("a07.loaded.not_a_model", call=call, value=show(facts['value'], 80)))
    if expected.get("is_some_model") and not facts.get("is_some_model"):
        return msg("a07.loaded.not_some_model", call=call, got_class=facts["class"],
                   module=SourceFile(SUITE.module + ".py"))
    if facts["class"] != expected["class"]:
        return msg("a07.loaded.wrong_class", call=call, what=what, got_class=facts['class'].rsplit('.', 1)[-1],
                   expected_class=expected['class'].rsplit('.', 1)[-1])
    if "predict_error" in facts:
        return msg("a07.loaded.predict_failed", call=call, what=what,
                   facts_predict_error=facts['predict_error'])
    if facts["difference"] is None:
        return (msg("a07.loaded.output_shape_differs", call=call, what=what,
                    facts_output_shape=tuple(facts['output_shape'])))
    if facts["difference"] > TOLERANCE:
        message = (msg("a07.loaded.predicts_differently", call=call, what=what,
                       facts_difference=facts['difference']))
        if facts.get("weights_before_call") == 0:
            message += (msg("a07.loaded.had_no_weights"))
        else:
            message += msg("a07.loaded.load_given_file")
        return message
    return None


def _compile_problem(call: Message, facts: dict, expected: dict) -> Message | None:
    """The docstring's "compiled with the same loss and optimizer", for every format it names."""
    wanted_optimizer, optimizer = expected.get("optimizer"), facts.get("optimizer")
    if wanted_optimizer is None:
        return None
    if optimizer is None:
        return msg("a07.load_model.not_compiled", call=call, optimizer=wanted_optimizer["class"],
                   learning_rate=wanted_optimizer["learning_rate"], loss=expected.get("loss") or "")
    if {k: optimizer.get(k) for k in ("class", "learning_rate")} != \
            {k: wanted_optimizer.get(k) for k in ("class", "learning_rate")}:
        return msg("a07.load_model.other_optimizer", call=call, got=optimizer.get("class"),
                   got_rate=optimizer.get("learning_rate"), wanted=wanted_optimizer["class"],
                   wanted_rate=wanted_optimizer["learning_rate"])
    if "loss" in expected and facts.get("loss") != expected["loss"]:
        return msg("a07.load_model.other_loss", call=call, got=str(facts.get("loss")), wanted=str(expected["loss"]))
    return None


def _load_hint(facts: dict) -> str:
    """Why a file the student wrote cannot be loaded safely, when the error shows it."""
    if facts.get("refused") == "lambda":
        return (msg("a07.load_hint.lambda_refused"))
    if facts.get("refused") == "custom" and facts["custom_name"].rsplit(">", 1)[-1] == "SomeModel":
        return msg("a07.load_hint.some_model_unregistered")  # the student's own class: register it
    if facts.get("refused") == "custom":
        return (msg("a07.load_hint.custom_object", facts_custom_name=facts['custom_name']))
    return ""


def _save_problem(call: str, got: dict, expected: dict, *, check_return: bool) -> Message | str | None:
    """What is wrong with a save: an error, no file, the wrong format, or the wrong path returned."""
    name, wanted = expected["returned"]["name"], expected["file"]["format"]
    if got["raised"]:
        return msg("a07.raised", call=call, error=_explain_error(got["raised"]))
    facts = got["file"]
    if facts["format"] in ("missing", "directory"):
        return _missing_file(call, name, wanted, facts, got["new_files"], got.get("returned"))
    if facts["format"] != wanted:
        return (msg("a07.save_problem.wrong_format", call=call, name=repr(name),
                    got_format=FORMAT_WORDS[facts['format']],
                    wanted_format=FORMAT_WORDS[wanted]))
    return _judge_returned(call, got, name) if check_return else None


def _save_verdict(call: str, got: dict, expected: dict, *, loaded_what: str, check_return: bool,
                  function: str) -> Verdict:
    problem = (_save_problem(call, got, expected, check_return=check_return)
               or _judge_loaded(call, got["loaded"], expected["loaded"], what=loaded_what))
    if problem:
        dropped = (got.get("returned") or {}).get("bare") and expected["returned"]["name"] != got["returned"]["name"]
        return Verdict(False, problem, detail=f"new files: {got['new_files']}",
                       cause=f"{function}: the folder dropped from the path" if dropped else "")
    name, wanted = expected["returned"]["name"], expected["file"]["format"]
    returned = msg("a07.save_verdict.returned_path") if check_return else ""
    note = msg("habit.save_format") if "save_format" in got.get("habits", []) else ""
    return Verdict(True, msg("a07.save_verdict.ok", call=call, name=repr(name),
                             wanted_format=FORMAT_WORDS[wanted],
                             got_file_size=got['file']['size'], returned=returned) + note)


# -- saving whole models --------------------------------------------------------------------------

def _save_whole_probe(check_id: str, given: str, written: str):
    def probe(module, context):
        folder = _folder(context, check_id)
        model = _compiled(_ARTICLE)
        reference = _predictions(model, _IMAGES)
        report, _ = _save_attempt(module.save_model, model, folder, given, written, context.scratch)
        if report["file"]["format"] in ("zip", "hdf5"):
            report["loaded"] = _keras_load(folder / written, _IMAGES, reference)
        return report

    return probe


def _save_whole_check(check_id: str, given: str, written: str, what: Message, *, check_return: bool) -> Check:
    call = msg("call.with", call=f"save_model(model, {given!r})", what=what)

    def judge(got: dict, expected: dict) -> Verdict:
        return _save_verdict(call, got, expected, loaded_what=msg("a07.save_whole_check.saved_model",
                                                                  written=repr(written)),
                             check_return=check_return, function="save_model")

    return SUITE.add(Check(check_id, "save_model", call, _save_whole_probe(check_id, given, written), judge))


_ARTICLE_WHAT = msg("a07.call.course_network")
# The path returned is judged where the course first asks for it and where the name changes.
_save_whole_check("save_model.keras", "fashion.keras", "fashion.keras", _ARTICLE_WHAT, check_return=True)
_save_whole_check("save_model.h5", "fashion.h5", "fashion.h5", _ARTICLE_WHAT, check_return=False)
_save_whole_check("save_model.no_extension", "fashion_v2", "fashion_v2.keras", _ARTICLE_WHAT, check_return=True)


# -- loading whole models -------------------------------------------------------------------------

def _load_whole_probe(check_id: str, name: str):
    def probe(module, context):
        folder = _folder(context, check_id)
        model = _compiled(_ARTICLE)
        reference = _predictions(model, _IMAGES)
        model.save(folder / name)
        value, raised = _attempt(module.load_model, str(folder / name), folder=folder)
        return {"raised": raised, "loaded": None if raised else _loaded_facts(value, _IMAGES, reference)}

    return probe


def _load_whole_check(check_id: str, name: str, what: Message, advice: Message, *, compiled: bool = False) -> Check:
    """``compiled``: also judge the docstring's "compiled with the same loss and optimizer" (the
    .keras format's compile state, optimizer steps included, is judged by round_trip.optimizer)."""
    call = msg("call.on", call=f"load_model({name!r})", what=what)

    def judge(got: dict, expected: dict) -> Verdict:
        if got["raised"]:
            return Verdict(False, msg("a07.raised", call=call, error=_explain_error(got["raised"], advice)))
        problem = _judge_loaded(call, got["loaded"], expected["loaded"], what=msg("a07.load_whole_check.model_returned"))
        if problem:
            return Verdict(False, problem)
        problem = _compile_problem(call, got["loaded"], expected["loaded"]) if compiled else None
        if problem:
            return Verdict(False, problem, cause=NOT_COMPILED)
        return Verdict(True, msg("a07.load_whole_check.ok", call=call,
                                 got_class=got['loaded']['class'].rsplit('.', 1)[-1]))

    return SUITE.add(Check(check_id, "load_model", call, _load_whole_probe(check_id, name), judge))


_load_whole_check("load_model.keras", "fashion.keras", msg("a07.call.saved_native"),
                  msg("a07.load_model.return_load_model"))
_load_whole_check("load_model.h5", "fashion.h5", msg("a07.call.saved_legacy"),
                  msg("a07.load_model.h5_refused"), compiled=True)


# -- whole round trips: optimizer state, functional model, pathlib paths --------------------------

def _round_trip_probe(check_id: str, net: FixedNet, x, given: str, written: str, *, functional: bool,
                      as_path: bool, steps: int):
    def probe(module, context):
        folder = _folder(context, check_id)
        model = _compiled(net, functional=functional, steps=steps)
        reference = _predictions(model, x)
        report, value = _save_attempt(module.save_model, model, folder, given, written, context.scratch,
                                      as_path=as_path)
        report["load_raised"] = None
        if report["raised"] or report["file"]["format"] == "missing":
            return report
        # Load what save_model said it wrote (as the same kind of path), as a student's program would.
        source = os.fspath(value) if report["returned"]["kind"] == "path" else str(folder / written)
        loaded, report["load_raised"] = _attempt(module.load_model, Path(source) if as_path else source,
                                                 folder=folder)
        if not report["load_raised"]:
            report["loaded"] = _loaded_facts(loaded, x, reference)
        return report

    return probe


def _round_trip_check(check_id: str, net: FixedNet, x, given: str, written: str, *, what: Message,
                      functional: bool = False, as_path: bool = False, steps: int = 0) -> Check:
    shown = f"Path({given!r})" if as_path else repr(given)
    call = msg("a07.call.round_trip", call=f"save_model(model, {shown})", load="load_model", what=what)

    def judge(got: dict, expected: dict) -> Verdict:
        problem = _save_problem(call, got, expected, check_return=False)
        if problem:
            return Verdict(False, problem, detail=f"new files: {got['new_files']}")
        if got["load_raised"]:
            return Verdict(False, msg("a07.load_raised", call=call, error=_explain_error(got["load_raised"])))
        problem = _judge_loaded(call, got["loaded"], expected["loaded"], what=msg("a07.round_trip_check.loaded_model"))
        if problem:
            return Verdict(False, problem)
        if steps:
            state, wanted = got["loaded"]["optimizer"], expected["loaded"]["optimizer"]
            if state is None:
                return Verdict(False, msg("a07.round_trip_check.not_compiled", call=call,
                                          wanted_iterations=wanted['iterations']), cause=NOT_COMPILED)
            if state != wanted:
                return Verdict(False, msg("a07.round_trip_check.optimizer_differs", call=call,
                                          state=state, wanted=wanted))
            return Verdict(True, msg("a07.round_trip_check.ok_with_optimizer", call=call,
                                     wanted_class=wanted['class'],
                                     wanted_learning_rate=wanted['learning_rate'],
                                     wanted_iterations=wanted['iterations']))
        return Verdict(True, msg("a07.round_trip_check.ok", call=call,
                                 got_class=got['loaded']['class'].rsplit('.', 1)[-1]))

    probe = _round_trip_probe(check_id, net, x, given, written, functional=functional, as_path=as_path, steps=steps)
    return SUITE.add(Check(check_id, "save_model", call, probe, judge))


_round_trip_check("round_trip.optimizer", _ARTICLE, _IMAGES, "resume.keras", "resume.keras", steps=7,
                  what=msg("a07.call.after_steps", optimizer="Adam(learning_rate=0.0005)", steps=7))
_round_trip_check("round_trip.hidden", _TABLE, _TABLE_X, "tables/run 3.keras", "tables/run 3.keras",
                  functional=True, as_path=True,
                  what=msg("a07.call.functional_in_subfolder", features=12, classes=3))


# -- weights of the subclassed model --------------------------------------------------------------

def _save_weights_probe(check_id: str, given: str, written: str, seed: int):
    def probe(module, context):
        folder = _folder(context, check_id)
        net = article_net(seed)
        model = _some_model(module, net, _IMAGES)
        reference = _predictions(model, _IMAGES)
        report, _ = _save_attempt(module.save_subclassed_weights, model, folder, given, written, context.scratch)
        if report["file"]["format"] == "hdf5" and written.endswith(".weights.h5"):
            fresh = module.SomeModel()
            fresh(_IMAGES[:1])
            _, error = _attempt(fresh.load_weights, str(folder / written), folder=folder)
            report["loaded"] = ({"load_error": f"{error['type']}: {error['message'][:300]}"} if error
                                else _loaded_facts(fresh, _IMAGES, reference, module.SomeModel))
        return report

    return probe


def _save_weights_check(check_id: str, given: str, written: str, seed: int) -> Check:
    call = msg("a07.call.some_model_weights", call=f"save_subclassed_weights(model, {given!r})")

    def judge(got: dict, expected: dict) -> Verdict:
        return _save_verdict(call, got, expected, loaded_what=msg("a07.save_weights_check.new_model",
                                                                  written=repr(written)),
                             check_return=True, function="save_subclassed_weights")

    return SUITE.add(Check(check_id, "save_subclassed_weights", call,
                           _save_weights_probe(check_id, given, written, seed), judge, worker_group=SUBCLASSED))


_save_weights_check("save_subclassed_weights.public", "some_model.weights.h5", "some_model.weights.h5", 6)
_save_weights_check("save_subclassed_weights.hidden_name", "ckpt_best.h5", "ckpt_best.weights.h5", 9)
# 07's main Keras 3 lesson, public so that the self-check shows it: a Keras 2 weights name (plain .h5).
_save_weights_check("save_subclassed_weights.plain_h5", "weights.h5", "weights.weights.h5", 7)


def _load_weights_probe(check_id: str, name: str, seed: int, as_path: bool):
    def probe(module, context):
        folder = _folder(context, check_id)
        model = _some_model(module, article_net(seed), _IMAGES)
        reference = _predictions(model, _IMAGES)
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        model.save_weights(folder / name)
        value, raised = _attempt(module.load_subclassed_weights, folder / name if as_path else str(folder / name),
                                 folder=folder)
        return {"raised": raised,
                "loaded": None if raised else _loaded_facts(value, _IMAGES, reference, module.SomeModel)}

    return probe


def _load_weights_check(check_id: str, name: str, seed: int, *, as_path: bool = False) -> Check:
    shown = f"Path({name!r})" if as_path else repr(name)
    call = msg("a07.call.weights_of_some_model", call=f"load_subclassed_weights({shown})")

    def judge(got: dict, expected: dict) -> Verdict:
        if got["raised"]:
            return Verdict(False, msg("a07.raised", call=call, error=_explain_error(got["raised"])))
        problem = _judge_loaded(call, got["loaded"], expected["loaded"], what=msg("a07.load_weights_check.model_returned"))
        if problem:
            return Verdict(False, problem)
        return Verdict(True, msg("a07.load_weights_check.ok", call=call))

    return SUITE.add(Check(check_id, "load_subclassed_weights", call,
                           _load_weights_probe(check_id, name, seed, as_path), judge, worker_group=SUBCLASSED))


_load_weights_check("load_subclassed_weights.public", "some_model.weights.h5", 6)
_load_weights_check("load_subclassed_weights.hidden", "run_2/final.weights.h5", 13, as_path=True)


# -- SomeModel saved whole: get_config ------------------------------------------------------------

def _config_probe(check_id: str):
    def probe(module, context):
        import keras

        folder = _folder(context, check_id)
        model = _some_model(module, _SMALL_SOME, _IMAGES, hidden_units=32, n_classes=5)
        reference = _predictions(model, _IMAGES)
        config = model.get_config()  # the stub raises NotImplementedError here: "not implemented"
        sizes = {key: describe(config.get(key)) if type(config) is dict else None
                 for key in ("hidden_units", "n_classes")}
        # keras.Model's own config keys: present when get_config starts from super().get_config()
        sizes["base"] = sorted(key for key in ("name", "trainable", "dtype") if type(config) is dict and key in config)
        _, raised = _attempt(model.save, str(folder / "some_model.keras"), folder=folder)
        if raised:
            return {"sizes": sizes, "raised": raised, "loaded": None}
        try:
            loaded = keras.saving.load_model(folder / "some_model.keras", safe_mode=True)
        except NotImplementedError:
            raise
        except Exception as error:  # noqa: BLE001
            return {"sizes": sizes, "raised": None, "loaded": _load_failure(error)}
        return {"sizes": sizes, "raised": None, "loaded": _loaded_facts(loaded, _IMAGES, reference, module.SomeModel)}

    return probe


def _judge_config(got: dict, expected: dict) -> Verdict:
    call = msg("a07.call.saved_and_loaded", call="SomeModel(hidden_units=32, n_classes=5)")
    missing = [key for key, value in got["sizes"].items() if key != "base" and value != expected["sizes"][key]]
    if missing:
        return Verdict(False, msg("a07.config.init_args_missing", call=call, missing=joined_with_or(missing)))
    base, wanted_base = got["sizes"].get("base", []), expected["sizes"].get("base", [])
    if base != wanted_base:
        lacking = ", ".join(key for key in wanted_base if key not in base)
        return Verdict(False, msg("a07.config.base_config_missing", call=call, lacking=lacking))
    if got["raised"]:
        return Verdict(False, msg("a07.save_raised", call=call, error=_explain_error(got["raised"])))
    problem = _judge_loaded(call, got["loaded"], expected["loaded"], what=msg("a07.config.loaded_model"))
    if problem and (got["loaded"] or {}).get("refused") == "custom":
        return Verdict(False, problem)  # not found at all: registration, not get_config, is the cause
    if problem:
        return Verdict(False, msg("a07.config.problem", problem=problem))
    return Verdict(True, msg("a07.config.ok", call=call))


SUITE.add(Check("some_model.get_config", "SomeModel", "SomeModel.get_config()", _config_probe("some_model.get_config"),
                _judge_config, worker_group=SUBCLASSED))
