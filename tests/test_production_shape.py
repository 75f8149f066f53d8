"""docker-compose.yml and the nginx in front of gunicorn (issue 21, item 5), held to the settings:
no Docker engine runs here, so these read the files and run what can run without one."""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests.conftest import PROJECT

pytestmark = pytest.mark.slow  # starts other processes: not in `make test-fast`

COMPOSE = yaml.safe_load((PROJECT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
TEMPLATE = (PROJECT / "deploy" / "nginx" / "vardpeng.conf.template").read_text()


def directive(name: str) -> list[str]:
    """Every value of an nginx directive in the proxy's configuration."""
    return re.findall(rf"^\s*{name}\s+([^;]+);", TEMPLATE, re.M)


def gunicorn_option(name: str) -> str:
    command = SERVICES["web"]["command"]
    return re.search(rf"{name}[ =]([^\s\"]+)", command).group(1)


def test_only_the_proxy_is_published_and_gunicorn_is_not():
    assert "ports" not in SERVICES["web"]
    assert SERVICES["web"]["expose"] == ["8000"]
    assert SERVICES["proxy"]["image"].startswith("nginx:")
    assert sorted(SERVICES["proxy"]["ports"]) == ["443:443", "80:80"]
    assert [name for name, service in SERVICES.items() if "ports" in service] == ["proxy"]


def test_the_proxy_runs_the_template_in_the_repository_against_the_web_service():
    volumes = SERVICES["proxy"]["volumes"]
    environment = SERVICES["proxy"]["environment"]

    assert "./deploy/nginx/vardpeng.conf.template:/etc/nginx/templates/default.conf.template:ro" in volumes
    assert environment["VARDPENG_UPSTREAM"] == "web:8000"
    variables = set(re.findall(r"\$\{(VARDPENG_[A-Z_]+)\}", TEMPLATE))
    assert variables <= set(environment)


def test_the_worker_class_is_chosen_and_the_proxy_waits_longer_than_a_worker():
    timeout = int(gunicorn_option("--timeout"))

    assert gunicorn_option("--worker-class") == "sync"
    # The app's locations wait just longer than the worker timeout (which then decides); /healthz less.
    assert max(int(v.rstrip("s")) for v in directive("proxy_read_timeout")) == timeout + 5
    assert directive("proxy_request_buffering") == ["on"] and directive("proxy_buffering") == ["on"]
    assert directive("client_header_timeout") == ["10s", "10s"]


def test_the_proxy_takes_exactly_the_largest_body_the_app_takes():
    # An upload's limit and its multipart envelope (healthcentres.api.datasets refuses above the same sum).
    largest = settings.VARDPENG_MAX_UPLOAD_BYTES + 64 * 1024

    assert directive("client_max_body_size") == [f"{largest // 1024}k"]
    assert largest > settings.VARDPENG_MAX_DOCUMENT_BYTES


def test_the_web_health_check_is_answered_200_under_production_settings(tmp_path):
    check = SERVICES["web"]["healthcheck"]["test"]
    code = check[check.index("-c") + 1]
    # The health check's own code, with its one request answered by the app (production settings,
    # the host names the compose passes on) instead of over a socket.
    child = f"""
import django, urllib.request
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()
answers = []
def urlopen(request, timeout):
    response = Client().get(request.full_url.split("8000", 1)[1], HTTP_HOST=request.headers["Host"])
    answers.append(response.status_code)
    if response.status_code != 200:
        raise OSError(response.status_code)
urllib.request.urlopen = urlopen
exec({code!r})
print(answers)
"""
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "test-only-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": ".vardpeng.example,vardpeng.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'health.sqlite3'}",
        "CACHE_URL": "locmemcache://",
    }

    answer = subprocess.run(
        [sys.executable, "-c", child], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60, check=False
    )

    assert answer.returncode == 0, answer.stderr[-2000:]
    assert json.loads(answer.stdout) == [200]


def test_the_proxy_health_check_names_an_allowed_host():
    check = " ".join(SERVICES["proxy"]["healthcheck"]["test"])

    assert "http://127.0.0.1/healthz" in check
    assert "DJANGO_ALLOWED_HOSTS" in check and "DJANGO_ALLOWED_HOSTS" in SERVICES["proxy"]["environment"]
    assert directive("listen")[0] == "${VARDPENG_HTTP_PORT} default_server"


@pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(), reason="no nginx")
def test_nginx_accepts_the_configuration_generated_from_the_template():
    spec = importlib.util.spec_from_file_location("slow_clients", PROJECT / "bench" / "slow_clients.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"

    with tempfile.TemporaryDirectory() as folder:
        config = bench.nginx_config(Path(folder), 8000, 80, 443)
        checked = subprocess.run([nginx, "-t", "-c", str(config), "-p", folder], capture_output=True, text=True)

    assert checked.returncode == 0, checked.stderr
