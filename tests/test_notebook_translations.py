"""The Chinese notebooks cannot drift from the English ones: same structure, same code, same names."""

from __future__ import annotations

import ast
import re

import pytest

from autograder.course import load_course
from autograder.notebooks import build, translation
from autograder.notebooks.source import FENCE, parse_notebook_source

COURSE = load_course()
SOLUTIONS = build.SOLUTIONS
ASSIGNMENTS = [a.id for a in COURSE.assignments if build.has_solution(a) and build.has_notebook_source(a)]
TRANSLATED = [a for a in ASSIGNMENTS if build.has_notebook_source(COURSE.assignment(a), language="zh")]
HEADING = re.compile(r"^(?P<level>#+)\s+(?P<number>\d+(?:\.\d+)*\.?)?")
CJK = re.compile(r"[\u4e00-\u9fff]")


def skeleton(text: str) -> list:
    """What both languages must share: the cells that are code, exactly, and where sections begin.

    A Markdown cell counts by its headings (level and number, ``## 3.``) and by the code it shows
    in a language other than ``text`` (``text`` blocks are diagrams whose labels may be translated).
    """
    shape = []
    for block in parse_notebook_source(text):
        if block.kind != "markdown":
            shape.append((block.kind, block.names, block.text))
            continue
        headings, shown, fence = [], [], None
        for line in block.text.splitlines():
            opened = FENCE.match(line)
            if fence is not None:
                if line.strip() == fence[0]:
                    fence = None
                elif fence[1] != "text":
                    shown[-1] += line + "\n"
            elif opened:
                fence = (opened["fence"], opened["info"])
                shown.append(f"```{opened['info']}\n")
            elif match := HEADING.match(line):
                headings.append((match["level"], match["number"]))
        shape.append(("markdown", tuple(headings), tuple(shown)))
    return shape


def source_text(assignment_id: str, language: str) -> str:
    return (SOLUTIONS / assignment_id / translation.notebook_source_name(language)).read_text(encoding="utf-8")


def module_source(assignment_id: str) -> str:
    return (SOLUTIONS / assignment_id / COURSE.assignment(assignment_id).module).read_text(encoding="utf-8")


def test_every_assignment_with_a_notebook_has_a_chinese_one():
    assert TRANSLATED == ASSIGNMENTS


@pytest.mark.parametrize("assignment_id", TRANSLATED)
def test_the_chinese_source_has_the_english_structure_and_code(assignment_id):
    english, chinese = skeleton(source_text(assignment_id, "en")), skeleton(source_text(assignment_id, "zh"))
    for index, (en, zh) in enumerate(zip(english, chinese)):
        assert en == zh, f"{assignment_id}: cell {index + 1} differs between notebook.md and notebook.zh.md"
    assert len(english) == len(chinese), f"{assignment_id}: {len(english)} cells in English, {len(chinese)} in Chinese"


@pytest.mark.parametrize("assignment_id", TRANSLATED)
def test_the_chinese_teaching_text_is_chinese(assignment_id):
    blocks = parse_notebook_source(source_text(assignment_id, "zh"))
    prose = [b.text for b in blocks if b.kind == "markdown"]
    untranslated = [text[:60] for text in prose if not CJK.search(text) and not text.lstrip().startswith("#")]
    assert untranslated == []


def test_a_drifted_translation_is_caught():
    english = "# A\n\n<!-- setup -->\n\n## 1. One\n\n```python\nprint(1)\n```\n\n<!-- graded: f -->\n"
    assert skeleton(english) == skeleton(english.replace("# A", "# 甲").replace("One", "一"))
    assert skeleton(english) != skeleton(english.replace("print(1)", "print(2)"))  # an experiment changed
    assert skeleton(english) != skeleton(english.replace("## 1. One", "## 2. One"))  # a section renumbered
    assert skeleton(english) != skeleton(english.replace("<!-- graded: f -->", "<!-- graded: g -->"))
    assert skeleton(english) != skeleton(english.replace("## 1. One\n", ""))  # a section lost


@pytest.mark.parametrize("assignment_id", TRANSLATED)
def test_every_documented_definition_has_a_chinese_docstring_naming_the_same_code(assignment_id):
    english = translation.english_docstrings(module_source(assignment_id))
    chinese = translation.load_docstrings(SOLUTIONS / assignment_id, "zh")
    assert sorted(chinese) == sorted(english), f"{assignment_id}: docstrings.zh.md must cover exactly these"
    for name, text in english.items():
        assert CJK.search(chinese[name]), f"{assignment_id}: the docstring of {name} is not in Chinese"
        assert translation.docstring_identifiers(chinese[name]) == translation.docstring_identifiers(text), (
            f"{assignment_id}: the Chinese docstring of {name} names other code than the English one")


def test_a_docstring_naming_other_code_is_caught():
    english = "Scale ``x``.\n\nArgs:\n    x (np.ndarray): pixels.\n    copy (bool): a copy."
    assert translation.docstring_identifiers("缩放 ``x``。\n\n参数:\n    x (np.ndarray): 像素。\n    copy (bool): 副本。") \
        == translation.docstring_identifiers(english)
    assert translation.docstring_identifiers("缩放 ``y``。\n\n参数:\n    x (np.ndarray): 像素。\n    copy (bool): 副本。") \
        != translation.docstring_identifiers(english)
    assert translation.docstring_identifiers("缩放 ``x``。\n\n参数:\n    x (np.ndarray): 像素。") \
        != translation.docstring_identifiers(english)


def _code_without_docstrings(source: str) -> str:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and ast.get_docstring(node):
            node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(tree)


@pytest.mark.parametrize("assignment_id", TRANSLATED)
def test_the_chinese_notebook_holds_the_same_code_with_chinese_docstrings_and_stubs(assignment_id):
    assignment = COURSE.assignment(assignment_id)
    for variant in ("reference", "student"):
        english = build.build_notebook(assignment, variant)
        chinese = build.build_notebook(assignment, variant, language="zh")
        assert chinese.metadata["keras_course"]["language"] == "zh"
        graded = [(en, zh) for en, zh in zip(english.cells, chinese.cells) if "keras_course" in en.metadata]
        assert graded and all("keras_course" in zh.metadata for _, zh in graded)
        for en, zh in graded:
            wanted = en.source if variant == "reference" else translation.translate_stub_words(en.source, "zh")
            assert _code_without_docstrings(wanted) == _code_without_docstrings(zh.source)
        documented = [zh.source for _, zh in graded if '"""' in zh.source]
        assert documented and all(CJK.search(source) for source in documented)
    stubs = [zh.source for zh in chinese.cells if "NotImplementedError(" in zh.source]
    assert stubs and all("还没有实现" in source for source in stubs)
    assert not any("YOUR CODE HERE" in cell.source for cell in chinese.cells)


@pytest.mark.parametrize("assignment_id", TRANSLATED)
def test_the_chinese_self_checks_answer_in_chinese(assignment_id):
    chinese = build.build_notebook(COURSE.assignment(assignment_id), "student", language="zh")
    calls = [cell.source for cell in chinese.cells if cell.id.startswith("selfcheck")]
    assert calls and all('lang="zh")' in call and CJK.search(call) for call in calls)
    setup = next(cell.source for cell in chinese.cells if cell.id == "setup")
    assert CJK.search(setup)
    compile(setup, "setup", "exec")


@pytest.mark.parametrize("assignment_id", TRANSLATED)
def test_a_chinese_class_s_nbgrader_test_cells_say_in_chinese_what_they_check(assignment_id):
    """The nbgrader notebook of a class graded in Chinese: the same test cells (ids, code, points), their
    comments worded from the zh catalog, without an English sentence."""
    from test_translations import english_sentences

    assignment = COURSE.assignment(assignment_id)
    english = build.build_notebook(assignment, "nbgrader")
    chinese = build.build_notebook(assignment, "nbgrader", language="zh")
    tests = [(en, zh) for en, zh in zip(english.cells, chinese.cells) if en.id.startswith("test-")]

    def code_ids(notebook):  # a text cell's id is made from its words
        return [cell.id for cell in notebook.cells if cell.cell_type == "code"]

    assert tests and code_ids(english) == code_ids(chinese) and len(english.cells) == len(chinese.cells)
    for en, zh in tests:
        comments = [line for line in zh.source.splitlines() if line.startswith("#") and "###" not in line]
        code = [line for line in zh.source.splitlines() if not line.startswith("# ")]
        assert code == [line for line in en.source.splitlines() if not line.startswith("# ")]
        assert comments and CJK.search(comments[0]) and english_sentences("\n".join(comments)) == [], zh.source
        assert zh.metadata == en.metadata
    worded = " ".join(zh.source for _, zh in tests)
    assert all(f"{c.id}（{c.points:g} 分）" in worded for c in assignment.checks)


def test_the_nbgrader_course_is_written_in_the_language_asked_for(tmp_path):
    from autograder import cli

    assert cli.main(["notebooks", "nbgrader-course", str(tmp_path), "-a", "02", "--lang", "zh"]) == 0
    text = (tmp_path / "source" / "02_models" / "models.ipynb").read_text(encoding="utf-8")
    assert "# 隐藏检查 dense_params.hidden_no_bias" in text and "KERAS_COURSE_LANG" in text
    assert "# Hidden check" not in text


def test_docstrings_are_replaced_keeping_the_code_and_the_indentation():
    source = ('class A:\n    """English."""\n\n    def go(self, x):\n        """Go.\n\n        Far.\n        """\n'
              '        return x\n')
    replaced = translation.replace_docstrings(source, {"A": "中文。", "A.go": "走。\n\n很远。"})
    assert replaced == ('class A:\n    """中文。"""\n\n    def go(self, x):\n        """走。\n\n        很远。\n'
                        '        """\n        return x\n')
