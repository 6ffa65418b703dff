"""The examples in the public docstrings stay true to the API.

An example is a literal block (the indented lines after a line ending in ``::``) in the docstring
of a public name or of a public class's member. Each must be Python that parses, and each call of
the form ``enb.NAME(...)`` (or ``egeria_nb.NAME(...)``) must name something in ``egeria_nb.__all__``
and fit its signature: a placeholder for each positional argument and keyword the example passes
must bind to ``inspect.signature`` of the function (of the class, for a class; a pydantic model's
keywords must also be its fields). So an example that uses a renamed function, a wrong keyword, too
many positional arguments or leaves out a required one fails here. The examples are not run (most
need a platform); the README's are, by ``tests/test_readme.py``.
"""

from __future__ import annotations

import ast
import enum
import functools
import inspect
import textwrap
from collections.abc import Iterator

import ipywidgets
import pydantic
import pytest

import egeria_nb as enb

# How the examples name the package.
ALIASES = {"enb", "egeria_nb"}
# Members of these bases are theirs, not egeria_nb's.
FOREIGN_BASES: tuple[type, ...] = (list, BaseException, pydantic.BaseModel, ipywidgets.VBox)

# Public functions whose use is not obvious from their first line: each keeps an example.
MUST_HAVE_EXAMPLES = {
    "configure_integration_group",
    "configure_integration_groups",
    "create_connector_definition",
    "create_group_definition",
    "create_integration_daemon",
    "create_metadata_server",
    "create_view_server",
    "find_elements",
    "get_registered_connectors",
    "list_group_definitions",
    "register_connector",
    "register_integration_connector",
    "seed_definitions",
    "set_server_config",
    "set_server_properties",
    "start_embedded",
    "update_connector_definition",
    "update_group_definition",
    "update_registration",
}


def _member_docs(cls: type) -> Iterator[tuple[str, str]]:
    """(member name, docstring) for each public member egeria_nb itself defines."""
    if issubclass(cls, enum.Enum):
        return
    foreign = {name for base in FOREIGN_BASES if issubclass(cls, base) for name in dir(base)}
    for name in sorted(dir(cls)):
        if name.startswith("_") or name in foreign:
            continue
        raw = inspect.getattr_static(cls, name)
        if isinstance(raw, property):
            target = raw.fget
        elif isinstance(raw, functools.cached_property):
            target = raw.func
        else:
            target = getattr(raw, "__func__", raw)
        if callable(target):
            yield name, inspect.getdoc(target) or ""


def documented() -> dict[str, str]:
    """Every public name and public member, with its docstring (cleaned as ``inspect.getdoc`` does)."""
    docs: dict[str, str] = {}
    for name in sorted(enb.__all__):
        value = getattr(enb, name)
        if not callable(value):
            continue
        docs[name] = inspect.getdoc(value) or ""
        if isinstance(value, type):
            for member, doc in _member_docs(value):
                docs[f"{name}.{member}"] = doc
    return docs


DOCS = documented()


def literal_blocks(doc: str) -> list[str]:
    """The literal blocks of a docstring, each dedented."""
    lines = doc.splitlines()
    blocks = []
    for i, line in enumerate(lines):
        if not line.rstrip().endswith("::"):
            continue
        indent = len(line) - len(line.lstrip())
        block: list[str] = []
        for following in lines[i + 1 :]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            block.append(following)
        text = textwrap.dedent("\n".join(block)).strip("\n")
        if text:
            blocks.append(text)
    return blocks


def _placeholders(call: ast.Call) -> tuple[list[object], dict[str, object], bool]:
    """One placeholder per positional argument and keyword in the call; and whether it spreads ``*``/``**``."""
    args = [object() for a in call.args if not isinstance(a, ast.Starred)]
    kwargs = {k.arg: object() for k in call.keywords if k.arg is not None}
    spreads = any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords)
    return args, kwargs, spreads


def _model_fields(model: type[pydantic.BaseModel]) -> set[str]:
    return set(model.model_fields) | {f.alias for f in model.model_fields.values() if f.alias}


def problems(block: str) -> list[str]:
    """What is wrong with one example: names that are not public, calls that do not fit their signature."""
    found = []
    for node in ast.walk(ast.parse(block)):
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ALIASES):
            continue
        if node.attr not in enb.__all__:
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr} is not in egeria_nb.__all__")
    for node in ast.walk(ast.parse(block)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ALIASES):
            continue
        if func.attr not in enb.__all__:
            continue  # reported above
        target = getattr(enb, func.attr)
        where = f"line {node.lineno}: {ast.unparse(node)}"
        args, kwargs, spreads = _placeholders(node)
        try:
            signature = inspect.signature(target)
        except (TypeError, ValueError) as error:
            found.append(f"{where}: no signature to check against ({error})")
            continue
        try:
            if spreads:
                signature.bind_partial(*args, **kwargs)
            else:
                signature.bind(*args, **kwargs)
        except TypeError as error:
            found.append(f"{where}: does not fit {func.attr}{signature}: {error}")
        if isinstance(target, type) and issubclass(target, pydantic.BaseModel):
            # A model's signature takes any keyword; it refuses fields it does not have.
            unknown = sorted(set(kwargs) - _model_fields(target))
            if unknown:
                found.append(f"{where}: {func.attr} has no field {', '.join(unknown)}")
    return found


@pytest.mark.parametrize("name", sorted(DOCS))
def test_docstring_examples_fit_the_api(name: str) -> None:
    for block in literal_blocks(DOCS[name]):
        shown = textwrap.indent(block, "    ")
        try:
            ast.parse(block)
        except SyntaxError as error:
            pytest.fail(f"{name}: an example in its docstring is not Python ({error}):\n{shown}")
        wrong = problems(block)
        assert not wrong, f"{name}: an example in its docstring does not fit the API:\n{shown}\n" + "\n".join(wrong)


def test_functions_whose_use_is_not_obvious_keep_an_example() -> None:
    without = sorted(n for n in MUST_HAVE_EXAMPLES if not literal_blocks(DOCS[n]))
    assert not without, f"these public functions lost the example in their docstring: {without}"


# -- the checks themselves --------------------------------------------------------------------------


def test_literal_blocks_are_found_and_dedented() -> None:
    doc = "First line.\n\nFor example::\n\n    a = 1\n        b = 2\n\nAfter the block.\nNot a block: ``x::y``."
    assert literal_blocks(doc) == ["a = 1\n    b = 2"]


@pytest.mark.parametrize(
    "example",
    [
        'enb.configure_integration_groupz(platform, "integration-daemon", group)',  # a renamed function
        'enb.configure_integration_group(platform, "integration-daemon", group, "more")',  # too many positionals
        'enb.create_group_definition(platform, "md", "Egeria:IntegrationGroup:Files", displayname="Files")',
        'enb.create_group_definition(platform, "md")',  # a required argument left out
        'enb.start_embedded(None, 0, "127.0.0.1", False)',  # a keyword-only option passed by position
        'enb.IntegrationGroupConfig(integration_group_qualifed_name="Egeria:IntegrationGroup:Files")',
        "class C(enb.IntegrationConector): ...",  # a public name that is not there
    ],
)
def test_a_wrong_example_is_found(example: str) -> None:
    assert problems(example)


def test_a_right_example_passes() -> None:
    assert not problems(
        'enb.register_integration_connector(platform, "md", "g", "c", "DropFolder", refresh_time_interval=1)\n'
        "enb.find_elements(platform, 'md', 'DataFile', fileType='text/csv', *more, **filters)\n"
        'enb.IntegrationGroupConfig(omagserverName="md", omag_server_platform_root_url=platform.url)'
    )
