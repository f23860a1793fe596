"""Prompt templates: `prompts/*.txt`, loaded by name, checked at start-up.

A prompt is a `string.Template` (`$now`, `${contacts}`), so braces in a prompt (a JSON
example) need no escaping. Each prompt the code uses is declared in `REQUIRED` with the
variables the code fills in; at start-up a missing file, a missing variable or an unknown
one stops Memoro with a `ConfigError` naming the file, instead of a model silently getting
a prompt with a hole in it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from core.errors import ConfigError

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"

REQUIRED: dict[str, frozenset[str]] = {
    "understand": frozenset({"persona", "timezone", "now", "today", "contacts", "focus"}),
    "answer": frozenset({"persona", "tone", "examples", "timezone", "today"}),
    "brief": frozenset({"persona", "tone", "today"}),
}


@dataclass(frozen=True)
class Prompt:
    name: str
    path: Path
    template: string.Template

    def render(self, **values: object) -> str:
        """The prompt with every variable filled; a variable left out is a programming error."""
        return self.template.substitute({k: str(v) for k, v in values.items()})


def load(name: str, prompts_dir: Path = PROMPTS_DIR) -> Prompt:
    """One prompt, its variables checked against what the code fills in."""
    path = prompts_dir / f"{name}.txt"
    if not path.is_file():
        raise ConfigError(f"Missing prompt file {path} (the prompt {name!r} is needed).")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path.name}: not UTF-8 text ({err.reason}).") from err
    template = string.Template(text)
    if not template.is_valid():
        raise ConfigError(f"{path.name}: a '$' that starts no variable; write '$$' for a dollar sign.")
    found = set(template.get_identifiers())
    wanted = REQUIRED.get(name, frozenset())
    if missing := sorted(wanted - found):
        raise ConfigError(f"{path.name}: missing variable(s) {', '.join('$' + v for v in missing)}.")
    if extra := sorted(found - wanted):
        raise ConfigError(f"{path.name}: unknown variable(s) {', '.join('$' + v for v in extra)} "
                          f"(allowed: {', '.join('$' + v for v in sorted(wanted))}).")
    return Prompt(name, path, template)


def load_all(prompts_dir: Path = PROMPTS_DIR) -> dict[str, Prompt]:
    """Every prompt the code needs, validated: one bad prompt stops start-up."""
    return {name: load(name, prompts_dir) for name in REQUIRED}
