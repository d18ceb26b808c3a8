"""School calendar: terms and non-school days (holidays, breaks) per organization

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa
import api.db


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "non_school_days",
        sa.Column("organization_id", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("external_source", sa.String(length=40), nullable=True),
        sa.Column("external_id", sa.String(length=255), nullable=True),
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("created_at", api.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "ends_on >= starts_on", name=op.f("ck_non_school_days_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_non_school_days_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_non_school_days")),
        sa.UniqueConstraint(
            "organization_id",
            "external_source",
            "external_id",
            name=op.f("uq_non_school_days_organization_id_external_source_external_id"),
        ),
    )
    with op.batch_alter_table("non_school_days", schema=None) as batch_op:
        batch_op.create_index(
            "ix_non_school_days_organization_dates",
            ["organization_id", "starts_on", "ends_on"],
            unique=False,
        )

    op.create_table(
        "terms",
        sa.Column("organization_id", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("external_source", sa.String(length=40), nullable=True),
        sa.Column("external_id", sa.String(length=255), nullable=True),
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("created_at", api.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_terms_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_terms_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_terms")),
        sa.UniqueConstraint(
            "organization_id",
            "external_source",
            "external_id",
            name=op.f("uq_terms_organization_id_external_source_external_id"),
        ),
    )
    with op.batch_alter_table("terms", schema=None) as batch_op:
        batch_op.create_index(
            "ix_terms_organization_dates", ["organization_id", "starts_on", "ends_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("terms", schema=None) as batch_op:
        batch_op.drop_index("ix_terms_organization_dates")

    op.drop_table("terms")
    with op.batch_alter_table("non_school_days", schema=None) as batch_op:
        batch_op.drop_index("ix_non_school_days_organization_dates")

    op.drop_table("non_school_days")
