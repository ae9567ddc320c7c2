"""Test-wide settings: a modest, reproducible hypothesis profile "ci" (loaded when CI=true)."""

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=25, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev"))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """List the browser tests' screenshots (CI keeps them in its log) before pytest's closing line."""
    shots = sorted((Path(__file__).resolve().parents[1] / "artifacts" / "screenshots").glob("*.png"))
    if shots:
        terminalreporter.write_sep("-", f"{len(shots)} screenshots in artifacts/screenshots")
        for shot in shots:
            terminalreporter.write_line(f"{shot.stat().st_size:>9}  {shot.name}")
