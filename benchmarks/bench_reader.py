"""Reader speed: 1M contacts and 5M interactions, ours against pyarrow.csv.read_csv; a 300k-row XLSX export.

    python benchmarks/bench_reader.py [--contacts 1000000] [--interactions 5000000] [--no-variants]
    python benchmarks/bench_reader.py --xlsx-only [--xlsx-rows 300000]
    python benchmarks/bench_reader.py --folder /tmp/audit1m [--repeats 3]

``--folder`` times what the audit command's first step does, ``load_directory`` of a folder
(e.g. one written by ``benchmarks/bench_audit.py --dir``), in fresh processes: wall seconds,
CPU seconds (user + system, every thread) and the peak resident memory of the child process
(``getrusage(RUSAGE_CHILDREN)``). Target: at most 5 s on 2 quiet cores.

The XLSX export is written the way Excel saves one (shared strings, dates as serial numbers with a
date style, a ``<dimension>``): 12 columns of contacts. It is read by crm_metrics (calamine behind the
size and cell guards, then the same typing) and, as the floor, by python-calamine alone (cells to
Python lists, nothing else). Target: 300k rows in at most 5 s on 2 cores.

Two more shapes of the same 1M contacts are measured too (skip with --no-variants):
every field quoted with CRLF line ends and a BOM (Excel's "CSV UTF-8", HubSpot-style),
and an Iranian CRM's export (Persian headers, Persian digits, Jalali dates, amounts
with the Persian grouping mark and "تومان").

Generates the files once under benchmarks/out/ (numpy, fixed seed), then reads each
file in a fresh process with (a) pyarrow.csv.read_csv with default options and
(b) crm_metrics' reader (everything as text, normalised, typed, validated with
pandera, every row accounted for), in several fresh processes; medians are printed. Each
process reads the file twice: "cold" is the first read (it pays one-time set-up), "warm" the
second. Prints seconds, peak memory (VmHWM, peak of the process with the file's bytes in it)
and the ratios to pyarrow.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).parent / "out"
ROOT = Path(__file__).resolve().parents[1]


def _write(path: Path, header: str, columns: list[np.ndarray]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(header + "\n")
        step = 200_000
        for start in range(0, len(columns[0]), step):
            block = [c[start : start + step] for c in columns]
            fh.write("\n".join(",".join(row) for row in zip(*block)) + "\n")


def _dates(rng: np.random.Generator, n: int, with_time: bool) -> np.ndarray:
    base = np.datetime64("2023-01-01T00:00", "m")
    stamps = base + rng.integers(0, 3 * 365 * 24 * 60, n).astype("timedelta64[m]")
    text = np.datetime_as_string(stamps, unit="m")
    text = np.char.replace(text, "T", " ")
    return text if with_time else np.array([t[:10] for t in text])


def make_files(contacts: int, interactions: int) -> tuple[Path, Path]:
    OUT.mkdir(exist_ok=True)
    rng = np.random.default_rng(7)
    c_path, i_path = OUT / f"contacts_{contacts}.csv", OUT / f"interactions_{interactions}.csv"
    if not c_path.exists():
        ids = np.char.add("C", np.arange(contacts).astype(str))
        first = rng.choice(["Ali", "Sara", "Reza", "Maryam", "John", "Anna", "علی", "مریم", "رضا", "زهرا"], contacts)
        last = rng.choice(["Karimi", "Ahmadi", "Smith", "Rahimi", "کریمی", "احمدی", "محمدی", "Jones"], contacts)
        email = np.char.add(
            np.char.add(np.char.lower(np.char.add("u", ids)), "@"),
            rng.choice(["gmail.com", "yahoo.com", "co.ir"], contacts),
        )
        phone = np.char.add("0912", rng.integers(1_000_000, 9_999_999, contacts).astype(str))
        city = rng.choice(["Tehran", "Shiraz", "تهران", "Isfahan", "Tabriz"], contacts)
        segment = rng.choice(["SMB", "Enterprise", "VIP"], contacts)
        channel = rng.choice(["Instagram", "Google Ads", "Referral", "Exhibition"], contacts)
        owner = rng.choice([f"rep{i}" for i in range(40)], contacts)
        revenue = rng.integers(0, 50_000_000, contacts).astype(str)
        _write(
            c_path,
            "Record ID,First Name,Last Name,Email,Phone Number,City,Segment,Lead Source,Contact owner,Create Date,"
            "Last Modified Date,revenue",
            [
                ids,
                first,
                last,
                email,
                phone,
                city,
                segment,
                channel,
                owner,
                _dates(rng, contacts, False),
                _dates(rng, contacts, True),
                revenue,
            ],
        )
    if not i_path.exists():
        ids = np.char.add("T", np.arange(interactions).astype(str))
        cust = np.char.add("C", rng.integers(0, contacts, interactions).astype(str))
        opened = _dates(rng, interactions, True)
        channel = rng.choice(["phone", "email", "chat", "in person"], interactions)
        kind = rng.choice(["support", "sales", "complaint"], interactions)
        agent = rng.choice([f"agent{i}" for i in range(60)], interactions)
        _write(
            i_path,
            "interaction_id,customer_id,opened_at,channel,type,agent_id,first_response_at,resolved_at",
            [ids, cust, opened, channel, kind, agent, opened, opened],
        )
    return c_path, i_path


def make_variants(c_path: Path) -> list[tuple[Path, str]]:
    """The contacts file again as Excel/HubSpot would save it, and as an Iranian CRM exports it."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    quoted = c_path.with_name(c_path.stem + "_quoted_crlf.csv")
    if not quoted.exists():
        table = pacsv.read_csv(c_path, convert_options=pacsv.ConvertOptions(strings_can_be_null=False))
        table = table.cast(pa.schema([(f.name, pa.string()) for f in table.schema]))
        buf = pa.BufferOutputStream()
        pacsv.write_csv(table, buf, write_options=pacsv.WriteOptions(quoting_style="all_valid"))
        quoted.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().to_pybytes().replace(b"\n", b"\r\n"))
    persian = c_path.with_name(c_path.stem + "_persian.csv")
    if not persian.exists():
        n = int(c_path.stem.split("_")[1])
        rng = np.random.default_rng(11)
        # a str table (index = code point) maps the digits; other characters are past its end and stay
        fa = "".join("۰۱۲۳۴۵۶۷۸۹"[c - 48] if 48 <= c <= 57 else chr(c) for c in range(128))
        ids = np.char.add("C", np.arange(n).astype(str))
        names = rng.choice(["علی کریمی", "مریم احمدی", "رضا محمدی", "زهرا رحیمی", "كاظم علي‌زاده"], n)
        phones = np.char.translate(np.char.add("0912", rng.integers(1_000_000, 9_999_999, n).astype(str)), fa)
        y, m, d = rng.integers(1399, 1405, n), rng.integers(1, 13, n), rng.integers(1, 30, n)
        dates = np.char.translate(
            np.char.add(
                np.char.add(np.char.add(y.astype(str), "/"), np.char.zfill(m.astype(str), 2)),
                np.char.add("/", np.char.zfill(d.astype(str), 2)),
            ),
            fa,
        )
        amounts = np.array(
            [f"{v:,}".replace(",", "٬").translate(fa) + " تومان" for v in rng.integers(0, 50_000_000, n)]
        )
        city = rng.choice(["تهران", "شيراز", "اصفهان", "تبریز"], n)
        _write(
            persian,
            "شناسه مشتری,نام مشتری,تلفن همراه,شهر,تاریخ ثبت,مجموع خرید",
            [ids, names, phones, city, dates, amounts],
        )
    return [(quoted, "customers"), (persian, "customers")]


def make_xlsx(rows: int) -> Path:
    """A contacts export of ``rows`` rows as Excel would save it (see tests/corpus/workbook.py)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"contacts_{rows}.xlsx"
    if path.exists():
        return path
    sys.path.insert(0, str(ROOT))
    from tests.corpus.workbook import export_workbook

    rng = np.random.default_rng(7)
    columns: list[list[object]] = [
        [f"C{i}" for i in range(rows)],
        rng.choice(["Ali", "Sara", "Reza", "Maryam", "John", "علی", "مریم"], rows).tolist(),
        rng.choice(["Karimi", "Ahmadi", "Smith", "کریمی", "احمدی"], rows).tolist(),
        [f"u{i}@gmail.com" for i in range(rows)],
        [f"0912{1_000_000 + i}" for i in range(rows)],
        rng.choice(["Tehran", "Shiraz", "تهران", "Isfahan"], rows).tolist(),
        rng.choice(["SMB", "Enterprise", "VIP"], rows).tolist(),
        rng.choice(["Instagram", "Google Ads", "Referral", "Exhibition"], rows).tolist(),
        rng.choice([f"rep{i}" for i in range(40)], rows).tolist(),
        (44927 + rng.integers(0, 1000, rows)).tolist(),  # Excel serials: 2023-01-01 on
        [f"{v:.6f}" for v in 44927 + rng.random(rows) * 1000],
        rng.integers(0, 50_000_000, rows).tolist(),
    ]
    header = "Record ID,First Name,Last Name,Email,Phone Number,City,Segment,Lead Source,Contact owner,Create Date"
    header += ",Last Modified Date,revenue"
    kinds = ["text"] * 9 + ["date", "datetime", "number"]
    path.write_bytes(export_workbook(header.split(","), columns, kinds))
    return path


_CHILD = r"""
import json, sys, time
path, mode, dataset = sys.argv[1], sys.argv[2], sys.argv[3]
import pyarrow.csv as pc  # imports are not part of the parse time, for either reader
from crm_metrics.ingest import read_path
times, cpu = [], []
for _ in range(2):  # the first read pays one-time set-up (pandera's backends, kernel dispatch); the second is warm
    t, c = time.perf_counter(), time.process_time()
    if mode == "pyarrow":
        rows = pc.read_csv(path).num_rows
    elif mode == "calamine":
        import python_calamine
        rows = len(python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()) - 1
    else:
        r = read_path(path, dataset)
        rows = r.rows_loaded
        assert r.rows_loaded + r.rows_rejected == r.data_rows
        del r
    times.append(time.perf_counter() - t)
    cpu.append(time.process_time() - c)
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(json.dumps({"seconds": times[0], "warm": times[1], "cpu": cpu[0], "rows": rows, "peak_mb": int(hwm) / 1024}))
"""


def measure(path: Path, mode: str, dataset: str, repeats: int) -> dict[str, Any]:
    """Medians over ``repeats`` fresh processes (cold: each process's first read; warm: its second)."""
    runs = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), mode, dataset],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "rows": runs[0]["rows"],
        "seconds": statistics.median(r["seconds"] for r in runs),
        "warm": statistics.median(r["warm"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "cold_runs": [round(r["seconds"], 2) for r in runs],
    }


_FOLDER_CHILD = r"""
import sys, time
from crm_metrics.ingest import load_directory
t = time.perf_counter()
loaded = load_directory(sys.argv[1])
print(time.perf_counter() - t, sum(r.rows_loaded for r in loaded.results.values()), len(loaded.errors))
"""


def measure_folder(folder: Path, repeats: int) -> None:
    """``load_directory(folder)`` in ``repeats`` fresh processes: wall, CPU and peak memory of each."""
    print(f"{'run':<6}{'rows':>12}{'wall s':>9}{'cpu s':>9}{'user s':>9}{'sys s':>9}{'peak MB':>10}")
    for run in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run(
            [sys.executable, "-c", _FOLDER_CHILD, str(folder)], capture_output=True, text=True, cwd=ROOT, check=True
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall, rows, errors = out.stdout.split()
        user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
        # ru_maxrss of the children is the largest of any child so far: runs are in fresh processes of one size.
        print(
            f"{run + 1:<6}{int(rows):>12,}{float(wall):>9.2f}{user + system:>9.2f}{user:>9.2f}{system:>9.2f}"
            f"{after.ru_maxrss / 1024:>10,.0f}" + (f"  {errors} files failed" if int(errors) else "")
        )
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times grow with it)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--contacts", type=int, default=1_000_000)
    ap.add_argument("--interactions", type=int, default=5_000_000)
    ap.add_argument("--repeats", type=int, default=5, help="fresh processes per reader; medians are printed")
    ap.add_argument("--no-variants", action="store_true", help="only the two files of the target")
    ap.add_argument("--xlsx-rows", type=int, default=300_000, help="rows of the XLSX export (0: none)")
    ap.add_argument("--xlsx-only", action="store_true", help="only the XLSX export")
    ap.add_argument("--folder", type=Path, help="time load_directory of this folder instead (nothing is generated)")
    args = ap.parse_args()
    if args.folder:
        measure_folder(args.folder, args.repeats)
        return
    if args.xlsx_rows:
        t = time.perf_counter()
        x_path = make_xlsx(args.xlsx_rows)
        print(f"{x_path.name}: {x_path.stat().st_size / 1e6:.0f} MB, ready in {time.perf_counter() - t:.1f} s")
        floor = measure(x_path, "calamine", "customers", args.repeats)
        ours = measure(x_path, "crm_metrics", "customers", args.repeats)
        print(f"medians of {args.repeats} processes each")
        print(f"{'file':<40}{'reader':<14}{'rows':>10}{'cold s':>9}{'warm s':>9}{'cpu s':>9}{'peak MB':>10}  cold runs")
        for name, r in (("calamine", floor), ("crm_metrics", ours)):
            print(
                f"{x_path.name:<40}{name:<14}{r['rows']:>10,}{r['seconds']:>9.2f}{r['warm']:>9.2f}{r['cpu']:>9.2f}"
                f"{r['peak_mb']:>10,.0f}  {r['cold_runs']}"
            )
        print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times grow with it)")
        verdict = "met" if ours["seconds"] <= 5 else "NOT met"
        print(f"target: {args.xlsx_rows:,} rows in at most 5 s (median, cold): {verdict}")
    if args.xlsx_only:
        return
    t = time.perf_counter()
    c_path, i_path = make_files(args.contacts, args.interactions)
    print(
        f"files ready in {time.perf_counter() - t:.1f} s: {c_path.name} {c_path.stat().st_size / 1e6:.0f} MB, "
        f"{i_path.name} {i_path.stat().st_size / 1e6:.0f} MB"
    )
    print(f"{'file':<40}{'reader':<14}{'rows':>10}{'cold s':>9}{'warm s':>9}{'peak MB':>10}{'× cold':>8}{'× warm':>8}")
    files = [(c_path, "customers"), (i_path, "interactions")]
    if not args.no_variants:
        files += make_variants(c_path)
    for path, dataset in files:
        base = measure(path, "pyarrow", dataset, args.repeats)
        ours = measure(path, "crm_metrics", dataset, args.repeats)
        for name, r in (("pyarrow", base), ("crm_metrics", ours)):
            print(
                f"{path.name:<40}{name:<14}{r['rows']:>10,}{r['seconds']:>9.2f}{r['warm']:>9.2f}{r['peak_mb']:>10,.0f}"
                f"{r['seconds'] / base['seconds']:>7.1f}×{r['warm'] / base['warm']:>7.1f}×"
            )


if __name__ == "__main__":
    main()
