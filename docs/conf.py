"""Sphinx configuration of egeria_nb's documentation site (``make docs`` builds it into docs/_build/html).

The pages are MyST markdown. The guides are the README's own sections, brought in with ``{include}``, so the
README stays their one source. The labs are the notebooks in ``notebooks/``, copied into ``docs/labs/`` (ignored by
git) when the build starts and executed by myst-nb while the site is built, so each lab page shows the outputs the
current code gives, and a lab that fails fails the build. The API reference (``api.rst``) documents every name in
``egeria_nb.__all__``; the build warns about (and with ``-W`` fails on) any it leaves out.
"""

from __future__ import annotations

import dataclasses
import filecmp
import importlib
import inspect
import os
import re
import shutil
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import pydantic
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.inspect import signature as sphinx_signature
from sphinx.util.inspect import stringify_signature

import egeria_nb

# The package loads most names on first use and only then shows them as egeria_nb.X (their __module__); load them
# all now, so every signature that names one says egeria_nb.X, which the API reference documents.
for _name in egeria_nb.__all__:
    getattr(egeria_nb, _name)
del _name

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent
LABS_SOURCE = REPO / "notebooks"
LABS_COPY = DOCS / "labs"  # in .gitignore: copies, made afresh at each build

project = "egeria_nb"
author = "egeria_nb contributors"
copyright = "egeria_nb contributors"
release = egeria_nb.__version__
version = release

extensions = ["myst_nb", "sphinx.ext.autodoc"]
exclude_patterns = ["_build", "**/.ipynb_checkpoints"]
# The README is written for GitHub, which shows quotes and dashes as typed; so does the site.
smartquotes = False

# ----------------------------------------------------------------------------------------- links are checked
# A reference that does not resolve is a warning (an error with -W): documents, headings, Python objects.
nitpicky = True
# Type hints name classes of the standard library and pandas, whose documentation this site does not link to (no
# intersphinx: the build needs no network). Only those are let go; every egeria_nb name must resolve.
nitpick_ignore_regex = [
    (r"py:class", r"(collections\.abc|datetime|os|pathlib|logging|_?asyncio)\.\w+"),
    (r"py:class", r"pandas\.DataFrame"),
]
# Headings down to ### get anchors, so [text](page.md#heading) links work and are checked.
myst_heading_anchors = 3

# ------------------------------------------------------------------------------------------------------ labs
# Executed at every build of a lab page (Sphinx re-reads only what changed, so an unchanged lab is not run again
# by an incremental `make docs`). No cache: outputs come from the code as it is, never from an earlier run.
nb_execution_mode = "force"
nb_execution_timeout = 120  # per cell, as tests/notebooks/test_labs.py allows
nb_execution_raise_on_error = True
nb_execution_show_tb = True

# ------------------------------------------------------------------------------------------------------- API
autodoc_member_order = "bysource"
autodoc_typehints_format = "short"
# Defaults as the source writes them (``VoidResponse``, not ``<class '...VoidResponse'>``).
autodoc_preserve_defaults = True
# Names the package imports only for type checkers, as its signatures name them.
autodoc_type_aliases = {"Connection": "egeria_nb.wire.metadata.Connection"}
autodoc_inherit_docstrings = False

# ------------------------------------------------------------------------------------------------------ HTML
html_theme = "pydata_sphinx_theme"
html_title = f"egeria_nb {release}"
html_theme_options = {"show_toc_level": 2, "navigation_with_keys": False}
html_show_sourcelink = False
# Pages with no pages below them have no section navigation to show.
html_sidebars = {
    page: []
    for page in ("index", "getting-started", "api", "compatibility", "benchmarks", "reliability", "development")
}

logger = logging.getLogger(__name__)


def _copy_labs(app: Sphinx, config: object) -> None:
    """Bring the labs into the source tree: docs/labs/ mirrors notebooks/0*.ipynb.

    A copy is rewritten only when its lab changed, so Sphinx's incremental build does not run an unchanged lab
    again; a copy whose lab is gone is removed.
    """
    LABS_COPY.mkdir(exist_ok=True)
    labs = {p.name: p for p in sorted(LABS_SOURCE.glob("[0-9][0-9]-*.ipynb"))}
    if not labs:
        logger.warning("no labs found in %s", LABS_SOURCE)
    for stale in LABS_COPY.iterdir():
        if stale.name not in labs and not stale.name.endswith(".part"):
            if stale.is_dir():
                shutil.rmtree(stale)
            else:
                stale.unlink()
    for name, lab in labs.items():
        copy = LABS_COPY / name
        if not copy.exists() or not filecmp.cmp(lab, copy, shallow=False):
            # Whole or not at all: another build (make docs beside the tests) may be reading it.
            part = copy.with_name(f".{name}.{os.getpid()}.part")
            shutil.copyfile(lab, part)
            part.replace(copy)


def _isolate_the_labs(app: Sphinx) -> None:
    """The labs' kernels inherit this environment: no real Egeria, and a data directory of the build's own.

    As in the tests, the labs run offline against embedded platforms (lab 6 uses one when EGERIA_PLATFORM_URL is
    unset), and nothing they do reaches the developer's ~/.egeria_nb or $EGERIA_NB_HOME.
    """
    for name in [n for n in os.environ if n.startswith("EGERIA_")]:
        del os.environ[name]
    home = Path(app.doctreedir) / "egeria_nb_home"
    home.mkdir(parents=True, exist_ok=True)
    os.environ["EGERIA_NB_HOME"] = str(home)


def _check_every_public_name_is_documented(app: Sphinx, env: BuildEnvironment) -> None:
    """Each name in egeria_nb.__all__ has its entry in the API reference; a name added to the package but not to
    api.rst is a warning (an error under -W), naming the names to add."""
    documented = env.get_domain("py").objects
    missing = sorted(name for name in egeria_nb.__all__ if f"egeria_nb.{name}" not in documented)
    if missing:
        logger.warning(
            "egeria_nb.__all__ names missing from the API reference (add them to docs/api.rst): %s",
            ", ".join(missing),
            location="api",
        )


def _pydantic_fields(app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]) -> None:
    """A model of Egeria's JSON lists its fields: the Python name, Egeria's name for it, and its type."""
    if what != "class" or not (isinstance(obj, type) and issubclass(obj, pydantic.BaseModel)):
        return
    lines += ["", "**Fields** (Python name, Egeria's JSON name, type):", ""]
    for field_name, field in obj.model_fields.items():
        lines.append(f"* ``{field_name}`` (``{field.alias or field_name}``): ``{_type_text(field.annotation)}``")
    lines.append("")


def _type_text(annotation: Any) -> str:
    """A field's type as its source writes it, without ``Annotated`` metadata (validators, serializers)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is type(None):
        return "None"
    if origin is typing.Annotated:
        return _type_text(args[0])
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_type_text(a) for a in args)
    if origin is typing.Literal:
        return f"Literal[{', '.join(map(repr, args))}]"
    if origin is not None and args:
        return f"{getattr(origin, '__name__', origin)}[{', '.join(_type_text(a) for a in args)}]"
    if isinstance(annotation, typing.ForwardRef):
        return annotation.__forward_arg__
    if isinstance(annotation, type):
        return annotation.__name__
    return re.sub(r"\b(?:[a-z_]\w*\.)+", "", str(annotation))


# Classes the package makes for you, and what makes them; their constructors take its plumbing, so no signature is
# shown.
MADE_BY = {
    "egeria_nb.EmbeddedPlatform": "start_embedded()",
    "egeria_nb.typedefs.registry.TypeRegistry": "OpenMetadataStore.registry, MetadataCatalog.registry",
}


def _class_signature(
    app: Sphinx, what: str, name: str, obj: object, options: object, signature: str | None, annotation: str | None
) -> tuple[str | None, str | None] | None:
    """A class's signature as a caller writes it: its own ``__init__``'s parameters, private ones (``_home``) left
    out. None for a class whose constructor is not egeria_nb's own (an enum, a DataFrame; a widget's ``__new__``
    would show as ``*args, **kwargs``), for a model of Egeria's JSON (its fields are listed instead) and for a
    class a function makes."""
    if what != "class" or not isinstance(obj, type):
        return None
    init = obj.__init__
    if name in MADE_BY or issubclass(obj, pydantic.BaseModel) or not _is_own(init):
        return "", annotation
    parameters = sphinx_signature(init, bound_method=True, type_aliases=app.config.autodoc_type_aliases).parameters
    public = [_factory_default(obj, p) for p in parameters.values() if not p.name.startswith("_")]
    shown = inspect.Signature(public, return_annotation=inspect.Signature.empty)
    return stringify_signature(shown, unqualified_typehints=True), annotation


class _Shown:
    """A default value shown as given (a dataclass field's default factory, called)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _factory_default(cls: type, parameter: inspect.Parameter) -> inspect.Parameter:
    """A dataclass field made by a factory has the default ``<factory>``, which is not Python: show what the factory
    makes (``{}``) instead."""
    fields = {f.name: f for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else {}
    field = fields.get(parameter.name)
    if field is None or field.default_factory is dataclasses.MISSING:
        return parameter
    return parameter.replace(default=_Shown(repr(field.default_factory())))


def _is_own(function: object) -> bool:
    return (getattr(function, "__module__", None) or "").startswith("egeria_nb")


def _lookup(dotted: str) -> Any:
    """The object a dotted name names (module, then attributes), or None."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except (ImportError, ValueError):
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr, None)
        return obj
    return None


def _type_variables_are_plain_text(app: Sphinx, env: BuildEnvironment, node: Any, contnode: nodes.Node) -> Any:
    """A type variable in a signature (``T``, or ``M`` in ``type[M]``) has no page of its own: show its name unlinked.

    Only references that name a TypeVar are resolved here, found where the documented code defines them (a
    bare name in an overload, say, is looked up in the globals of the class's functions); anything else is left
    to warn.
    """
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"]
    found = _lookup(target) if "." in target else None
    if found is None and "." not in target:
        owner = getattr(egeria_nb, node.get("py:class") or "", None)
        for member in vars(owner).values() if isinstance(owner, type) else ():
            namespace = getattr(inspect.unwrap(member), "__globals__", None) if callable(member) else None
            if namespace and target in namespace:
                found = namespace[target]
                break
    return contnode if isinstance(found, TypeVar) else None


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", _copy_labs)
    app.connect("builder-inited", _isolate_the_labs)
    app.connect("env-check-consistency", _check_every_public_name_is_documented)
    app.connect("missing-reference", _type_variables_are_plain_text)
    app.connect("autodoc-process-docstring", _pydantic_fields)
    app.connect("autodoc-process-signature", _class_signature)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
