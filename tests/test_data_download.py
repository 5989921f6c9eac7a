"""Downloads that cannot hang or lie, and the `data` command, against a local HTTP server (127.0.0.1)."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from autograder import cli, data_sources
from autograder.datasets import FILES
from autograder.download import DownloadError, download_file, download_files, md5_of
from test_datasets import write_fashion_folder


@pytest.fixture
def files(tmp_path):
    """The four files as a mirror would serve them, and their checksums."""
    folder = tmp_path / "served"
    write_fashion_folder(folder)
    contents = {name: (folder / name).read_bytes() for name in FILES.values()}
    return contents, {name: md5_of(folder / name) for name in FILES.values()}


@pytest.fixture
def server(files):
    """/good/ serves the files; /short/ announces them whole and sends half; /other/ sends other bytes."""
    contents, _ = files

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server name
            kind, _, name = self.path.strip("/").partition("/")
            if name not in contents or kind not in ("good", "short", "other"):
                self.send_error(404)
                return
            body = contents[name]
            sent = {"good": body, "short": body[: len(body) // 2], "other": body[::-1]}[kind]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(sent)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def silent_server():
    """Accepts connections (the kernel does) and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def test_download_checks_each_file_and_puts_it_in_place(server, files, tmp_path):
    contents, checksums = files
    written = download_files(f"{server}/good", checksums, tmp_path / "cache", timeout=5, retries=1)
    assert sorted(p.name for p in written) == sorted(FILES.values())
    assert all((tmp_path / "cache" / name).read_bytes() == contents[name] for name in FILES.values())
    assert not list((tmp_path / "cache").glob("*.part"))


def test_a_truncated_download_is_refused_and_leaves_nothing(server, files, tmp_path):
    _, checksums = files
    name = FILES["x_train"]
    with pytest.raises(DownloadError, match=r"cut short: \d+ of \d+ bytes arrived"):
        download_file(f"{server}/short/{name}", tmp_path / "cache" / name, expected_md5=checksums[name],
                      retries=2, timeout=5)
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_file_with_the_wrong_checksum_is_refused(server, files, tmp_path):
    _, checksums = files
    name = FILES["y_test"]
    with pytest.raises(DownloadError, match=f"but the published file's is {checksums[name]}"):
        download_file(f"{server}/other/{name}", tmp_path / "cache" / name, expected_md5=checksums[name],
                      retries=1)
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_server_that_never_answers_times_out(silent_server, files, tmp_path):
    _, checksums = files
    started = time.monotonic()
    with pytest.raises(DownloadError, match="attempt 2: the server did not answer in time"):
        download_file(f"{silent_server}/{FILES['y_test']}", tmp_path / "f.gz", expected_md5="0" * 32,
                      timeout=0.5, retries=2)
    assert time.monotonic() - started < 10


def test_a_missing_file_says_what_the_server_answered(server, files, tmp_path):
    with pytest.raises(DownloadError, match="HTTP 404"):
        download_file(f"{server}/good/nothing.gz", tmp_path / "n.gz", expected_md5="0" * 32, retries=1)


# -- the `data` command --------------------------------------------------------------------------

def test_data_fetch_downloads_into_keras_cache_then_status_says_it_is_used(server, files, tmp_path, monkeypatch,
                                                                            capsys):
    _, checksums = files
    monkeypatch.setattr(data_sources, "OFFICIAL_MD5", checksums)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    assert cli.main(["data", "fetch", "--mirror", f"{server}/good/", "--timeout", "5"]) == 0
    assert "match the published MD5 checksums" in capsys.readouterr().out
    cache = tmp_path / "kh" / "datasets" / "fashion-mnist"
    assert sorted(p.name for p in cache.iterdir()) == sorted(FILES.values())
    assert cli.main(["data", "status"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Grading would use Fashion-MNIST from Keras cache $KERAS_HOME ({cache})")
    assert "skipped the configured folder: none is set" in out


def test_data_fetch_failure_names_the_reason_and_the_official_mirrors(server, files, tmp_path, monkeypatch, capsys):
    _, checksums = files
    monkeypatch.setattr(data_sources, "OFFICIAL_MD5", checksums)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    assert cli.main(["data", "fetch", "--mirror", f"{server}/other/", "--retries", "1"]) == cli.USAGE_ERROR
    err = capsys.readouterr().err
    assert "but the published file's is" in err and "http://fashion-mnist.s3-website" in err
    assert not list((tmp_path / "kh" / "datasets" / "fashion-mnist").iterdir())


def test_data_status_without_data_warns_loudly(tmp_path, capsys):
    assert cli.main(["data", "status"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Grading would use the synthetic stand-in")
    assert "downloads are switched off (KERAS_COURSE_OFFLINE=1)" in captured.out
    assert "WARNING: the training checks use the synthetic stand-in" in captured.err


def test_data_import_copies_verified_files_from_a_folder(files, tmp_path, monkeypatch, capsys):
    _, checksums = files
    monkeypatch.setattr(data_sources, "OFFICIAL_MD5", checksums)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    assert cli.main(["data", "import", str(tmp_path / "served")]) == 0
    assert "imported the four files" in capsys.readouterr().out
    assert data_sources.resolve_data().source == "cache"


@pytest.mark.parametrize("damage, expected", [
    ("wrong folder", "holds none of the four files"),
    ("missing file", "missing: t10k-labels-idx1-ubyte.gz"),
    ("another file", "t10k-labels-idx1-ubyte.gz is not the published file: its MD5 is"),
    ("corrupt gzip", "t10k-labels-idx1-ubyte.gz is not a valid gzip file"),
    ("not idx", "t10k-labels-idx1-ubyte.gz is a gzip file but not IDX data"),
])
def test_data_import_refuses_with_a_clear_reason(files, tmp_path, monkeypatch, capsys, damage, expected):
    _, checksums = files
    monkeypatch.setattr(data_sources, "OFFICIAL_MD5", checksums)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    folder = tmp_path / "served"
    labels = folder / FILES["y_test"]
    if damage == "wrong folder":
        folder = tmp_path / "kh"
        folder.mkdir()
        (folder / "notes.txt").write_text("hello")
    elif damage == "missing file":
        labels.unlink()
    elif damage == "another file":
        with gzip.open(labels, "wb") as handle:
            handle.write(bytes([0, 0, 8, 1, 0, 0, 0, 1, 7]))
    elif damage == "corrupt gzip":
        labels.write_bytes(labels.read_bytes()[:20])
    else:
        with gzip.open(labels, "wb") as handle:
            handle.write(b"hello, not IDX")
    assert cli.main(["data", "import", str(folder)]) == cli.USAGE_ERROR
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "kh" / "datasets").exists()
