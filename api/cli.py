"""Command-line tasks for the platform operator: `flask organizations create`, `flask demo
seed`. (`flask openapi write` comes from flask-smorest.)"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

demo = AppGroup("demo", help="Demo data to explore the app.")
organizations = AppGroup("organizations", help="Schools and districts (platform operators).")


@organizations.command("create")
@click.option("--name", required=True, help="The school's or district's name.")
@click.option("--admin-email", required=True, help="Its first admin's email address.")
@click.option("--admin-name", default=None, help="The admin's name, for a new account.")
@click.option("--time-zone", default="UTC", show_default=True, help="e.g. Europe/London.")
def create_organization_command(
    name: str, admin_email: str, admin_name: str | None, time_zone: str
) -> None:
    """Create an organization and its first admin (only operators can: there is no API)."""
    from api.errors import ServiceError
    from api.organizations.service import create_organization

    try:
        organization, admin, is_new = create_organization(
            name=name, admin_email=admin_email, admin_name=admin_name, time_zone=time_zone
        )
    except ServiceError as error:
        raise click.ClickException(error.detail) from None
    click.echo(f"Created {organization.name} (id {organization.id}).")
    if is_new:
        click.echo(
            f"{admin.email} is its admin: they choose a password with “Forgot your password?” "
            "on the sign-in page."
        )
    else:
        click.echo(f"{admin.email} (an existing account) is its admin.")


@demo.command("seed")
def seed_command() -> None:
    """Create the demo school (safe to run twice)."""
    from api.demo import seed_demo, sign_in_help

    _, created = seed_demo(with_work=True)
    click.echo("Demo school created." if created else "Demo school already there.")
    click.echo(sign_in_help())


def init_app(app: Flask) -> None:
    app.cli.add_command(demo)
    app.cli.add_command(organizations)
