"""The Chinese catalogs are complete and correct: every English id translated, with exactly its
placeholders (names and format specs), and no English sentence left in a Chinese text.

When you add a message id to ``autograder/locale/en/LC_MESSAGES/messages.po`` (or a hint to a
``hints.po``), add its Chinese wording to the ``zh`` catalog beside it (``hints.zh.po``), in the
vocabulary of docs/glossary.md; these tests say which ids are missing.
"""

from __future__ import annotations

import re
import string

import pytest
from babel.messages.pofile import read_po

from autograder import catalog
from autograder.course import REPO_ROOT, load_course
from autograder.notebooks import build, translation
from autograder.notebooks.source import parse_notebook_source

CHINESE = "zh"
SOLUTIONS = REPO_ROOT / "solutions"
ASSIGNMENTS = [a.id for a in load_course().assignments if (SOLUTIONS / a.id / "hints.po").is_file()]

# An English sentence: three or more plain English words in a row, once code is set aside.
FENCED = re.compile(r"^[ \t]*(```+).*?^[ \t]*\1\s*$", re.MULTILINE | re.DOTALL)
SET_ASIDE = re.compile(r"`[^`\n]*`|\{[^{}\n]*\}|\"[^\"\n]*\"|'[^'\n]*'|<[^<>\n]*>|https?://\S+"
                       r"|^[ \t]+[\w .,|()\[\]]+:(?=\s)", re.MULTILINE)  # the last: a docstring's "    tuple of int:"
WORD = r"(?<![\w.\-/(])[A-Za-z]+(?:'[a-z]+)?(?![\w.\-/(])"
PYTHON_WORDS = {"and", "as", "class", "def", "else", "False", "for", "from", "if", "import", "in", "is",
                "lambda", "None", "not", "or", "return", "True", "with"}
RUN_OF_WORDS = re.compile(rf"{WORD}(?:[ \t]+{WORD}){{2,}}")


def english_sentences(text: str) -> list[str]:
    """Runs of 3+ English words outside code (fenced blocks, `spans`, quotes, {placeholders}, <...>).

    Python keywords break a run, so that code written inline (``for layer in model.layers``) is
    not taken for English, and proper names of two words (``Ankle boot``) are too short to count.
    """
    text = SET_ASIDE.sub(" ", FENCED.sub(" ", text))
    runs = []
    for match in RUN_OF_WORDS.finditer(text):
        words = match.group().split()
        run: list[str] = []
        for word in words + ["for"]:
            if word in PYTHON_WORDS:
                if len(run) >= 3:
                    runs.append(" ".join(run))
                run = []
            else:
                run.append(word)
    return runs


def format_fields(template: str) -> list[tuple[str, str]]:
    """``"{limit:g} s for {call}"`` -> [("call", ""), ("limit", "g")]: names with their format specs."""
    return sorted((name, spec or "") for _, name, spec, _ in string.Formatter().parse(template) if name)


def catalog_entries(path) -> dict[tuple[str, str | None], str]:
    with path.open("rb") as handle:
        return {(m.id, m.context): (m.string if not m.fuzzy else "") for m in read_po(handle) if m.id}


def translation_problems(english: dict, chinese: dict, *, templates: bool = True) -> list[str]:
    """What is wrong with ``chinese`` as a translation of ``english`` (both ``{(id, context): text}``);
    ``templates``: the texts are ``str.format`` templates whose placeholders must match (hints are not)."""
    problems = []
    for key, source in english.items():
        label = key[0] + (f" (msgctxt {key[1]})" if key[1] else "")
        text = chinese.get(key)
        if not text:
            problems.append(f"{label}: no translation")
            continue
        if templates and format_fields(text) != format_fields(source):
            problems.append(f"{label}: placeholders {format_fields(text)}; the English has {format_fields(source)}")
        if sentences := english_sentences(text):
            problems.append(f"{label}: English left in the translation: {sentences}")
    problems += [f"{key[0]}: not an English id" for key in chinese if key not in english]
    return problems


# -- the grader's messages -----------------------------------------------------------------------

def test_every_message_has_a_chinese_wording_with_the_same_placeholders():
    english = catalog_entries(catalog.catalog_file("en"))
    chinese = {key: text for key, text in catalog_entries(catalog.catalog_file(CHINESE)).items()
               if key[1] != catalog.COURSE_TEXT}  # course.yml's own words: the test below
    problems = translation_problems(english, chinese)
    assert problems == [], (f"{len(problems)} problems in {catalog.catalog_file(CHINESE).relative_to(REPO_ROOT)}:\n"
                            + "\n".join(problems[:40]))


def test_every_title_and_probe_of_course_yml_has_a_chinese_wording():
    course = load_course()
    written = {a.title for a in course.assignments} | {c.probes for a in course.assignments for c in a.checks if c.probes}
    english = {(text, catalog.COURSE_TEXT): text for text in written}
    chinese = {key: text for key, text in catalog_entries(catalog.catalog_file(CHINESE)).items()
               if key[1] == catalog.COURSE_TEXT}
    problems = translation_problems(english, chinese)
    assert problems == [], "course.yml texts (msgctxt \"course.yml\") in the zh catalog:\n" + "\n".join(problems)
    assert catalog.course_text("Data is tensors", CHINESE) == "数据就是张量"


def test_a_chinese_wording_renders_the_same_facts_as_the_english_one():
    catalog.load_catalog.cache_clear()
    message = catalog.msg("probe.timeout", call="table_shape(3, 4)", stopped_at="", advice="",
                          budget=catalog.msg("probe.timeout.budget", limit=2.5), while_idle="")
    english, chinese = catalog.render(message), catalog.render(message, CHINESE)
    assert "table_shape(3, 4)" in chinese and "2.5" in chinese and "超时" in chinese
    assert "table_shape(3, 4)" in english and "2.5" in english


# -- hints ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_every_hint_has_a_chinese_wording(assignment_id):
    english = catalog_entries(SOLUTIONS / assignment_id / "hints.po")
    chinese_file = SOLUTIONS / assignment_id / "hints.zh.po"
    assert chinese_file.is_file(), f"{assignment_id} has no hints.zh.po"
    problems = translation_problems(english, catalog_entries(chinese_file), templates=False)
    assert problems == [], f"{chinese_file.relative_to(REPO_ROOT)}:\n" + "\n".join(problems)


# -- notebooks, docstrings, README ---------------------------------------------------------------

@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_the_chinese_notebook_text_and_docstrings_hold_no_english_sentence(assignment_id):
    folder = SOLUTIONS / assignment_id
    source = (folder / translation.notebook_source_name(CHINESE)).read_text(encoding="utf-8")
    found = [(f"cell at line {b.line}", s) for b in parse_notebook_source(source) if b.kind == "markdown"
             for s in english_sentences(b.text)]
    for name, text in translation.load_docstrings(folder, CHINESE).items():
        found += [(f"docstring of {name}", s) for s in english_sentences(text)]
    assert found == []


def test_the_setup_cell_of_a_chinese_notebook_holds_no_english_sentence():
    assignment = load_course().assignment("04")
    setup = build.setup_source("student", fetch_data=True, language=CHINESE)
    comments = "\n".join(line.split("#", 1)[1] for line in setup.splitlines() if "#" in line)
    printed = "\n".join(re.findall(r'"([^"\n]*[\u4e00-\u9fff][^"\n]*)"', setup))
    assert english_sentences(comments.replace("no start-up notice, and the grader's arithmetic", "")) == []
    assert english_sentences(printed) == []
    assert assignment.training is not None


def test_the_chinese_readme_holds_no_english_sentence():
    readme = (REPO_ROOT / "README.zh.md").read_text(encoding="utf-8")
    assert english_sentences(readme) == []


# -- the rules themselves ------------------------------------------------------------------------

def test_an_english_sentence_is_found_and_code_is_not():
    assert english_sentences("模型 the layer has no bias 了。") == ["the layer has no bias"]
    assert english_sentences("请调用 `model.fit(x, y, epochs=3)`，见 {call} 和 \"Run All Cells\"。") == []
    assert english_sentences("for layer in model.layers:\n    if isinstance(layer, layers.Dense):") == []
    assert english_sentences("标签 9 是 Ankle boot，用 keras.Input 和 Google Colab。") == []
    assert english_sentences("<the largest pixel value> 和\n```\nplain english code block here\n```\n") == []
    assert english_sentences("返回:\n    list of tuple of int: 每个权重一个形状。") == []


def test_a_missing_translation_a_lost_placeholder_and_english_text_are_reported():
    english = {("probe.timeout.budget", None): " within its time budget of {limit:g} s",
               ("place.line", None): "line {line} of {module}",
               ("import.run_it", "notebook"): "restart the kernel and run all cells yourself"}
    chinese = {("probe.timeout.budget", None): "在 {limit} 秒的时间预算内",
               ("place.line", None): "{module} 的第 {line} 行",
               ("import.run_it", "notebook"): "restart the kernel 并运行全部单元格"}
    assert translation_problems(english, chinese) == [
        "probe.timeout.budget: placeholders [('limit', '')]; the English has [('limit', 'g')]",
        "import.run_it (msgctxt notebook): English left in the translation: ['restart the kernel']"]
    del chinese[("place.line", None)]
    chinese[("place.lines", None)] = "第 {line} 行"
    assert "place.line: no translation" in translation_problems(english, chinese)
    assert "place.lines: not an English id" in translation_problems(english, chinese)
    chinese[("place.line", None)] = "第 {line} 行"
    assert ("place.line: placeholders [('line', '')]; the English has [('line', ''), ('module', '')]"
            in translation_problems(english, chinese))
