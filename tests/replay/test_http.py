"""The replay site's HTTP layer (replay/http.py) against a real socket: requests in pieces, pipelined and
kept alive; malformed ones answered with the right status and the connection closed; clients that go away."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from replay import Corpus, FaultConfig, ReplaySite
from replay.http import MAX_BODY, Delay, HttpServer, Reply, Request


def echo(request: Request) -> Reply | Delay | None:
    """Answers with what it read; `/slow` after 0.2 s, `/hang` never, `/boom` raises."""
    if request.target == "/boom":
        raise RuntimeError("a handler bug")
    if request.target == "/hang":
        return Delay(60, lambda: None)
    body = f"{request.method} {request.target} {request.body!r}".encode()
    reply = Reply(200, body, "text/plain", [("X-Seen", str(len(request.headers)))])
    if request.target == "/slow":
        return Delay(0.2, lambda: reply)
    return reply


@pytest.fixture
def server() -> Iterator[HttpServer]:
    running = HttpServer(echo)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    thread.join(timeout=30)
    assert not thread.is_alive()


def connect(server: HttpServer) -> socket.socket:
    return socket.create_connection(server.address, timeout=30)


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One response: status, headers (names lower-cased), the body of Content-Length bytes."""
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)
        assert chunk, f"connection closed after {head!r}"
        head += chunk
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.lower()] = value.strip()
    body = b""
    while len(body) < int(headers["content-length"]):
        chunk = sock.recv(int(headers["content-length"]) - len(body))
        if not chunk:
            break
        body += chunk
    return status, headers, body


def closed(sock: socket.socket) -> bool:
    """Whether the server has closed the connection (EOF or reset)."""
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True


GET = b"GET /a?x=1 HTTP/1.1\r\nHost: h\r\nUser-Agent: t\r\n\r\n"


def test_keep_alive_answers_requests_in_turn_on_one_connection(server: HttpServer) -> None:
    with connect(server) as sock:
        for number in range(3):
            sock.sendall(f"GET /{number} HTTP/1.1\r\nHost: h\r\n\r\n".encode())
            status, headers, body = read_response(sock)
            assert (status, body) == (200, f"GET /{number} b''".encode())
            assert headers["server"] == "nginx" and headers["content-type"] == "text/plain"
            assert headers["x-seen"] == "1" and re.fullmatch(
                r"\w{3}, \d\d \w{3} \d{4} [\d:]{8} GMT", headers["date"]
            )
            assert "connection" not in headers


def test_pipelined_requests_are_answered_in_order_even_behind_a_delayed_one(server: HttpServer) -> None:
    with connect(server) as sock:
        sock.sendall(
            b"GET /slow HTTP/1.1\r\n\r\n" + GET + b"POST /p HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
        )
        assert read_response(sock)[2] == b"GET /slow b''"
        assert read_response(sock)[2] == b"GET /a?x=1 b''"
        assert read_response(sock)[2] == b"POST /p b'abc'"


def test_a_request_arriving_in_pieces(server: HttpServer) -> None:
    request = b"POST /form HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nFINDTXT=abc"
    with connect(server) as sock:
        for byte in range(len(request)):
            sock.sendall(request[byte : byte + 1])
            time.sleep(0.001)
        assert read_response(sock)[2] == b"POST /form b'FINDTXT=abc'"


def test_bodies_headers_and_blank_lines(server: HttpServer) -> None:
    with connect(server) as sock:
        # No Content-Length: no body. Blank lines before a request line are skipped; bare LF line ends do.
        sock.sendall(b"POST /none HTTP/1.1\r\n\r\n\r\nGET /lf HTTP/1.1\nHost: h\nX-Folded: a\n b\n\n")
        assert read_response(sock)[2] == b"POST /none b''"
        status, headers, body = read_response(sock)
        assert (status, body, headers["x-seen"]) == (200, b"GET /lf b''", "2")
        # A GET's body is read past, not taken for the next request.
        sock.sendall(b"GET /g HTTP/1.1\r\nContent-Length: 4\r\n\r\nJUNKGET /after HTTP/1.1\r\n\r\n")
        assert read_response(sock)[2] == b"GET /g b'JUNK'"
        assert read_response(sock)[2] == b"GET /after b''"


def test_expect_100_continue(server: HttpServer) -> None:
    with connect(server) as sock:
        sock.sendall(b"POST /e HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")
        assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(b"ok")
        assert read_response(sock)[2] == b"POST /e b'ok'"


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET /x HTTP/1.1 extra\r\n\r\n", 400),
        (b"GET /x FTP/1.0\r\n\r\n", 400),
        (b"GET /x HTTP/2.0\r\n\r\n", 505),
        (b"PUT /x HTTP/1.1\r\n\r\n", 501),
        (b"GET /x HTTP/1.1\r\nno colon here\r\n\r\n", 400),
        (b"POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
        (b"POST /x HTTP/1.1\r\nContent-Length: ten\r\n\r\n", 400),
        (b"POST /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        (b"POST /x HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % (MAX_BODY + 1), 413),
        (b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501),
        (b"GET /x HTTP/1.1\r\n" + b"X-Many: 1\r\n" * 101 + b"\r\n", 431),
        (b"GET /x HTTP/1.1\r\nX-Long: " + b"x" * 70000, 431),
        (b"GET /" + b"x" * 70000, 414),
    ],
)
def test_a_malformed_request_gets_its_status_and_the_connection_closes(
    server: HttpServer, request_bytes: bytes, status: int
) -> None:
    with connect(server) as sock:
        sock.sendall(request_bytes)
        answered, headers, body = read_response(sock)
        assert answered == status and headers["connection"] == "close"
        assert body.startswith(f"{status} ".encode())
        assert closed(sock)
    with connect(server) as sock:  # the server goes on
        sock.sendall(GET)
        assert read_response(sock)[0] == 200


def test_http_1_0_and_connection_close(server: HttpServer) -> None:
    for request, stays_open in (
        (b"GET /a HTTP/1.0\r\n\r\n", False),
        (b"GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", True),
        (b"GET /a HTTP/1.1\r\nConnection: close\r\n\r\n", False),
    ):
        with connect(server) as sock:
            sock.sendall(request)
            assert read_response(sock)[0] == 200
            if stays_open:
                sock.sendall(GET)
                assert read_response(sock)[0] == 200
            else:
                assert closed(sock)


def test_clients_that_go_away_leave_no_trace(server: HttpServer, capfd: pytest.CaptureFixture[str]) -> None:
    with connect(server) as sock:  # mid-head
        sock.sendall(b"GET /a HTTP/1.1\r\nHo")
    with connect(server) as sock:  # mid-body
        sock.sendall(b"POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")
    with connect(server) as sock:  # half-closed after a request: answered, then closed
        sock.sendall(GET)
        sock.shutdown(socket.SHUT_WR)
        assert read_response(sock)[0] == 200 and closed(sock)
    for _ in range(20):  # reset while the answer is being delayed or sent
        sock = connect(server)
        sock.sendall(b"GET /slow HTTP/1.1\r\n\r\n" + GET * 50)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()
    with connect(server) as sock:
        sock.sendall(GET)
        assert read_response(sock)[0] == 200
    deadline = time.monotonic() + 30  # a guard, not a time limit: the dropped connections are let go
    while len(server.connections) > 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not server.connections
    assert capfd.readouterr().err == ""


def test_a_failing_handler_closes_its_connection_and_says_why(
    server: HttpServer, capfd: pytest.CaptureFixture[str]
) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /boom HTTP/1.1\r\n\r\n")
        assert closed(sock)
    err = capfd.readouterr().err
    assert "Exception occurred during processing of request from 127.0.0.1" in err
    assert "RuntimeError: a handler bug" in err


def test_shutdown_closes_kept_alive_and_waiting_connections() -> None:
    server = HttpServer(echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    idle, waiting = connect(server), connect(server)
    idle.sendall(GET)
    assert read_response(idle)[0] == 200
    waiting.sendall(b"GET /hang HTTP/1.1\r\n\r\n")
    deadline = time.monotonic() + 30  # a guard, not a time limit
    while len(server.connections) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    server.shutdown()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert closed(idle) and closed(waiting)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(server.address, timeout=30)
    idle.close()
    waiting.close()


def test_a_bound_server_that_never_served_shuts_down() -> None:
    server = HttpServer(echo)
    server.shutdown()
    server.serve_forever()  # returns at once: shut down already


def test_the_site_cuts_a_dataloss_body_below_its_announced_length(corpus: Corpus) -> None:
    notice = next(n for n in corpus.notices if n.source == "ccgp")
    with (
        ReplaySite(corpus, FaultConfig(truncate=1.0)) as site,
        socket.create_connection(("127.0.0.1", site.port), timeout=30) as sock,
    ):
        sock.sendall(f"GET /{notice.url.split('//', 1)[1]} HTTP/1.1\r\n\r\n".encode())
        status, headers, body = read_response(sock)
        assert status == 200 and headers["connection"] == "close"
        assert 0 < len(body) == int(headers["content-length"]) // 2
        assert closed(sock)


def test_verbose_logs_each_answer(corpus: Corpus, capfd: pytest.CaptureFixture[str]) -> None:
    with (
        ReplaySite(corpus, verbose=True) as site,
        socket.create_connection(("127.0.0.1", site.port), timeout=30) as sock,
    ):
        sock.sendall(b"GET /www.ccgp.gov.cn/index.htm HTTP/1.1\r\n\r\n")
        assert read_response(sock)[0] == 200
    assert re.fullmatch(
        r'127\.0\.0\.1 - - \[\d\d/\w{3}/\d{4} [\d:]{8}\] "GET /www\.ccgp\.gov\.cn/index\.htm HTTP/1\.1" 200 -\n',
        capfd.readouterr().err,
    )
