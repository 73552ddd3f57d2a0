"""A real OpenID provider for the single sign-on tests: oidc-provider from npm, run by node
on a free local port (provider.mjs), and a browser-like walk through its sign-in pages."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import requests

HERE = Path(__file__).resolve().parent
CLIENT_ID = "talkback-test"
CLIENT_SECRET = "talkback-test-secret-0123456789"


class OpenIDProvider:
    def __init__(self, folder: Path, port: int, redirect_uri: str):
        self.port = port
        self.issuer = f"http://localhost:{port}"
        self.users_file = folder / "oidc-users.json"
        self.mode_file = folder / "oidc-mode.json"
        self.log_path = folder / "oidc-provider.log"
        self.redirect_uri = redirect_uri
        self.process: subprocess.Popen | None = None
        self.log = None
        self.set_users({})
        self.set_mode(None)

    def set_users(self, users: dict[str, dict]) -> None:
        """The provider's people and their claims (groups among them), read at each sign-in."""
        self.users_file.write_text(json.dumps(users))

    def set_mode(self, mode: str | None) -> None:
        """A kind of bad ID token to hand out from now on (provider.mjs), or None."""
        self.mode_file.write_text(json.dumps({"mode": mode}))

    def start(self, timeout: float = 20) -> OpenIDProvider:
        node = shutil.which("node")
        assert node, "node is needed for the OpenID provider (.ci/run installs npm and node)"
        assert (HERE / "node_modules" / "oidc-provider").is_dir(), (
            "oidc-provider is not installed: run `make oidc-provider` (make test does)"
        )
        env = {
            "PATH": "/usr/bin:/bin",
            "PORT": str(self.port),
            "CLIENT_ID": CLIENT_ID,
            "CLIENT_SECRET": CLIENT_SECRET,
            "REDIRECT_URI": self.redirect_uri,
            "USERS_FILE": str(self.users_file),
            "MODE_FILE": str(self.mode_file),
        }
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [node, "provider.mjs"], cwd=HERE, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"provider exited: {self.log_path.read_text()[-2000:]}")
            try:
                url = f"{self.issuer}/.well-known/openid-configuration"
                if requests.get(url, timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the OpenID provider did not start in time")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.log is not None:
            self.log.close()
            self.log = None


class _Forms(HTMLParser):
    """Each form's action and its named inputs' values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action") or "", "fields": {}})
        elif tag == "input" and self.forms and attributes.get("name"):
            self.forms[-1]["fields"][attributes["name"]] = attributes.get("value") or ""


def forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def walk_to_callback(http: requests.Session, url: str, login: str, stop_at: str) -> str:
    """Follow the provider's redirects and fill in its sign-in and consent pages, as a
    person would, until it sends the browser to `stop_at`; that address, not yet visited."""
    method, data = "GET", None
    for _ in range(20):
        response = http.request(method, url, data=data, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if url.startswith(stop_at):
                return url
            method, data = "GET", None
            continue
        assert response.status_code == 200, (response.status_code, response.text[:500])
        form = forms_of(response.text)[0]
        fields = dict(form["fields"])
        if fields.get("prompt") == "login":
            fields.update(login=login, password="any password")
        method, data, url = "POST", fields, urljoin(url, form["action"])
    raise AssertionError("the provider never sent the browser back")
