"""A user-space WAN emulator: delays every packet and drops a seeded fraction of them.

Why: this kernel has no `netem` qdisc (`tc qdisc add ... netem` says "Specified qdisc kind is
unknown"), so the lab's site router sends its WAN traffic through two TUN devices instead, with
policy routing (see faults.wan_link):

    laptop -> lan0 --(ip rule iif lan0: dev UP)--> UP  ==relay==> DOWN --(main)--> wan0 -> Internet
    Internet -> wan0 --(ip rule iif wan0: dev DOWN)--> DOWN ==relay==> UP --(main)--> lan0 -> laptop

A packet the kernel routes into one TUN device is read here, held `--delay-ms` (one way), then
written into the other device, where the kernel receives it and routes it on. Each packet is
dropped with probability `--loss`, decided by `random.Random(--seed)` in arrival order, so a
run is reproducible. It prints `ready` once both devices exist and, on SIGTERM, one JSON line
of counters, so a test can tell that loss really happened.

    python relay.py --up dly0 --down dly1 --delay-ms 150 --loss 0.03 --seed 7
"""

from __future__ import annotations

import argparse
import fcntl
import heapq
import json
import os
import random
import select
import signal
import struct
import sys
import time
from typing import NoReturn

_TUNSETIFF = 0x400454CA
_IFF_TUN = 0x0001
_IFF_NO_PI = 0x1000
_MTU_READ = 65535


def open_tun(name: str) -> int:
    """Create TUN device `name` (gone when this process exits) and return its descriptor."""
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, _TUNSETIFF, struct.pack("16sH", name.encode(), _IFF_TUN | _IFF_NO_PI))
    return fd


class Relay:
    def __init__(self, up: str, down: str, delay_s: float, loss: float, seed: int) -> None:
        self.up, self.down = open_tun(up), open_tun(down)
        # A packet read from one device leaves through the other one.
        self.peer = {self.up: self.down, self.down: self.up}
        self.delay_s, self.loss = delay_s, loss
        self.random = random.Random(seed)
        self.queue: list[tuple[float, int, int, bytes]] = []
        self.counter = 0
        self.stats = {"forwarded": 0, "dropped": 0}

    def run(self) -> None:
        while True:
            now = time.monotonic()
            while self.queue and self.queue[0][0] <= now:
                _, _, fd, packet = heapq.heappop(self.queue)
                os.write(fd, packet)
                self.stats["forwarded"] += 1
            wait = max(0.0, self.queue[0][0] - now) if self.queue else None
            readable, _, _ = select.select([self.up, self.down], [], [], wait)
            for fd in readable:
                packet = os.read(fd, _MTU_READ)
                if self.random.random() < self.loss:
                    self.stats["dropped"] += 1
                    continue
                self.counter += 1
                heapq.heappush(
                    self.queue,
                    (time.monotonic() + self.delay_s, self.counter, self.peer[fd], packet),
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--up", required=True)
    parser.add_argument("--down", required=True)
    parser.add_argument("--delay-ms", type=float, required=True, help="one-way delay")
    parser.add_argument("--loss", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    relay = Relay(args.up, args.down, args.delay_ms / 1000, args.loss, args.seed)

    def finish(_signum: int, _frame: object) -> NoReturn:
        print(json.dumps(relay.stats), flush=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, finish)
    print("ready", flush=True)
    relay.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
