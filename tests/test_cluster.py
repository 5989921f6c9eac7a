"""Grading on a Dask cluster (grade --cluster): the same results as local grading, TLS only, a
worker with another course refuses, plain JSON answers, and nobody graded twice.

The fast tests run a worker's task in this process (what a Dask worker runs, without Dask); the
slow ones start real clusters (each worker process starts its own warm template)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from autograder.batch import grade_class
from autograder.cluster.connect import ClusterOptions, ClusterUsageError, security
from autograder.cluster.executor import ClusterGrader, CourseMismatch
from autograder.cluster.digest import course_digest, describe_files, file_digests, kind_digests
from autograder.cluster.result import ResultRejected, WorkerRefused, parse_answer
from autograder.cluster.task import grade_task, make_task
from autograder.course import REPO_ROOT
from autograder.discovery import discover, find_module
from conftest import reference_source
from test_hostile import submission_bytes

REFERENCE = reference_source("01_data", "tensors.py")
STUB = (REPO_ROOT / "assignments" / "01_data" / "tensors.py").read_text()
WRONG = REFERENCE.replace('    "Trouser",\n', '    "Trousers",\n')
SLOW = REFERENCE.replace('    return (n_samples, n_features)\n',
                         '    import time\n    time.sleep(1.0)\n    return (n_samples, n_features)\n', 1)


def make_class(root: Path) -> Path:
    """A correct, a wrong, an untouched, a broken and a hostile student, one without the module, one notebook."""
    students = {"alice": REFERENCE, "bob": STUB, "carol": WRONG, "frank": "def broken(:\n",
                "mallory": submission_bytes("exits_in_functions").decode()}
    for name, source in students.items():
        (root / name).mkdir(parents=True)
        (root / name / "tensors.py").write_text(source)
    (root / "nobody").mkdir()
    (root / "nobody" / "notes.txt").write_text("no module here")
    (root / "paula.py").write_text(REFERENCE)  # a file of its own, not a folder
    return root


def run_cli(*args, timeout=900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "COLUMNS": "200"})


def results(out: Path) -> dict[str, tuple]:
    """student -> (score, every check's id, points and message, the notes): what must not depend on where."""
    found = {}
    for row in json.loads(json.dumps(_gradebook(out))):
        report = row["report"]
        found[row["student"]] = (report["score"], [(c["id"], c["points"], c["message"]) for c in report["checks"]],
                                 report["notes"])
    return found


def _gradebook(out: Path) -> list[dict]:
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        return [{"student": student, "report": json.loads(report)}
                for student, report in db.execute("SELECT student, report FROM grades ORDER BY student")]


def worker_answer(course, submission, digest=None) -> str:
    config = course.assignment("01")
    task = make_task(submission, find_module(submission.path, config), config, "course.yml",
                     digest or course_digest())
    return grade_task(task)


# -- fast: what a worker does, in this process --------------------------------------------------------

class InProcessClient:
    """Stands for ``distributed.Client``: its executor runs each worker task in a thread of this process."""

    def __init__(self, workers: dict[str, dict] | None = None):
        self.workers = workers  # address -> the per-file digests that worker reports

    def get_executor(self, **options):
        assert options == {"retries": 2, "pure": False}
        return ThreadPoolExecutor(max_workers=2)

    def nthreads(self):
        return {"tls://10.0.0.1:4000": 2}

    def run(self, function, *args):
        return self.workers if self.workers is not None else {"tls://10.0.0.1:4000": function(*args)}

    def close(self):
        pass


def test_the_cluster_grader_stores_what_local_grading_stores(course, tmp_path):
    config = course.assignment("01")
    submissions = [s for s in discover(make_class(tmp_path / "class"), config) if s.student != "mallory"]  # slow suite
    local = grade_class(course, config, submissions, jobs=2)
    grader = ClusterGrader(course, config, InProcessClient())
    remote = grade_class(course, config, submissions, grader=grader)
    assert not remote.internal_errors and not remote.not_graded
    assert graded(remote) == graded(local)
    assert {r.submission: r.graded_by for r in remote.graded} == {
        "alice": socket.gethostname(), "bob": socket.gethostname(), "carol": socket.gethostname(),
        "frank": socket.gethostname(), "paula": socket.gethostname(), "nobody": ""}  # no module: graded here
    assert grader.workers == {socket.gethostname(): 5}


def graded(run) -> dict[str, tuple]:
    return {r.submission: (r.score, [(c.id, c.points, c.message) for c in r.checks], r.notes) for r in run.graded}


def test_workers_with_another_course_are_refused_before_and_during_a_run(course, tmp_path):
    config = course.assignment("01")
    theirs = file_digests()
    suite = next(name for name in theirs["checks"] if name.endswith("a01_data.py"))
    theirs["checks"][suite] = "1" * 64
    with pytest.raises(CourseMismatch, match=f"tls://10.0.0.9:4000: checks differ: {suite}$"):
        ClusterGrader(course, config, InProcessClient({"tls://10.0.0.9:4000": theirs})).prepare()
    # A worker whose checkout changes after the check before the run refuses each task: nobody is
    # stored, the reason is said (here the coordinator's checks are the ones that differ).
    grader = ClusterGrader(course, config, InProcessClient({"tls://10.0.0.1:4000": theirs}))
    grader._files, grader.digest = theirs, kind_digests(theirs)
    grader.prepare()
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "tensors.py").write_text(REFERENCE)
    run = grade_class(course, config, discover(tmp_path / "alice", config), grader=grader)
    assert not run.graded and list(run.not_graded) == ["alice"]
    assert "runs another version of the course: checks differ: the checks (autograder/checks/" in run.not_graded["alice"]


def test_a_worker_running_other_checks_refuses_and_says_what_differs(course, tmp_path):
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "tensors.py").write_text(REFERENCE)
    submission = discover(tmp_path / "alice", course.assignment("01"))[0]
    theirs = {**course_digest(), "checks": "0" * 64}  # the coordinator's checks are not this checkout's
    with pytest.raises(WorkerRefused, match=r"runs another version of the course: checks differ: the checks "
                                            r"\(autograder/checks/"):
        parse_answer(worker_answer(course, submission, theirs), course.assignment("01"))
    # Before a run the coordinator compares every file, so it names them.
    ours = file_digests()
    other = json.loads(json.dumps(ours))
    suite = next(name for name in other["checks"] if name.endswith("a01_data.py"))
    other["checks"][suite] = "1" * 64
    other["lock"]["requirements.lock"] = "2" * 64
    assert kind_digests(other) != kind_digests(ours)
    assert describe_files(ours, other) == f"checks differ: {suite}; lock differ: requirements.lock"
    assert describe_files(ours, ours) == ""


def test_only_a_well_formed_json_report_of_the_assignment_is_accepted(course, tmp_path):
    config = course.assignment("01")
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "tensors.py").write_text(WRONG)
    answer = worker_answer(course, discover(tmp_path / "alice", config)[0])
    report, _ = parse_answer(answer, config)
    assert 0 < report.score < report.max_score == 27

    def forged(change) -> str:
        data = json.loads(answer)
        change(data["report"])
        return json.dumps(data)

    def full_marks(report):
        for check in report["checks"]:
            check["points"] = check["max_points"]

    def inflated(report):
        report["checks"][0]["points"] = 100.0
        report["score"] += 100.0 - report["checks"][0]["max_points"]

    for bad, why in [(forged(full_marks), "do not add up"), (forged(inflated), "do not add up"),
                     (forged(lambda r: r["checks"].pop()), "other checks"),
                     (forged(lambda r: r.update(extra="x")), "wrong shape"),
                     (forged(lambda r: r["checks"][0].update(points="1")), "wrong shape"),
                     (forged(lambda r: r.update(assignment="02_models")), "graded '02_models'"),
                     ("not json", "not JSON"), (report, "not a JSON string"),
                     (json.dumps({"worker": "w", "error": "Traceback ..."}), "the grader failed on worker w")]:
        with pytest.raises(ResultRejected, match=why):
            parse_answer(bad, config)


def test_a_cluster_is_reached_over_tls_with_certificates_only(tmp_path, monkeypatch):
    for variable in ("KERAS_COURSE_TLS_CA", "KERAS_COURSE_TLS_CERT", "KERAS_COURSE_TLS_KEY"):
        monkeypatch.delenv(variable, raising=False)
    for address in ("tcp://10.0.0.5:8786", "10.0.0.5:8786", "tcp://127.0.0.1:8786"):
        with pytest.raises(ClusterUsageError, match="over TLS with certificates only"):
            security(ClusterOptions(address))
    with pytest.raises(ClusterUsageError, match=r"--tls-ca-file \(or KERAS_COURSE_TLS_CA\), --tls-cert"):
        security(ClusterOptions("tls://10.0.0.5:8786"))
    tls = make_certificates(tmp_path)
    monkeypatch.setenv("KERAS_COURSE_TLS_CA", str(tls["ca_file"]))
    options = ClusterOptions("tls://10.0.0.5:8786", cert_file=tls["cert_file"], key_file=tls["key_file"])
    secure = security(options)
    assert secure.require_encryption and secure.tls_ca_file == str(tls["ca_file"])
    result = run_cli("grade", str(tmp_path), "-a", "01", "--cluster", "tcp://127.0.0.1:8786")
    assert result.returncode == 2 and "over TLS with certificates only" in result.stderr


def test_without_cluster_nothing_of_dask_is_imported():
    probe = ("import sys; import autograder.cli, autograder.batch, autograder.grading, autograder.exports; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=REPO_ROOT)
    assert found.stdout.strip() == "[]", found.stderr


def test_an_unreachable_scheduler_is_an_error_within_the_timeout(tmp_path):
    tls = make_certificates(tmp_path)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "tensors.py").write_text(REFERENCE)
    started = time.monotonic()
    result = run_cli("grade", str(tmp_path / "alice"), "-a", "01", "--cluster", f"tls://127.0.0.1:{port}",
                     "--cluster-timeout", "2", "--tls-ca-file", str(tls["ca_file"]), "--tls-cert",
                     str(tls["cert_file"]), "--tls-key", str(tls["key_file"]), timeout=120)
    seconds = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    assert f"could not reach the Dask scheduler at tls://127.0.0.1:{port} within 2 s" in result.stderr
    assert seconds < 40, seconds  # the grader's start and Dask's import, then 2 s; not a hang


def test_a_submission_too_large_to_send_is_not_graded_and_says_why(course, tmp_path, monkeypatch):
    from autograder.cluster import task

    monkeypatch.setattr(task, "MAX_SUBMISSION_BYTES", 100)
    config = course.assignment("01")
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "tensors.py").write_text(REFERENCE)
    run = grade_class(course, config, discover(tmp_path / "alice", config),
                      grader=ClusterGrader(course, config, InProcessClient()))
    assert not run.graded and "alice's files could not be sent: " in run.not_graded["alice"]
    assert "at most 100 are sent to a worker" in run.not_graded["alice"]


# -- slow: real clusters ------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_class_graded_on_a_local_cluster_gets_what_two_jobs_give(tmp_path):
    make_class(tmp_path / "class")
    local, cluster = tmp_path / "local", tmp_path / "cluster"
    result = run_cli("grade", str(tmp_path / "class"), "-a", "01", "--jobs", "2", "--out", str(local))
    assert result.returncode == 0, result.stderr
    result = run_cli("grade", str(tmp_path / "class"), "-a", "01", "--cluster", "local:2", "--out", str(cluster))
    assert result.returncode == 0, result.stderr
    assert "on the Dask cluster local:2 (2 at once)" in result.stdout and "graded by: tcp://127.0.0.1:" in result.stdout
    expected, got = results(local), results(cluster)
    assert set(got) == {"alice", "bob", "carol", "frank", "mallory", "nobody", "paula"}
    assert got == expected
    assert [got[s][0] for s in ("alice", "bob", "frank", "nobody", "paula")] == [27.0, 0.0, 0.0, 0.0, 27.0]
    assert 0 < got["carol"][0] < 27 and got["mallory"][0] < 27
    templates: dict[str, set[str]] = {}  # Dask worker -> the warm templates its students were forked from
    for row in _gradebook(cluster):
        expected_worker = "" if row["student"] == "nobody" else "tcp://127.0.0.1:"
        assert row["report"]["graded_by"].startswith(expected_worker)
        assert row["report"]["graded_by"] or row["student"] == "nobody"
        notes = " ".join(row["report"]["instructor_notes"])
        templates.setdefault(row["report"]["graded_by"], set()).update(re.findall(r"warm template \(pid (\d+)\)", notes))
    local_kinds = {row["student"]: row["report"]["workers"] for row in _gradebook(local)}
    assert {row["student"]: row["report"]["workers"] for row in _gradebook(cluster)} == local_kinds
    if "template" in local_kinds.values():  # one template per Dask worker process, kept for its next students
        assert all(len(pids) == 1 for worker, pids in templates.items() if worker), templates
    summary = (cluster / "summary-01_data.html").read_text()
    assert "<h2>Workers</h2>" in summary and "graded by" in summary and "this machine" in summary
    assert "<h2>Workers</h2>" not in (local / "summary-01_data.html").read_text()


@pytest.mark.slow
def test_a_tls_cluster_grades_and_a_peer_without_the_certificate_is_refused(tmp_path):
    from distributed import Client, LocalCluster
    from distributed.security import Security

    tls = make_certificates(tmp_path)
    secure = Security(tls_ca_file=str(tls["ca_file"]), tls_scheduler_cert=str(tls["cert_file"]),
                      tls_scheduler_key=str(tls["key_file"]), tls_worker_cert=str(tls["cert_file"]),
                      tls_worker_key=str(tls["key_file"]), tls_client_cert=str(tls["cert_file"]),
                      tls_client_key=str(tls["key_file"]), require_encryption=True)
    make_class(tmp_path / "class")
    with LocalCluster(n_workers=1, threads_per_worker=2, protocol="tls://", host="127.0.0.1", security=secure,
                      dashboard_address=None, memory_limit=0) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tls://127.0.0.1:")
        env = {"KERAS_COURSE_TLS_CA": str(tls["ca_file"]), "KERAS_COURSE_TLS_CERT": str(tls["cert_file"]),
               "KERAS_COURSE_TLS_KEY": str(tls["key_file"])}
        result = subprocess.run([sys.executable, "-m", "autograder", "grade", str(tmp_path / "class" / "alice"),
                                 str(tmp_path / "class" / "carol"), "-a", "01", "--cluster", address, "--out",
                                 str(tmp_path / "out")], cwd=REPO_ROOT, capture_output=True, text=True, timeout=600,
                                env={**os.environ, **env, "COLUMNS": "200"})
        assert result.returncode == 0, result.stderr
        scores = {student: got[0] for student, got in results(tmp_path / "out").items()}
        assert scores["alice"] == 27.0 and 0 < scores["carol"] < 27
        assert f"graded by: {cluster.workers[0].worker_address} (2)" in result.stdout
        stranger = make_certificates(tmp_path / "stranger")  # a certificate from another CA
        other = Security(tls_ca_file=str(stranger["ca_file"]), tls_client_cert=str(stranger["cert_file"]),
                         tls_client_key=str(stranger["key_file"]), require_encryption=True)
        with pytest.raises((OSError, TimeoutError)):
            Client(address, security=other, timeout=3, set_as_default=False)


@pytest.mark.slow
def test_a_lost_workers_students_are_graded_elsewhere_and_stored_once(course, tmp_path):
    from distributed import Client, LocalCluster

    from autograder.batch import grade_class
    from autograder.cluster.executor import ClusterGrader
    from autograder.gradebook import Gradebook

    config = course.assignment("01")
    for index in range(6):
        (tmp_path / "class" / f"s{index}").mkdir(parents=True)
        (tmp_path / "class" / f"s{index}" / "tensors.py").write_text(SLOW)
    killed: list[str] = []
    stored: list[str] = []

    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                      memory_limit=0) as cluster, Client(cluster, set_as_default=False) as client:
        pids = client.run(os.getpid)

        def on_report(student, report):
            stored.append(student)
            if not killed:  # the other worker is in the middle of a student: kill it
                victim = next(address for address in pids if address != report.graded_by)
                os.kill(pids[victim], signal.SIGKILL)
                killed.append(victim)

        grader = ClusterGrader(course, config, client)
        with Gradebook(tmp_path / "gradebook.sqlite") as gradebook:
            run = grade_class(course, config, discover(tmp_path / "class", config), gradebook=gradebook,
                              grader=grader, on_report=on_report)
            rows = gradebook.rows("01_data")
    assert killed and not run.internal_errors
    assert sorted(stored) == [f"s{index}" for index in range(6)]  # each once
    assert [(row.student, row.score) for row in rows] == [(f"s{index}", 27.0) for index in range(6)]


@pytest.mark.slow
def test_a_killed_cluster_run_resumes_without_counting_anyone_twice(tmp_path):
    students = [f"s{index}" for index in range(6)]
    for student in students:
        (tmp_path / "class" / student).mkdir(parents=True)
        (tmp_path / "class" / student / "tensors.py").write_text(SLOW)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder", "grade", str(tmp_path / "class"), "-a", "01", "--cluster", "local:2",
               "--out", str(out)]
    process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and _stored(out) < 2:
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    before = _stored(out)
    assert 2 <= before < 6
    result = run_cli("grade", str(tmp_path / "class"), "-a", "01", "--cluster", "local:2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{before} students already graded" in result.stdout
    assert [(row["student"], row["report"]["score"]) for row in _gradebook(out)] == [(s, 27.0) for s in students]


def _stored(out: Path) -> int:
    try:
        return len(_gradebook(out)) if (out / "gradebook.sqlite").exists() else 0
    except sqlite3.OperationalError:  # the table is being created
        return 0


def make_certificates(folder: Path) -> dict[str, Path]:
    """A throwaway CA and one certificate it signed (for 127.0.0.1), made with the openssl command."""
    if subprocess.run(["openssl", "version"], capture_output=True).returncode != 0:
        pytest.skip("the openssl command is not available")
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca, key, request, cert = (folder / name for name in ("ca.key", "ca.pem", "node.key", "node.csr", "node.pem"))
    for command in (
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", ca_key, "-out", ca, "-days", "1",
         "-subj", "/CN=test course CA"],
        ["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", request, "-subj", "/CN=grader",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        ["openssl", "x509", "-req", "-in", request, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-out", cert,
         "-days", "1", "-copy_extensions", "copy"],
    ):
        subprocess.run([str(part) for part in command], check=True, capture_output=True)
    return {"ca_file": ca, "cert_file": cert, "key_file": key}

