"""ipywidgets for notebooks: the integration-groups form and the daemon dashboard."""

from egeria_nb.widgets.dashboard import DaemonDashboard
from egeria_nb.widgets.groups_form import IntegrationGroupsForm

__all__ = ["DaemonDashboard", "IntegrationGroupsForm"]
