"""Benchmark: `handbook validate` against check-jsonschema on the same 10,000 files.

Generates a handbook of persona and interview files, then times in the same run:
- ours: `handbook validate` (schemas + cross-file + privacy checks);
- baseline: `check-jsonschema` with the project's own schemas on the same front
  matter (extracted to .yaml files, since it cannot read Markdown front matter),
  one run per schema.
Prints seconds, peak memory of the process tree, the ratio, and the YAML loaders.

    .venv/bin/python -m bench.validate [--personas 4000] [--interviews 6000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from bench.corpus import write_handbook
from bench.measure import Run, best_of
from generator.content import schemas, yamlsafe

BIN = Path(sys.executable).parent


def extract_front_matter(root: Path, out: Path) -> dict[str, list[Path]]:
    """Write each file's front matter to out/<kind>/…yaml for check-jsonschema."""
    groups: dict[str, list[Path]] = {"segment": [], "persona": [], "interview": []}
    for path in sorted(root.rglob("*.md")):
        kind = ("segment" if path.name == "_segment.md" else
                "interview" if path.parts[-2] == "interviews" else "persona")
        text = path.read_text(encoding="utf-8")
        front = text.split("---\n", 2)[1]
        target = out / kind / path.relative_to(root).with_suffix(".yaml")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front, encoding="utf-8")
        groups[kind].append(target)
    return groups


def ruamel_loader() -> str:
    try:
        import ruamel.yaml

        parser = ruamel.yaml.YAML(typ="safe").Parser
        return f"ruamel.yaml {ruamel.yaml.__version__} with {parser.__module__}.{parser.__name__}"
    except ImportError:
        return "ruamel.yaml not installed"


def baseline(groups: dict[str, list[Path]], schema_dir: Path, repeats: int) -> Run:
    total_seconds, peak = 0.0, 0.0
    for kind, files in groups.items():
        command = [str(BIN / "check-jsonschema"), "--schemafile",
                   str(schema_dir / f"{kind}.schema.json"), *map(str, files)]
        result = best_of(repeats, command)
        if result.returncode != 0:
            sys.exit(f"check-jsonschema failed on {kind} files:\n{result.stdout[-2000:]}")
        total_seconds += result.seconds
        peak = max(peak, result.peak_mb)
    return Run(total_seconds, peak, 0, "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--personas", type=int, default=4000)
    parser.add_argument("--interviews", type=int, default=6000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-validate-"))
    try:
        root = write_handbook(work / "handbook", args.personas, args.interviews)
        files = sum(1 for _ in root.rglob("*.md"))
        groups = extract_front_matter(root, work / "yaml")
        schema_dir = work / "schemas"
        schemas.write_schemas(schema_dir)
        ours = best_of(args.repeats, [str(BIN / "handbook"), "validate", str(root),
                                      "--today", "2026-11-22"])
        if ours.returncode != 0:
            sys.exit(f"handbook validate failed:\n{ours.stdout[-3000:]}")
        base = baseline(groups, schema_dir, args.repeats)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"files: {files} ({args.personas} personas, {args.interviews} interviews)")
    print(f"handbook validate YAML loader: {yamlsafe.LOADER_NAME}")
    print(f"check-jsonschema YAML loader: {ruamel_loader()}")
    print(f"{'run':<28}{'seconds':>10}{'peak MB':>10}")
    print(f"{'handbook validate':<28}{ours.seconds:>10.2f}{ours.peak_mb:>10.0f}")
    print(f"{'check-jsonschema (baseline)':<28}{base.seconds:>10.2f}{base.peak_mb:>10.0f}")
    print(f"speed-up vs baseline: {base.seconds / ours.seconds:.1f}x (goal: >= 4x); "
          f"peak memory {ours.peak_mb:.0f} MB (goal: < 300 MB)")


if __name__ == "__main__":
    main()
