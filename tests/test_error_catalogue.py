"""The error catalogue (egeria_nb/catalogue.py) is the one place a message id is written.

Each id, its text, what egeria_nb did and what to do are written once, in ``Code``; raise
sites say ``raise Code.SOME_CONDITION.error(params...)`` and embedded-platform handlers
``raise FFDCError(Code.SOME_CONDITION, params...)``.
"""

from __future__ import annotations

import ast
import re
import string
from collections import defaultdict
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path

import pytest

import egeria_nb
from egeria_nb.catalogue import Code, ErrorCode
from egeria_nb.client.ffdc import _pick_class
from egeria_nb.errors import EgeriaError

PACKAGE = Path(egeria_nb.__file__).parent
CATALOGUE = PACKAGE / "catalogue.py"
MESSAGE_ID = re.compile(r"(EGERIA-NB|OMAG|INTEGRATION-DAEMON)[A-Z-]*-\d{3}-\d{3}")
# PREFIX-CODE-NNN-NNN: letters and dashes, then the HTTP status it goes with, then a number.
ID_SHAPE = re.compile(r"[A-Z]+(?:-[A-Z]+)*-(?P<http>\d{3})-\d{3}")
ENTRIES: dict[str, ErrorCode] = {name: code for name, code in vars(Code).items() if isinstance(code, ErrorCode)}

# Ids with more than one entry: the same condition, worded for where it is found. Anything else
# keeps one entry per id (with the difference in its parameters).
SHARED_IDS = {
    # Egeria answers it from two services: the platform's start path and the admin services'
    # server-type classification (which names another exception class).
    "OMAG-ADMIN-400-019": "an empty configuration document, answered by two services",
    "OMAG-ADMIN-400-039": "no platform URL for the metadata access server, of a group or of a view service",
    "OMAG-REPOSITORY-HANDLER-500-001": "the repository refuses a relationship's ends or a classification's element",
    "EGERIA-NB-400-012": 'the body\'s "class" is not the one expected: a wrong one or none',
    # Egeria reports a connector class it cannot load as an unexpected ClassNotFoundException, and the
    # in-kernel daemon's validate_connector answers the same with its registry's own explanation.
    "OMAG-COMMON-400-016": "an unexpected exception, of which a connector class not found is one",
    "OMAG-MULTI-TENANT-400-004": "a provider that makes no integration connector, from the platform or in-kernel",
    "EGERIA-NB-CLIENT-502-001": "an answer that is not what Egeria sends: unreadable, or an HTTP 5xx without details",
    "EGERIA-NB-ADMIN-400-001": "a name argument that is not one: not text, or too long",
    "EGERIA-NB-METADATA-400-001": "a property value that does not fit its type",
    "EGERIA-NB-DAEMON-400-001": "a duration that is not a positive number of seconds (a setting, or stop's timeout)",
    "EGERIA-NB-400-022": "the address the embedded platform is to listen on cannot be used",
    "EGERIA-NB-ARGS-400-001": "an argument the call does not take as given",
}


def _slots(text: str) -> set[int]:
    """The positional slots ``{0}``, ``{1!r}`` ... a template uses (names or bare ``{}`` are an error)."""
    slots = set()
    for _, field, _, _ in string.Formatter().parse(text):
        if field is None:
            continue
        assert field.isdigit(), f"{field!r} in {text!r}: slots are numbered, {{0}}, {{1}} ..."
        slots.add(int(field))
    return slots


def _arity(code: ErrorCode) -> int:
    """How many parameters a raise site passes: one for each slot of the template and the user action."""
    return max(_slots(code.template) | _slots(code.user_action), default=-1) + 1


def _package_files() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _code_name(node: ast.expr) -> str | None:
    """``X`` for the expression ``Code.X``, else None."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Code":
        return node.attr
    return None


def _uses() -> Iterator[tuple[str, str, str, list[ast.expr] | None]]:
    """Every ``Code.X`` outside the catalogue: (where, X, how, the parameters a raise passes or None).

    ``how`` is "error" for ``Code.X.error(...)``, "ffdc" for ``FFDCError(Code.X, ...)``, else "other".
    """
    for path, tree in _package_files():
        if path == CATALOGUE:
            continue
        calls: dict[int, tuple[str, list[ast.expr]]] = {}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "error" and _code_name(func.value):
                calls[id(func.value)] = ("error", node.args)
            elif isinstance(func, ast.Name) and func.id == "FFDCError" and node.args and _code_name(node.args[0]):
                calls[id(node.args[0])] = ("ffdc", node.args[1:])
        for node in ast.walk(tree):
            name = _code_name(node) if isinstance(node, ast.expr) else None
            if name is not None:
                how, args = calls.get(id(node), ("other", None))
                yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", name, how, args


def test_no_message_id_is_written_outside_the_catalogue() -> None:
    found = []
    for path, tree in _package_files():
        if path == CATALOGUE:
            continue
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                match = MESSAGE_ID.search(node.value)
                if match:
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {match.group()}")
    assert not found, "message ids belong in egeria_nb/catalogue.py (use Code.X.message_id): " + ", ".join(found)


def test_the_catalogue_is_not_empty() -> None:
    assert len(ENTRIES) > 100
    assert Code.DAEMON_NOT_RUNNING.message_id == "EGERIA-NB-DAEMON-400-005"


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_each_entry_says_what_happened_and_what_to_do(name: str) -> None:
    code = ENTRIES[name]
    assert code.template.strip() and code.system_action.strip() and code.user_action.strip()
    assert issubclass(code.kind, EgeriaError)
    shape = ID_SHAPE.fullmatch(code.message_id)
    assert shape, f"{code.message_id} is not PREFIX-CODE-NNN-NNN"
    status = int(shape["http"])
    assert 400 <= status < 600 and status in {s.value for s in HTTPStatus}, code.message_id
    assert code.related_http_code in {s.value for s in HTTPStatus}
    assert code.http_status in {s.value for s in HTTPStatus}


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_each_entry_fills_only_slots_its_raise_sites_pass(name: str) -> None:
    """The user action uses the template's slots; one it alone uses is advice passed after the message's.

    So the slots run 0, 1, ... without a gap, and the template's come first.
    """
    code = ENTRIES[name]
    template, action = _slots(code.template), _slots(code.user_action)
    assert template | action == set(range(_arity(code))), f"{name}: slots with a gap"
    advice = action - template
    assert all(slot > max(template, default=-1) for slot in advice), f"{name}: advice slots come after the message's"
    params = [f"<{i}>" for i in range(_arity(code))]
    error = code.error(*params)
    assert isinstance(error, code.kind)
    assert error.message.startswith(code.message_id + " ")
    assert error.message_id == code.message_id
    assert (error.system_action, error.parameters) == (code.system_action, params)


def test_each_id_has_one_entry_unless_it_is_the_same_condition() -> None:
    by_id: dict[str, list[str]] = defaultdict(list)
    for name, code in ENTRIES.items():
        by_id[code.message_id].append(name)
    shared = {message_id: names for message_id, names in by_id.items() if len(names) > 1}
    assert sorted(shared) == sorted(SHARED_IDS), "a shared id must be listed, with why, in SHARED_IDS (and only one)"
    for message_id, names in shared.items():
        # Code that matches on the id must be right whichever entry raised it.
        kinds = {ENTRIES[n].kind for n in names}
        statuses = {ENTRIES[n].related_http_code for n in names}
        assert len(kinds) == 1 and len(statuses) == 1, f"{message_id}: {names} differ in kind or HTTP code"


def test_each_entry_is_raised_or_answered_somewhere() -> None:
    used = {name for _, name, _, _ in _uses()}
    assert set(ENTRIES) - used == set(), "entries nothing raises"
    assert used - set(ENTRIES) == set(), "Code has no such entry"


def test_each_raise_site_passes_one_parameter_per_slot() -> None:
    wrong = []
    for where, name, how, args in _uses():
        if args is None or any(isinstance(a, ast.Starred) for a in args):
            continue
        if len(args) != _arity(ENTRIES[name]):
            wrong.append(f"{where}: {name} takes {_arity(ENTRIES[name])} parameters, {how} passes {len(args)}")
    assert not wrong, "\n".join(wrong)


def test_what_the_platform_answers_is_raised_as_the_entrys_kind() -> None:
    """For each code the embedded platform answers with, the client raises the exception its ``kind`` says."""
    answered = {name for _, name, how, _ in _uses() if how == "ffdc"}
    assert answered
    wrong = {
        name: (ENTRIES[name].kind.__name__, raised.__name__)
        for name in sorted(answered)
        if (
            raised := _pick_class(
                ENTRIES[name].message_id, ENTRIES[name].exception_class, ENTRIES[name].related_http_code
            )
        )
        is not ENTRIES[name].kind
    }
    assert not wrong, wrong


def test_error_carries_the_fields_a_site_sets() -> None:
    error = Code.UNKNOWN_DAEMON_GROUP.error(
        "daemon1", "g", "a, b", http_code=400, properties={"parameterName": "integrationGroupName"}
    )
    assert (
        error.message
        == "INTEGRATION-DAEMON-SERVICES-400-034 The integration daemon daemon1 has no integration group 'g'"
    )
    assert (error.http_code, error.properties) == (400, {"parameterName": "integrationGroupName"})
    assert error.user_action == "Use one of its groups: a, b."
    assert str(error) == (
        "INTEGRATION-DAEMON-SERVICES-400-034 The integration daemon daemon1 has no integration group 'g'. "
        "(HTTP 400) Nothing was changed. What to do: Use one of its groups: a, b."
    )
