"""The message catalog: every id the code uses has an English wording with exactly its placeholders."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from autograder import catalog
from autograder.catalog import NotebookPlace, SourceFile, SourceLine, msg, render
from autograder.course import REPO_ROOT

PACKAGE = REPO_ROOT / "autograder"


def used_messages() -> list[tuple[str, str, set[str] | None]]:
    """``(where, id, keyword names)`` of every ``msg("id", ...)`` call in the grader's code.

    The keyword names are None when a call passes ``**params`` (then they cannot be read here).
    """
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "msg"):
                continue
            where = f"{path.relative_to(REPO_ROOT).as_posix()}:{node.lineno}"
            if not node.args or not isinstance(node.args[0], ast.Constant):
                found.append((where, None, None))
                continue
            names = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
            found.append((where, node.args[0].value, names))
    return found + template_messages()


def template_messages() -> list[tuple[str, str, set[str]]]:
    """``t("id", name=...)`` calls in the page templates (feedback_pages.page_words), read the same way."""
    found = []
    for path in sorted((PACKAGE / "templates").glob("*.j2")):
        text = path.read_text(encoding="utf-8")
        for start in (m.start() for m in re.finditer(r'\bt\("', text)):
            depth, end = 0, start + 1
            for end in range(start + 1, len(text)):
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                if depth == 0:
                    break
            call = ast.parse(text[start:end + 1], mode="eval").body
            line = text.count("\n", 0, start) + 1
            found.append((f"{path.relative_to(REPO_ROOT).as_posix()}:{line}", call.args[0].value,
                          {k.arg for k in call.keywords}))
    return found


def entries(language: str) -> dict[tuple[str, str | None], str]:
    return {(m.id, m.context): m.string for m in catalog.load_catalog(language) if m.id}


USED = used_messages()
ENGLISH = entries("en")


def test_the_code_uses_messages():
    assert len(USED) > 50


@pytest.mark.parametrize("where, message_id, names", USED, ids=[u[0] for u in USED])
def test_every_message_used_has_an_english_wording_with_its_placeholders(where, message_id, names):
    assert message_id is not None, f"{where}: the message id must be a string literal, so that it can be checked"
    assert (message_id, None) in ENGLISH, f"{where}: {message_id!r} is not in {catalog.catalog_file('en')}"
    if names is None:
        return
    wanted = catalog.placeholders(ENGLISH[message_id, None])
    assert names == wanted, (f"{where}: {message_id!r} is given {sorted(names)}; its wording names "
                             f"{sorted(wanted)}")
    for (entry_id, context), text in ENGLISH.items():
        if entry_id == message_id and context:
            assert catalog.placeholders(text) <= names, f"{message_id!r} (msgctxt {context!r}) names unknown values"


def test_every_english_wording_is_used():
    used = {message_id for _, message_id, _ in USED}
    unused = sorted({entry_id for entry_id, _ in ENGLISH} - used)
    assert unused == [], f"in the catalog but used nowhere: {unused}"


# An id reads as <area>.<subject>.<what> in plain words: lower-case words joined by dots, and no
# leftover of generating ids from a message's first words ("text", "expected", "_2", "model_s").
ID_FORM = re.compile(r"[a-z][a-z0-9]*(\.[a-z][a-z0-9_]*)+")
GENERATED_LOOK = re.compile(r"\.(text|expected)(_\d+)?$|_\d+$|(^|[._])s_|_s($|[._])")


def test_every_message_id_reads_as_area_subject_what_in_words():
    badly_named = sorted({entry_id for entry_id, _ in ENGLISH
                          if not ID_FORM.fullmatch(entry_id) or GENERATED_LOOK.search(entry_id)})
    assert badly_named == [], f"name these ids after what they say (tools/rename_message_ids.py): {badly_named}"


def test_the_guard_on_id_names_catches_generated_looking_ids():
    for generated in ("a04.accuracy_judge.text_2", "a01.one_hot_hints.s_are_wrong", "a02.weights.expected",
                      "a03.optimizer.compiled_model_s", "A01.Split"):
        assert not ID_FORM.fullmatch(generated) or GENERATED_LOOK.search(generated), generated
    assert ID_FORM.fullmatch("a01.split.not_shuffled") and not GENERATED_LOOK.search("a01.split.not_shuffled")


@pytest.mark.parametrize("language", sorted(p.name for p in catalog.LOCALE_DIR.iterdir() if p.is_dir()))
def test_every_translation_has_the_english_placeholders(language):
    for (message_id, context), text in entries(language).items():
        if context == catalog.COURSE_TEXT:  # a translation of course.yml's own words: test below
            continue
        english = ENGLISH.get((message_id, context)) or ENGLISH.get((message_id, None))
        assert english is not None, f"{language}: {message_id!r} is not an English id"
        if text:
            assert catalog.placeholders(text) == catalog.placeholders(english), f"{language}: {message_id!r}"


def test_catalog_is_read_without_importing_keras():
    """In a fresh interpreter: other tests of this process may have imported Keras already."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from autograder.catalog import SourceFile, msg, render\n"
            "text = render(msg('probe.missing', target='table_shape', module=SourceFile('tensors.py')))\n"
            "assert 'table_shape' in text, text\n"
            "print(sorted(name for name in ('keras', 'tensorflow') if name in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# -- rendering: a file's terms, a notebook's terms ------------------------------------------------

def _raised():
    at = msg("where.at_code", line=SourceLine("tensors.py", 14), function="scale", code="return x / 0")
    return msg("import.raised", module=SourceFile("tensors.py"), error_type="ZeroDivisionError",
               error_message="division by zero", where=msg("where.paren", at=at),
               run_it=msg("import.run_it", module=SourceFile("tensors.py")))


def test_a_file_submission_reads_file_and_line():
    assert render(_raised()) == (
        "tensors.py could not be imported: ZeroDivisionError: division by zero (line 14 of tensors.py, in "
        "scale: `return x / 0`). No check could run until this is fixed; run `python tensors.py` yourself to "
        "see the full error.")


def test_a_notebook_reads_cell_and_line_and_how_to_rerun():
    place = NotebookPlace({14: ("cell 5", 2)}, "tensors.ipynb")
    assert render(_raised(), place=place) == (
        "your notebook (tensors.ipynb) could not be imported: ZeroDivisionError: division by zero (cell 5, "
        "line 2, in scale: `return x / 0`). No check could run until this is fixed; restart the kernel and "
        "run all cells yourself to see the full error.")


def test_the_notebook_being_run_is_just_your_notebook():
    place = NotebookPlace({}, None)
    text = render(msg("probe.missing", target="scale", module=SourceFile("tensors.py")), place=place)
    assert text.startswith("your notebook has no scale.")


def test_a_line_outside_every_cell_says_so():
    place = NotebookPlace({}, "tensors.ipynb")
    assert render(msg("place.line", line=3, module="tensors.py")) == "line 3 of tensors.py"
    text = render(msg("where.paren", at=msg("where.at", line=SourceLine("tensors.py", 3), function="f")),
                  place=place)
    assert text == " (line 3 of the module made from your notebook, in f)"


def test_a_message_travels_as_plain_data():
    import json

    message = _raised()
    data = json.loads(json.dumps(message.to_dict()))
    assert catalog.Message.from_dict(data) == message


def test_an_unknown_id_is_an_error_naming_the_catalog():
    with pytest.raises(KeyError, match="no.such.id"):
        render(msg("no.such.id"))


@pytest.mark.parametrize("language", sorted(p.name for p in catalog.LOCALE_DIR.iterdir() if p.is_dir()))
def test_every_translation_of_course_yml_words_translates_words_course_yml_has(language):
    from autograder.course import load_course

    course = load_course()
    written = {a.title for a in course.assignments} | {c.probes for a in course.assignments for c in a.checks}
    stale = sorted(message_id for (message_id, context) in entries(language)
                   if context == catalog.COURSE_TEXT and message_id not in written)
    assert stale == [], f"{language}: these course.yml texts changed or are gone; translate the new ones: {stale}"
