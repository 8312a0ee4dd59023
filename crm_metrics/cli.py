"""Command line: ``python -m crm_metrics audit DATA_DIR [--period 2024Q3 | --from D --to D] [--json OUT] [--html OUT]``
``[--churn-basis auto|dates|inactivity] [--inactive-days 180] [--engine duckdb|spark]``.

The audit JSON goes to stdout only when asked for (``--json -``) or when no output file is
named at all (no ``--json``, ``--html``, ``--pdf``, ``--xlsx``); progress and the per-dataset
row counts go to stderr. A file that cannot be read is reported in one plain sentence on
stderr and the exit status is 1; usage errors exit 2. No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from . import cli_admin
from .accounts import Principal
from .audit import AuditOptions, run_audit, start_duplicates
from .ingest import ReadError, ReadResult, load_directory
from .matching.settings import ENGINES
from .periods import custom_period, parse_period
from .quality.early import DuplicateStep
from .vocab import ChurnBasis
from .workspace_settings import DEFAULT_INACTIVE_DAYS

STDOUT = "-"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m crm_metrics", description="Audit a company's CRM exports.")
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("audit", help="read a folder of exports and write the audit")
    a.add_argument("data_dir", help="folder with one file per dataset: customers.csv, surveys.xlsx, ...")
    g = a.add_mutually_exclusive_group()
    g.add_argument(
        "--period", help="2024Q3, 1403Q2 (Jalali), 2024-07 or 2024; default: last complete quarter in the data"
    )
    g.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD (with --to)")
    a.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD (with --from)")
    a.add_argument("--as-of", dest="as_of", help="audit date, YYYY-MM-DD; default: the latest date in the data")
    a.add_argument(
        "--stale-months", type=int, default=12, help="months without update or activity that make a record stale"
    )
    a.add_argument(
        "--phone-region",
        default="IR",
        type=str.upper,
        help="region (ISO code) of phone numbers written without a country code on rows without a country",
    )
    a.add_argument(
        "--churn-basis",
        choices=ChurnBasis.values(),
        default=ChurnBasis.AUTO.value,
        help="churn from the export's churn dates, from inactivity, or auto (dates when the export has them)",
    )
    a.add_argument(
        "--inactive-days",
        type=_inactive_days,
        default=DEFAULT_INACTIVE_DAYS,
        help="days without an order or activity after which a customer counts as churned (inactivity basis)",
    )
    a.add_argument(
        "--engine",
        choices=ENGINES,
        default="duckdb",
        help="duplicate model backend (spark: pip install -r requirements-spark.txt)",
    )
    a.add_argument(
        "--spark-master", help="with --engine spark: the cluster's master URL (default: $SPARK_MASTER or local[*])"
    )
    a.add_argument("--json", dest="json_out", help="write the audit JSON here ('-': to stdout)")
    a.add_argument("--html", dest="html_out", help="write an HTML summary here")
    a.add_argument("--pdf", dest="pdf_out", help="write the review report as PDF here")
    a.add_argument("--xlsx", dest="xlsx_out", help="write the XLSX workbook (summary, findings, fix lists) here")
    a.add_argument("--lang", choices=("en", "fa"), default="en", help="language of the reports")
    a.add_argument("--mask", action="store_true", help="shareable reports: mask emails, phones, national ids and names")
    a.add_argument("--workspace", help="workspace (client) name, with --save")
    a.add_argument("--save", action="store_true", help="store this audit as a review of --workspace")
    h = sub.add_parser("history", help="a workspace's saved reviews and their KPIs")
    h.add_argument("--workspace", required=True)
    h.add_argument("--json", action="store_true", help="print JSON (the only format for now)")
    cli_admin.add_commands(sub)
    return p


def _inactive_days(text: str) -> int:
    """A whole number of days from 1 to 3,650 (argparse turns the error into a usage message)."""
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from None
    if not 1 <= days <= 3650:
        raise argparse.ArgumentTypeError(f"between 1 and 3650 days, got {days}")
    return days


def json_to_stdout(args: argparse.Namespace) -> bool:
    """The JSON goes to stdout with ``--json -``, or when no output file was asked for at all."""
    if args.json_out is not None:
        return bool(args.json_out == STDOUT)
    return not (args.html_out or args.pdf_out or args.xlsx_out)


def _options(args: argparse.Namespace) -> AuditOptions:
    if (args.date_from is None) != (args.date_to is None):
        raise ValueError("--from and --to go together")
    period = None
    if args.period:
        period = parse_period(args.period)
    elif args.date_from:
        period = custom_period(args.date_from, args.date_to)
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    if args.engine == "spark":
        from .matching.spark import MASTER_ENV, unavailable

        if why := unavailable():
            raise ValueError(why)
        if args.spark_master:
            os.environ[MASTER_ENV] = args.spark_master  # read where the session is made
    return AuditOptions(
        period=period,
        as_of=as_of,
        stale_months=args.stale_months,
        phone_region=args.phone_region,
        churn_basis=ChurnBasis(args.churn_basis),
        inactive_days=args.inactive_days,
        engine=args.engine,
    )


def _history(args: argparse.Namespace) -> int:
    from .store import history_json, open_store

    print(json.dumps(history_json(open_store(), args.workspace), ensure_ascii=False, indent=1, allow_nan=False))
    return 0


def use_system_allocator() -> None:
    """Arrow's buffers (the columns, the checks' temporaries) from the C library's malloc rather
    than Arrow's default, mimalloc, unless ``ARROW_DEFAULT_MEMORY_POOL`` says otherwise.

    mimalloc hands freed pages back to the kernel and takes them again, again and again: on a
    million contacts and 5M interactions the command spent 28.6 s of system time with it, 16.9 s
    with malloc (same user time, same peak memory). Parsing keeps its own pool (ingest.tabular).
    """
    from .matching.memory import use_malloc_for_arrow

    use_malloc_for_arrow()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in cli_admin.COMMANDS:
        return cli_admin.run(args)
    if args.command == "history":
        return _history(args)
    if args.save and not args.workspace:
        print("error: --save needs --workspace NAME", file=sys.stderr)
        return 2
    try:
        options = _options(args)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    use_system_allocator()
    started: list[DuplicateStep] = []  # the duplicate step, begun once the customers are read

    def ready(dataset: str, read: ReadResult) -> None:
        if step := start_duplicates(dataset, read, options):
            started.append(step)

    try:
        loaded = load_directory(
            args.data_dir, progress=lambda i, n, f: print(f"reading {f} ({i + 1}/{n})", file=sys.stderr), ready=ready
        )
    except ReadError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if not loaded.results:
        for failed in loaded.errors:
            print(f"error: {failed}", file=sys.stderr)
        print(
            f"error: {args.data_dir}: no readable dataset file (expected customers.csv, surveys.xlsx, ...).",
            file=sys.stderr,
        )
        return 1
    doc = run_audit(loaded, options, duplicates=started[0] if started else None)
    if args.json_out and args.json_out != STDOUT:
        Path(args.json_out).write_bytes(doc.json_bytes())
    if args.html_out or args.pdf_out or args.xlsx_out:
        from .report import write_reports

        write_reports(
            doc,
            loaded,
            html=args.html_out,
            pdf=args.pdf_out,
            xlsx=args.xlsx_out,
            lang=args.lang,
            mask=args.mask,
            workspace=args.workspace,
        )
    if args.save:
        from .store import open_store, save_audit

        store = open_store().as_principal(Principal.cli(getattr(args, "actor", None)))
        save_audit(store, args.workspace, doc.to_contract(), loaded, source_dir=args.data_dir)
    for name, read in doc.datasets.items():
        print(
            f"{name}: {read.rows_loaded} loaded, {read.rows_rejected} rejected of {read.data_rows} rows ({read.file})",
            file=sys.stderr,
        )
    for failed in loaded.errors:
        print(f"error: {failed}", file=sys.stderr)
    if json_to_stdout(args):
        print(doc.to_json())
    return 1 if loaded.errors else 0
