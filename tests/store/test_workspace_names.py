"""A new workspace whose name only differs from an existing one in spacing, case, ZWNJ, Persian
letter forms or digits is refused, naming the existing one, never merged into it (issue 15)."""

from __future__ import annotations

import pytest

from crm_metrics import store as S


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ("Acme Co", "acme co"),
        ("Acme Co", "AcmeCo"),
        ("Acme Co", " ACME   CO "),
        ("شرکت نوآوران", "شركت نوآوران"),  # Arabic kaf
        ("فروشگاه علی", "فروشگاه علي"),  # Arabic yeh
        ("می\u200cخواهم", "می خواهم"),  # ZWNJ against a space
        ("Shop ۱۴۰۳", "shop 1403"),  # Persian digits against ASCII
    ],
)
def test_a_name_that_normalises_to_an_existing_one_is_refused(store, existing, typed):
    first = S.get_or_create_workspace(store, existing)
    with pytest.raises(S.WorkspaceNameTaken, match="already exists") as err:
        S.get_or_create_workspace(store, typed)
    assert err.value.existing == existing and repr(existing) in str(err.value)
    with pytest.raises(S.WorkspaceNameTaken):
        S.create_workspace(store, typed)
    assert [w.name for w in S.list_workspaces(store)] == [existing]
    assert S.get_or_create_workspace(store, existing) == first  # the name itself still finds it


def test_clearly_different_names_are_two_workspaces(store):
    S.get_or_create_workspace(store, "Acme Co")
    S.get_or_create_workspace(store, "Acme Corp")
    S.create_workspace(store, "Acme Co 2")
    assert [w.name for w in S.list_workspaces(store)] == ["Acme Co", "Acme Co 2", "Acme Corp"]
    with pytest.raises(S.WorkspaceNameTaken, match="'Acme Co' already exists"):
        S.create_workspace(store, "Acme  Co")  # the same name, spaces tidied
