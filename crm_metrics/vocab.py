"""The project's closed vocabularies: one ``StrEnum`` each, every member with its English label.

A member *is* its stored string (``Decision.KEEP == "keep"``), so values in the database, the
audit JSON and old session state need no migration. ``label`` is the English source text, a
catalogue msgid (Persian in ``locale/fa/LC_MESSAGES/vocab.po``); translate it where it is shown:
``t(Decision(value).label)``.

>>> Decision("keep"), Decision.KEEP == "keep", Decision.KEEP.label
(<Decision.KEEP: 'keep'>, True, 'Keep as is for now')
>>> [str(s) for s in Severity]
['high', 'medium', 'low']
>>> from crm_metrics.i18n import translator
>>> translator("fa").text(ReviewStatus.SIGNED.label)
'امضاشده'
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from .i18n import N_


class Vocabulary(StrEnum):
    """A member is declared as ``NAME = "stored value", N_("English label")``."""

    label: str

    # ``label`` has a default only so that type checkers accept a lookup such as ``Decision("keep")``.
    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def values(cls) -> list[str]:
        """The stored strings, in order: widget options (Streamlit wants plain str, not enum members)."""
        return [str(member.value) for member in cls]


class Decision(Vocabulary):
    """What the team decided about a duplicate pair or cluster (none saved: :data:`NOT_DECIDED`)."""

    KEEP = "keep", N_("Keep as is for now")
    MERGE = "merge", N_("Merge")
    KEEP_SEPARATE = "keep_separate", N_("Keep separate")


NOT_DECIDED = N_("Not decided")  # the label of a cluster without a saved decision


class ChurnBasis(Vocabulary):
    """How a customer's churn date is known (KPI_DEFINITIONS, "Churn basis: dates or inactivity")."""

    AUTO = "auto", N_("Automatic (dates when the export has them)")
    DATES = "dates", N_("Churn dates in the export")
    INACTIVITY = "inactivity", N_("Inactivity (no order or activity for W days)")


class ReviewStatus(Vocabulary):
    DRAFT = "draft", N_("Draft")
    SIGNED = "signed", N_("Signed")


class AnswerStatus(Vocabulary):
    """A checklist answer's status (unanswered: no status)."""

    DONE = "done", N_("Done")
    NOT_DONE = "not_done", N_("Not done")
    NOT_APPLICABLE = "not_applicable", N_("Not applicable")
    IN_PROGRESS = "in_progress", N_("In progress")


class ActionStatus(Vocabulary):
    OPEN = "open", N_("Open")
    IN_PROGRESS = "in_progress", N_("In progress")
    DONE = "done", N_("Done")
    DROPPED = "dropped", N_("Dropped")


OPEN_ACTION_STATUSES: tuple[ActionStatus, ...] = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class Severity(Vocabulary):
    """A data-quality finding's severity, most severe first."""

    HIGH = "high", N_("high")
    MEDIUM = "medium", N_("medium")
    LOW = "low", N_("low")


class Role(Vocabulary):
    """What a signed-in user may do in a workspace (``crm_metrics.accounts.ROLE_PERMISSIONS``)."""

    ADMIN = "admin", N_("Administrator")
    CONSULTANT = "consultant", N_("Consultant")
    MANAGER = "manager", N_("Manager")
    VIEWER = "viewer", N_("Viewer")
