"""The store: workspaces, datasets, reviews and their history, kept so that nothing is lost (issue 6).

SQLAlchemy 2.x models (:mod:`.models`), Alembic migrations (``migrations/``) and a small
repository (:mod:`.repo`) in which every query of client data takes the workspace id.
Default database: ``./data/crm_pulse.db`` (SQLite, WAL, synchronous FULL, foreign keys on);
with ``DATABASE_URL`` set, that database (PostgreSQL through psycopg 3).

>>> store = open_store("sqlite://")  # in memory
>>> review = save_audit(store, "Acme", {"period": {"start": "2024-07-01", "end": "2024-09-30",
...     "label": "2024Q3"}, "as_of": "2024-10-05", "kpis": {"nps": {"value": 12.5}}})
>>> [(h["period"]["label"], h["kpis"]["nps"]["value"]) for h in history_json(store, "Acme")]
[('2024Q3', 12.5)]
>>> history_json(store, "Someone else")
[]
"""

from .engine import DEFAULT_URL, ENV_URL, Store, StoreError, open_store, resolve_url
from .repo import (
    ActionChange,
    ActionInfo,
    Answer,
    ConflictError,
    DatasetInfo,
    DecisionChange,
    DecisionInfo,
    LogEntry,
    NotFoundError,
    ReviewInfo,
    ReviewSignedError,
    SnapshotInfo,
    StoredExport,
    WorkspaceInfo,
    action_items,
    add_action,
    add_dataset,
    add_snapshot,
    answers,
    audit_log,
    cluster_key,
    create_review,
    current_datasets,
    decisions,
    file_content,
    find_review,
    find_workspace,
    get_mapping,
    get_or_create_workspace,
    get_review,
    get_workspace,
    history,
    history_json,
    latest_dataset_id,
    latest_snapshot,
    list_datasets,
    list_reviews,
    list_snapshots,
    list_workspaces,
    load_frame,
    previous_review,
    save_answers,
    save_audit,
    save_decisions,
    save_mapping,
    sign_review,
    start_review,
    update_actions,
    update_review,
    workspace_files,
)

__all__ = [
    "DEFAULT_URL", "ENV_URL", "ActionChange", "ActionInfo", "Answer", "ConflictError", "DatasetInfo",
    "DecisionChange", "DecisionInfo", "LogEntry", "NotFoundError", "ReviewInfo", "ReviewSignedError",
    "SnapshotInfo", "Store", "StoreError", "StoredExport", "WorkspaceInfo", "action_items", "add_action", "add_dataset",
    "add_snapshot", "answers", "audit_log", "cluster_key", "create_review", "current_datasets", "decisions",
    "file_content", "find_review", "find_workspace", "get_mapping", "get_or_create_workspace", "get_review",
    "get_workspace", "history", "history_json", "latest_dataset_id", "latest_snapshot", "list_datasets", "list_reviews",
    "list_snapshots", "list_workspaces", "load_frame", "open_store", "previous_review", "resolve_url",
    "save_answers", "save_audit", "save_decisions", "save_mapping", "sign_review", "start_review",
    "update_actions", "update_review", "workspace_files",
]
