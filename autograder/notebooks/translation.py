"""A notebook's other language: its teaching text and its graded functions' docstrings.

The English notebook is made from ``solutions/NN_name/notebook.md`` and the module. Another
language (``zh``, the Chinese edition) adds, beside them:

* ``notebook.<language>.md``: the teaching text in that language, with exactly the English
  source's structure (the same directives in the same order, the same experiment code cells,
  and ``##`` sections at the same places; ``tests/test_notebook_translations.py`` keeps them
  so);
* ``docstrings.<language>.md``: one section ``## name`` per documented definition of the module
  (``## Class.method`` for a method), whose body is that docstring in the language; it replaces
  the English docstring inside the notebook's graded cells. The module itself stays English.

The student notebook of a language is ``assignments/NN_name/<module>.<language>.ipynb``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from autograder.catalog import DEFAULT_LANGUAGE

NOTEBOOK_LANGUAGES = ("en", "zh")
SECTION = re.compile(r"^## (?P<name>[A-Za-z_][\w.]*)\s*$")
CODE_SPAN = re.compile(r"``(.+?)``", re.DOTALL)
ARGUMENTS = re.compile(r"^\s+(?P<names>\*{0,2}[A-Za-z_]\w*(?:, \*{0,2}[A-Za-z_]\w*)*) \([^)]*\):")


# The words of the student version's stubs (autograder/markers.py and the solutions' ``#| stub:``
# lines), per language: the stubs of a translated notebook say them in its language.
STUB_WORDS = {
    "zh": {
        "not implemented yet; read its docstring, then replace this line with your code":
            "还没有实现；先读它的文档字符串，再把这一行换成你的代码",
        "not implemented yet; read the class docstring, then replace this line with your code":
            "还没有实现；先读这个类的文档字符串，再把这一行换成你的代码",
        "# YOUR CODE HERE: keep the threshold and the monitored key": "# 在这里写你的代码：保存阈值和要监视的键",
        "# YOUR CODE HERE: stop training when logs[self.monitor] reaches self.threshold":
            "# 在这里写你的代码：当 logs[self.monitor] 达到 self.threshold 时停止训练",
        "# YOUR CODE HERE": "# 在这里写你的代码",
        "# TODO: the ten class names, in label order": "# TODO：十个类别名称，按标签顺序",
        "# Helper functions of your own may go here, for the layers both networks share.":
            "# 你自己的辅助函数可以写在这里，用来创建两个网络共用的层。",
    },
}


def translate_stub_words(code: str, language: str) -> str:
    """``code`` (a stubbed graded cell) with the stubs' English words in ``language``."""
    for english, translated in STUB_WORDS.get(language, {}).items():  # longest first, as listed
        code = code.replace(english, translated)
    return code


class TranslationError(ValueError):
    """A translated source does not fit its English original."""


def notebook_source_name(language: str = DEFAULT_LANGUAGE) -> str:
    return "notebook.md" if language == DEFAULT_LANGUAGE else f"notebook.{language}.md"


def docstrings_source_name(language: str) -> str:
    return f"docstrings.{language}.md"


def notebook_file_name(module_name: str, language: str = DEFAULT_LANGUAGE) -> str:
    return f"{module_name}.ipynb" if language == DEFAULT_LANGUAGE else f"{module_name}.{language}.ipynb"


# -- docstrings.<language>.md ----------------------------------------------------------------------

def parse_docstrings(text: str, filename: str = "docstrings.md") -> dict[str, str]:
    """``{name: docstring}`` from the ``## name`` sections (text before the first is a preface)."""
    found: dict[str, str] = {}
    name, body = None, []
    for line in text.splitlines() + ["## <end>"]:
        match = SECTION.match(line) if not line.startswith("## <end>") else None
        if match or line == "## <end>":
            if name is not None:
                if name in found:
                    raise TranslationError(f"{filename}: the docstring of {name!r} is given twice")
                found[name] = "\n".join(body).strip("\n")
            name, body = (match["name"] if match else None), []
        elif line.startswith("## "):
            raise TranslationError(f"{filename}: {line!r} is not a definition's name (## name or ## Class.method)")
        elif name is not None:
            body.append(line)
    return found


def load_docstrings(solution_dir: Path, language: str) -> dict[str, str]:
    path = solution_dir / docstrings_source_name(language)
    if language == DEFAULT_LANGUAGE or not path.is_file():
        return {}
    return parse_docstrings(path.read_text(encoding="utf-8"), f"solutions/{solution_dir.name}/{path.name}")


def documented_definitions(source: str) -> dict[str, ast.AST]:
    """The module's top-level functions and classes, and the classes' methods, that have a docstring."""
    found: dict[str, ast.AST] = {}
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if ast.get_docstring(node) is not None:
                found[node.name] = node
            if isinstance(node, ast.ClassDef):
                for method in node.body:
                    if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                            and ast.get_docstring(method) is not None:
                        found[f"{node.name}.{method.name}"] = method
    return found


def english_docstrings(source: str) -> dict[str, str]:
    return {name: ast.get_docstring(node, clean=True) for name, node in documented_definitions(source).items()}


def replace_docstrings(source: str, translations: dict[str, str]) -> str:
    """``source`` with the docstring of every definition named in ``translations`` replaced.

    ``source`` is one or more top-level definitions (a graded cell); definitions it lacks are
    ignored. The new docstring keeps the old one's indentation and triple double quotes.
    """
    if not translations:
        return source
    lines = source.splitlines()
    replacements = []
    for name, node in documented_definitions(source).items():
        if name not in translations:
            continue
        docstring = node.body[0]
        indent = " " * docstring.col_offset
        body = translations[name].replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
        text_lines = body.splitlines()
        new = [f'{indent}"""{text_lines[0]}'] + [f"{indent}{line}" if line.strip() else "" for line in text_lines[1:]]
        new = new + [f'{indent}"""'] if len(text_lines) > 1 else [new[0] + '"""']
        replacements.append((docstring.lineno, docstring.end_lineno, new))
    for start, end, new in sorted(replacements, reverse=True):
        lines[start - 1:end] = new
    return "\n".join(lines) + ("\n" if source.endswith("\n") else "")


def docstring_identifiers(docstring: str) -> set[str]:
    """The code a docstring names: its ````code```` spans and the arguments it lists (``name (type):``)."""
    spans = {re.sub(r"\s+", "", span) for span in CODE_SPAN.findall(docstring)}
    arguments = {name for line in docstring.splitlines() if (match := ARGUMENTS.match(line))
                 for name in match["names"].split(", ")}
    return spans | arguments
