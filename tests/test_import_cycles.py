"""No import circles in compact_tui: a module's imports can be read as a one-way map.

Imports are read from the source (not by importing), so the test sees every module whether or
not anything imports it. Type-only imports (``if TYPE_CHECKING:``) are left out: they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import compact_tui

PACKAGE_ROOT = Path(compact_tui.__file__).parent


def _module_files() -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package's __init__)."""
    found = {}
    for path in PACKAGE_ROOT.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


MODULES = _module_files()


def _imports(body: list[ast.stmt], *, in_functions: bool) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if in_functions:
                found += _imports(node.body, in_functions=True)
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found += _imports(node.orelse, in_functions=in_functions)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    found += _imports([child], in_functions=in_functions)
                elif isinstance(child, ast.ExceptHandler):
                    found += _imports(child.body, in_functions=in_functions)
    return found


def _targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The modules of ours an import statement loads (a name imported from a package is the
    submodule when there is one, else the package itself)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in MODULES}
    if node.level:
        base = module.split(".")
        base = base if is_package else base[:-1]
        base = base[:len(base) - (node.level - 1)]
        source = ".".join([*base, *([node.module] if node.module else [])])
    else:
        source = node.module or ""
    targets = set()
    for alias in node.names:
        submodule = f"{source}.{alias.name}"
        targets.add(submodule if submodule in MODULES else source)
    return {target for target in targets if target in MODULES and target != module}


def import_graph(prefix: str, *, in_functions: bool) -> dict[str, set[str]]:
    graph = {}
    for module, (path, is_package) in MODULES.items():
        if module == prefix or module.startswith(prefix + "."):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            graph[module] = {target for node in _imports(tree.body, in_functions=in_functions)
                             for target in _targets(module, is_package, node)
                             if target == prefix or target.startswith(prefix + ".")}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each group of modules that import one another, round and round (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return groups


def test_the_reader_finds_real_imports() -> None:
    graph = import_graph("compact_tui", in_functions=False)
    attendance = graph["compact_tui.ui.meetings.chair_attendance"]
    assert "compact_tui.ui.widgets.record_table" in attendance
    assert "compact_tui.store" in graph["compact_tui.ui.app"]
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_circles_in_compact_tui() -> None:
    """Counting imports made inside functions too: screens import the screens they open
    lazily (so start-up stays quick), and such an import must not lead back round either
    (the help screen once imported the app that imports it)."""
    assert circles(import_graph("compact_tui", in_functions=True)) == []


def test_the_app_calls_screen_hooks_by_type_not_by_name() -> None:
    """``LiveScreen.refresh_data`` and ``SectionScreen.open_record``/``show_chrome`` are
    declared on the base screens; looking them up by name hides a renamed hook."""
    source = (PACKAGE_ROOT / "ui" / "app.py").read_text(encoding="utf-8")
    for hook in ("refresh_data", "open_record", "show_chrome", "shown_chrome"):
        assert f'"{hook}"' not in source, hook
