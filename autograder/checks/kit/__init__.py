"""The checks kit: everything an assignment's check suite may build on.

A suite (``autograder/checks/aNN_*.py``) imports only this kit and the course's shared modules
(``autograder.describe``, ``autograder.datasets``, ``autograder.idx``), never another suite
(``tests/test_checks_kit.py`` enforces it). So the reference cache of an assignment depends on its
solution, its own suite and the kit, and the worker holds exactly one suite in memory.

- ``base``: Check, CheckSuite, Verdict, ProbeContext (what a check is);
- ``calling``: calling student code and keeping what it raised (child side);
- ``judging``: comparing described values and wording the difference (grader side);
- ``keras_probes``, ``model_probes``: describing models, training reproducibly (child side; Keras);
- ``model_judging``: comparing described models layer by layer (grader side);
- ``compiling``: optimizers and losses, described and compared;
- ``advice``: the Keras 2 advice table and how an error reads;
- ``fixed_net``, ``data``, ``class_names``: fixed networks, small inputs, the CLASS_NAMES check.
"""
