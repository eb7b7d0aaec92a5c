"""Read treaty YAML files into validated `Treaty` objects, with errors that name file and line."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from foedus.errors import InputError
from foedus.kb.schema import AT, Treaty


@dataclass
class Problem:
    field: str
    line: int | None
    message: str
    found: object = None

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line else ""
        found = "" if self.found is None else f" (found {self.found!r})"
        return f"{where}field `{self.field}`: {self.message}{found}"


class FileProblemsError(InputError, ValueError):
    """A file that cannot be read or does not validate: every problem with its field and line."""

    kind = ""  # what sort of file, for the message's first line

    def __init__(self, path: str | Path, problems: list[Problem]):
        self.path = str(path)
        self.problems = problems
        lines = "\n".join(f"  {self.path}: {p}" for p in problems)
        super().__init__(f"{self.path}: {len(problems)} problem(s){self.kind}\n{lines}")


class TreatyFileError(FileProblemsError):
    """A treaty file that cannot be read or does not validate."""


# Deeper nesting than any treaty needs is refused before PyYAML's recursive composer sees it.
MAX_DEPTH = 32
_OPEN = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
         yaml.FlowSequenceStartToken)  # fmt: skip
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


# libyaml's parser where the wheel has it (about 10x faster); the constructor stays in Python.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """SafeLoader that leaves dates as text (so FuzzyDate reports impossible days itself),
    refuses duplicate keys, and gives every construction error the line of its node."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as exc:  # e.g. !!int abc, !!binary junk
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {node.tag} value {node.value!r}: {exc}", node.start_mark
            ) from None

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool | None):
                raise yaml.constructor.ConstructorError(
                    None, None, f"expected a plain key, found a {type(key).__name__}", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None,
                    f"duplicate key {key!r} (first on line {seen[key]}): the last would silently win",
                    key_node.start_mark,
                )  # fmt: skip
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# An explicit !!timestamp stays text too, and is checked as a date like any other.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.constructor.SafeConstructor.construct_yaml_str)


def _too_deep(text: str) -> int | None:
    """The line where nesting first exceeds MAX_DEPTH (the scanner is iterative), or None."""
    depth = 0
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                return token.start_mark.line + 1
        elif isinstance(token, _CLOSE):
            depth -= 1
    return None


def _node_line(root: yaml.Node | None, loc: tuple) -> int | None:
    """1-based line of the deepest YAML node reachable along a pydantic error location."""
    node, line = root, (root.start_mark.line + 1 if root is not None else None)
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == key]
            keys = [k for k, v in node.value if k.value == key]
            if not match:
                break
            node, line = match[0], keys[0].start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                break
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def parse_treaty(text: str, path: str | Path = "<string>") -> Treaty:
    """Validate one treaty document; raise `TreatyFileError` naming every problem."""
    return parse_document(text, path, Treaty, TreatyFileError)


def parse_document(text: str, path: str | Path, model, error=TreatyFileError):
    """Validate one YAML (or JSON) document as the pydantic `model`; raise `error(path, problems)`
    naming every problem with its field and line (treaty files, scenario world files)."""
    try:
        deep = _too_deep(text)
        if deep is not None:
            message = f"nested more than {MAX_DEPTH} levels deep"
            raise error(path, [Problem("(document)", deep, message)])
        loader = _Loader(text)
        try:  # one parse: the node tree (for lines) and the data built from it
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise error(path, [Problem("(document)", line, f"malformed YAML: {exc}")]) from None
    if not isinstance(data, dict):
        found = type(data).__name__
        raise error(path, [Problem("(document)", 1, "expected a mapping", found)])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(path, validation_problems(exc, lambda loc: _node_line(root, loc))) from None


def validation_problems(exc: ValidationError, line_of=lambda loc: None) -> list[Problem]:
    """Pydantic's errors as Problems: the field (a model-level check names its own after `AT`),
    the line `line_of(loc)` finds, the message and the value found."""
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        if message.startswith(AT) and ": " in message:  # a model-level check naming its field
            named, message = message[len(AT) :].split(": ", 1)
            loc += tuple(int(p) if p.isdigit() else p for p in named.split("."))
        field = ".".join(str(p) for p in loc) or "(document)"
        if err["type"] == "extra_forbidden":
            message = "unknown field"
        found = err.get("input") if err["type"] not in ("missing", "model_type") else None
        if isinstance(found, (dict, list)):
            found = None
        problems.append(Problem(field, line_of(loc), message, found))
    return problems


def load_treaty_file(path: str | Path) -> Treaty:
    return parse_document(read_utf8(path, TreatyFileError), path, Treaty, TreatyFileError)


def read_utf8(path: str | Path, error=TreatyFileError) -> str:
    """A file's text; unreadable files and bytes that are not UTF-8 raise `error` with the line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(path, [Problem("(file)", None, f"cannot read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        message = f"expected UTF-8 text, found byte 0x{bad} at offset {exc.start}"
        raise error(path, [Problem("(file)", line, message)]) from None
    return text


def key_line(path: str | Path, key: str) -> int | None:
    """The line of a top-level `key:` in a (valid) treaty file."""
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


def duplicate_id_error(path: str | Path, treaty_id: str, where: str) -> TreatyFileError:
    """A treaty file whose id is already taken (`where`: the file or knowledge base holding it)."""
    problem = Problem("id", key_line(path, "id"), f"duplicate treaty id, also in {where}", treaty_id)
    return TreatyFileError(path, [problem])


def bundled_treaty_files() -> list[Path]:
    folder = resources.files("foedus.data").joinpath("treaties")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml"))
