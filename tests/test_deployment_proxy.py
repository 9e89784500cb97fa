"""deploy/nginx-site.conf, as the README tells an administrator to install it, in front of a real
dashboard server: HTTPS with a certificate made for the test, the redirect from HTTP, the pages and
their WebSocket through the proxy in chromium, and Streamlit's metrics closed. Only the ports, the
certificate paths and the server name are changed from the file."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from browser import ROOT, chromium, dashboard_server, free_port, wait_for_app
from store_fixtures import Project, write_disbursement
from data_pipeline.ingest import ingest

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
SITE = ROOT / "deploy" / "nginx-site.conf"
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx-light)")


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=localhost", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def site_for_test(upstream: int, https: int, http: int, cert: Path, key: Path) -> str:
    text = SITE.read_text(encoding="utf-8")
    for old, new in (("127.0.0.1:8501", f"127.0.0.1:{upstream}"), ("listen 443 ssl", f"listen 127.0.0.1:{https} ssl"),
                     ("listen 80", f"listen 127.0.0.1:{http}"), ("bangdieuhanh.caobang.gov.vn", "localhost"),
                     ("/etc/ssl/certs/bangdieuhanh.pem", str(cert)), ("/etc/ssl/private/bangdieuhanh.key", str(key))):
        assert old in text, f"deploy/nginx-site.conf no longer holds «{old}»"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    folder = tmp_path_factory.mktemp("proxy")
    db = folder / "store.duckdb"
    ingest(write_disbursement(folder / "t5.xlsx", [Project("Đường Hòa An", location="Xã Hòa An", plan=100.0,
                                                           disbursed=40.0)]), db=db)
    cert, key = self_signed(folder)
    with dashboard_server(db, DASHBOARD_TEST_ACCOUNT="viewer") as url:
        upstream = int(url.rsplit(":", 1)[1])
        https, http = free_port(), free_port()
        (folder / "site.conf").write_text(site_for_test(upstream, https, http, cert, key), encoding="utf-8")
        (folder / "nginx.conf").write_text(
            f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
            f"http {{\n access_log off;\n client_body_temp_path {folder}/body;\n proxy_temp_path {folder}/proxy;\n"
            f" include {folder}/site.conf;\n}}\n", encoding="utf-8")
        proc = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.time() + 20
            while not (folder / "nginx.pid").exists():
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"nginx did not start: {proc.stderr.read().decode(errors='replace')}")
                time.sleep(0.1)
            yield f"https://localhost:{https}", f"http://localhost:{http}"
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def fetch(url: str):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}


def test_plain_http_is_sent_to_https(proxied):
    _, http = proxied
    status, headers = fetch(http + "/nhiem_vu")
    assert status == 301
    assert headers["location"].startswith("https://localhost") and headers["location"].endswith("/nhiem_vu")


def test_https_answers_with_the_servers_guard_and_hsts(proxied):
    https, _ = proxied
    status, headers = fetch(https + "/")
    assert status == 200
    assert headers.get("x-frame-options") == "DENY"
    assert "max-age=" in headers.get("strict-transport-security", "")
    assert fetch(https + "/_stcore/metrics")[0] == 404


@pytest.mark.browser
def test_a_page_runs_through_the_proxy_over_its_websocket(proxied):
    https, _ = proxied
    with chromium() as browser:
        context = browser.new_context(ignore_https_errors=True, locale="vi-VN")
        page = context.new_page()
        page.goto(https + "/dau_tu_cong")
        wait_for_app(page, timeout=60000)
        # The heading is written by the page's script: it came over the WebSocket through nginx.
        page.get_by_role("heading", name="Giải ngân vốn đầu tư công").first.wait_for(timeout=30000)
        assert page.locator('[data-testid="stException"]').count() == 0
        context.close()
