"""Read treaty YAML files into validated `Treaty` objects, with errors that name file and line."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from foedus.errors import InputError
from foedus.kb.schema import Treaty


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


class TreatyFileError(InputError, ValueError):
    """A treaty file that cannot be read or does not validate."""

    def __init__(self, path: str | Path, problems: list[Problem]):
        self.path = str(path)
        self.problems = problems
        lines = "\n".join(f"  {self.path}: {p}" for p in problems)
        super().__init__(f"{self.path}: {len(problems)} problem(s)\n{lines}")


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so FuzzyDate reports impossible days itself."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
    try:
        root = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise TreatyFileError(path, [Problem("(document)", line, f"malformed YAML: {exc}")]) from None
    if not isinstance(data, dict):
        found = type(data).__name__
        raise TreatyFileError(path, [Problem("(document)", 1, "expected a mapping", found)])
    try:
        return Treaty.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            field = ".".join(str(p) for p in loc) or "(document)"
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = "unknown field"
            found = err.get("input") if err["type"] not in ("missing", "model_type") else None
            if isinstance(found, (dict, list)):
                found = None
            problems.append(Problem(field, _node_line(root, loc), message, found))
        raise TreatyFileError(path, problems) from None


def load_treaty_file(path: str | Path) -> Treaty:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TreatyFileError(path, [Problem("(file)", None, f"cannot read: {exc.strerror}")]) from None
    return parse_treaty(text, path)


def bundled_treaty_files() -> list[Path]:
    folder = resources.files("foedus.data").joinpath("treaties")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml"))
