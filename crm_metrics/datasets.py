"""The eight canonical datasets of the data contract, as data.

Every reader, KPI and audit check refers to columns by these canonical names.
Kinds: ``id`` (text key, kept verbatim apart from digit normalisation), ``text``,
``date`` (datetime64, naive, wall-clock time as written in the export),
``number`` (float64), ``bool``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import N_

KINDS = ("id", "text", "phone", "email", "date", "number", "bool")


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    name: str
    kind: str
    required: bool = False
    personal: bool = False  # personal data: masked in findings and shareable exports


@dataclass(frozen=True, slots=True)
class DatasetSpec:
    """One dataset: its name (the file stem), key column, columns, and ``label`` (English, a catalogue msgid)."""

    name: str
    key: str | None
    columns: tuple[ColumnSpec, ...]
    label: str = ""

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, kind: str, required: bool = False, personal: bool = False) -> ColumnSpec:
    return ColumnSpec(name, kind, required, personal)


DATASETS: dict[str, DatasetSpec] = {
    d.name: d
    for d in (
        DatasetSpec(
            "customers",
            "customer_id",
            (
                _c("customer_id", "id", True),
                _c("created_at", "date", True),
                _c("name", "text", personal=True),
                _c("first_name", "text", personal=True),
                _c("last_name", "text", personal=True),
                _c("email", "email", personal=True),
                _c("phone", "phone", personal=True),
                _c("company", "text"),
                _c("city", "text"),
                _c("country", "text"),
                _c("segment", "text"),
                _c("acquisition_channel", "text"),
                _c("owner", "text"),
                _c("status", "text"),
                _c("churned_at", "date"),
                _c("updated_at", "date"),
                _c("last_activity_at", "date"),
                _c("revenue", "number"),
                _c("national_id", "id", personal=True),
                _c("street", "text", personal=True),
                _c("postal_code", "id", personal=True),  # text: leading zeros kept
                _c("region", "text"),  # state / province / استان; never the status
                _c("birth_date", "date", personal=True),
            ),
            label=N_("customers"),
        ),
        DatasetSpec(
            "interactions",
            "interaction_id",
            (
                _c("interaction_id", "id", True),
                _c("customer_id", "id", True),
                _c("opened_at", "date", True),
                _c("channel", "text"),
                _c("type", "text"),
                _c("agent_id", "id"),
                _c("first_response_at", "date"),
                _c("resolved_at", "date"),
            ),
            label=N_("interactions"),
        ),
        DatasetSpec(
            "surveys",
            "response_id",
            (
                _c("response_id", "id", True),
                _c("submitted_at", "date", True),
                _c("survey_type", "text", True),
                _c("score", "number", True),
                _c("customer_id", "id"),
                _c("channel", "text"),
                _c("touchpoint", "text"),
                _c("comment", "text", personal=True),
            ),
            label=N_("surveys"),
        ),
        DatasetSpec(
            "leads",
            "lead_id",
            (
                _c("lead_id", "id", True),
                _c("created_at", "date", True),
                _c("source", "text"),
                _c("owner", "text"),
                _c("stage", "text"),
                _c("converted_at", "date"),
                _c("customer_id", "id"),
                _c("lost_reason", "text"),
                _c("amount", "number"),
            ),
            label=N_("leads"),
        ),
        DatasetSpec(
            "marketing_spend",
            None,
            (
                _c("date", "date", True),
                _c("channel", "text", True),
                _c("amount", "number", True),
                _c("campaign", "text"),
                _c("currency", "text"),
            ),
            label=N_("marketing spend"),
        ),
        DatasetSpec(
            "crm_users",
            "user_id",
            (
                _c("user_id", "id", True),
                _c("name", "text", personal=True),
                _c("team", "text"),
                _c("role", "text"),
                _c("licensed", "bool"),
            ),
            label=N_("CRM users"),
        ),
        DatasetSpec(
            "crm_usage",
            None,
            (
                _c("user_id", "id", True),
                _c("timestamp", "date", True),
                _c("action", "text", True),
                _c("module", "text"),
            ),
            label=N_("CRM usage"),
        ),
        DatasetSpec(
            "orders",
            "order_id",
            (
                _c("order_id", "id", True),
                _c("customer_id", "id", True),
                _c("order_date", "date", True),
                _c("amount", "number", True),
                _c("due_date", "date"),
                _c("paid_at", "date"),
                _c("status", "text"),
            ),
            label=N_("orders"),
        ),
    )
}

DATASET_NAMES: tuple[str, ...] = tuple(DATASETS)
