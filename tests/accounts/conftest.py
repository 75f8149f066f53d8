"""The test OpenID provider (tests/accounts/oidc_provider.py), one process per test session."""

from __future__ import annotations

import copy
import json
import os
import select
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


@dataclass
class RunningProvider:
    issuer: str

    def configure(self, **config) -> None:
        """Reset the provider to its defaults changed by ``config`` (see the provider's docstring)."""
        request = urllib.request.Request(f"{self.issuer}/test/config", data=json.dumps(config).encode(), method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

    def log(self) -> dict:
        with urllib.request.urlopen(f"{self.issuer}/test/log", timeout=10) as response:
            return json.load(response)


@pytest.fixture(scope="session")
def oidc_provider_process():
    # The provider is on the loopback address: never through a proxy the environment may name.
    for name in ("no_proxy", "NO_PROXY"):
        os.environ[name] = ",".join(filter(None, [os.environ.get(name), "127.0.0.1", "localhost"]))
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.accounts.oidc_provider"],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([process.stdout], [], [], 30)
        line = process.stdout.readline() if ready else ""
        assert line.startswith("PORT "), f"the test OpenID provider did not start ({line!r})"
        yield RunningProvider(issuer=f"http://127.0.0.1:{int(line.split()[1])}")
    finally:
        process.terminate()
        process.wait(timeout=10)


def use_provider(settings, issuer: str, client_id: str = "vardpeng-test", client_secret: str = "test-secret") -> None:
    """Settings as the environment would give them (VARDPENG_OIDC_*), and a client that has not
    read the provider yet."""
    from accounts import oidc

    settings.VARDPENG_OIDC_ISSUER = issuer
    settings.VARDPENG_OIDC_CLIENT_ID = client_id
    settings.VARDPENG_OIDC_CLIENT_SECRET = client_secret
    settings.VARDPENG_OIDC_ROLE_CLAIM = "roles"
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(oidc.provider_origin(issuer))  # as config/settings/base.py does
    settings.CONTENT_SECURITY_POLICY = policy
    oidc._clients.clear()


@pytest.fixture
def provider(oidc_provider_process, settings):
    """The provider, reset to approve "anna" (sub person-1, vardpeng:viewer), and the app set to use it."""
    oidc_provider_process.configure()
    use_provider(settings, oidc_provider_process.issuer)
    yield oidc_provider_process
    from accounts import oidc

    oidc._clients.clear()
