"""``partnernet users``: the web app's accounts (add, list, remove, passwd), kept in the data folder.

A password is asked twice on the terminal, or read from the first line of
standard input with ``--password-stdin`` (scripts); it is never an argument,
and neither it nor its hash is ever printed.
"""

from __future__ import annotations

import sys

import click

from partnernet.cli.base import cli, current_settings

__all__ = ["users"]


def _users():
    from web.users import Users

    return Users(current_settings().data_dir)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@cli.group()
def users() -> None:
    """Accounts of the web app: once one exists, the web app asks to sign in (PARTNERNET_AUTH=auto)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["viewer", "analyst", "admin"]), required=True, help="What the user may do.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def add(name: str, role: str, password_stdin: bool) -> None:
    """Add an account NAME with a role: viewer (explorer, hubs, planner), analyst (+ console), admin (everything)."""
    store = _users()
    account = store.add(name, role, _password(password_stdin))
    click.echo(f"account {account.name!r} added ({account.role}) in {store.path}")


@users.command("list")
def list_() -> None:
    """Every account: name, role, when it was made."""
    rows = _users().list()
    if not rows:
        click.echo("no account: the web app asks nobody to sign in on loopback (`partnernet users add NAME`)")
    for name, role, created in rows:
        click.echo(f"{name:<30} {role:<8} {created}")


@users.command("remove")
@click.argument("name")
def remove(name: str) -> None:
    """Remove the account NAME (its open sessions end)."""
    _users().remove(name)
    click.echo(f"account {name!r} removed")


@users.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def passwd(name: str, password_stdin: bool) -> None:
    """Change NAME's password (its open sessions end)."""
    store = _users()
    if store.get(name) is None:
        from graph.errors import NotFound

        raise NotFound(f"no account named {name!r}")
    store.set_password(name, _password(password_stdin))
    click.echo(f"password of {name!r} changed")
