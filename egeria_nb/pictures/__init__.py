"""SVG pictures of an integration daemon, for notebooks: its connectors' states over time, and its layout.

* ``timeline_picture`` - one row per connector, coloured by state over the last minutes, failures marked
* ``topology_picture`` - the daemon, its groups, their metadata servers and their connectors, coloured by state
* ``Picture``          - the SVG they return: shown inline (hover shows details), ``save(path)`` writes it

They take plain records (the daemon's history events, connector statistics and group snapshots) and do
no I/O; colours are in ``colours``, the SVG in ``egeria_nb/templates/*.svg.j2``.
"""

from egeria_nb.pictures.picture import Picture
from egeria_nb.pictures.timeline import timeline_picture
from egeria_nb.pictures.topology import topology_picture

__all__ = ["Picture", "timeline_picture", "topology_picture"]
