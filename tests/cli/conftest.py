"""Every command-line test trusts the test CA, as the loopback TLS server's clients must."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def trust_test_ca(monkeypatch: pytest.MonkeyPatch, ca_bundle) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_bundle))
