"""Loopback TCP endpoints for tests, plus the background-server machinery the other helpers share.

Everything here binds 127.0.0.1 only. Servers run a selector loop in one thread and hand slow work
(a TCP conversation, a delayed answer) to worker threads; `stop()` wakes the loop, shuts down every
live connection so blocked workers return at once, and joins all threads with a timeout.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Generic, Self, TypeVar

LOOPBACK = "127.0.0.1"
JOIN_TIMEOUT = 5.0
"""Seconds `stop()` waits for threads; a server that cannot stop in time is a bug, so it raises."""

T = TypeVar("T")


class RecordLog(Generic[T]):
    """Thread-safe append-only list that a test can wait on instead of sleeping."""

    def __init__(self) -> None:
        self._items: list[T] = []
        self._cond = threading.Condition()

    def append(self, item: T) -> None:
        with self._cond:
            self._items.append(item)
            self._cond.notify_all()

    def snapshot(self) -> list[T]:
        with self._cond:
            return list(self._items)

    def wait_for(self, count: int, timeout: float) -> bool:
        """True once at least `count` items were recorded, False if `timeout` passed first."""
        with self._cond:
            return self._cond.wait_for(lambda: len(self._items) >= count, timeout)

    def clear(self) -> None:
        with self._cond:
            self._items.clear()


class BackgroundServer:
    """Base for the loopback servers: a context manager running a selector loop in a thread.

    Subclasses implement `_bind()`, which creates the sockets, sets `self.port` and registers
    each socket with `_register(sock, handler)`. Handlers run on the loop thread and must not
    block; longer work goes to `_spawn()`. Exceptions in handlers and workers are kept in
    `.errors` instead of being printed by threading's excepthook.
    """

    def __init__(self) -> None:
        self.host: str = LOOPBACK
        self.port: int = 0
        self.errors: list[BaseException] = []
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        # Created by start(), so a server that is never started holds no file descriptors.
        self._selector: selectors.BaseSelector | None = None
        self._wake_w: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._workers: set[threading.Thread] = set()
        self._live: set[socket.socket] = set()
        self._loop: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def _bind(self) -> None:
        raise NotImplementedError

    def start(self) -> Self:
        if self._selector is not None:
            raise RuntimeError(f"{type(self).__name__} already started")
        self._selector = selectors.DefaultSelector()
        wake_r, self._wake_w = socket.socketpair()
        self._sockets.append(wake_r)
        try:
            self._selector.register(wake_r, selectors.EVENT_READ, None)
            self._bind()
        except BaseException:
            self._close_sockets()
            raise
        self._loop = threading.Thread(
            target=self._run, name=f"{type(self).__name__}:{self.port}", daemon=True
        )
        self._loop.start()
        return self

    def stop(self) -> None:
        """Stop promptly: wake the loop, cut live connections, join every thread."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        if self._wake_w is not None:
            with contextlib.suppress(OSError):
                self._wake_w.send(b"x")
        deadline = time.monotonic() + JOIN_TIMEOUT
        if self._loop is not None:
            self._loop.join(JOIN_TIMEOUT)
        with self._lock:
            live = list(self._live)
            workers = list(self._workers)
        for conn in live:
            _shutdown(conn)
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        stuck = [t.name for t in [self._loop, *workers] if t is not None and t.is_alive()]
        self._close_sockets()
        if stuck:
            raise RuntimeError(f"{type(self).__name__} threads did not stop: {stuck}")

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def address(self) -> tuple[str, int]:
        """(host, port), ready for connect() / sendto()."""
        return (self.host, self.port)

    # -- helpers for subclasses --------------------------------------------------------------

    def _register(self, sock: socket.socket, handler: Callable[[socket.socket], None]) -> None:
        assert self._selector is not None, "_register() belongs in _bind()"
        sock.setblocking(False)
        self._sockets.append(sock)
        self._selector.register(sock, selectors.EVENT_READ, handler)

    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        """Run `target(*args)` in a tracked worker thread that `stop()` will join."""
        thread = threading.Thread(target=self._guarded, args=(target, args), daemon=True)
        thread.name = f"{type(self).__name__}:{self.port}:worker"
        with self._lock:
            if self._stopping.is_set():
                return
            self._workers.add(thread)
        thread.start()

    @contextlib.contextmanager
    def _tracked(self, conn: socket.socket) -> Iterator[None]:
        """Let `stop()` shut `conn` down (through a dup, so it still works once `conn` is
        wrapped in TLS) so that a worker blocked reading it returns immediately."""
        handle = conn.dup()
        with self._lock:
            self._live.add(handle)
            stopping = self._stopping.is_set()
        if stopping:
            _shutdown(handle)
        try:
            yield
        finally:
            with self._lock:
                self._live.discard(handle)
            handle.close()

    def _run(self) -> None:
        assert self._selector is not None
        try:
            while not self._stopping.is_set():
                for key, _ in self._selector.select():
                    if key.data is None:
                        return
                    try:
                        key.data(key.fileobj)
                    except (BlockingIOError, InterruptedError):
                        pass
                    except Exception as exc:  # keep serving; the test can inspect .errors
                        self.errors.append(exc)
        except Exception as exc:
            self.errors.append(exc)

    def _guarded(self, target: Callable[..., None], args: tuple[Any, ...]) -> None:
        try:
            target(*args)
        except Exception as exc:
            if not self._stopping.is_set():
                self.errors.append(exc)
        finally:
            with self._lock:
                self._workers.discard(threading.current_thread())

    def _close_sockets(self) -> None:
        for sock in [*self._sockets, self._wake_w]:
            if sock is not None:
                sock.close()
        if self._selector is not None:
            self._selector.close()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def tcp_listener_socket(port: int = 0, backlog: int = 16, host: str = LOOPBACK) -> socket.socket:
    """A TCP socket listening on `host`, 127.0.0.1 by default (`port` 0 lets the kernel choose)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except BaseException:
        sock.close()
        raise
    return sock


class _TcpServer(BackgroundServer):
    """A server on one TCP listener on 127.0.0.1, each connection handed to `_accept`."""

    def _bind(self) -> None:
        sock = tcp_listener_socket()
        self.port = sock.getsockname()[1]
        self._register(sock, self._accept)

    def _accept(self, sock: socket.socket) -> None:
        raise NotImplementedError


class TcpListener(_TcpServer):
    """Accepts every TCP connection on 127.0.0.1 and closes it at once: "port is open".

    `.connections` lists the (address, port) of each client, so a test can check the source.
    """

    def __init__(self) -> None:
        super().__init__()
        self._connections: RecordLog[tuple[str, int]] = RecordLog()

    @property
    def connections(self) -> list[tuple[str, int]]:
        return self._connections.snapshot()

    def wait_for_connections(self, count: int, timeout: float = 5.0) -> bool:
        return self._connections.wait_for(count, timeout)

    def _accept(self, sock: socket.socket) -> None:
        conn, addr = sock.accept()
        conn.close()
        self._connections.append((addr[0], addr[1]))


class HoldingServer(_TcpServer):
    """Accepts every TCP connection on 127.0.0.1, reads what the client says and answers
    nothing until `release()`: a server that hangs mid-conversation (a TLS handshake that never
    gets its reply), for as long as the test decides, whatever the client's time-out.

    A connection the client has spoken on is *held*; one the client then closes before the
    release is *hung up*: the client gave up on its own. A client that connects and closes
    without a word (a port probe) is neither.
    """

    def __init__(self) -> None:
        super().__init__()
        self._held: RecordLog[tuple[str, int]] = RecordLog()
        self._hung_up: RecordLog[tuple[str, int]] = RecordLog()
        self._released = threading.Event()
        self._peers: dict[socket.socket, tuple[str, int]] = {}
        self._spoken: set[socket.socket] = set()

    @property
    def held(self) -> list[tuple[str, int]]:
        """The (address, port) of each client that spoke and got no answer, in order."""
        return self._held.snapshot()

    def wait_for_held(self, count: int, timeout: float = 5.0) -> bool:
        return self._held.wait_for(count, timeout)

    @property
    def hung_up(self) -> list[tuple[str, int]]:
        """The held clients that closed their connection before the release."""
        return self._hung_up.snapshot()

    def wait_for_hung_up(self, count: int, timeout: float = 5.0) -> bool:
        return self._hung_up.wait_for(count, timeout)

    @property
    def released(self) -> bool:
        return self._released.is_set()

    def release(self) -> None:
        """End the hold: every connection still open is closed by the server from now on."""
        self._released.set()
        with self._lock:
            live = list(self._live)
        for conn in live:
            _shutdown(conn)

    def _accept(self, sock: socket.socket) -> None:
        conn, addr = sock.accept()
        if self._released.is_set():
            conn.close()
            return
        with self._lock:
            self._live.add(conn)
        self._peers[conn] = (addr[0], addr[1])
        self._register(conn, self._read)

    def _read(self, conn: socket.socket) -> None:
        try:
            data = conn.recv(65536)
        except BlockingIOError:
            return
        except OSError:  # reset by the client
            data = b""
        peer = self._peers[conn]
        if data:
            if conn not in self._spoken:
                self._spoken.add(conn)
                self._held.append(peer)
            return
        if conn in self._spoken and not self._released.is_set():
            self._hung_up.append(peer)
        self._spoken.discard(conn)
        del self._peers[conn]
        assert self._selector is not None
        self._selector.unregister(conn)
        self._sockets.remove(conn)
        with self._lock:
            self._live.discard(conn)
        conn.close()


@contextlib.contextmanager
def listening_port() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections (and closes them), for the block's life."""
    with TcpListener() as listener:
        yield listener.port


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on, so a connect is refused (RST).

    The kernel picked it as free and we released it; another process could in theory grab it
    before the test uses it, which on a test machine is vanishingly rare.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


BLACKHOLE_PROBE_TIMEOUT = 0.25
BLACKHOLE_MAX_FILLERS = 8


@contextlib.contextmanager
def blackhole_port(host: str = LOOPBACK, port: int = 0) -> Iterator[int]:
    """A port on `host` (127.0.0.1 by default; `port` 0 lets the kernel choose) where a TCP
    connect gets no answer at all, as behind a dropping firewall, without root or packet filters.

    Why it works: a listening socket never accepts, and its accept queue is filled by
    established connections we hold open. When the accept queue of a listener is full, Linux
    drops an incoming SYN silently (tcp_conn_request: "if (sk_acceptq_is_full(sk)) goto drop",
    checked before SYN cookies, so tcp_syncookies does not help the client), and keeps dropping
    its retransmissions while the queue stays full; the client sees a timeout, not a refusal.
    BSD/macOS also drop SYNs on a full queue; Windows answers with RST instead, so there this
    yields a refused port and the self-check below fails loudly.

    With `listen(0)` Linux admits one connection (the queue is "full" when its length exceeds
    the backlog). Rather than rely on that number, we add fillers until a probe connect does not
    complete within BLACKHOLE_PROBE_TIMEOUT; a probe that is refused or that never times out
    raises RuntimeError.
    """
    if sys.platform == "win32":
        import pytest

        pytest.skip(
            "Windows resets a SYN on a full accept queue: no loopback blackhole there "
            "(Linux and the site-network lab test dropped ports)"
        )
    listener = tcp_listener_socket(port, backlog=0, host=host)
    port = int(listener.getsockname()[1])
    fillers: list[socket.socket] = []
    try:
        for _ in range(BLACKHOLE_MAX_FILLERS):
            probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            probe.settimeout(BLACKHOLE_PROBE_TIMEOUT)
            try:
                probe.connect((host, port))
            except TimeoutError:
                probe.close()  # its SYN was dropped: the queue is full, the port is a blackhole
                break
            except OSError as exc:
                probe.close()
                raise RuntimeError(f"cannot make a blackhole port here: {exc!r}") from exc
            fillers.append(probe)  # connected: it now occupies a slot in the accept queue
        else:
            raise RuntimeError("cannot make a blackhole port here: the accept queue never filled")
        yield port
    finally:
        for sock in fillers:
            sock.close()
        listener.close()
