"""Uploads are parsed in a worker process with a memory and a time limit, never in the server.

Every session of the app shares one server process: a hostile file parsed there (a zip bomb,
a sheet spanning a billion cells) would take every user's memory with it. Here a small
subprocess (the *zygote*) is started once with the reader's modules imported; for each upload
it forks a child, so a reader starts in milliseconds rather than the seconds its imports take.
The child caps its own address space (``RLIMIT_AS``) and CPU time, reads the file and sends the
result back; the server waits at most ``TIME_LIMIT`` seconds, then kills it. When a limit is hit
the caller gets a :class:`ReadError` sentence, and the server's memory never held more than the
file's bytes. Other sessions are served meanwhile: only the uploading session's thread waits.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path
from typing import Any

from crm_metrics.ingest import ReadError, ReadResult
from crm_metrics.ingest.errors import unexpected

MEMORY_LIMIT = int(os.environ.get("CRM_PULSE_UPLOAD_MB", "1500")) * 1_000_000  # bytes above the child's start
TIME_LIMIT = float(os.environ.get("CRM_PULSE_UPLOAD_SECONDS", "45"))
ROOT = Path(__file__).resolve().parents[1]
KEPT_RESULTS = 3  # a 1M-row result holds about 0.3 GB
# The reader parses CSV with Arrow's jemalloc, which by default keeps the address space it once mapped
# (a 1M-contact file: 2.9 GB mapped for 0.78 GB resident), so RLIMIT_AS refused a file it could read.
# In the worker it hands freed memory back at once: the limit then measures what the read uses.
WORKER_JEMALLOC = "retain:false,dirty_decay_ms:0,muzzy_decay_ms:0"


class _Zygote:
    """The one worker subprocess of this server, (re)started on demand."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.proc: subprocess.Popen[bytes] | None = None
        self.address = ""
        self.key = b""

    def connect(self) -> Connection:
        with self.lock:
            if self.proc is None or self.proc.poll() is not None:
                self._start()
            address, key = self.address, self.key
        return Client(address, family="AF_UNIX", authkey=key)

    def _start(self) -> None:
        folder = tempfile.mkdtemp(prefix="crm-pulse-upload-")
        self.address, self.key = os.path.join(folder, "socket"), secrets.token_bytes(32)
        env = {
            "JE_ARROW_MALLOC_CONF": WORKER_JEMALLOC,
            **os.environ,
            "CRM_PULSE_ZYGOTE_KEY": self.key.hex(),
            "PYTHONPATH": str(ROOT),
            "RUST_BACKTRACE": "0",
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from ui.upload_worker import serve; serve()", self.address],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,  # kept open: the zygote ends when it reads end-of-file (the server ended)
        )
        deadline = time.monotonic() + 120
        while not os.path.exists(self.address):  # the zygote imports the reader first
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the upload worker could not start")
            time.sleep(0.02)


_zygote = _Zygote()


def _limit_error(name: str, what: str) -> ReadError:
    if what == "time":
        return ReadError(
            name,
            f"took longer than {TIME_LIMIT:.0f} s to read and was stopped.",
            rule="too_slow_to_read",
            fix="Export it as CSV UTF-8, or split it by date range.",
        )
    return ReadError(
        name,
        f"needs more than the {MEMORY_LIMIT / 1e9:.1f} GB of memory an upload may use, and was stopped.",
        rule="too_large_to_read",
        fix="Export it as CSV UTF-8, or split it by date range.",
    )


class _Kept:
    """The last :data:`KEPT_RESULTS` reads of this server, newest last."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.results: OrderedDict[tuple[Any, ...], ReadResult] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> ReadResult | None:
        with self.lock:
            found = self.results.get(key)
            if found is not None:
                self.results.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...], result: ReadResult) -> None:
        with self.lock:
            self.results[key] = result
            self.results.move_to_end(key)
            while len(self.results) > KEPT_RESULTS:
                self.results.popitem(last=False)


_kept = _Kept()


def _key(sha256: str, name: str, dataset: str | None, options: Mapping[str, Any]) -> tuple[Any, ...]:
    """A read's identity; a mapping's order does not count (PostgreSQL's JSON keeps no key order)."""
    canonical = {k: tuple(sorted(v.items())) if isinstance(v, Mapping) else v for k, v in options.items()}
    return (sha256, name, dataset, tuple(sorted(canonical.items())))


def read_kept(
    data: bytes, name: str, dataset: str | None = None, *, sha256: str | None = None, **options: Any
) -> ReadResult:
    """:func:`read_upload`, unless the same file was read with the same options lately (then that result).

    ``sha256``: the hex digest of ``data`` when the caller has it (else it is computed, 0.3 s per 170 MB).
    """
    opts = {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in options.items()}
    key = _key(sha256 or hashlib.sha256(data).hexdigest(), name, dataset, opts)
    found = _kept.get(key)
    if found is not None:
        return found
    result = read_upload(data, name, dataset, **opts)
    _kept.put(key, result)
    return result


def read_upload(data: bytes, name: str, dataset: str | None = None, **options: Any) -> ReadResult:
    """:func:`crm_metrics.ingest.read_bytes` in a worker process under the memory and time limits."""
    opts = {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in options.items()}
    started = time.monotonic()
    try:
        conn = _zygote.connect()
    except (OSError, RuntimeError, EOFError) as err:
        raise ReadError(
            name,
            f"could not be read: the upload worker is not available ({type(err).__name__}).",
            rule="worker_unavailable",
            fix="Try again in a moment; if it persists, restart the app.",
        ) from None
    pid = 0
    try:
        try:
            pid = conn.recv()
        except (EOFError, OSError):  # the zygote went away between connecting and forking
            raise ReadError(
                name,
                "could not be read: the upload worker stopped.",
                rule="worker_unavailable",
                fix="Try again; the worker restarts on the next upload.",
            ) from None
        conn.send((data, name, dataset, opts, (MEMORY_LIMIT, TIME_LIMIT)))
        if not conn.poll(max(TIME_LIMIT - (time.monotonic() - started), 0.1)):
            raise _limit_error(name, "time")
        try:
            kind, payload = conn.recv()
        except (EOFError, OSError):  # the child died: its memory (or CPU) limit
            slow = time.monotonic() - started >= TIME_LIMIT * 0.9
            raise _limit_error(name, "time" if slow else "memory") from None
    finally:
        conn.close()
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # gone already unless it overran: never left running
    if kind == "error":
        file, reason, rule, fix = payload
        raise ReadError(file, reason, rule=rule, fix=fix)
    result: ReadResult = payload
    return result


# ----------------------------------------------------------------------------- the worker side


def serve() -> None:
    """The zygote: accept a connection per upload and fork a child to read it. Dies with the server."""
    import python_calamine  # noqa: F401

    import crm_metrics.ingest.xlsx  # noqa: F401 - loaded once here, shared by every child

    address = sys.argv[1]

    def end_with_server() -> None:
        sys.stdin.buffer.read()  # returns when the server's end of the pipe closes
        with contextlib.suppress(OSError):
            os.unlink(address)
            os.rmdir(os.path.dirname(address))
        os._exit(0)

    threading.Thread(target=end_with_server, daemon=True).start()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    listener = Listener(address, family="AF_UNIX", authkey=bytes.fromhex(os.environ["CRM_PULSE_ZYGOTE_KEY"]))
    os.chmod(address, 0o600)
    while True:
        try:
            conn = listener.accept()
        except Exception:  # noqa: BLE001 - a client that failed to authenticate: next
            continue
        if os.fork() == 0:
            listener.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                _read_one(conn)
            finally:
                os._exit(0)
        conn.close()


def _address_space() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _read_one(conn: Connection) -> None:
    from crm_metrics.ingest import read_bytes

    conn.send(os.getpid())
    data, name, dataset, options, (memory, seconds) = conn.recv()
    ceiling = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    cpu = int(seconds * 2) + 1  # two cores may work; the server's clock is the real limit
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    try:
        conn.send(("ok", read_bytes(data, name, dataset, **options)))
    except ReadError as err:
        conn.send(("error", (err.file, err.reason, err.rule, err.fix)))
    except BaseException as err:  # noqa: BLE001 - any failure is this file's error, never the server's
        failure = unexpected(name, err)
        conn.send(("error", (failure.file, failure.reason, failure.rule, failure.fix)))
    finally:
        conn.close()
