"""nongrata.net: the guarded HTTP edge (address guard, limits, caps, conditional GET, backoff)."""

from nongrata.net.backoff import (
    backoff_ceiling,
    next_poll_after_error,
    next_poll_after_success,
)
from nongrata.net.client import HttpClient, HttpResponse
from nongrata.net.guard import AddressGuard, Resolver, default_resolver, refusal_reason
from nongrata.net.headers import FetchKind, is_acceptable_type, parse_retry_after
from nongrata.net.transport import GuardedNetworkBackend, GuardedTransport

__all__ = [
    "AddressGuard",
    "FetchKind",
    "GuardedNetworkBackend",
    "GuardedTransport",
    "HttpClient",
    "HttpResponse",
    "Resolver",
    "backoff_ceiling",
    "default_resolver",
    "is_acceptable_type",
    "next_poll_after_error",
    "next_poll_after_success",
    "parse_retry_after",
    "refusal_reason",
]
