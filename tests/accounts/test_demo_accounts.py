"""Demo accounts for a newcomer: made by load_demo with DEBUG on (local settings), never on a server."""

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from regions.models import Role

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_with_debug_on_load_demo_makes_an_analyst_of_every_demo_region_and_a_viewer(settings):
    settings.DEBUG = True

    printed = load_demo()

    analyst = Role.objects.get(user__username="demo-analytiker")
    assert analyst.kind == Role.Kind.ANALYST
    assert sorted(analyst.regions.values_list("code", flat=True)) == ["AC", "T", "U", "Z"]
    assert Role.objects.get(user__username="demo-politiker").kind == Role.Kind.VIEWER
    assert "demo-analytiker" in printed and "vardpeng-demo" in printed


def test_under_local_settings_the_demo_analyst_signs_in_with_the_published_password(client, settings):
    settings.DEBUG = True
    load_demo()

    response = client.post("/accounts/login/", {"username": "demo-analytiker", "password": "vardpeng-demo"})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get(username="demo-analytiker").pk)
    assert client.get("/regions/AC/upload/").status_code == 200


def test_loading_again_repairs_a_changed_demo_password(client, settings):
    settings.DEBUG = True
    load_demo()
    user = get_user_model().objects.get(username="demo-politiker")
    user.set_password("something-else-entirely")
    user.save()

    load_demo()

    assert client.login(username="demo-politiker", password="vardpeng-demo")


def test_with_debug_off_load_demo_makes_no_account_removes_old_ones_and_says_why(settings):
    settings.DEBUG = True
    load_demo()
    settings.DEBUG = False

    printed = load_demo()

    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
    lines = [line for line in printed.splitlines() if line.startswith("Demo accounts")]
    assert len(lines) == 1 and "DEBUG is off" in lines[0]


def test_make_runs_line_names_both_accounts_with_the_address_only_with_debug_on(settings):
    settings.DEBUG = True
    load_demo()
    out = io.StringIO()

    call_command("demo_accounts", address="http://127.0.0.1:8123/", stdout=out)
    settings.DEBUG = False
    off = io.StringIO()
    call_command("demo_accounts", address="http://127.0.0.1:8123/", stdout=off)

    printed = out.getvalue()
    assert "http://127.0.0.1:8123/accounts/login/" in printed
    assert "demo-analytiker" in printed and "demo-politiker" in printed and "vardpeng-demo" in printed
    assert "vardpeng-demo" not in off.getvalue()


def test_under_production_settings_load_demo_leaves_no_demo_account(tmp_path):
    database = tmp_path / "db.sqlite3"
    environment = os.environ | {"DATABASE_URL": f"sqlite:///{database}"}
    production = environment | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "production-like-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "vardpeng.example",
    }
    local = environment | {"DJANGO_SETTINGS_MODULE": "config.settings.local", "DJANGO_DEBUG": "true"}

    def manage(env, *args) -> str:
        command = [sys.executable, "manage.py", *args]
        return subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, check=True).stdout

    manage(production, "migrate", "--noinput", "-v", "0")
    manage(local, "load_demo")  # a database once used locally, now in production
    printed = manage(production, "load_demo")

    with sqlite3.connect(database) as db:
        left = db.execute("SELECT username FROM auth_user WHERE username LIKE 'demo-%'").fetchall()
    assert left == []
    assert "DEBUG is off" in printed
