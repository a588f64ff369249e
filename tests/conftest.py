"""Shared fixtures: the default pipeline (built once per test session) and ../shared."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import rasad
from rasad.pipeline import Pipeline


def shared_dir() -> Path:
    env = os.environ.get("RASAD_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session", autouse=True)
def _in_process_client_host() -> Iterator[None]:
    """FastAPI's in-process client sends "Host: testserver": servers made in tests answer
    to it as well as to the loopback names (no browser can be led to that name)."""
    try:
        from rasad.web import config
    except ImportError:  # the web extra is not installed
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "LOOPBACK_HOSTS", (*config.LOOPBACK_HOSTS, "testserver"))
        yield


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return rasad.default_pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    seed = shared_dir() / "seed"
    files = sorted(seed.glob("*.txt")) if seed.is_dir() else []
    if not files:
        pytest.skip(f"seed report not found under {seed} (../shared is absent)")
    return files[0].read_text(encoding="utf-8")
