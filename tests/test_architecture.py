"""The shape of the code: no import cycles, small modules, small folders.

``lint-imports`` (``make lint``) checks the layers and the independence of the concern
packages (contracts in pyproject.toml); these tests check what its contracts cannot
say: that the whole import graph, function-level imports included, has no cycle.
"""

from pathlib import Path

import grimp
import pytest

PROJECT = Path(__file__).resolve().parents[1]
PACKAGES = ("articles", "newsroom")
MAX_MODULE_LINES = 400
MAX_MODULES_PER_FOLDER = 12


def import_cycles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each a cycle or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


@pytest.fixture(scope="module")
def graph():
    # grimp reads every import statement, those inside functions included; only imports
    # guarded by TYPE_CHECKING (never run) are left out.
    return grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)


def test_the_import_graph_has_no_cycle_lazy_imports_included(graph):
    assert import_cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import():
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.c")
    graph.add_import(importer="pkg.c", imported="pkg.a")  # e.g. inside a function
    assert import_cycles(graph) == [["pkg.a", "pkg.b", "pkg.c"]]


def source_modules():
    for package in PACKAGES:
        for path in sorted((PROJECT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(PROJECT)): lines
        for path in source_modules()
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_folder_holds_more_than_12_modules():
    folders = {path.parent for path in source_modules()}
    crowded = {
        str(folder.relative_to(PROJECT)): count
        for folder in folders
        if (count := len(list(folder.glob("*.py")))) > MAX_MODULES_PER_FOLDER
    }
    assert crowded == {}
