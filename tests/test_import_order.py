"""Every module imports on its own, first, in a fresh interpreter: no import cycle depends on order."""

from __future__ import annotations

import subprocess
import sys

import pytest

MODULES = ["fields", "checks", "checks.polarity", "checks.dates", "match", "pairs", "cluster", "lineage", "scope"]


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    done = subprocess.run([sys.executable, "-c", f"import corroborate.{module}"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
