"""The ``partnernet`` command line (see :mod:`partnernet.cli.base`)."""

from __future__ import annotations

from partnernet.cli.base import cli, main  # each command's module registers it when first asked for

__all__ = ["cli", "main"]
