"""The ``partnernet`` command line (see :mod:`partnernet.cli.base`)."""

from __future__ import annotations

from partnernet.cli import admin, analysis, data  # noqa: F401  (each module registers its commands)
from partnernet.cli.base import cli, main

__all__ = ["cli", "main"]
