"""The lab's Internet-side peers, run as one process inside a namespace.

    python servers.py --listen 0.0.0.0:52007 --tls 0.0.0.0:443:CERT:KEY --servfail ADDR:53

`--listen` accepts TCP and closes (an open VPN port), `--tls` completes a TLS handshake with
the given chain and closes (the endpoint's HTTPS, or an inspecting firewall's), `--servfail`
answers every DNS query with SERVFAIL (a broken upstream that the site's dnsmasq relays).
It prints `ready` once every socket is bound, so the lab waits on that instead of sleeping.
Standard library only, except dnspython for `--servfail`, which the product depends on anyway.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import ssl
import sys
from typing import cast


def _split(text: str) -> tuple[str, int, list[str]]:
    host, port, *rest = text.split(":")
    return host, int(port), rest


async def _close(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(OSError, ssl.SSLError):
        await writer.wait_closed()


class _ServfailProtocol(asyncio.DatagramProtocol):
    """Answer each query with SERVFAIL, echoing its id and question like a lame server."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        import dns.message
        import dns.rcode

        try:
            query = dns.message.from_wire(data)
        except Exception:  # not DNS: a real server ignores it too
            return
        reply = dns.message.make_response(query)
        reply.set_rcode(dns.rcode.SERVFAIL)
        self.transport.sendto(reply.to_wire(), addr)


async def serve(args: argparse.Namespace) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    servers: list[asyncio.AbstractServer] = []
    for spec in args.listen:
        host, port, _ = _split(spec)
        servers.append(await asyncio.start_server(_close, host, port, reuse_address=True))
    for spec in args.tls:
        host, port, (cert, key) = _split(spec)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        servers.append(
            await asyncio.start_server(
                _close, host, port, ssl=context, reuse_address=True, ssl_handshake_timeout=10
            )
        )
    for spec in args.servfail:
        host, port, _ = _split(spec)
        await loop.create_datagram_endpoint(_ServfailProtocol, local_addr=(host, port))
    print("ready", flush=True)
    await stop.wait()
    for server in servers:
        server.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listen", action="append", default=[], metavar="ADDR:PORT")
    parser.add_argument("--tls", action="append", default=[], metavar="ADDR:PORT:CERT:KEY")
    parser.add_argument("--servfail", action="append", default=[], metavar="ADDR:PORT")
    asyncio.run(serve(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
