"""Running part of a test in a new interpreter, where this process's hash order does not hold."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from tests.conftest import ROOT

__all__ = ["in_a_fresh_process"]


def in_a_fresh_process(script: str) -> Any:
    """What ``script`` prints as JSON, run by a new interpreter with another hash seed than this process's.

    Set and dict-of-set orders of strings change with ``PYTHONHASHSEED``: a result that depends on them
    differs here, where comparing two runs in one process could not see it.
    """
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
