"""In a real ipykernel driven by nbclient: the daemon keeps working between cells and while a cell computes,
and sync calls from a cell (plain or async, with top-level await) always come back (DESIGN.md "Event loop").

A hang shows as nbclient's per-cell timeout, not as a stuck test run.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.notebook

# Per cell. Every cell here takes well under a second; this only turns a hang into a failure.
CELL_TIMEOUT_S = 60

SETUP = """
import asyncio, os, threading, time
os.environ["EGERIA_NB_HOME"] = {home!r}
import egeria_nb as enb

platform = enb.start_embedded({data!r})
MD, SERVER, GROUP = "active-metadata-store", "integration-daemon", "Egeria:IntegrationGroup:Kernel"
"""

CONNECTOR = """
@enb.register_connector("kernel_test.Ticker")
class Ticker(enb.IntegrationConnector):
    refreshes = 0

    async def refresh(self):
        type(self).refreshes += 1
        self.context.publish_statistics(refreshes=type(self).refreshes)
"""

DAEMON = """
enb.create_group_definition(platform, MD, GROUP)
enb.create_connector_definition(platform, MD, "ticker", "kernel_test.Ticker")
enb.register_integration_connector(platform, MD, GROUP, "ticker", "ticker", refresh_time_interval=1)
enb.configure_integration_group(platform, SERVER, enb.IntegrationGroupConfig(
    integration_group_qualified_name=GROUP, omag_server_name=MD, omag_server_platform_root_url=platform.url))
daemon = enb.IntegrationDaemon(platform, SERVER, seconds_per_minute=0.1, poll_interval_s=0.5)
daemon.start()
daemon.wait_for_status("WAITING", timeout_s=30)
print("STARTED", Ticker.refreshes)
"""

BLOCKING_CELL = """
before = Ticker.refreshes
time.sleep(2)   # the kernel's thread (and its event loop) does nothing else meanwhile
print("DURING_SLEEP", Ticker.refreshes - before)
"""

MARK = """
mark = Ticker.refreshes
print("MARK", mark)
"""

AFTER_GAP = """
print("AFTER_GAP", Ticker.refreshes - mark)
"""

SYNC_CALLS = """
table = daemon.status()
daemon.refresh("ticker")
daemon.refresh()
daemon.refresh_group()
names = enb.get_integration_groups(platform, SERVER).names()
print("SYNC", len(table), str(table["status"].iloc[0]), names == [GROUP], len(daemon.history(limit=3)))
"""

ASYNC_CALLS = """
async def inside():
    # Sync calls from inside a coroutine running on the kernel's own loop, then the async variants.
    table = daemon.status()
    daemon.refresh("ticker")
    names = enb.get_integration_groups(platform, SERVER).names()
    await daemon.arefresh("ticker")
    await daemon.arefresh_group(GROUP)
    before = Ticker.refreshes
    await asyncio.sleep(0.5)
    return len(table), names == [GROUP], Ticker.refreshes - before

counted = await inside()
daemon.refresh()          # and directly in a cell that uses top-level await
print("ASYNC", *counted, len(daemon.status()))
"""

STOP = """
daemon.stop()
left = [t.name for t in threading.enumerate() if t.name.startswith("egeria_nb-daemon")]
print("STOPPED", sorted(set(daemon.status()["status"].astype(str))), left)
platform.stop()
"""


def _printed(cell: nbformat.NotebookNode, label: str) -> list[str]:
    """The words after ``label`` on the line the cell printed starting with it."""
    text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
    match = re.search(rf"^{label} (.*)$", text, re.MULTILINE)
    assert match, f"{label} not printed; outputs: {cell.outputs}"
    return match.group(1).split(" ", 3) if label != "STOPPED" else [match.group(1)]


def test_daemon_keeps_running_between_and_during_cells_and_sync_calls_return(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    # The kernel inherits these: its connection file and IPython profile stay out of the user's home.
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    sources = [
        SETUP.format(home=str(home), data=str(tmp_path / "data")),
        CONNECTOR,
        DAEMON,
        BLOCKING_CELL,
        MARK,
        AFTER_GAP,
        SYNC_CALLS,
        ASYNC_CALLS,
        STOP,
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s.strip()) for s in sources])
    client = NotebookClient(
        nb, timeout=CELL_TIMEOUT_S, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
            if cell.source.startswith("mark ="):
                # An idle gap between cells: the kernel waits for the next request.
                time.sleep(1.5)
    cells = nb.cells

    assert int(_printed(cells[2], "STARTED")[0]) >= 1
    # The daemon refreshed while the cell blocked the kernel's thread ...
    assert int(_printed(cells[3], "DURING_SLEEP")[0]) > 0
    # ... and while the kernel sat idle between cells.
    assert int(_printed(cells[5], "AFTER_GAP")[0]) > 0
    rows, status, named, history = _printed(cells[6], "SYNC")
    assert (rows, named, history) == ("1", "True", "3")
    assert status in ("WAITING", "REFRESHING")
    rows, named, grew, rows_after = _printed(cells[7], "ASYNC")
    assert (rows, named, rows_after) == ("1", "True", "1")
    assert int(grew) > 0  # it kept refreshing while the coroutine awaited on the kernel's loop
    assert _printed(cells[8], "STOPPED") == ["['STOPPED'] []"]
    for cell in cells:
        assert not [o for o in cell.outputs if o.get("output_type") == "error"], cell.outputs
