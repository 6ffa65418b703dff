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
