"""An Egeria-compatible platform served over real HTTP on loopback, in this process.

Admin services keep configuration documents as JSON files; see
``datadir`` for the data directory and ``routes`` for every path served.
"""

from egeria_nb.embedded.platform import EmbeddedPlatform, start_embedded
from egeria_nb.embedded.server import EmbeddedServer

__all__ = ["EmbeddedPlatform", "EmbeddedServer", "start_embedded"]
