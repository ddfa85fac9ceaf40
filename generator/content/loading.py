"""Find a handbook's content files and read them into front matter + body.

Reading never raises on bad content: it returns what it could parse together
with located problems (empty file, no front matter, tabs, YAML errors,
duplicate keys, non-UTF-8 bytes, oversized files, alias bombs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.content import yamlnodes, yamlsafe
from generator.content.lines import file_lines, normalise_newlines
from generator.content.problems import Problem

Kind = Literal["segment", "persona", "interview", "metrics"]
ID_PATTERN = re.compile(r"\A[a-z0-9][a-z0-9-]*\Z")
SEGMENT_FILE = "_segment.md"
DEFAULT_MAX_BYTES = 1_000_000
SKIPPED_NAMES = frozenset({"readme.md", "index.md"})


@dataclass(frozen=True)
class SourceFile:
    """A content file found in the handbook: where it is and what it holds."""

    path: Path
    rel: str
    kind: Kind
    id: str
    segment_id: str | None = None


@dataclass
class LoadedFile:
    """A content file read and parsed: front matter data (None if unusable) and body."""

    source: SourceFile
    data: dict[str, Any] | None
    body: str = ""
    yaml_text: str = ""
    yaml_first_line: int = 2
    problems: list[Problem] = field(default_factory=list)
    _tree: Any = field(default=None, repr=False, compare=False)
    _released: bool = field(default=False, repr=False, compare=False)

    def release_tree(self) -> None:
        """Forget the front matter's node tree: sent between processes it costs more than
        composing it again for the rare problem that needs a position."""
        self._tree = None

    def release_text(self) -> None:
        """Forget the front matter text and node tree too, to be read again from the file
        if a problem needs a position (kept in memory for thousands of files, they cost
        more than that)."""
        self.yaml_text, self._tree, self._released = "", None, True

    def front_matter_text(self) -> str:
        if self._released:
            text, _ = read_text(self.source, max_bytes=1 << 62)
            split = split_front_matter(self.source.rel, text or "")
            self.yaml_text = split[0] if isinstance(split, tuple) else ""
            self._released = False
        return self.yaml_text

    def lined_text(self) -> str:
        """The front matter and the body on the file's own line numbers (the lines of the
        `---` fences left empty): the text a scan that reports lines reads."""
        return "\n" * (self.yaml_first_line - 1) + self.front_matter_text() + "\n" + self.body

    def position(self, parts: Sequence[str | int], at_key: bool = False) -> tuple[int, int]:
        """File line and column (1-based) of the value at a key path, or of its key.

        Falls back to the deepest existing ancestor, then to the file's first line.
        """
        quick = self._quick_position(parts, at_key)
        if quick is not None:
            return quick
        tree = self.tree()
        node = yamlnodes.key_node_at(tree, parts) if at_key else None
        if node is None:
            node, _ = yamlnodes.node_at(tree, parts)
        if node is None:
            return 1, 1
        return self.yaml_first_line + node.start_mark.line, node.start_mark.column + 1

    def _quick_position(self, parts: Sequence[str | int], at_key: bool) -> tuple[int, int] | None:
        """Positions of the whole file and of top-level keys without composing a node tree."""
        text = self.front_matter_text()
        if not parts:
            match = _FIRST_CONTENT.search(text)
            return (self.yaml_first_line + text.count("\n", 0, match.start()), 1) \
                if match else (1, 1)
        if len(parts) != 1 or not isinstance(parts[0], str):
            return None
        match = re.search(rf"^{re.escape(parts[0])}[ \t]*:[ \t]*", text, re.M)
        if match is None:
            return None
        line = self.yaml_first_line + text.count("\n", 0, match.start())
        if at_key:
            return line, 1
        rest = text[match.end():].split("\n", 1)[0]
        if not rest or rest[0] in "#|>&*!":
            return None
        return line, match.end() - match.start() + 1

    def path_at_line(self, line: int) -> list[str | int]:
        """Key path of the deepest value that starts on or spans a file line."""
        return yamlnodes.path_at_line(self.tree(), line - self.yaml_first_line)

    def tree(self) -> Any:
        """The front matter's YAML node tree (composed once, on first use), or None."""
        if self._tree is None:
            self._tree = yamlnodes.compose(self.front_matter_text()) or False
        return self._tree or None


def format_path(parts: Sequence[str | int]) -> str:
    """`$.buying.triggers[2]` for ["buying", "triggers", 2]."""
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def read_text(
    source: SourceFile, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[str | None, list[Problem]]:
    """Decode a file as UTF-8, refusing oversized files and naming a likely other encoding."""
    size = source.path.stat().st_size
    if size > max_bytes:
        return None, [
            Problem(
                source.rel, 1, 1, "$",
                f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes",
                "content files hold one persona or interview; move long material to docs/ "
                "or split it",
                code="file.too-large",
            )
        ]
    raw = source.path.read_bytes()
    try:
        return normalise_newlines(raw.decode("utf-8-sig")), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [
            Problem(
                source.rel, line, 1, "$",
                f"file is not UTF-8 (it looks like {_guess_encoding(raw)})",
                "open it in your editor and save it with the encoding UTF-8",
                code="file.encoding",
            )
        ]


def _guess_encoding(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    for codec, name in (("gb18030", "GBK / GB18030"), ("big5", "Big5")):
        try:
            raw.decode(codec)
            return name
        except UnicodeDecodeError:
            continue
    return "a legacy 8-bit encoding such as Latin-1"


_FIRST_CONTENT = re.compile(r"^[ \t]*[^\s#]", re.M)
_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")


def split_front_matter(rel: str, text: str) -> tuple[str, int, str] | Problem:
    """(yaml text, file line of its first line, body) or the problem with the file's layout."""
    if not text.strip():
        return Problem(
            rel, 1, 1, "$", "file is empty",
            "start with a front matter block: a line '---', the keys, a line '---'",
            code="file.empty",
        )
    lines = file_lines(text)
    if not _FENCE.match(lines[0]):
        return Problem(
            rel, 1, 1, "$", "no front matter: the file must start with a line '---'",
            "add a line '---' above the keys and another '---' after them",
            code="file.no-front-matter",
        )
    for index in range(1, len(lines)):
        if _CLOSE.match(lines[index]):
            return "".join(lines[1:index]), 2, "".join(lines[index + 1 :])
    return Problem(
        rel, 1, 1, "$", "front matter starts on line 1 but is never closed",
        "add a line '---' after the last key, before the Markdown text",
        code="file.unclosed-front-matter",
    )


def _tab_problems(rel: str, yaml_text: str, first_line: int) -> list[Problem]:
    problems = []
    for number, line in enumerate(yaml_text.split("\n")):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            problems.append(
                Problem(
                    rel, first_line + number, line.index("\t") + 1, "$",
                    "tab character in the indentation: YAML allows only spaces there",
                    "replace the tab with spaces (set your editor to insert spaces)",
                    code="yaml.tab",
                )
            )
    return problems


def load_file(source: SourceFile, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedFile:
    """Read, split and parse one content file; problems are located in the file."""
    text, problems = read_text(source, max_bytes)
    if text is None:
        return LoadedFile(source, None, problems=problems)
    split = split_front_matter(source.rel, text)
    if isinstance(split, Problem):
        return LoadedFile(source, None, problems=[split])
    yaml_text, first_line, body = split
    loaded = LoadedFile(source, None, body, yaml_text, first_line)
    value = parse_yaml(loaded)
    if value is None and not loaded.problems:
        loaded.problems.append(
            Problem(source.rel, 1, 1, "$", "front matter is empty",
                    "write the keys between the two '---' lines", code="file.empty-front-matter")
        )
    elif value is not None and not isinstance(value, dict):
        loaded.problems.append(
            Problem(source.rel, first_line, 1, "$",
                    "front matter must be a set of `key: value` lines, "
                    f"not a {'list' if isinstance(value, list) else 'single value'}",
                    code="file.not-a-mapping")
        )
    elif isinstance(value, dict):
        loaded.data = value
    return loaded


def parse_yaml(loaded: LoadedFile) -> Any:
    """Parse `loaded.yaml_text`, setting `loaded.problems`; the value (None on tabs or errors)."""
    rel, first_line = loaded.source.rel, loaded.yaml_first_line
    loaded.problems = (_tab_problems(rel, loaded.yaml_text, first_line)
                       if "\t" in loaded.yaml_text else [])
    if loaded.problems:
        return None
    value, issues = yamlsafe.parse(loaded.yaml_text)
    loaded.problems = [
        Problem(rel, first_line + i.line, i.column + 1,
                i.key_path if i.key_path == "$" else
                format_path(loaded.path_at_line(first_line + i.line)),
                i.message, i.hint, code=i.code)
        for i in issues
    ]
    return value
