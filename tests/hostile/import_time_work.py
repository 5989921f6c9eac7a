# base: reference
"""Work done at import time: an experiment at the top level that never ends."""
_total = 0
while True:
    _total += 1
