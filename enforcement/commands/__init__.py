"""Command-line interface (``flask …``): every module here lists its commands in ``COMMANDS``.

Each command is a thin shell around a service (flaskr's ``init-db`` pattern);
modules are discovered, so an area adds its commands without editing this file.
"""

from __future__ import annotations

import importlib
import pkgutil

import click
from flask import Flask
from flask.cli import with_appcontext


def fail(message: str, code: int = 1) -> None:
    """Print ``message`` to standard error and exit with ``code``."""
    click.echo(message, err=True)
    raise SystemExit(code)


def flatten(errors: dict[str, list[str]]) -> list[str]:
    """Field errors of a ``ValidationFailed`` as indented lines."""
    return [f"  {field}: {msg}" for field, msgs in errors.items() for msg in msgs]


def _in_app_context(command: click.Command) -> click.Command:
    """Run the command (and a group's subcommands) inside the application context."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _in_app_context(sub)
    elif command.callback is not None and not getattr(command.callback, "_in_app_context", False):
        command.callback = with_appcontext(command.callback)
        command.callback._in_app_context = True  # type: ignore[attr-defined]
    return command


def init_app(app: Flask) -> None:
    for module in pkgutil.iter_modules(__path__):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        for command in getattr(loaded, "COMMANDS", ()):
            app.cli.add_command(_in_app_context(command))
