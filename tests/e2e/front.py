"""deploy/nginx.conf in front of real servers, with a self-signed certificate: the file as
shipped, with only this machine's ports and certificate paths put in."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT

NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def required(binary: str, package: str) -> str:
    found = shutil.which(binary) or (
        f"/usr/sbin/{binary}" if Path(f"/usr/sbin/{binary}").exists() else None
    )
    if found is None:
        pytest.fail(f"{binary} is not installed: apt-get install {package} (.ci/run does)")
    return found


def self_signed(directory: Path) -> tuple[Path, Path]:
    openssl = required("openssl", "openssl")
    cert, key = directory / "talkback.crt", directory / "talkback.key"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def nginx_site(ports: list[int], listen: int, plain: int, cert: Path, key: Path) -> str:
    """deploy/nginx.conf as shipped, with only this machine's values put in."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    upstreams = "".join(f"    server 127.0.0.1:{port};\n" for port in ports)
    text, count = re.subn(r"(?m)^    server 127\.0\.0\.1:500\d[^\n]*\n", "", text)
    assert count == 2, "deploy/nginx.conf lists two workers on 5000 and 5001"
    text = text.replace(
        "    hash $talkback_route consistent;\n",
        "    hash $talkback_route consistent;\n" + upstreams,
    )
    replacements = {
        "listen 443 ssl;": f"listen 127.0.0.1:{listen} ssl;",
        "listen [::]:443 ssl;": "",
        "listen 80;": f"listen 127.0.0.1:{plain};",
        "listen [::]:80;": "",
        "/etc/ssl/talkback/fullchain.pem": str(cert),
        "/etc/ssl/talkback/privkey.pem": str(key),
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


class Nginx:
    def __init__(self, directory: Path, site: str, port: int):
        self.binary = required("nginx", "nginx")
        self.directory = directory
        self.port = port
        for sub in ("logs", "temp"):
            (directory / sub).mkdir(parents=True, exist_ok=True)
        (directory / "talkback.conf").write_text(site)
        user = "user root;\n" if os.geteuid() == 0 else ""
        (directory / "nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes 1;\npid {directory}/nginx.pid;\n"
            f"error_log {directory}/logs/error.log info;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            f"  access_log {directory}/logs/access.log;\n"
            f"  client_body_temp_path {directory}/temp/body;\n"
            f"  proxy_temp_path {directory}/temp/proxy;\n"
            f"  fastcgi_temp_path {directory}/temp/fastcgi;\n"
            f"  uwsgi_temp_path {directory}/temp/uwsgi;\n"
            f"  scgi_temp_path {directory}/temp/scgi;\n"
            f"  include {directory}/talkback.conf;\n"
            "}\n"
        )
        self.process: subprocess.Popen | None = None
        self.log = None

    def start(self, timeout: float = 10) -> Nginx:
        checked = subprocess.run(
            [
                self.binary,
                "-t",
                "-p",
                str(self.directory),
                "-c",
                str(self.directory / "nginx.conf"),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert checked.returncode == 0, checked.stderr
        self.log = open(self.directory / "logs" / "stderr.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [self.binary, "-p", str(self.directory), "-c", str(self.directory / "nginx.conf")],
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.directory / "logs" / "error.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.5).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not start in time")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: it closes its workers
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.log is not None:
            self.log.close()
            self.log = None
