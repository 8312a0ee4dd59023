"""The store: workspaces, datasets, reviews and their history, kept so that nothing is lost.

SQLAlchemy 2.x models (:mod:`.models`), Alembic migrations (``migrations/``) and a repository
split by aggregate (:mod:`.workspaces`, :mod:`.datasets`, :mod:`.reviews`, :mod:`.answers`,
:mod:`.actions`, :mod:`.decisions`, :mod:`.snapshots`, :mod:`.history`) in which every query
of client data takes the workspace id. Rules every one of them keeps:

* **Isolation.** A review, answer, dataset or action item of another workspace is "not found".
* **One transaction per unit of work**: a write happens whole or not at all.
* **No lost update.** Rows people edit carry a ``version``; a save based on an older one
  raises :class:`ConflictError` and writes nothing of that save.
* **Append-only history.** Datasets, KPI snapshots and the audit log are only added to.
* Results are plain frozen dataclasses (:mod:`.info`), never ORM objects.
* **Permissions.** ``store.as_principal(p)`` gives a view of the store acting for a
  :class:`~crm_metrics.accounts.Principal`; every function then checks what its operation needs
  and raises :class:`PermissionDenied` otherwise, and every row written names the principal.
  Accounts, grants and signing in: :mod:`.accounts`; erasure: :mod:`.erasure`; backup: :mod:`.backup`.

Default database: ``crm_pulse.db`` in ``CRM_PULSE_HOME``, else in the project's ``data/``
(SQLite, WAL, synchronous FULL, foreign keys on; folder 0700, file 0600); with
``DATABASE_URL`` set, that database (PostgreSQL through psycopg 3).

>>> store = open_store("sqlite://")  # in memory
>>> review = save_audit(store, "Acme", {"period": {"start": "2024-07-01", "end": "2024-09-30",
...     "label": "2024Q3"}, "as_of": "2024-10-05", "kpis": {"nps": {"value": 12.5}}})
>>> [(h["period"]["label"], h["kpis"]["nps"]["value"]) for h in history_json(store, "Acme")]
[('2024Q3', 12.5)]
>>> history_json(store, "Someone else")
[]
"""

from .actions import ActionChange, action_items, add_action, update_actions
from .answers import answers, save_answers
from .backup import backup, restore
from .datasets import (
    add_dataset,
    current_datasets,
    file_content,
    get_mapping,
    latest_dataset_id,
    list_datasets,
    load_frame,
    prune_superseded_files,
    save_mapping,
    workspace_files,
)
from .decisions import DecisionChange, cluster_key, decisions, save_decisions
from .engine import (
    DEFAULT_URL,
    ENV_HOME,
    ENV_URL,
    Store,
    StoreError,
    data_home,
    default_url,
    open_store,
    resolve_url,
)
from .erasure import ErasureInfo, compact, delete_workspace, erasure_log
from .errors import ConflictError, NotFoundError, PermissionDenied, ReviewSignedError, WorkspaceNameTaken
from .history import audit_log, history, history_json, record_export
from .info import (
    ActionInfo,
    Answer,
    DatasetInfo,
    DecisionInfo,
    LogEntry,
    ReviewInfo,
    SnapshotInfo,
    StoredExport,
    WorkspaceInfo,
)
from .reviews import (
    create_review,
    find_review,
    get_review,
    list_reviews,
    previous_review,
    sign_review,
    update_review,
)
from .snapshots import add_snapshot, latest_snapshot, list_snapshots, save_audit, start_review
from .workspaces import (
    create_workspace,
    find_workspace,
    get_or_create_workspace,
    get_workspace,
    list_workspaces,
    name_key,
    save_workspace_settings,
    workspace_settings,
)

__all__ = [
    "DEFAULT_URL",
    "ENV_HOME",
    "ENV_URL",
    "ActionChange",
    "ActionInfo",
    "Answer",
    "ConflictError",
    "DatasetInfo",
    "DecisionChange",
    "DecisionInfo",
    "ErasureInfo",
    "LogEntry",
    "NotFoundError",
    "PermissionDenied",
    "ReviewInfo",
    "ReviewSignedError",
    "SnapshotInfo",
    "Store",
    "StoreError",
    "StoredExport",
    "WorkspaceInfo",
    "WorkspaceNameTaken",
    "action_items",
    "add_action",
    "add_dataset",
    "add_snapshot",
    "answers",
    "audit_log",
    "backup",
    "cluster_key",
    "compact",
    "create_review",
    "create_workspace",
    "current_datasets",
    "data_home",
    "decisions",
    "default_url",
    "delete_workspace",
    "erasure_log",
    "file_content",
    "find_review",
    "find_workspace",
    "get_mapping",
    "get_or_create_workspace",
    "get_review",
    "get_workspace",
    "history",
    "history_json",
    "latest_dataset_id",
    "latest_snapshot",
    "list_datasets",
    "list_reviews",
    "list_snapshots",
    "list_workspaces",
    "load_frame",
    "name_key",
    "open_store",
    "previous_review",
    "prune_superseded_files",
    "record_export",
    "resolve_url",
    "restore",
    "save_answers",
    "save_audit",
    "save_decisions",
    "save_mapping",
    "save_workspace_settings",
    "sign_review",
    "start_review",
    "update_actions",
    "update_review",
    "workspace_files",
    "workspace_settings",
]
