"""The client side: ``Platform`` and how Egeria's answers become exceptions."""

from egeria_nb.client.ffdc import error_from_ffdc, raise_for_ffdc
from egeria_nb.client.paths import ApiVersion, EgeriaPaths, segment
from egeria_nb.client.platform import DEFAULT_TIMEOUT_S, Platform

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "ApiVersion",
    "EgeriaPaths",
    "Platform",
    "error_from_ffdc",
    "raise_for_ffdc",
    "segment",
]
