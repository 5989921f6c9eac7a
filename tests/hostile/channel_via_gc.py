# base: stub
"""Forged results from inside: find the grader's own channel writer in memory and report through it.

This is the residual risk of running probes in the same process as student code (see
docs/security.md): the forged stream is accepted, but only values equal to the reference's earn
points. The public answers below were copied from the self-check's output; the hidden ones are
guesses.
"""
import gc
import os

_writer = next(o for o in gc.get_objects() if type(o).__name__ == "ChannelWriter")
# The grader's process holds more than one suite (the challenge's evaluator's, imported with the kit):
# a forger picks the one of its own assignment.
_suite = next(o for o in gc.get_objects() if type(o).__name__ == "CheckSuite" and o.assignment == "01_data")


def _int_tuple(*values):
    return {"type": "tuple", "items": [{"type": "int", "value": v} for v in values], "length": len(values)}


_COPIED = {
    "table_shape.public": _int_tuple(21000, 21),
    "sequence_shape.public": _int_tuple(1000000, 280, 128),
    "class_name.public": {"type": "str", "value": "Ankle boot", "length": 10},
}
_writer.send("imported")
for _check in _suite.ids():
    _writer.send("start", probe=_check)
    _writer.send("result", probe=_check, outcome={"status": "ok", "value": _COPIED.get(_check, _int_tuple(1, 2))})
_writer.send("done")
os._exit(0)
