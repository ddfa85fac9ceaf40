"""`handbook discover`: validate, cluster, report, and optionally draft segments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.content.config import load_config
from generator.content.metrics_spec import SPEC_FILE
from generator.content.problems import errors_in, report_text, sort_problems
from generator.content.validation import validate_handbook
from generator.discover.columns import Request, plan_request
from generator.discover.drafts import write_drafts
from generator.discover.options import Options
from generator.discover.report import format_json, format_text
from generator.discover.run import discover_segments

FORMATS = {"table": format_text, "json": format_json}


def discover_command(root: Path, today: date, options: Options) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `handbook discover`.

    Exit 2 when there is nothing to cluster (no spec, no such source);
    1 when the handbook or the data have errors; 0 otherwise.
    """
    if not root.is_dir():
        return 2, "", f"handbook discover: no folder {root}\n"
    cfg = load_config(root)
    checked = validate_handbook(root, today, cfg.max_file_bytes)
    if checked.handbook is None:
        return 1, "", report_text(checked.problems, len(checked.files))
    if checked.metrics is None:
        return 2, "", f"handbook discover: no {SPEC_FILE}: no data source to cluster\n"
    request = plan_request(checked.metrics, options.source, options.columns, options.k)
    if not isinstance(request, Request):
        return 2, "", f"handbook discover: {request}\n"
    discovery, problems = discover_segments(checked.handbook, checked.metrics, cfg.data_dir,
                                            request)
    err = "".join(p.as_text() + "\n" for p in sort_problems(problems))
    if discovery is None or errors_in(problems):
        return 1, "", err
    out = FORMATS[options.fmt](discovery)
    if options.scaffold:
        notes = "".join(
            f"{'created' if written else 'left as it is'} {path.relative_to(root).as_posix()}\n"
            for path, written in write_drafts(root, discovery, today, cfg.language))
        notes = notes or "every cluster is covered by a segment: no draft written\n"
        if options.fmt == "table":
            out += "\n" + notes
        else:
            err += notes
    return 0, out, err
