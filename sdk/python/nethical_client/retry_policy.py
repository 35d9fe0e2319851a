"""When to retry and how long to wait, as ``sdk/typescript/src/retry-policy.ts``. Pure: the transport
passes in the clock and the random source.

Retried statuses are 429 (a limit is spent) and 503 (a dependency was unavailable; only for requests
safe to repeat, which the transport decides). The wait is the server's ``Retry-After`` (seconds or an
HTTP date) when it sent one, else the reset of its ``RateLimit`` headers when they say nothing is left,
else exponential back-off; plus jitter so that many clients told the same Retry-After do not come back in
the same millisecond. A server wait longer than the cap is not retried: the error reaches the caller with
``retry_after_ms``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Mapping, Optional

__all__ = ["RetryOptions", "DEFAULT_RETRY", "RETRYABLE_STATUSES", "parse_retry_after", "rate_limit_reset_ms", "server_wait_ms", "retry_delay_ms"]

RETRYABLE_STATUSES = frozenset({429, 503})
_SECONDS = re.compile(r"^\d{1,10}$")


@dataclass(frozen=True)
class RetryOptions:
    """Retry settings (the defaults are the TypeScript client's)."""

    #: Retries after the first attempt.
    retries: int = 2
    #: First back-off when the server gives no wait, doubled each retry.
    base_delay_ms: float = 250
    #: Longest wait before one retry; a server asking for more is not retried.
    max_delay_ms: float = 30_000
    #: Extra random wait, as a fraction of the wait (at least up to 50 ms).
    jitter: float = 0.1


DEFAULT_RETRY = RetryOptions()


def parse_retry_after(value: Optional[str], now_ms: float) -> Optional[float]:
    """A ``Retry-After`` value in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3).

    Example:
        >>> parse_retry_after("60", 0)
        60000
    """
    if value is None:
        return None
    text = value.strip()
    if _SECONDS.match(text):
        return int(text) * 1000
    try:
        at = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if at is None or at.tzinfo is None:
        return None
    return max(0.0, at.timestamp() * 1000 - now_ms)


def rate_limit_reset_ms(headers: Mapping[str, str]) -> Optional[float]:
    """The wait until the rate limit resets, in ms, when the ``RateLimit`` headers say nothing is left:
    ``RateLimit-Remaining: 0`` + ``RateLimit-Reset``, or the structured ``RateLimit: "p";r=0;t=10``.
    ``headers`` must have lower-case names.

    Example:
        >>> rate_limit_reset_ms({"ratelimit-remaining": "0", "ratelimit-reset": "3"})
        3000
    """
    remaining, reset = headers.get("ratelimit-remaining"), headers.get("ratelimit-reset")
    if remaining is not None and reset is not None and remaining.strip() == "0" and _SECONDS.match(reset.strip()):
        return int(reset.strip()) * 1000
    structured = headers.get("ratelimit")
    if structured is None:
        return None
    for item in structured.split(","):
        params = {}
        for p in item.split(";")[1:]:
            key, _, val = p.strip().partition("=")
            params[key] = val
        r, t = params.get("r"), params.get("t")
        if r is not None and r.strip() == "0" and t is not None and _SECONDS.match(t):
            return int(t) * 1000
    return None


def server_wait_ms(headers: Mapping[str, str], now_ms: float) -> Optional[float]:
    """How long the server asked the client to wait, from ``Retry-After`` or the ``RateLimit`` headers.

    Example:
        >>> server_wait_ms({"retry-after": "2"}, 0)
        2000
    """
    wait = parse_retry_after(headers.get("retry-after"), now_ms)
    return wait if wait is not None else rate_limit_reset_ms(headers)


def retry_delay_ms(retry: int, server_wait: Optional[float], options: RetryOptions, random: float) -> Optional[float]:
    """The wait before retry number ``retry`` (1-based), or None when the client must not retry (no
    retries left, or the server asked for longer than ``max_delay_ms``). ``random`` is in [0, 1).

    Example:
        >>> retry_delay_ms(1, 2000, DEFAULT_RETRY, 0.5)
        2100
        >>> retry_delay_ms(1, 60_000, DEFAULT_RETRY, 0) is None
        True
    """
    if retry > options.retries:
        return None
    if server_wait is not None and server_wait > options.max_delay_ms:
        return None
    wait = server_wait if server_wait is not None else min(options.max_delay_ms, options.base_delay_ms * 2 ** (retry - 1))
    spread = max(50.0, wait * options.jitter)
    return round(wait + random * spread)
