"""A notebook's cells work again after a kernel restart: same platform URL when the port is free, and a daemon
that still reaches its groups when it is not (a real ipykernel restarted through nbclient)."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import nbformat
import pytest
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

pytestmark = pytest.mark.notebook

# Per cell; each takes a few seconds at most. This only turns a hang into a failure.
CELL_TIMEOUT_S = 120

CELLS = [
    """
import egeria_nb as enb
platform = enb.start_embedded({data!r})
print("URL", platform.url)
""",
    """
enb.seed_definitions(platform)     # the labs' groups and connectors (idempotent)
for name in ("Egeria:IntegrationGroup:Files", "Egeria:IntegrationGroup:Database"):
    enb.configure_integration_group(platform, "integration-daemon", enb.IntegrationGroupConfig(
        integration_group_qualified_name=name, omag_server_name="active-metadata-store",
        omag_server_platform_root_url=platform.url))
""",
    """
daemon = enb.IntegrationDaemon(platform, "integration-daemon", seconds_per_minute=1).start()
table = daemon.wait_for_status("WAITING", count=3, timeout_s=60)   # both groups: 3 connectors
print("STATUS", sorted(set(table["status"].astype(str))), len(table))
print("GROUPS", sorted(set(daemon.groups()["status"].astype(str))))
""",
]


def _printed(cell: nbformat.NotebookNode, label: str) -> str:
    text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
    errors = [o for o in cell.outputs if o.get("output_type") == "error"]
    assert not errors, errors
    match = re.search(rf"^{label} (.*)$", text, re.MULTILINE)
    assert match, f"{label} not printed; outputs: {cell.outputs}"
    return match.group(1)


@pytest.mark.parametrize("old_port", ["free", "taken"])
def test_the_same_cells_run_again_after_a_kernel_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old_port: str
) -> None:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("EGERIA_NB_HOME", str(tmp_path / "home"))
    sources = [c.format(data=str(tmp_path / "data")).strip() for c in CELLS]

    def run_cells(client: NotebookClient) -> list[nbformat.NotebookNode]:
        cells = [nbformat.v4.new_code_cell(s) for s in sources]
        client.nb.cells = cells
        for index, cell in enumerate(cells):
            client.execute_cell(cell, index)
        return cells

    nb = nbformat.v4.new_notebook()
    client = NotebookClient(
        nb, timeout=CELL_TIMEOUT_S, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    squatter = socket.socket()
    # Connections of the killed kernel linger in TIME_WAIT on the port; the platform binds past them too.
    squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        with client.setup_kernel():
            first = run_cells(client)
            url = _printed(first[0], "URL")
            assert _printed(first[2], "STATUS") == "['WAITING'] 3"
            # Restart the kernel as Jupyter's "Restart Kernel" does: the process goes, nothing is stopped.
            run_sync(client.km.restart_kernel)(now=True)
            run_sync(client.kc.wait_for_ready)(timeout=CELL_TIMEOUT_S)
            if old_port == "taken":
                squatter.bind(("127.0.0.1", int(url.rsplit(":", 1)[1])))
                squatter.listen()
            again = run_cells(client)
            new_url = _printed(again[0], "URL")
            assert (new_url == url) == (old_port == "free")
            # Every connector reaches WAITING, and no group fails for want of its (earlier) platform URL.
            assert _printed(again[2], "STATUS") == "['WAITING'] 3"
            assert "FAILED" not in _printed(again[2], "GROUPS")
    finally:
        squatter.close()
