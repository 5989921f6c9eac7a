# base: stub
"""Planting result files: write a perfect results.json wherever the grader might read one."""
import glob
import json
import os

PERFECT = json.dumps({"score": 27, "max_score": 27, "output": "planted", "tests": []})
_targets = ["results.json", "report.json", os.path.expanduser("~/results.json"), "../results.json",
            "/tmp/results.json", "/autograder/results/results.json"]
_targets += glob.glob("/tmp/**/kgrade-hostile-out*/*/results.json", recursive=True)
_targets += [os.path.join(d, "planted", "results.json")
             for d in glob.glob("/tmp/**/kgrade-hostile-out*", recursive=True)]
PLANTED = []
for _path in _targets:
    try:
        os.makedirs(os.path.dirname(os.path.abspath(_path)), exist_ok=True)
        with open(_path, "w") as _handle:
            _handle.write(PERFECT)
        PLANTED.append(_path)
    except OSError:
        pass
