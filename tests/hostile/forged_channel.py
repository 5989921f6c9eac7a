# base: stub
"""Forged results: write fake grader events, with a guessed token, to every inherited descriptor."""
import json
import os

_TUPLE = {"type": "tuple", "items": [{"type": "int", "value": 21000}, {"type": "int", "value": 21}], "length": 2}
_EVENTS = [{"event": "ready", "token": "0" * 32}, {"event": "importing"}, {"event": "imported"}]
for _check in ("table_shape.public", "table_shape.hidden", "class_names.list"):
    _EVENTS += [{"event": "start", "probe": _check},
                {"event": "result", "probe": _check, "outcome": {"status": "ok", "value": _TUPLE}}]
_EVENTS.append({"event": "done"})
_LINES = "".join(json.dumps({**e, "token": "0" * 32}) + "\n" for e in _EVENTS).encode()

for _name in os.listdir("/proc/self/fd"):
    _fd = int(_name)
    try:
        os.write(_fd, _LINES)
        os.write(_fd, b'{"event": "result", "outcome": {"status": "grader_error"}}\n')
        os.write(_fd, b"garbage that is not JSON\n")
    except OSError:
        pass
