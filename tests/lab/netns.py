"""Network namespaces as small objects: create, run a command in, spawn a daemon in, delete.

Every lab namespace is named `snclab<owner pid>-<role>`, so a run never touches another live
run's hosts and a leftover of a killed run is recognised (its owner is gone) and removed at the
next start. Daemons get PR_SET_PDEATHSIG, so they die with the test process even on SIGKILL.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

PREFIX = "snclab"
NETNS_RUN = Path("/run/netns")
NETNS_ETC = Path("/etc/netns")
COMMAND_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0

_CLONE_NEWNET = 0x40000000
_PR_SET_PDEATHSIG = 1
# The C library of this process (prctl, setns). On Windows, where pytest still imports this
# module to collect tests/lab (then deselected by `-m "not lab"`), CDLL(None) raises TypeError.
_libc = ctypes.CDLL(None, use_errno=True) if sys.platform != "win32" else None
# ip, nft, dnsmasq and chronyd live in sbin, which a non-login PATH may lack.
SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])


def command_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "PATH": SEARCH_PATH, **(extra or {})}


class LabError(RuntimeError):
    """A lab command failed: the message holds the command and what it printed."""


def run(
    argv: Sequence[str],
    *,
    input: str | None = None,
    check: bool = True,
    timeout: float = COMMAND_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """Run a short command; a failure raises LabError with its stderr (not a bare exit code)."""
    done = subprocess.run(
        list(argv),
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=command_env(),
    )
    if check and done.returncode != 0:
        raise LabError(
            f"{' '.join(argv)} -> exit {done.returncode}: {(done.stderr or done.stdout).strip()}"
        )
    return done


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the test process goes, however it goes."""
    assert _libc is not None
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Daemon:
    """A long-running process in a namespace (dnsmasq, chronyd, a relay, the lab's servers)."""

    def __init__(
        self, name: str, argv: Sequence[str], log: Path, *, env: dict[str, str] | None = None
    ) -> None:
        self.name = name
        self.log = log
        self._log_file = log.open("ab")
        self.process = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._log_file,
            env=command_env(env),
            preexec_fn=_die_with_parent,
            # Its own session: a Ctrl-C at the terminal reaches pytest, which stops it in order.
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_for_line(self, wanted: str, timeout: float = 10.0) -> None:
        """Block until the daemon prints `wanted` on a line of its stdout (its readiness signal)."""
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        buffer = b""
        while True:
            if self.process.poll() is not None:
                raise LabError(
                    f"{self.name} exited with {self.process.returncode}: {self.log_text()}"
                )
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LabError(f"{self.name} not ready after {timeout:g} s: {self.log_text()}")
            readable, _, _ = select.select([self.process.stdout], [], [], min(remaining, 0.2))
            if readable:
                chunk = os.read(self.process.stdout.fileno(), 4096)
                buffer += chunk
                if wanted.encode() in buffer.splitlines():
                    return

    def stop(self) -> str:
        """Terminate (then kill) by pid; returns what it printed on stdout since readiness."""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            out, _ = self.process.communicate(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, _ = self.process.communicate(timeout=STOP_TIMEOUT)
        self._log_file.close()
        return out.decode(errors="replace")

    def log_text(self) -> str:
        self._log_file.flush()
        return self.log.read_text(errors="replace")[-2000:]


class Namespace:
    """One test host: a network namespace and the helpers to configure and use it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Namespace({self.name!r})"

    def create(self) -> None:
        run(["ip", "netns", "add", self.name])
        self.ip("link", "set", "lo", "up")
        # IPv6 stays off: the lab speaks IPv4 documentation ranges only, and stays quiet.
        self.sysctl("net.ipv6.conf.all.disable_ipv6", "1")
        self.sysctl("net.ipv6.conf.default.disable_ipv6", "1")

    def delete(self) -> None:
        delete_namespace(self.name)

    def ip(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return run(["ip", "-n", self.name, *args], check=check)

    def exec(
        self, *argv: str, input: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        return run(self.exec_argv(*argv), input=input, check=check)

    def exec_argv(self, *argv: str) -> list[str]:
        return ["ip", "netns", "exec", self.name, *argv]

    def sysctl(self, key: str, value: str) -> None:
        self.exec("sysctl", "-q", "-w", f"{key}={value}")

    def nft(self, ruleset: str) -> None:
        """Load an nftables ruleset (text) atomically."""
        self.exec("nft", "-f", "-", input=ruleset)

    def spawn(
        self, name: str, argv: Sequence[str], log: Path, *, env: dict[str, str] | None = None
    ) -> Daemon:
        return Daemon(name, self.exec_argv(*argv), log, env=env)

    def etc_dir(self) -> Path:
        """`/etc/netns/<name>`: `ip netns exec` bind-mounts its files over `/etc`."""
        return NETNS_ETC / self.name

    def socket(
        self,
        family: socket.AddressFamily = socket.AF_INET,
        kind: socket.SocketKind = socket.SOCK_DGRAM,
    ) -> socket.socket:
        """A socket that lives in this namespace, made from this process (setns in a thread).

        A socket keeps the namespace it was created in, so the lab can probe from the laptop
        without starting an interpreter per probe.
        """
        made: dict[str, socket.socket | BaseException] = {}

        def work() -> None:
            fd = os.open(NETNS_RUN / self.name, os.O_RDONLY)
            try:
                assert _libc is not None
                if _libc.setns(fd, _CLONE_NEWNET) != 0:
                    error = ctypes.get_errno()
                    raise OSError(error, f"setns {self.name}: {os.strerror(error)}")
                made["sock"] = socket.socket(family, kind)
            except BaseException as exc:  # handed to the caller's thread
                made["error"] = exc
            finally:
                os.close(fd)

        # The thread ends right after, so its changed namespace dies with it.
        worker = threading.Thread(target=work, name=f"setns:{self.name}")
        worker.start()
        worker.join()
        if "error" in made:
            raise made["error"]
        sock = made["sock"]
        assert isinstance(sock, socket.socket)
        return sock


def owner_pid(name: str) -> int | None:
    """The pid encoded in a lab namespace name, None for a name that is not the lab's."""
    if not name.startswith(PREFIX):
        return None
    digits = name[len(PREFIX) :].split("-", 1)[0]
    return int(digits) if digits.isdigit() else None


def _alive(pid: int) -> bool:
    """A killed owner may linger as a zombie that nobody reaps: that counts as gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


def lab_namespaces() -> list[str]:
    listing = run(["ip", "netns", "list"], check=False).stdout
    return [
        line.split()[0]
        for line in listing.splitlines()
        if line.split() and owner_pid(line.split()[0]) is not None
    ]


def delete_namespace(name: str) -> None:
    """Kill the processes the lab started in `name` (by pid), delete it and its /etc dir."""
    pids = run(["ip", "netns", "pids", name], check=False).stdout.split()
    for pid in (int(p) for p in pids if p.isdigit()):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    run(["ip", "netns", "del", name], check=False)
    shutil.rmtree(NETNS_ETC / name, ignore_errors=True)


def remove_stale() -> list[str]:
    """Delete lab namespaces (and /etc/netns dirs) whose owner process is gone."""
    removed = []
    names = set(lab_namespaces())
    if NETNS_ETC.is_dir():
        names |= {p.name for p in NETNS_ETC.iterdir() if owner_pid(p.name) is not None}
    for name in sorted(names):
        pid = owner_pid(name)
        if pid is not None and (pid == os.getpid() or not _alive(pid)):
            delete_namespace(name)
            removed.append(name)
    return removed


def unavailable_reason(tools: Sequence[str]) -> str | None:
    """Why the lab cannot run here, in one sentence; None when it can."""
    if sys.platform != "linux":
        return "the site-network lab needs Linux (network namespaces, nftables)"
    if os.geteuid() != 0:
        return "the site-network lab needs root (network namespaces, nftables)"
    missing = [tool for tool in tools if shutil.which(tool, path=SEARCH_PATH) is None]
    if missing:
        return f"the site-network lab needs {', '.join(missing)} (see README, 'Site-network lab')"
    probe = f"{PREFIX}{os.getpid()}-probe"
    done = run(["ip", "netns", "add", probe], check=False)
    run(["ip", "netns", "del", probe], check=False)
    if done.returncode != 0:
        return f"network namespaces are not supported here: {done.stderr.strip()}"
    return None
