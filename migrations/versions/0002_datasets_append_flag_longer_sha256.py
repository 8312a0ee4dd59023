"""Datasets: an ``append`` flag (rows added to the dataset's earlier upload) and room for the
combined sha256 of appended files ("a+b").

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("append", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.alter_column("sha256", existing_type=sa.String(length=64), type_=sa.String(length=1000),
                              existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.alter_column("sha256", existing_type=sa.String(length=1000), type_=sa.String(length=64),
                              existing_nullable=False)
        batch_op.drop_column("append")
