"""A real local HTTP server (http.server on 127.0.0.1, a free port, its own thread) that answers from a
script and records every request it received: the transport and guard tests talk to it over TCP."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, List, Optional, Tuple

# One scripted answer: (status, headers, JSON body or None, seconds to stall before answering).
Reply = Tuple[int, dict, object, float]


class ScriptedServer:
    """Serve ``replies`` in order (the last one repeats), or compute each answer with ``respond``."""

    def __init__(self, replies: Optional[List[Reply]] = None, respond: Optional[Callable[[dict], Reply]] = None) -> None:
        self.replies = list(replies or [])
        self.respond = respond
        self.requests: List[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                seen = {"method": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": json.loads(raw) if raw else None}
                outer.requests.append(seen)
                if outer.respond is not None:
                    status, headers, body, stall = outer.respond(seen)
                else:
                    status, headers, body, stall = outer.replies[min(len(outer.requests), len(outer.replies)) - 1]
                if stall:
                    time.sleep(stall)
                data = b"" if body is None else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if body is not None and "content-type" not in {k.lower() for k in headers}:
                        self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "ScriptedServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
