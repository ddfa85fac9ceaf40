"""Pages rendered in worker processes: the same text, in the same order, as in one process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.pipeline import generate
from generator.site import fanout
from tests.conftest import TODAY


def test_workers_render_functions_they_inherit_in_order() -> None:
    unpicklable = object()  # closed over below: the functions cannot travel by pickle
    pages = [lambda i=i: f"page {i} {id(unpicklable)} {os.getpid()}"
             for i in range(fanout.PARALLEL_THRESHOLD + 40)]
    texts = [text.decode() for text in fanout.render_all(pages, jobs=2)]
    assert [t.split()[1] for t in texts] == [str(i) for i in range(len(pages))]
    assert {t.split()[2] for t in texts} == {str(id(unpicklable))}
    assert str(os.getpid()) not in {t.split()[3] for t in texts}, "rendered in workers"


def test_few_pages_render_here() -> None:
    texts = fanout.render_all([lambda: str(os.getpid())] * 3, jobs=2)
    assert texts == [str(os.getpid()).encode()] * 3


def test_a_page_that_fails_in_a_worker_fails_the_render() -> None:
    def broken() -> str:
        raise ValueError("the template broke")

    pages = [lambda: "fine"] * fanout.PARALLEL_THRESHOLD + [broken]
    with pytest.raises(ValueError, match="the template broke"):
        fanout.render_all(pages, jobs=2)


def test_the_generated_project_is_the_same_rendered_in_workers(
        valid_handbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    today = date.fromisoformat(TODAY)
    monkeypatch.setattr(fanout, "PARALLEL_THRESHOLD", 10**9)
    assert generate(valid_handbook, tmp_path / "alone", today, tmp_path / "site").generated
    monkeypatch.setattr(fanout, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert generate(valid_handbook, tmp_path / "workers", today, tmp_path / "site").generated
    alone = {p.relative_to(tmp_path / "alone"): p.read_bytes()
             for p in (tmp_path / "alone").rglob("*") if p.is_file()}
    workers = {p.relative_to(tmp_path / "workers"): p.read_bytes()
               for p in (tmp_path / "workers").rglob("*") if p.is_file()}
    assert len(alone) > 20
    assert workers == alone
