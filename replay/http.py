"""A small HTTP/1.1 server on one asyncio event loop: what the replay site speaks to a crawl.

Why not `http.server`: it spent ~0.6 ms of CPU a request (a thread per connection, headers parsed by the
email package, the head and the body sent separately) against ~0.07 ms for the site's routing and
rendering, and so took most of a core from a crawl on the same machine (bench/RESULTS.md).

What it speaks (RFC 9112): a request line, header fields, a body of `Content-Length` bytes; persistent
connections (HTTP/1.1 by default, HTTP/1.0 with `Connection: keep-alive`) with pipelined requests answered
in order; `Expect: 100-continue`. Malformed requests get 400 (431, 414, 413, 501, 505 where they apply)
and the connection is closed. No chunked request bodies, no TLS, no idle timeout: a crawl's pooled
connections stay open until it closes them or the server stops, which closes them all.

The handler is called on the loop's thread and answers with a `Reply`, with a `Delay` (call `then` after
`seconds`, the connection waiting meanwhile) or with None (close the connection without an answer).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from email.utils import formatdate
from http import HTTPStatus

# The limits of http.server, which this replaces: a request line or a header line of 64 KiB, 100 header
# fields. Request bodies are search forms and JSON queries of a few hundred bytes.
MAX_HEAD = 65536
MAX_HEADERS = 100
MAX_BODY = 1 << 20
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_VERSION = re.compile(r"HTTP/(\d)\.(\d)")
_PHRASES = {status.value: status.phrase for status in HTTPStatus}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Request:
    """One parsed request: header names lower-cased, values decoded as Latin-1 (RFC 9110 §5.5)."""

    __slots__ = ("body", "headers", "keep_alive", "line", "method", "peer", "target", "version")

    def __init__(
        self, line: str, method: str, target: str, version: str, headers: dict[str, str], peer: str
    ) -> None:
        self.line = line
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.peer = peer
        self.body = b""
        connection = headers.get("connection", "").lower()
        if version == "HTTP/1.1":
            self.keep_alive = "close" not in connection
        else:
            self.keep_alive = "keep-alive" in connection and "close" not in connection


class Reply:
    """An answer: `length` announces a Content-Length other than the body's (a body cut short on
    purpose); `close` ends the connection after it, saying so in a `Connection: close` header."""

    __slots__ = ("body", "close", "content_type", "headers", "length", "status")

    def __init__(
        self,
        status: int,
        body: bytes,
        content_type: str,
        headers: Iterable[tuple[str, str]] = (),
        *,
        length: int | None = None,
        close: bool = False,
    ) -> None:
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers
        self.length = length
        self.close = close


class Delay:
    """Answer after `seconds` with what `then()` returns (a Reply, or None to close unanswered)."""

    __slots__ = ("seconds", "then")

    def __init__(self, seconds: float, then: Callable[[], Reply | None]) -> None:
        self.seconds = seconds
        self.then = then


Handler = Callable[[Request], Reply | Delay | None]


class _Malformed(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class HttpServer:
    """`bind()` listens on (host, port) at once; `serve_forever()` runs the loop in the calling thread
    until `shutdown()` (from another thread) or KeyboardInterrupt; either closes every connection."""

    def __init__(
        self,
        handler: Handler,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        methods: tuple[str, ...] = ("GET", "POST"),
        server_name: str = "nginx",
        backlog: int = 256,
        verbose: bool = False,
    ) -> None:
        self.handler = handler
        self.methods = methods
        self.server_name = server_name
        self.backlog = backlog
        self.verbose = verbose
        self.connections: set[_Connection] = set()
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # the listening socket
        try:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.bind((host, port))
            # The listen queue holds the connections a crawl opens at once (two crawl processes, 32 each);
            # socketserver's 5 overflowed, and each dropped connection waited a second for TCP to retry.
            self.socket.listen(backlog)
        except OSError:
            self.socket.close()
            raise
        self.address: tuple[str, int] = self.socket.getsockname()[:2]
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._halt: asyncio.Event | None = None
        self._stopping = False
        self._done = threading.Event()
        self._date = (0, "")

    def serve_forever(self) -> None:
        with self._lock:
            if self._stopping or self._loop is not None:
                return
            loop = self._loop = asyncio.new_event_loop()
            self._loop_thread = threading.get_ident()
            halt = self._halt = asyncio.Event()
        task = loop.create_task(self._serve(halt))
        try:
            loop.run_until_complete(task)
        finally:
            if not task.done():  # KeyboardInterrupt: the task's own clean-up still runs
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    loop.run_until_complete(task)
            loop.close()
            self.socket.close()
            self._done.set()

    def shutdown(self) -> None:
        """Stop serving and close every connection (answers being delayed are dropped); returns once done."""
        with self._lock:
            self._stopping = True
            loop, halt = self._loop, self._halt
        if loop is None or halt is None:
            self.socket.close()
            return
        with contextlib.suppress(RuntimeError):  # the loop has closed already
            loop.call_soon_threadsafe(halt.set)
        if threading.get_ident() != self._loop_thread:  # not from a handler: it would wait for itself
            self._done.wait()

    async def _serve(self, halt: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(lambda: _Connection(self), sock=self.socket, backlog=self.backlog)
        try:
            await halt.wait()
        finally:
            server.close()
            for connection in list(self.connections):
                connection.abort()
            await asyncio.sleep(0)  # the transports' connection_lost callbacks close their sockets

    def date(self) -> str:
        """The Date header's value (RFC 9110 §6.6.1), formatted once a second."""
        now = int(time.time())
        if now != self._date[0]:
            self._date = (now, formatdate(now, usegmt=True))
        return self._date[1]

    def log(self, peer: str, line: str, status: int) -> None:
        """http.server's access-log line: `127.0.0.1 - - [07/Dec/2026 16:35:09] "GET /x HTTP/1.1" 200 -`."""
        if self.verbose:
            year, month, day, hh, mm, ss, *_ = time.localtime()
            stamp = f"{day:02d}/{_MONTHS[month - 1]}/{year:04d} {hh:02d}:{mm:02d}:{ss:02d}"
            sys.stderr.write(f'{peer} - - [{stamp}] "{line}" {status} -\n')


class _Connection(asyncio.Protocol):
    """One client connection: requests parsed from the bytes as they come, answered one at a time."""

    def __init__(self, server: HttpServer) -> None:
        self.server = server
        self.transport: asyncio.Transport | None = None
        self.peer = "-"
        self.buffer = b""
        self.pending: Request | None = None  # a request whose head is read, waiting for its body
        self.body_at = 0
        self.length = 0
        self.busy = False  # an answer is being delayed: later requests wait in the buffer
        self.paused = False  # the client is not reading: stop answering until it does
        self.eof = False
        self.closed = False
        self.timer: asyncio.TimerHandle | None = None

    # asyncio.Protocol ---------------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        peer = transport.get_extra_info("peername")
        self.peer = str(peer[0]) if peer else "-"
        self.server.connections.add(self)

    def data_received(self, data: bytes) -> None:
        self.buffer = self.buffer + data if self.buffer else data
        self.answer_buffered()

    def eof_received(self) -> bool:
        # The client has finished sending (shut its side): answer what it sent, then close.
        self.eof = True
        self.answer_buffered()
        return True

    def connection_lost(self, exc: Exception | None) -> None:
        # A reset or broken pipe from a client that went away is the client's business: no traceback.
        self.closed = True
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.server.connections.discard(self)

    def pause_writing(self) -> None:
        self.paused = True
        if self.transport is not None:
            self.transport.pause_reading()

    def resume_writing(self) -> None:
        self.paused = False
        if self.transport is not None and not self.closed:
            self.transport.resume_reading()
        self.answer_buffered()

    # requests -----------------------------------------------------------------------------------------

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    def answer_buffered(self) -> None:
        """Answer every complete request in the buffer, in order, unless one is being delayed."""
        while not (self.busy or self.paused or self.closed):
            try:
                request = self.next_request()
            except _Malformed as malformed:
                self.fail(malformed.status, malformed.detail)
                return
            if request is None:
                if self.eof:
                    self.close()
                return
            self.answer(request, self.call(self.server.handler, request))

    def call(self, answer: Callable[..., Reply | Delay | None], *args: object) -> Reply | Delay | None:
        """The handler's answer; a handler that raised is reported as socketserver did, the connection closed."""
        try:
            return answer(*args)
        except Exception:
            print("-" * 40, file=sys.stderr)
            print(f"Exception occurred during processing of request from {self.peer}", file=sys.stderr)
            traceback.print_exc()
            print("-" * 40, file=sys.stderr)
            return None

    def answer(self, request: Request, answer: Reply | Delay | None) -> None:
        if isinstance(answer, Reply):
            self.send(request, answer)
        elif isinstance(answer, Delay):
            self.busy = True
            loop = asyncio.get_running_loop()
            self.timer = loop.call_later(answer.seconds, self.delayed, request, answer.then)
        else:
            self.close()

    def delayed(self, request: Request, then: Callable[[], Reply | None]) -> None:
        self.timer = None
        self.busy = False
        self.answer(request, self.call(then))
        self.answer_buffered()

    def send(self, request: Request, reply: Reply) -> None:
        if self.closed or self.transport is None:
            return
        server = self.server
        status = reply.status
        length = len(reply.body) if reply.length is None else reply.length
        head = (
            f"HTTP/1.1 {status} {_PHRASES.get(status, '')}\r\nServer: {server.server_name}\r\n"
            f"Date: {server.date()}\r\nContent-Type: {reply.content_type}\r\nContent-Length: {length}\r\n"
        )
        for name, value in reply.headers:
            head += f"{name}: {value}\r\n"
        if reply.close:
            head += "Connection: close\r\n"
        self.transport.write((head + "\r\n").encode("latin-1") + reply.body)
        server.log(self.peer, request.line, status)
        if reply.close or not request.keep_alive:
            self.close()

    def fail(self, status: int, detail: str) -> None:
        """Answer a request that cannot be read, and close: its end, and so the next one's start, is unknown."""
        if self.closed or self.transport is None:
            return
        reply = Reply(
            status,
            f"{status} {_PHRASES.get(status, '')}: {detail}\n".encode(),
            "text/plain; charset=utf-8",
            close=True,
        )
        line = self.buffer.split(b"\n", 1)[0][:200].decode("latin-1").rstrip("\r")
        self.send(Request(line, "-", "-", "HTTP/1.1", {}, self.peer), reply)

    def next_request(self) -> Request | None:
        """The next complete request in the buffer (removed from it), or None until more bytes come."""
        request = self.pending
        if request is None:
            buffer = self.buffer
            if buffer[:1] in (b"\r", b"\n"):
                # Blank lines before a request line are ignored (RFC 9112 §2.2), as http.server did.
                buffer = self.buffer = buffer.lstrip(b"\r\n")
            if not buffer:
                return None
            end = _HEAD_END.search(buffer, 0, MAX_HEAD + 4)
            if end is None:
                if len(buffer) <= MAX_HEAD:
                    return None
                if b"\n" not in buffer[:MAX_HEAD]:
                    raise _Malformed(414, "request line too long")
                raise _Malformed(431, "request header fields too large")
            request = self.parse_head(buffer[: end.start()])
            self.body_at = end.end()
            self.length = self.body_length(request)
            if self.length and len(buffer) < self.body_at + self.length:
                self.pending = request
                if request.headers.get("expect", "").lower() == "100-continue" and self.transport:
                    self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                return None
        elif len(self.buffer) < self.body_at + self.length:
            return None
        self.pending = None
        end_of_body = self.body_at + self.length
        request.body = self.buffer[self.body_at : end_of_body]
        self.buffer = self.buffer[end_of_body:]
        return request

    def parse_head(self, head: bytes) -> Request:
        lines = head.decode("latin-1").split("\n")
        line = lines[0].rstrip("\r")
        words = line.split()
        if len(words) != 3:
            raise _Malformed(400, f"bad request line {line[:200]!r}")
        method, target, version = words
        numbers = _VERSION.fullmatch(version)
        if numbers is None:
            raise _Malformed(400, f"bad request version {version[:50]!r}")
        if numbers.group(1) != "1":
            raise _Malformed(505, f"HTTP version {version} not supported")
        if len(lines) > MAX_HEADERS + 1:
            raise _Malformed(431, f"more than {MAX_HEADERS} header fields")
        headers: dict[str, str] = {}
        name = ""
        for field in lines[1:]:
            if field[:1] in (" ", "\t") and name:  # an obsolete folded continuation line (RFC 9112 §5.2)
                headers[name] += " " + field.strip()
                continue
            name, colon, value = field.partition(":")
            name = name.lower()
            if not colon or not name or name != name.strip():
                raise _Malformed(400, f"bad header field {field[:200]!r}")
            value = value.strip()
            if name == "content-length" and headers.get(name, value) != value:
                raise _Malformed(400, "conflicting Content-Length fields")
            headers[name] = value
        if method not in self.server.methods:
            raise _Malformed(501, f"method {method[:50]!r} not supported")
        if target.startswith("//"):
            target = "/" + target.lstrip("/")  # as http.server: a path, never a network location
        return Request(line, method, target, version, headers, self.peer)

    @staticmethod
    def body_length(request: Request) -> int:
        if "transfer-encoding" in request.headers:
            raise _Malformed(501, "Transfer-Encoding not supported; send Content-Length")
        value = request.headers.get("content-length")
        if value is None:
            return 0
        if not (value.isascii() and value.isdigit()):
            raise _Malformed(400, f"bad Content-Length {value[:50]!r}")
        length = int(value)
        if length > MAX_BODY:
            raise _Malformed(413, f"body of {length} bytes; at most {MAX_BODY}")
        return length
