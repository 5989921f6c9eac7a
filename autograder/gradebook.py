"""The gradebook: one SQLite row per (assignment, student), written as each student finishes.

Each row is written in its own transaction, so killing a run at any moment (even ``kill -9``)
loses at most the student being graded; a resumed run grades only the students without a row
for the same submission content. Rows are keyed by (assignment, student): a student can never
appear twice.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS grades (
    assignment TEXT NOT NULL,
    student TEXT NOT NULL,
    submission_sha256 TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    seconds REAL NOT NULL,
    graded_at REAL NOT NULL,
    report TEXT NOT NULL,
    PRIMARY KEY (assignment, student)
);
"""


@dataclass(frozen=True)
class GradeRow:
    assignment: str
    student: str
    submission_sha256: str
    score: float
    max_score: float
    seconds: float
    graded_at: float
    report: dict


class Gradebook:
    """A small transactional store of graded reports."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Gradebook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def record(self, assignment: str, student: str, submission_sha256: str, report: dict) -> None:
        """Store one student's report, replacing any earlier row, in one transaction."""
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO grades VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (assignment, student, submission_sha256, float(report["score"]), float(report["max_score"]),
                 float(report.get("execution_time", 0.0)), time.time(), json.dumps(report)),
            )

    def finished(self, assignment: str) -> dict[str, str]:
        """student -> submission hash, for every student of ``assignment`` with a stored row."""
        rows = self._db.execute("SELECT student, submission_sha256 FROM grades WHERE assignment = ?",
                                (assignment,))
        return dict(rows.fetchall())

    def rows(self, assignment: str | None = None) -> list[GradeRow]:
        query = "SELECT * FROM grades" + (" WHERE assignment = ?" if assignment else "") + \
                " ORDER BY assignment, student"
        cursor = self._db.execute(query, (assignment,) if assignment else ())
        return [GradeRow(*row[:7], report=json.loads(row[7])) for row in cursor.fetchall()]

    def assignments(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT DISTINCT assignment FROM grades ORDER BY 1")]

    def _transaction(self):
        db = self._db

        class _Transaction:
            def __enter__(self):
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self, kind, value, tb):
                db.execute("COMMIT" if kind is None else "ROLLBACK")

        return _Transaction()
