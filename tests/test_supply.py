"""Supply chain: the lock agrees with the ranges and the model pins, and a run needs no network at all."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from corroborate import embed
from corroborate.extract import model as spacy_model

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([0-9][0-9A-Za-z.]*)$")

# Loaded before anything else in the child: every attempt to reach the network is written down, then fails.
GUARD = """
import socket

def _refuse(*args, **kwargs):
    with open({log!r}, "a") as log:
        log.write(repr(args[:2]) + "\\n")
    raise OSError("network disabled by the test")

_connect = socket.socket.connect

def _connect_local(self, address):
    if self.family == socket.AF_UNIX:
        return _connect(self, address)
    return _refuse(address)

socket.socket.connect = _connect_local
socket.socket.connect_ex = _connect_local
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""


def locked() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            match = PIN.match(line)
            assert match, f"not an exact pin: {line!r}"
            pins[canonicalize_name(match.group(1))] = Version(match.group(2))
    return pins


def test_every_locked_line_is_an_exact_public_version() -> None:
    pins = locked()
    assert len(pins) > 50
    assert "corroborate" not in pins  # the project itself is installed from the working tree
    assert not [name for name, version in pins.items() if version.local]  # no +cpu: constraints.txt says which


def test_the_lock_satisfies_every_range_of_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = locked()
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside {requirement.specifier}"
        assert requirement.specifier, f"{name} has no range"


def test_the_lock_installs_the_model_versions_whose_files_are_pinned() -> None:
    pins = locked()
    embedding = json.loads(embed.HASHES.read_text())
    assert pins[canonicalize_name(embedding["package"])] == Version(embedding["version"])
    pipeline = json.loads(spacy_model.HASHES.read_text())
    assert pins[canonicalize_name(pipeline["package"])] == Version(pipeline["version"])
    assert f"{pipeline['package'].replace('_', '-')}=={pipeline['version']}" in (
        ROOT / "requirements-models.txt"
    ).read_text().replace("_", "-")


def test_torch_in_the_lock_is_the_version_of_the_constraint() -> None:
    constraint = Requirement((ROOT / "constraints.txt").read_text().strip())
    assert constraint.specifier.contains(locked()[canonicalize_name(constraint.name)])


@pytest.mark.slow
def test_a_run_makes_no_network_attempt_and_succeeds_without_one(tmp_path: Path) -> None:
    attempts = tmp_path / "attempts.log"
    (tmp_path / "guard").mkdir()
    (tmp_path / "guard" / "sitecustomize.py").write_text(GUARD.format(log=str(attempts)))
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env.update(PYTHONPATH=os.pathsep.join([str(tmp_path / "guard"), str(ROOT)]), HF_HOME=str(tmp_path / "hf"))
    db = tmp_path / "c.db"
    command = [
        sys.executable,
        "-c",
        "from corroborate.cli import main; main()",
        "run",
        str(ROOT / "seeds"),
        "--meta",
        str(ROOT / "data" / "seeds.toml"),
        "--db",
        str(db),
    ]
    done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "5 (5 new)" in done.stdout
    assert not attempts.exists(), attempts.read_text()
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('example.org', 80))"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert probe.returncode != 0 and attempts.exists()  # the guard was in force in that interpreter
