"""Reaching a Dask cluster: the address, TLS with certificates, a time limit on connecting.

A Dask scheduler runs whatever it is sent, and its workers run as root for the sandbox, so a
cluster on the network is reached over TLS with certificates only (mutual TLS: the scheduler
and the workers accept only peers whose certificate the course's CA signed). ``local:N`` starts
N worker processes on this machine, reached on 127.0.0.1. Dask is imported here, lazily: nothing
of it loads for a run without ``--cluster``.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

TLS_VARIABLES = {"ca_file": "KERAS_COURSE_TLS_CA", "cert_file": "KERAS_COURSE_TLS_CERT",
                 "key_file": "KERAS_COURSE_TLS_KEY"}
TLS_OPTIONS = {"ca_file": "--tls-ca-file", "cert_file": "--tls-cert", "key_file": "--tls-key"}
DOCS = "docs/cluster.md"


class ClusterUsageError(ValueError):
    """The cluster was named wrongly or without what it needs (certificates): a usage error."""


class ClusterUnreachable(ConnectionError):
    """The scheduler did not answer in time, or no worker joined it."""


@dataclass(frozen=True)
class ClusterOptions:
    address: str  # tls://host:port, or local:N
    ca_file: Path | None = None
    cert_file: Path | None = None
    key_file: Path | None = None
    timeout: float = 10.0  # seconds to reach the scheduler, and again for a first worker


def local_workers(address: str) -> int | None:
    """N for ``local:N``; None for a scheduler's address."""
    match = re.fullmatch(r"local:(\d+)", address.strip())
    if not match:
        return None
    count = int(match.group(1))
    if not 1 <= count <= 64:
        raise ClusterUsageError(f"--cluster {address}: the number of local workers must be 1 to 64")
    return count


def security(options: ClusterOptions):
    """Dask's ``Security`` for a remote cluster: TLS with the course's CA, a certificate and its key."""
    address = options.address.strip()
    scheme = address.split("://", 1)[0] if "://" in address else ""
    if scheme != "tls":
        raise ClusterUsageError(
            f"--cluster {address}: a cluster is reached over TLS with certificates only (tls://host:8786); "
            f"{scheme + '://' if scheme else 'an address without tls://'} would let anyone who reaches the "
            "scheduler run code on the workers, which run as root. Use local:N to try it on this machine, "
            f"or make certificates as {DOCS} shows.")
    files = {name: getattr(options, name) or _from_environment(name) for name in TLS_VARIABLES}
    missing = [name for name, value in files.items() if value is None]
    if missing:
        said = ", ".join(f"{TLS_OPTIONS[name]} (or {TLS_VARIABLES[name]})" for name in missing)
        raise ClusterUsageError(f"--cluster {address} needs the TLS files: {said} is missing. {DOCS} shows how "
                                "to make a CA and certificates with openssl.")
    unreadable = [str(path) for path in files.values() if not Path(path).is_file()]
    if unreadable:
        raise ClusterUsageError(f"TLS file not found: {', '.join(unreadable)}")
    from distributed.security import Security

    return Security(tls_ca_file=str(files["ca_file"]), tls_client_cert=str(files["cert_file"]),
                    tls_client_key=str(files["key_file"]), require_encryption=True)


def _from_environment(name: str) -> Path | None:
    value = os.environ.get(TLS_VARIABLES[name], "").strip()
    return Path(value) if value else None


def open_client(options: ClusterOptions):
    """A connected ``distributed.Client`` with at least one worker, and the local cluster to close
    after it (None for a remote one). Raises ClusterUsageError or ClusterUnreachable."""
    count = local_workers(options.address)
    if count is not None:
        return _local_client(count)
    secure = security(options)
    from distributed import Client

    try:
        client = Client(options.address.strip(), security=secure, timeout=options.timeout,
                        set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise ClusterUnreachable(
            f"could not reach the Dask scheduler at {options.address} within {options.timeout:g} s ({error}). "
            "Is `dask scheduler` running there with the same CA, and does this machine reach its port?") from None
    try:
        client.wait_for_workers(1, timeout=options.timeout)
    except (OSError, TimeoutError):
        client.close()
        raise ClusterUnreachable(f"the Dask scheduler at {options.address} has no worker (none joined within "
                                 f"{options.timeout:g} s): start `dask worker {options.address} ...` on the "
                                 f"grading machines ({DOCS}).") from None
    return client, None


def _local_client(count: int):
    """N worker processes on 127.0.0.1, one student at a time each (each starts its own warm template)."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=count, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, memory_limit=0, silence_logs=logging.ERROR)
    return Client(cluster, set_as_default=False), cluster
