"""Keras course autograder.

Two sides (docs/security.md). **Beside student code**, in the sandboxed worker: the check suites
and their kit (``checks/``), ``describe`` (values as plain data), ``datasets`` and ``idx`` (data),
``catalog`` (messages as data; worded only in the grader), and ``sandbox.worker``/``guard``/``absent_modules``/``preimports``/
``protocol``. **In the trusted grader only**: ``grading`` (judging), ``messages`` (probe-failure
messages), ``results``, ``report``, ``exports``, ``gradescope``, ``feedback_pages``, ``batch``,
``gradebook``, ``cli``, the notebook tools (``notebooks/``) and ``sandbox.runner``.
``tests/test_module_layout.py`` keeps the first side from importing the second, and the whole
package free of import cycles.
"""
