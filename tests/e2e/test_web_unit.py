"""The web UI's own unit tests (vitest), run as part of the Python suite."""

from __future__ import annotations

import subprocess

import pytest

from tests.e2e.conftest import ROOT, npm


def test_vitest_passes() -> None:
    web = ROOT / "web"
    if not (web / "node_modules").is_dir():
        pytest.fail("web/node_modules is missing: run scripts/build-web.sh (make test does it)")
    done = subprocess.run(
        [npm(), "--prefix", str(web), "test", "--", "--reporter=dot"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, f"vitest failed:\n{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
