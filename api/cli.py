"""Command-line tasks: `flask demo seed`. (`flask openapi write` comes from flask-smorest.)"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

demo = AppGroup("demo", help="Demo data to explore the app.")


@demo.command("seed")
def seed_command() -> None:
    """Create the demo school (safe to run twice)."""
    from api.demo import seed_demo, sign_in_help

    _, created = seed_demo()
    click.echo("Demo school created." if created else "Demo school already there.")
    click.echo(sign_in_help())


def init_app(app: Flask) -> None:
    app.cli.add_command(demo)
