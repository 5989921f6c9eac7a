"""The Chinese edition speaks one vocabulary: docs/glossary.md's term, never a listed synonym."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from autograder.course import REPO_ROOT

GLOSSARY = REPO_ROOT / "docs" / "glossary.md"
CJK = re.compile(r"[\u4e00-\u9fff]")
TEXT_SUFFIXES = (".md", ".po", ".py", ".ipynb", ".html", ".yml", ".txt", ".json")
SKIPPED_FOLDERS = {".git", ".venv", ".cache", "tests", "node_modules", "__pycache__"}


def glossary_rows(path: Path = GLOSSARY) -> list[tuple[str, str, list[str]]]:
    """``(english, chinese, forbidden synonyms)`` of every row of the glossary's table."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 3 or cells[0] in ("English", "---"):
            continue
        forbidden = [word.strip() for word in re.split(r"[,，]", cells[2]) if word.strip()]
        rows.append((cells[0], cells[1], forbidden))
    return rows


def chinese_texts(root: Path = REPO_ROOT) -> list[Path]:
    """Every text file of the project that holds Chinese, but the glossary itself (and the tests)."""
    found = []
    for path in sorted(root.rglob("*")):
        parts = set(path.relative_to(root).parts[:-1])
        if parts & SKIPPED_FOLDERS or not path.is_file() or path.suffix not in TEXT_SUFFIXES or path == GLOSSARY:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if CJK.search(text):
            found.append(path)
    return found


def misused_terms(text: str, rows) -> list[str]:
    """``"精度 (accuracy: say 准确率)"`` for every forbidden synonym ``text`` uses."""
    return [f"{word} ({english}: say {chinese})" for english, chinese, forbidden in rows
            for word in forbidden if word in text]


ROWS = glossary_rows()
TEXTS = chinese_texts()


def test_the_glossary_lists_the_core_terms_with_one_chinese_term_each():
    chinese = {english: term for english, term, _ in ROWS}
    assert chinese["tensor"] == "张量" and chinese["layer"] == "层" and chinese["bias"] == "偏置"
    assert chinese["validation set"] == "验证集" and chinese["over-fitting"] == "过拟合"
    englishes = [english for english, _, _ in ROWS]
    assert len(englishes) == len(set(englishes)), "an English term is listed twice"
    assert len(ROWS) > 60


def test_no_forbidden_synonym_is_also_a_chosen_term():
    chosen = {term for _, term, _ in ROWS}
    clashes = [word for _, _, forbidden in ROWS for word in forbidden if any(word in term for term in chosen)]
    assert clashes == [], f"forbidden synonyms that are part of a chosen term: {clashes}"


def test_the_chinese_texts_are_found():
    names = {path.relative_to(REPO_ROOT).as_posix() for path in TEXTS}
    assert "README.zh.md" in names or any(name.endswith("notebook.zh.md") for name in names)


@pytest.mark.parametrize("path", TEXTS, ids=[p.relative_to(REPO_ROOT).as_posix() for p in TEXTS])
def test_every_chinese_text_uses_the_glossary_terms(path):
    misused = misused_terms(path.read_text(encoding="utf-8"), ROWS)
    assert misused == [], f"{path.relative_to(REPO_ROOT)} uses {', '.join(misused)} (docs/glossary.md)"


def test_a_forbidden_synonym_is_caught_and_the_chosen_term_is_not(tmp_path):
    wrong = tmp_path / "notebook.zh.md"
    wrong.write_text("模型在验证集上的精度是 0.87，说明过度拟合了。", encoding="utf-8")
    right = "模型在验证集上的准确率是 0.87，说明过拟合了。"
    assert chinese_texts(tmp_path) == [wrong]
    assert misused_terms(wrong.read_text(encoding="utf-8"), ROWS) == [
        "精度 (accuracy: say 准确率)", "过度拟合 (over-fitting: say 过拟合)"]
    assert misused_terms(right, ROWS) == []
