"""One source: solutions/ generate assignments/, and drift or broken markers are caught."""

from __future__ import annotations

import pytest

from autograder.markers import MarkerError, find_blocks, make_stub, strip_markers
from autograder.release import stale_files, write_release

SOLUTION = '''"""Module docstring."""

def double(x):
    """Twice x."""
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION

### BEGIN SOLUTION
#| stub: NAMES = []  # fill in
NAMES = ["a", "b"]
### END SOLUTION
'''


def test_stub_replaces_function_body_with_a_pointer_to_the_docstring():
    stub = make_stub(SOLUTION)
    assert "return 2 * x" not in stub
    assert 'raise NotImplementedError("double: not implemented yet; read its docstring' in stub
    assert '"""Twice x."""' in stub


def test_stub_of_a_method_names_its_class():
    source = "class Net:\n    def call(self, x):\n        ### BEGIN SOLUTION\n        return x\n        ### END SOLUTION\n"
    assert 'raise NotImplementedError("Net.call: not implemented yet' in make_stub(source)


def test_stub_uses_the_declared_replacement_for_module_level_blocks():
    stub = make_stub(SOLUTION)
    assert "NAMES = []  # fill in" in stub
    assert '"a", "b"' not in stub


def test_generated_stub_is_valid_python_that_raises_not_implemented():
    namespace: dict = {}
    exec(compile(make_stub(SOLUTION), "stub.py", "exec"), namespace)
    with pytest.raises(NotImplementedError, match="double: not implemented yet"):
        namespace["double"](1)


@pytest.mark.parametrize("broken, words", [
    ("def f():\n    ### BEGIN SOLUTION\n    return 1\n", ["line 2", "never closed"]),
    ("def f():\n    return 1\n    ### END SOLUTION\n", ["line 3", "without a matching"]),
    ("def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    ### END SOLUTION\n", ["line 3", "inside the block opened at line 2"]),
    ("### BEGIN SOLUTION\nX = 1\n### END SOLUTION\n", ["line 1", "#| stub:"]),
])
def test_unbalanced_or_incomplete_markers_give_a_clear_error(broken, words):
    with pytest.raises(MarkerError) as error:
        make_stub(broken, filename="broken.py")
    for word in words:
        assert word in str(error.value)
    assert "broken.py" in str(error.value)


def test_strip_markers_keeps_the_solution_code_only():
    stripped = strip_markers(SOLUTION)
    assert "BEGIN SOLUTION" not in stripped and "#| stub" not in stripped
    assert "return 2 * x" in stripped
    assert len(find_blocks(SOLUTION)) == 2


def test_assignments_folder_is_up_to_date_with_solutions():
    assert stale_files() == [], "run `python -m autograder release` and commit assignments/"


def test_drift_is_detected_and_release_repairs_it(tmp_path):
    solutions, assignments = tmp_path / "solutions", tmp_path / "assignments"
    (solutions / "01_x").mkdir(parents=True)
    (solutions / "01_x" / "m.py").write_text(SOLUTION)
    assert stale_files(solutions, assignments) == ["assignments/01_x/m.py"]
    write_release(solutions, assignments)
    assert stale_files(solutions, assignments) == []
    (assignments / "01_x" / "m.py").write_text("edited by hand\n")
    assert stale_files(solutions, assignments) == ["assignments/01_x/m.py"]
    (assignments / "01_x" / "orphan.py").write_text("")
    assert "assignments/01_x/orphan.py (no solution)" in stale_files(solutions, assignments)
