"""`handbook discover --scaffold`: a draft segment for each cluster no segment covers.

Each draft is a `_segment.md` that validates: priority `exploratory`, an
`x-status: draft` key and a note at the top of its text saying that it is a
draft from the data, its profile in aggregates, and what to do next. An
existing folder is never overwritten.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import yaml

from generator.content.loading import SEGMENT_FILE
from generator.content.schemas import write_schemas
from generator.discover.model import CategoryTrait, Cluster, Discovery, NumberTrait
from generator.discover.report import trait_text
from generator.stats.display import Display

# Numbers and shares as every output shows them; these texts are in English.
_PLAIN = Display()

WORDS = {
    "zh": {"name": "草稿：数据细分 {n}（{source}）",
           "summary": "由 handbook discover 在 {source} 数据中发现、尚无客户细分覆盖的群组，"
                      "约占 {share} 的客户：{traits}。",
           "note": "草稿：这个细分由聚类自动生成，还没有人核实。请对照访谈和数据确认它是否"
                   "真实存在，改写名称、摘要和负责人，再为它写画像；否则删除这个文件夹。",
           "owners": "待定"},
    "en": {"name": "Draft: segment {n} in the data ({source})",
           "summary": "A group found by handbook discover in the {source} data that no "
                      "segment covers, about {share} of customers: {traits}.",
           "note": "Draft: generated from clusters, not yet checked by anyone. Confirm "
                   "against interviews and data that it exists, rewrite the name, summary and "
                   "owners, then write its personas; otherwise delete this folder.",
           "owners": "to be decided"},
}


def draft_id(discovery: Discovery, cluster: Cluster) -> str:
    """`discovered-customers-3`: an id from the source and the cluster number."""
    source = re.sub(r"[^a-z0-9]+", "-", discovery.source.lower()).strip("-") or "data"
    return f"discovered-{source}-{cluster.number}"


def write_drafts(root: Path, discovery: Discovery, today: date, language: str
                 ) -> list[tuple[Path, bool]]:
    """Write a draft for each uncovered cluster: (path, written), False where one existed."""
    words = WORDS.get(language.split("_")[0], WORDS["en"])
    done = []
    for cluster in discovery.uncovered():
        folder = root / "personas" / draft_id(discovery, cluster)
        target = folder / SEGMENT_FILE
        if folder.exists():
            done.append((target, False))
            continue
        folder.mkdir(parents=True)
        target.write_text(draft_text(root, target, discovery, cluster, today, words),
                          encoding="utf-8")
        done.append((target, True))
    return done


def draft_text(root: Path, target: Path, discovery: Discovery, cluster: Cluster, today: date,
               words: dict[str, str]) -> str:
    """The draft's front matter and text."""
    traits = "; ".join(trait_text(t) for t in cluster.headline) or "—"
    values = {"n": cluster.number, "source": discovery.source,
              "share": _PLAIN.share(cluster.share), "traits": traits}
    data = {
        "name": words["name"].format(**values),
        "summary": words["summary"].format(**values),
        "priority": "exploratory",
        "owners": [words["owners"]],
        "kind": "b2c",
        "x-status": "draft",
        "x-discovered": {"source": discovery.source, "cluster": cluster.number,
                         "rows": cluster.size, "share": cluster.share,
                         "file_sha256": discovery.provenance.sha256,
                         "date": today.isoformat()},
    }
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    schema = _schema_path(root, target)
    traits_all: list[NumberTrait | CategoryTrait] = [*cluster.numbers, *cluster.categories]
    body = "\n".join(f"- {trait_text(t)}" for t in traits_all)
    return (f"---\n# yaml-language-server: $schema={schema}\n{front}---\n\n"
            f"> {words['note']}\n\n{body}\n")


def _schema_path(root: Path, target: Path) -> str:
    folder = root / "schemas"
    if not (folder / "segment.schema.json").exists():
        write_schemas(folder)
    return Path(os.path.relpath(folder / "segment.schema.json", target.parent)).as_posix()
