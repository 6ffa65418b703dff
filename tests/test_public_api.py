"""The public namespace is exactly ``__all__``, nothing leaks in by accident, and every part of it is documented."""

import enum
import functools
import inspect
import os
import re
import types
from pathlib import Path

import pydantic

import egeria_nb


def test_all_matches_public_names() -> None:
    # Subpackages become attributes once imported; they are the layout, not the API.
    public = sorted(
        name
        for name in dir(egeria_nb)
        if not name.startswith("_") and not isinstance(getattr(egeria_nb, name), types.ModuleType)
    )
    assert public == sorted(n for n in egeria_nb.__all__ if n != "__version__")


def test_exported_objects_show_the_top_level_module() -> None:
    assert egeria_nb.Platform.__module__ == "egeria_nb"
    assert egeria_nb.configure_integration_group.__module__ == "egeria_nb"


def test_import_starts_no_threads_and_patches_nothing() -> None:
    import asyncio
    import subprocess
    import sys

    code = (
        "import threading, asyncio, sys; before = threading.active_count(); "
        "run = asyncio.run; import egeria_nb; "
        "assert threading.active_count() == before, 'thread started at import'; "
        "assert asyncio.run is run, 'asyncio patched at import'; "
        "assert 'nest_asyncio' not in sys.modules; print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr
    assert asyncio.run.__module__ == "asyncio.runners"


def _public(cls: type) -> set[str]:
    return {n for n in dir(cls) if not n.startswith("_")}


def test_both_daemons_offer_the_one_daemon_protocol_and_nothing_of_their_plumbing() -> None:
    from egeria_nb.daemon.protocol import Daemon

    declared = {n for n in Daemon.__dict__ if not n.startswith("_")} | {"_repr_html_"}
    for cls in (egeria_nb.IntegrationDaemon, egeria_nb.RemoteIntegrationDaemon):
        missing = {n for n in declared if not hasattr(cls, n)}
        assert not missing, (cls.__name__, missing)
    # What tab completion shows on the in-kernel daemon: the protocol, its lifecycle, async twins
    # of the controls, and its Egeria JSON for the REST services - none of the supervisor's plumbing.
    local = _public(egeria_nb.IntegrationDaemon)
    extra = local - declared
    assert extra == {
        "start",
        "stop",
        "astop",
        "arefresh",
        "arestart",
        "arefresh_group",
        "aupdate_configuration_properties",
        "aupdate_endpoint_address",
        "aupdate_connection",
        "last_error",
        "loop_blocks",
        "registry",
        "status_report",
        "group_summaries",
        "group_summary",
    }, extra
    for plumbing in ("record", "catalog_for", "check_metadata_server", "new_runner", "drop_runner", "runners"):
        assert plumbing not in local
    assert _public(egeria_nb.RemoteIntegrationDaemon) - declared == set()


# -- the API, listed -------------------------------------------------------------------------------------

API_LISTING = Path(__file__).with_name("public_api.txt")
# Members of these bases are theirs, not egeria_nb's: left out of the listing and the docstring check.
FOREIGN_BASES = (list, BaseException)


def _members(cls: type) -> list[tuple[str, object]]:
    import ipywidgets

    foreign = {
        n for base in (*FOREIGN_BASES, ipywidgets.VBox, pydantic.BaseModel) if issubclass(cls, base) for n in dir(base)
    }
    return [
        (name, inspect.getattr_static(cls, name))
        for name in sorted(dir(cls))
        if not name.startswith("_") and name not in foreign
    ]


def _signature(value: object) -> str:
    try:
        text = str(inspect.signature(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return re.sub(r" at 0x[0-9a-f]+", "", text)  # a default's repr must not change from run to run


def public_api() -> list[str]:
    """Every public name, with its signature; for classes, each public member too."""
    lines = []
    for name in sorted(egeria_nb.__all__):
        value = getattr(egeria_nb, name)
        if isinstance(value, type):
            # A model's signature is its fields; an enum's call signature is the enum machinery's, which differs
            # from one Python release to the next: its members are listed instead.
            if issubclass(value, pydantic.BaseModel):
                shape = "(**fields)"
            elif issubclass(value, enum.Enum):
                shape = f"({enum.Enum.__name__})"
            else:
                shape = _signature(value)
            lines.append(f"class {name}{shape}")
            if issubclass(value, enum.Enum):
                lines.extend(f"    {member.name}" for member in value)
                continue
            for member, raw in _members(value):
                if isinstance(raw, property | functools.cached_property):
                    lines.append(f"    {member} (property)")
                elif isinstance(raw, classmethod | staticmethod):
                    lines.append(f"    {member}{_signature(getattr(value, member))}")
                elif callable(raw):
                    kind = "async " if inspect.iscoroutinefunction(inspect.unwrap(raw)) else ""  # type: ignore[arg-type]
                    lines.append(f"    {kind}{member}{_signature(raw)}")
                elif not issubclass(value, pydantic.BaseModel):
                    lines.append(f"    {member}")
        elif callable(value):
            lines.append(f"def {name}{_signature(value)}")
        else:
            lines.append(f"{name} = {value!r}")
    return lines


def test_the_public_api_is_the_listed_one() -> None:
    """tests/public_api.txt is the API, reviewed with every change to it (EGERIA_NB_UPDATE_API=1 rewrites it)."""
    current = "\n".join(public_api()) + "\n"
    if os.environ.get("EGERIA_NB_UPDATE_API") == "1":
        API_LISTING.write_text(current)
    assert current == API_LISTING.read_text(), "the public API changed: review, then EGERIA_NB_UPDATE_API=1"


def test_every_public_name_and_member_has_a_docstring() -> None:
    missing = []
    for name in egeria_nb.__all__:
        value = getattr(egeria_nb, name)
        if not callable(value):
            continue
        # A class's own docstring: inspect.getdoc would take an enum's from StrEnum's.
        own = vars(value).get("__doc__") if isinstance(value, type) else inspect.getdoc(value)
        if not (own or "").strip():
            missing.append(name)
        if isinstance(value, type) and not issubclass(value, enum.Enum | pydantic.BaseModel):
            for member, raw in _members(value):
                target = raw.fget if isinstance(raw, property) else getattr(raw, "__func__", raw)
                if isinstance(raw, functools.cached_property):
                    target = raw.func
                if callable(target) and not (getattr(target, "__doc__", None) or "").strip():
                    missing.append(f"{name}.{member}")
    assert not missing, f"public names without a docstring: {missing}"


def test_the_catalogs_blocking_calls_show_in_tab_completion() -> None:
    catalog = egeria_nb.MetadataCatalog(egeria_nb.Platform("http://127.0.0.1:9"), "md")
    shown = dir(catalog.blocking)
    assert {"find_elements", "synchronize", "create_element", "get_element"} <= set(shown)
    assert not [n for n in shown if n.startswith("_")] and "blocking" not in shown
    assert callable(catalog.blocking.find_elements)
