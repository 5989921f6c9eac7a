"""Notebooks for students, grading of notebook submissions, and nbgrader for instructors.

One source: the graded code lives only in ``solutions/NN_name/<module>.py``. Next to it,
``solutions/NN_name/notebook.md`` holds the teaching text and the experiment cells, and names the
graded definitions it wants (``<!-- graded: table_shape -->``) instead of copying them. From the
two, :mod:`autograder.notebooks.build` writes

* the student notebook ``assignments/NN_name/<module>.ipynb`` (definitions stubbed with
  :func:`autograder.markers.make_stub`, outputs cleared, stable cell ids);
* the reference notebook (solutions in place), on demand, for self-learners and for the tests
  that run every notebook top to bottom;
* the nbgrader source notebook, with nbgrader's cell metadata and one autograded test cell per
  check of ``course.yml`` (:mod:`autograder.notebooks.nbgrader_course`).

The other direction, a notebook submission turned back into a module that the normal engine
grades, is :mod:`autograder.notebooks.extract` (what is kept and why) and
:mod:`autograder.notebooks.submission` (the hook that ``autograder.grading`` calls).
:mod:`autograder.notebooks.selfcheck` is what students call inside a notebook.
"""
