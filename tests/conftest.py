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
def rules_pipeline() -> Pipeline:
    """The rules alone: candidates kept by their own confidence, no learned filter."""
    from rasad.learn.train import CANDIDATE_STEPS

    names = [s for s in CANDIDATE_STEPS if s != "consistency.v1"]
    return Pipeline.from_names([*names, "events.filter.confidence.v1", "consistency.v1"])


@pytest.fixture(scope="session")
def seed_text() -> str:
    seed = shared_dir() / "seed"
    files = sorted(seed.glob("*.txt")) if seed.is_dir() else []
    if not files:
        pytest.skip(f"seed report not found under {seed} (../shared is absent)")
    return files[0].read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A stored handover, a report carrying markup, and 30 random events (read-only use)."""
    from rasad.store import SQLiteStore
    from rasad.web.synthetic import bulk_records, handover_record, hostile_record

    path = tmp_path_factory.mktemp("synthetic") / "synthetic.db"
    with SQLiteStore(path) as store:
        for rec in [handover_record(), hostile_record(), *bulk_records(30, per_doc=10)]:
            store.ingest(rec)
    return path
