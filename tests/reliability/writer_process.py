"""A second process that writes configuration and definitions, for the concurrency suite.

``python -m tests.reliability.writer_process DATA_DIR TAG COUNT SHARED_GUID`` connects to the
platform serving DATA_DIR the way a second kernel would (``start_embedded`` attaches), waits for
a line on stdin (so every writer starts together), and prints ``ACK <kind> <value>`` for every
call that succeeded, ``ERROR <text>`` for any that did not.
"""

from __future__ import annotations

import sys

import egeria_nb as enb
from egeria_nb.metadata.catalog import MetadataCatalog

MD = "active-metadata-store"
SHARED_DAEMON = "shared-daemon"


def write(platform: enb.Platform, tag: str, count: int, shared_guid: str) -> None:
    catalog = MetadataCatalog(platform, MD).blocking
    for i in range(count):
        name = f"{tag}-g{i:04d}"
        enb.configure_integration_group(
            platform,
            SHARED_DAEMON,
            enb.IntegrationGroupConfig(
                integration_group_qualified_name=name,
                omag_server_name=MD,
                omag_server_platform_root_url="~{egeriaEndpoint}~",
            ),
        )
        print("ACK config", name, flush=True)
        group = f"{tag}:group:{i:04d}"
        enb.create_group_definition(platform, MD, group)
        print("ACK definition", group, flush=True)
        key = f"{tag}-{i:04d}"
        # Every writer adds files to one shared folder: each create also links the folder.
        catalog.create_element("DataFile", key, {"fileName": key}, parent=enb.Parent(shared_guid, "NestedFile"))
        print("ACK property", key, flush=True)


def main() -> int:
    data_dir, tag, count, shared_guid = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    platform = enb.start_embedded(data_dir)
    print("ATTACHED" if platform.attached else "SERVING", flush=True)
    sys.stdin.readline()
    try:
        write(platform, tag, count, shared_guid)
    except enb.EgeriaError as error:
        print("ERROR", error, flush=True)
        return 1
    finally:
        platform.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
