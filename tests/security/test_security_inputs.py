"""Values refused where they enter: an empty option never falls back to the real endpoint, a
host name follows DNS's rules, a line break is no part of a value; every one is exit 2 and one
line in the reader's language. And a certificate must name the endpoint where browsers look."""

from __future__ import annotations

import datetime
import ssl
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from helpers import TlsServer
from helpers.cli import cli
from helpers.site import ENDPOINT, loopback_site

from app.core.probes.tls import TlsFailure, TlsOutcome, handshake

pytestmark = pytest.mark.usefixtures("trust_test_ca")

OFFLINE = ("check", "--only", "firmware", "--model", "cp6000", "--firmware", "2024.03.00.428")


def no_adapters():
    raise AssertionError("refused before the run: the adapters are not even read")


def refused(*argv: str, lang: str = "en") -> str:
    """The one line a bad command line gets; nothing runs, nothing is printed on stdout."""
    code, out, err = cli("check", "--json", "--lang", lang, *argv, adapters=no_adapters)
    assert (code, out) == (2, ""), err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    return err


@pytest.mark.parametrize(
    "option", ["--endpoint", "--interface", "--region", "--dns-server", "--ntp-server", "--rules"]
)
@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_value_is_a_usage_error_never_the_default(option, value) -> None:
    assert f"{option}: the value is empty" in refused(option, value)
    assert f"{option} : la valeur est vide" in refused(option, value, lang="fr")


@pytest.mark.parametrize(
    "option", ["--endpoint", "--interface", "--dns-server", "--ntp-server", "--firmware"]
)
def test_a_line_break_in_a_value_is_refused_in_one_line(option) -> None:
    good = {
        "--dns-server": "127.0.0.1",
        "--ntp-server": "127.0.0.1",
        "--firmware": "2024.03.00.428",
    }
    err = refused(option, good.get(option, "vpn.test.example") + "\nPASS")
    assert "a line break or a control character" in err and "\\x0aPASS" in err


@pytest.mark.parametrize(
    "endpoint",
    [
        "a..b",
        ".vpn.example",
        "-vpn.example",
        "vpn-.example",
        "a" * 64 + ".example",
        ".".join(["a" * 63] * 4),  # 255 characters
        "vpn.example..",
    ],
    ids=[
        "empty-label",
        "leading-dot",
        "leading-hyphen",
        "trailing-hyphen",
        "label-64",
        "255",
        "two-dots",
    ],
)
def test_a_host_name_follows_the_dns_rules(endpoint) -> None:
    assert "--endpoint: not a host name or address" in refused(f"--endpoint={endpoint}")


def test_the_longest_names_dns_allows_are_accepted() -> None:
    longest = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61])  # 253 characters
    for endpoint in ("a" * 63 + ".example", longest, longest + "."):
        code, _, err = cli("check", "--endpoint", endpoint, "--only", "firmware", "--json")
        assert code == 0, err


@pytest.mark.parametrize(
    "server",
    [
        "[::1",
        "[127.0.0.1]garbage",
        "[127.0.0.1]",
        "[::1]53",
        "[::1]:",
        "::1]",
        "127.0.0.1:+53",
        "127.0.0.1: 53",
    ],
)
def test_dns_server_brackets_and_ports_are_read_strictly(server) -> None:
    assert "--dns-server: expected ADDRESS[:PORT]" in refused("--dns-server", server)


def test_a_trailing_dot_names_the_same_endpoint_and_tls_passes(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca) as site:
        args = site.cli_args()
        args[args.index(ENDPOINT)] = ENDPOINT + "."
        code, out, err = cli(
            "check",
            *args,
            "--rules",
            str(site.rules_file(tmp_path)),
            "--only",
            "adapter,dns,tls",
            adapters=site.adapters,
        )
    assert code == 0, out + err
    assert "TLS_OK" in out and "TLS_FAILED" not in out


class CommonNameOnly:
    """A leaf signed by `ca` naming `host` only in its subject's CN: no subjectAltName."""

    def __init__(self, ca, host: str, folder) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
            .issuer_name(ca._certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .sign(ca._private_key, hashes.SHA256())
        )
        self.chain = folder / "cn-only.pem"
        self.key = folder / "cn-only.key"
        self.chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        self.key.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )

    def configure_cert(self, context: ssl.SSLContext) -> None:
        context.load_cert_chain(self.chain, self.key)


def test_a_certificate_naming_the_endpoint_only_in_its_cn_is_refused(tls_ca, tmp_path) -> None:
    with TlsServer(CommonNameOnly(tls_ca, ENDPOINT, tmp_path)) as server:  # type: ignore[arg-type]
        report = handshake("127.0.0.1", server.port, ENDPOINT, 2.0, 2.0)
    assert report.outcome == TlsOutcome.FAILED, report
    assert report.failure == TlsFailure.HOSTNAME


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_under_the_output_is_exit_2_in_one_line() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "app", *OFFLINE, "--lang", "fr"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            cwd=Path(__file__).parents[2],
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "plus d'espace sur le disque" in done.stderr
