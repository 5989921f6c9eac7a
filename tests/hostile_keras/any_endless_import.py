# base: stub
"""An endless experiment at the top level of the module: importing it never ends."""
_steps = 0
while True:
    _steps += 1
