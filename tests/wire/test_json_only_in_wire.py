"""Egeria's JSON is written in one place: the ``wire`` models (DESIGN.md).

A ``{"class": ...}`` dict built by hand elsewhere in the package is a second spelling of an
Egeria bean, which a test built the same way would agree with whether or not Egeria does.
Bodies are ``wire`` models serialised with ``to_wire()``; hand-written JSON stays in the tests,
where it is the contract with Egeria. The server's FFDC bodies are built by its error
catalogue (``embedded/ffdc.py``), the one other place allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import egeria_nb

PACKAGE = Path(egeria_nb.__file__).parent
# Relative to the package's parent, with forward slashes.
ALLOWED_DIRECTORIES = ("egeria_nb/wire/",)
ALLOWED_FILES = {"egeria_nb/embedded/ffdc.py"}


def class_literals(package: Path) -> list[str]:
    """``path:line`` of every dict display with the key ``"class"`` in ``package``, outside the allowed files."""
    found: list[tuple[str, int]] = []
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package.parent).as_posix()
        if name.startswith(ALLOWED_DIRECTORIES) or name in ALLOWED_FILES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            # A key of None is a ``**mapping`` entry; ``dict(class=...)`` cannot be written at all.
            if isinstance(node, ast.Dict) and any(
                isinstance(key, ast.Constant) and key.value == "class" for key in node.keys
            ):
                found.append((name, node.lineno))
    return [f"{name}:{line}" for name, line in sorted(found)]


def test_no_hand_built_egeria_json_outside_wire() -> None:
    unexpected = class_literals(PACKAGE)
    assert not unexpected, (
        'Egeria JSON ({"class": ...}) built by hand outside egeria_nb/wire: '
        + ", ".join(unexpected)
        + ". Build the bean's wire model and send model.to_wire() (add the model to egeria_nb/wire if missing)."
    )


def test_the_check_finds_a_hand_built_body(tmp_path: Path) -> None:
    package = tmp_path / "egeria_nb"
    (package / "wire").mkdir(parents=True)
    (package / "embedded").mkdir()
    (package / "wire" / "bodies.py").write_text('BODY = {"class": "NameRequestBody"}\n')
    (package / "embedded" / "ffdc.py").write_text('BODY = {"class": "VoidResponse"}\n')
    (package / "remote.py").write_text(
        'A = {"class": "NameRequestBody", "name": "x"}\n'
        'B = {**A, "class": "StringRequestBody"}\n'
        'C = A["class"]\n'  # reading a body is not building one
        'D = {"name": "class"}\n'
    )
    assert class_literals(package) == ["egeria_nb/remote.py:1", "egeria_nb/remote.py:2"]
