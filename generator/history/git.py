"""The few git operations the generator needs, with plain results instead of exceptions.

Every call runs `git` with an explicit argument list, `LC_ALL=C` (messages
and dates we parse stay in one language) and `core.quotepath=false` (Chinese
file names come out as UTF-8, not as octal escapes). Paths are relative to
the handbook folder, which may be a subfolder of the repository.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HANDBOOK_PATHSPEC = ("personas", "interviews")


@dataclass(frozen=True)
class GitResult:
    """What a git command printed, or why it failed (`error` is empty on success)."""

    stdout: bytes
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8", "replace").strip()


def git(root: Path, *args: str, stdin: bytes | None = None) -> GitResult:
    """Run `git ARGS` in `root`; a missing git or a failing command is a result, not a raise."""
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat"}
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=false", *args],
            cwd=root, input=stdin, capture_output=True, env=env, check=False,
        )
    except FileNotFoundError:
        return GitResult(b"", "git is not installed")
    except NotADirectoryError:
        return GitResult(b"", f"no folder {root}")
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return GitResult(done.stdout, message[-1] if message else f"git {args[0]} failed")
    return GitResult(done.stdout)


def history_unavailable(root: Path) -> str | None:
    """Why the full history of `root` cannot be read, or None when it can."""
    inside = git(root, "rev-parse", "--is-inside-work-tree")
    if not inside.ok:
        missing = inside.error == "git is not installed"
        return inside.error if missing else "not inside a git repository"
    if git(root, "rev-parse", "--is-shallow-repository").text == "true":
        return ("shallow clone: the history is incomplete "
                "(fetch the full history, e.g. actions/checkout with fetch-depth: 0)")
    if not git(root, "rev-parse", "--verify", "--quiet", "HEAD").ok:
        return "no commits yet"
    return None


def resolve(root: Path, rev: str) -> str | None:
    """The full commit id of a revision name, or None when it does not name a commit."""
    found = git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    return found.text if found.ok and found.text else None


@dataclass(frozen=True)
class RawEntry:
    """One file of a `--raw` diff: status letter, blob ids and paths (None where absent).

    `similarity` is git's percentage for a rename or copy (100 otherwise).
    """

    status: str
    old_blob: str | None
    new_blob: str | None
    old_path: str | None
    new_path: str | None
    similarity: int = 100

    @property
    def path(self) -> str:
        return self.new_path or self.old_path or ""


def parse_raw(data: bytes) -> list[RawEntry]:
    """Entries of `git diff/log --raw -z --no-abbrev` output (`:modes blobs status\\0path\\0`)."""
    tokens = data.decode("utf-8", "replace").lstrip("\n").split("\0")
    entries, index = [], 0
    while index < len(tokens) and tokens[index].startswith(":"):
        _, _, old, new, status = tokens[index].split(" ")
        two_paths = status[0] in "RC"
        first = tokens[index + 1]
        second = tokens[index + 2] if two_paths else first
        entries.append(RawEntry(
            status[0],
            None if status[0] == "A" else old,
            None if status[0] == "D" else new,
            None if status[0] == "A" else first,
            None if status[0] == "D" else second,
            int(status[1:]) if two_paths else 100,
        ))
        index += 3 if two_paths else 2
    return entries


def read_blobs(root: Path, blob_ids: Iterable[str]) -> dict[str, bytes]:
    """The content of many blobs in one `git cat-file --batch` call; missing ones left out."""
    ids = sorted(set(blob_ids))
    if not ids:
        return {}
    out = git(root, "cat-file", "--batch", stdin="".join(i + "\n" for i in ids).encode()).stdout
    blobs: dict[str, bytes] = {}
    position = 0
    for _ in ids:
        end = out.find(b"\n", position)
        if end < 0:
            break
        header = out[position:end].split(b" ")
        position = end + 1
        if len(header) != 3:  # "<id> missing"
            continue
        size = int(header[2])
        blobs[header[0].decode()] = out[position:position + size]
        position += size + 1
    return blobs


def extract_tree(root: Path, rev: str, target: Path) -> str | None:
    """Write the handbook folder's files at `rev` into `target`; an error message on failure."""
    archive = git(root, "archive", "--format=tar", rev)
    if not archive.ok:
        return archive.error
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return None
