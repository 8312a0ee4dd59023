"""Workspace settings: defaults, a round trip through the store (SQLite and PostgreSQL), the audit
log of what changed, and values refused at the boundary."""

from __future__ import annotations

import pytest

from crm_metrics.store import audit_log, get_or_create_workspace, save_workspace_settings, workspace_settings
from crm_metrics.vocab import ChurnBasis
from crm_metrics.workspace_settings import WorkspaceSettings


def test_a_new_workspace_has_the_defaults(store):
    ws = get_or_create_workspace(store, "Acme")
    s = workspace_settings(store, ws.id)
    assert s == WorkspaceSettings()
    assert (s.phone_region, s.churn_basis, s.inactive_days, s.sure_threshold, s.review_threshold) == (
        "IR",
        ChurnBasis.AUTO,
        180,
        0.99,
        0.9,
    )


def test_settings_round_trip_and_are_logged(store):
    ws = get_or_create_workspace(store, "Acme")
    other = get_or_create_workspace(store, "Other")
    chosen = WorkspaceSettings(phone_region="us", churn_basis=ChurnBasis.INACTIVITY, inactive_days=90)
    save_workspace_settings(store, ws.id, chosen, actor="sara")
    got = workspace_settings(store, ws.id)
    assert got.phone_region == "US" and got.churn_basis is ChurnBasis.INACTIVITY and got.inactive_days == 90
    assert workspace_settings(store, other.id) == WorkspaceSettings()  # one workspace's settings only
    entries = [e for e in audit_log(store, ws.id) if e.action == "settings"]
    assert len(entries) == 1 and entries[0].actor == "sara"
    assert entries[0].detail["changed"] == {
        "phone_region": ["IR", "US"],
        "churn_basis": ["auto", "inactivity"],
        "inactive_days": [180, 90],
    }
    save_workspace_settings(store, ws.id, chosen, actor="sara")  # nothing changed: nothing logged
    assert len([e for e in audit_log(store, ws.id) if e.action == "settings"]) == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"phone_region": "IRN"},
        {"sure_threshold": 0},
        {"review_threshold": 0.999},
        {"inactive_days": 0},
        {"churn_basis": "sometimes"},
    ],
)
def test_bad_values_are_refused(bad):
    with pytest.raises(ValueError):
        WorkspaceSettings(**bad)


def test_a_bad_stored_value_falls_back_to_its_default_alone():
    s = WorkspaceSettings.from_json({"inactive_days": -5, "phone_region": "de", "churn_basis": "nonsense"})
    assert (s.inactive_days, s.phone_region, s.churn_basis) == (180, "DE", ChurnBasis.AUTO)
