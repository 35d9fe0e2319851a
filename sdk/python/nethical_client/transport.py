"""The client's HTTP transport (urllib), as ``sdk/typescript/src/transport.ts``: every request gets the
API key, an ``x-request-id`` (kept across retries, so the Worker's logs and the problem's ``instance`` tie
the attempts together), a per-attempt timeout, and retries on 429 (always: it is answered before anything
happens) and, for requests safe to repeat (reads; evaluate and batch, whose ``request_id`` the client
fills in), on 503, network failures and timeouts. A final answer that is not a success raises
:class:`NethicalApiError` carrying the problem+json.
"""

from __future__ import annotations

import json
import random
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional, Tuple

from .errors import NethicalApiError
from .retry_policy import DEFAULT_RETRY, RETRYABLE_STATUSES, RetryOptions, retry_delay_ms, server_wait_ms

__all__ = ["Transport", "RetryEvent", "Answer", "new_request_id", "DEFAULT_TIMEOUT_S"]

#: The default per-attempt timeout, in seconds.
DEFAULT_TIMEOUT_S = 10.0
#: POSTs that may be sent twice: evaluate and batch carry a request_id; export only reads.
IDEMPOTENT_POSTS = frozenset({"/v2/evaluate", "/v2/batch-evaluate", "/v2/audit/export"})
_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


def new_request_id() -> str:
    """A fresh request id (a UUID), in the form the Worker accepts.

    Example:
        >>> len(new_request_id())
        36
    """
    return str(uuid.uuid4())


@dataclass(frozen=True)
class RetryEvent:
    """One retry about to happen (for logging and tests)."""

    method: str
    path: str
    request_id: str
    #: The attempt that failed (1 = the first).
    attempt: int
    #: Its status, or 0 for a network failure or timeout.
    status: int
    #: What the server asked for (Retry-After or RateLimit reset), if anything.
    server_wait_ms: Optional[float]
    #: What the client will wait before the next attempt.
    delay_ms: float


@dataclass(frozen=True)
class Answer:
    """A successful answer: status, lower-case headers, parsed JSON body (None when empty)."""

    status: int
    headers: Dict[str, str]
    body: Any


def _problem_of(headers: Dict[str, str], raw: bytes) -> Optional[dict]:
    if "json" not in headers.get("content-type", ""):
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    return body if isinstance(body, dict) and isinstance(body.get("title"), str) else None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # Never follow a redirect: it would carry the API key to wherever the Location points.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Transport:
    """Sends one API request with retries; returns an :class:`Answer` or raises NethicalApiError.

    Example:
        >>> t = Transport("http://127.0.0.1:8787", api_key)
        >>> t.request("GET", "/v2/whoami").body["role"]
        'agent'
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        timeout: float = DEFAULT_TIMEOUT_S,
        retry: RetryOptions = DEFAULT_RETRY,
        on_retry: Optional[Callable[[RetryEvent], None]] = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._api_key = api_key
        self._timeout = timeout
        self._retry = retry
        self._on_retry = on_retry
        self._sleep = sleep
        self._opener = urllib.request.build_opener(_NoRedirect)

    def request(
        self,
        method: str,
        path: str,
        query: Optional[Dict[str, Any]] = None,
        body: Any = None,
        request_id: Optional[str] = None,
        content_type: str = "application/json",
    ) -> Answer:
        """Send ``method path`` (JSON ``body`` unless it is already bytes/str) and return the answer.

        Example:
            >>> transport.request("POST", "/v2/evaluate", body={...}, request_id="req-1").body["decision"]
            'ALLOW'
        """
        method = method.upper()
        pairs = [(k, str(v).lower() if isinstance(v, bool) else str(v)) for k, v in (query or {}).items() if v is not None]
        url = self._base + path + ("?" + urllib.parse.urlencode(pairs) if pairs else "")
        idempotent = method in ("GET", "HEAD") or (method == "POST" and path in IDEMPOTENT_POSTS)
        rid = request_id if request_id is not None and _REQUEST_ID.match(request_id) else new_request_id()
        headers = {
            "authorization": f"Bearer {self._api_key}",
            "x-request-id": rid,
            "accept": "application/json, application/problem+json",
            "user-agent": "nethical-client-python/0.1",
        }
        data: Optional[bytes] = None
        if body is not None:
            data = body.encode("utf-8") if isinstance(body, str) else body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
            headers["content-type"] = content_type
        attempt = 0
        while True:
            attempt += 1
            status, answer_headers, raw, failure = self._attempt(method, url, headers, data)
            if failure is None and 200 <= status < 300:
                return Answer(status, answer_headers, json.loads(raw) if raw.strip() else None)
            wait = None if failure is not None else server_wait_ms(answer_headers, time.time() * 1000)
            # A 429 is answered before anything happens; a 503 may come from a Durable Object call that
            # timed out after doing its work, so a write that is not safe to repeat is not retried on it.
            retryable = idempotent if failure is not None else status == 429 or (idempotent and status in RETRYABLE_STATUSES)
            delay = retry_delay_ms(attempt, wait, self._retry, random.random()) if retryable else None
            if delay is None:
                if failure is not None:
                    raise NethicalApiError(0, rid, attempt, message=failure)
                problem = _problem_of(answer_headers, raw)
                raise NethicalApiError(status, rid, attempt, problem=problem, retry_after_ms=wait)
            if self._on_retry is not None:
                self._on_retry(RetryEvent(method, path, rid, attempt, status if failure is None else 0, wait, delay))
            self._sleep(delay / 1000)

    def _attempt(self, method: str, url: str, headers: Dict[str, str], data: Optional[bytes]) -> Tuple[int, Dict[str, str], bytes, Optional[str]]:
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with self._opener.open(req, timeout=self._timeout) as res:
                return res.status, {k.lower(): v for k, v in res.headers.items()}, res.read(), None
        except urllib.error.HTTPError as error:
            with error:
                raw = error.read()
            return error.code, {k.lower(): v for k, v in error.headers.items()}, raw, None
        except (socket.timeout, TimeoutError):
            return 0, {}, b"", f"timed out after {self._timeout} s"
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, (socket.timeout, TimeoutError)):
                return 0, {}, b"", f"timed out after {self._timeout} s"
            return 0, {}, b"", f"network failure: {type(reason).__name__}"
