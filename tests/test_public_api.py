"""The public namespace is exactly ``__all__``, and nothing leaks in by accident."""

import types

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
