"""The upload worker: same result as reading in-process, one sentence when a limit is hit, the child
never left running, and a second caller served while a hostile upload is being refused."""

from __future__ import annotations

import os
import threading
import time

import pytest

from crm_metrics.ingest import ReadError, read_bytes
from tests.corpus.hostile import empty_styled_rows, far_cell, padded_sheet
from ui import upload_worker
from ui.upload_worker import read_upload

GOOD = b"Customer ID,Create Date,Email\nC1,2024-01-05,a@x.com\nC2,2024-02-30,b@x.com\nC3,2024-03-01,\n"


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS")) / 1024


def test_result_is_the_in_process_result() -> None:
    here = read_bytes(GOOD, "customers.csv", "customers")
    there = read_upload(GOOD, "customers.csv", "customers", mapping={"Email": ""})
    assert list(there.frame.columns) == ["customer_id", "created_at", "_line"]  # Email mapped to nothing
    again = read_upload(GOOD, "customers.csv", "customers")
    assert again.frame.equals(here.frame) and again.findings.equals(here.findings)
    assert again.summary() == here.summary()


def test_reader_refusal_comes_back_as_the_same_sentence() -> None:
    with pytest.raises(ReadError) as err:
        read_upload(far_cell(), "customers.xlsx", "customers")
    assert err.value.rule == "unsafe_workbook"
    assert str(err.value).startswith("customers.xlsx: has cells in sheet 'Data' spanning 1,048,576 rows")


def test_memory_limit_stops_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upload_worker, "MEMORY_LIMIT", 300_000_000)
    with pytest.raises(ReadError) as err:
        read_upload(padded_sheet(270)(), "customers.xlsx", "customers")
    assert err.value.rule == "too_large_to_read"
    assert str(err.value).startswith("customers.xlsx: needs more than the 0.3 GB of memory an upload may use")


def _contacts_csv(rows: int) -> bytes:
    lines = ["customer_id,created_at,first_name,last_name,email,phone,company,city,owner,street,postal_code"]
    lines += [
        f"C{i},2024-{1 + i % 12:02d}-{1 + i % 28:02d},Name{i % 997},Family{i % 7919},u{i}@ex{i % 311}.com,"
        f"0912{i:07d},Co {i % 499},City{i % 31},rep{i % 17},Street {i % 4001} No {i % 97},{1000000000 + i}"
        for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def test_memory_limit_counts_what_the_read_uses_not_what_jemalloc_keeps_mapped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 100k contacts (11 MB) read within 0.25 GB when jemalloc hands freed memory back; keeping every page it
    # mapped, the read was refused under 0.3 GB (and the 1M-contact upload under the 1.5 GB default)
    monkeypatch.setattr(upload_worker, "MEMORY_LIMIT", 300_000_000)
    assert read_upload(_contacts_csv(100_000), "customers.csv", "customers").rows_loaded == 100_000


def test_time_limit_stops_and_kills_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    read_upload(GOOD, "customers.csv", "customers")  # the worker is up
    hostile = empty_styled_rows()
    monkeypatch.setattr(upload_worker, "TIME_LIMIT", 1.0)
    started = time.monotonic()
    with pytest.raises(ReadError) as err:
        read_upload(hostile, "customers.xlsx", "customers")
    assert time.monotonic() - started < 3
    assert err.value.rule == "too_slow_to_read"
    assert str(err.value).startswith("customers.xlsx: took longer than 1 s to read and was stopped.")
    # no reader is left running: every child of the zygote has exited
    zygote = upload_worker._zygote.proc
    assert zygote is not None
    time.sleep(0.5)
    with open(f"/proc/{zygote.pid}/task/{zygote.pid}/children") as fh:
        assert fh.read().split() == []


def test_second_caller_served_while_a_hostile_upload_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upload_worker, "MEMORY_LIMIT", 300_000_000)
    read_upload(GOOD, "customers.csv", "customers")  # the worker is up
    hostile = padded_sheet(270)()
    before = _rss_mb()
    outcome: list[BaseException] = []

    def upload() -> None:
        try:
            read_upload(hostile, "customers.xlsx", "customers")
        except BaseException as err:
            outcome.append(err)

    worker = threading.Thread(target=upload)
    worker.start()
    served = 0
    while worker.is_alive():
        assert read_upload(GOOD, "customers.csv", "customers").rows_loaded == 2  # C2's 30 February is rejected
        served += 1
    worker.join()
    assert served >= 2, "the second caller was not served while the upload was read"
    [err] = outcome
    assert isinstance(err, ReadError) and err.rule == "too_large_to_read"
    assert _rss_mb() - before <= 200
    assert os.getpid()  # this process is alive: the hostile file never ran in it


def test_worker_restarts_after_it_was_killed() -> None:
    read_upload(GOOD, "customers.csv", "customers")
    zygote = upload_worker._zygote.proc
    assert zygote is not None
    zygote.kill()
    zygote.wait()
    assert read_upload(GOOD, "customers.csv", "customers").rows_loaded == 2
    assert upload_worker._zygote.proc is not zygote
