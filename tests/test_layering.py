"""The layers of ARCHITECTURE.md, checked on the source: core imports no storage, bot or
platform library; storage imports no understanding module, directly or through a core module.

Imports are read with `ast` from every module of the packages (imports inside functions count:
they run when the function does), except those under `if TYPE_CHECKING:`, which never run.
A relative import is resolved against its package. The check is transitive for storage:
storage may import core types, but not a core module that (itself or through another core
module) reaches `core.understand`.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORM = ("telegram", "discord")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules(package: str) -> dict[str, Path]:
    return {_module_name(p): p for p in sorted((ROOT / package).rglob("*.py"))}


ALL = {**_modules("core"), **_modules("storage"), **_modules("bot")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST):
    """Every node under `node`, skipping the bodies of `if TYPE_CHECKING:`."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            for sub in child.orelse:
                yield sub
                yield from _walk(sub)
            continue
        yield child
        yield from _walk(child)


@cache
def imports(module: str) -> frozenset[str]:
    """The modules `module` imports (absolute dotted names; `from a import b` counts `a.b` too)."""
    path = ALL[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in _walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return frozenset(found)


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _reaches_understanding(module: str) -> list[str] | None:
    """The chain of core imports from `module` to a `core.understand` module, if there is one."""
    seen = {module}
    queue = [[module]]
    while queue:
        chain = queue.pop(0)
        for name in sorted(imports(chain[-1])):
            if _within(name, "core.understand"):
                return [*chain, name]
            if name in ALL and _within(name, "core") and name not in seen:
                seen.add(name)
                queue.append([*chain, name])
    return None


def test_the_walk_finds_imports():
    # guards against a walk that silently finds nothing
    assert "core.records" in imports("storage.sqlite")
    assert any(_within(n, "core.understand") for n in imports("core.engine"))


def test_core_imports_no_storage_bot_or_platform_module():
    bad = [
        f"{module} imports {name}"
        for module in ALL
        if _within(module, "core")
        for name in imports(module)
        if any(_within(name, p) for p in ("storage", "bot", *PLATFORM))
    ]
    assert bad == []


def test_storage_imports_no_understanding_module():
    bad = [
        " -> ".join(chain)
        for module in ALL
        if _within(module, "storage")
        if (chain := _reaches_understanding(module)) is not None
    ]
    assert bad == []
