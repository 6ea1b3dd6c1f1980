"""The production nginx configuration, served for real by deploy/run-nginx on loopback.

One build of the repo's site per module; nginx serves it with the rules of deploy/nginx/ and the
tests check status codes, headers, caching, compression and content types over HTTP, then load
pages in Chromium under the Content-Security-Policy and require that nothing is blocked.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.client
import json
import re
import shutil
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from playwright.sync_api import Browser, ConsoleMessage, expect

from ..conftest import (
    REPO,
    Page,
    SampleSite,
    free_port,
    parse_html,
    wait_until_listening,
)

DEPLOY = REPO / "deploy"
IMMUTABLE = "public, max-age=31536000, immutable"
SECURITY_HEADERS = {
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
    "strict-transport-security",
    "cross-origin-opener-policy",
    "x-frame-options",
}
# Script types browsers do not execute: data blocks that need no hash.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}

# Files of these kinds are checked for their Content-Type; where the build has none yet, the test
# writes one into its copy of the site (name, content type nginx must send, sample content).
TYPED_SAMPLES = {
    ".geojson": ("application/geo+json", '{"type": "FeatureCollection", "features": []}'),
    ".vcf": ("text/vcard", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Test\r\nEND:VCARD\r\n"),
    # Large enough to be compressed (gzip_min_length 256).
    ".json": ("application/json", json.dumps([{"id": n, "titel": "Beispiel"} for n in range(20)])),
    ".jsonld": ("application/ld+json", '{"@context": "https://schema.org"}'),
    ".csv": ("text/csv", "id,titel\r\n1,Test\r\n"),
    # The events' calendar files (issue 15): calendar programs go by the type.
    ".ics": (
        "text/calendar",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//DE\r\nEND:VCALENDAR\r\n",
    ),
    ".wasm": ("application/wasm", None),
}


# --------------------------------------------------------------------------- helpers


@dataclass
class Server:
    port: int
    site: Path
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def start_nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """Start deploy/run-nginx for a site; every server is stopped when the module ends."""
    servers: list[Server] = []

    def start(site: Path) -> Server:
        work = tmp_path_factory.mktemp("nginx")
        port = free_port()
        log = work / "run-nginx.log"
        with log.open("wb") as handle:
            process = subprocess.Popen(
                [str(DEPLOY / "run-nginx"), str(site), str(port), "--workdir", str(work / "run")],
                stdout=handle,
                stderr=subprocess.STDOUT,
            )
        server = Server(port, site, process, log)
        servers.append(server)
        wait_until_listening(process, port, log)
        return server

    yield start
    for server in servers:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        value = self.headers.get(name)
        assert value is not None, f"no {name} header; headers: {dict(self.headers)}"
        return value


def fetch(server: Server, path: str, **headers: str) -> Response:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(
            "GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()}
        )
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


def csp_directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def inline_script_hashes(site: Path) -> set[str]:
    """sha256 sources of every executed inline script, parsed independently of deploy/."""
    hashes = set()
    for path in site.rglob("*.html"):
        root = parse_html(path.read_text(encoding="utf-8"))
        for script in root.find_all("script"):
            if "src" in script.attrs or script.attrs.get("type") in DATA_SCRIPT_TYPES:
                continue
            digest = hashlib.sha256(script.text().encode("utf-8")).digest()
            hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def largest(site: Path, pattern: str) -> str:
    """Site path of the largest file matching `pattern` anywhere in the site."""
    found = list(site.rglob(pattern))
    assert found, f"no {pattern} in {site}"
    path = max(found, key=lambda path: path.stat().st_size)
    return "/" + quote(path.relative_to(site).as_posix())


def one(site: Path, pattern: str) -> str:
    """Site path (with leading /) of the first file matching `pattern`."""
    found = sorted(site.glob(pattern))
    assert found, f"no {pattern} in {site}"
    return "/" + quote(found[0].relative_to(site).as_posix())


def file_of(site: Path, path: str) -> Path:
    """The file nginx serves for URL path `path`."""
    relative = unquote(path).lstrip("/")
    return site / (relative + "index.html" if relative.endswith("/") or not relative else relative)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def site(sample_site: SampleSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repo's site (a copy of conftest's `sample_site`), with a file of every checked type."""
    # run-nginx refuses a site built without extra.scope (tested below): the repo's mkdocs.yml
    # sets it, so the shared build is the one nginx serves.
    config = (sample_site.project / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^  scope:", config, flags=re.MULTILINE), "mkdocs.yml: no extra.scope"
    site_dir = sample_site.copy_site(tmp_path_factory.mktemp("nginx-site") / "site")
    for suffix, (_, content) in TYPED_SAMPLES.items():
        if next(site_dir.rglob(f"*{suffix}"), None) is None:
            sample = site_dir / "nginx-test" / f"beispiel{suffix}"
            sample.parent.mkdir(exist_ok=True)
            # The smallest valid WebAssembly module: magic number and version.
            sample.write_bytes(b"\0asm\x01\0\0\0" if content is None else content.encode())
    return site_dir


@pytest.fixture(scope="module")
def server(site: Path, start_nginx) -> Server:
    return start_nginx(site)


@pytest.fixture(scope="module")
def pagefind_server(site: Path, start_nginx, tmp_path_factory: pytest.TempPathFactory) -> Server:
    """The site with a Pagefind index: the build's own, or one made here with the pagefind CLI
    should the build not write one."""
    if (site / "pagefind").is_dir():
        return start_nginx(site)
    copy = tmp_path_factory.mktemp("pagefind") / "site"
    shutil.copytree(site, copy)
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(copy)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return start_nginx(copy)


@pytest.fixture(scope="module")
def initiative_path(site: Path) -> str:
    return one(site, "initiativen/*/index.html").removesuffix("index.html")


# --------------------------------------------------------------------------- status codes


def test_pages_answer_200(server: Server, site: Path, initiative_path: str) -> None:
    for path in ("/", "/initiativen/", initiative_path, "/sitemap.xml", "/404.html"):
        response = fetch(server, path)
        assert response.status == 200, path
        assert response.body == file_of(site, path).read_bytes(), path


def test_folder_without_slash_redirects_relatively(server: Server) -> None:
    response = fetch(server, "/initiativen")
    assert response.status == 301
    assert response.header("Location") == "/initiativen/"


def test_missing_path_gets_404_with_the_site_404_page(server: Server, site: Path) -> None:
    not_found = (site / "404.html").read_bytes()
    for path in ("/gibt-es-nicht/", "/initiativen/gibt-es-nicht/", "/gibt-es-nicht.html"):
        response = fetch(server, path)
        assert response.status == 404, path
        assert response.body == not_found, path


def test_no_directory_listing(server: Server, site: Path) -> None:
    not_found = (site / "404.html").read_bytes()
    folders = [p for p in site.rglob("*") if p.is_dir() and not (p / "index.html").exists()]
    assert site / "assets" in folders
    for folder in folders:
        path = "/" + quote(folder.relative_to(site).as_posix()) + "/"
        response = fetch(server, path)
        assert response.status == 404, path
        assert response.body == not_found, path


def test_hidden_files_are_not_served(server: Server, site: Path) -> None:
    hidden = site / ".env"
    hidden.write_text("SECRET=1\n", encoding="utf-8")
    try:
        response = fetch(server, "/.env")
    finally:
        hidden.unlink()
    assert response.status == 404
    assert b"SECRET" not in response.body


# --------------------------------------------------------------------------- headers


def test_security_headers_on_every_kind_of_response(
    server: Server, site: Path, initiative_path: str
) -> None:
    paths = [
        "/",
        initiative_path,
        one(site, "assets/javascripts/bundle.*.min.js"),
        one(site, "assets/stylesheets/main.*.min.css"),
        "/sitemap.xml",
        "/gibt-es-nicht/",
        "/assets/",
        "/initiativen",
    ]
    for path in paths:
        response = fetch(server, path)
        missing = {name for name in SECURITY_HEADERS if response.headers.get(name) is None}
        assert not missing, f"{path} ({response.status}) lacks {missing}"
        assert response.header("X-Content-Type-Options") == "nosniff"
        assert response.header("Referrer-Policy") == "no-referrer"
        assert response.header("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
        assert response.header("Cross-Origin-Opener-Policy") == "same-origin"
        assert response.header("X-Frame-Options") == "DENY"
        assert response.header("Server") == "nginx", "server_tokens must hide the version"
        # Each header once: a duplicate would mean a location added its own on top.
        for name in SECURITY_HEADERS:
            assert len(response.headers.get_all(name)) == 1, (path, name)


# --------------------------------------------------------------------------- nginx's own responses

# What the site's files are checked against: every header of headers.conf, and Cache-Control.
ONCE = (*sorted(SECURITY_HEADERS), "cache-control")
PRODUCTION_HOST = "connected.essen.example"


def raw_request(
    target: str = "/",
    *,
    method: str = "GET",
    version: str = "HTTP/1.1",
    host: str | None = "localhost",
    headers: dict[str, str] | None = None,
) -> bytes:
    """A request as bytes, so that it can be malformed in ways client libraries refuse."""
    lines = [f"{method} {target} {version}"]
    if host is not None:
        lines.append(f"Host: {host}")
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def raw_exchange(
    port: int, request: bytes, context: ssl.SSLContext | None = None
) -> tuple[int, http.client.HTTPMessage]:
    """Send `request` as is over a socket (TLS with `context`); status and headers of the answer,
    parsed by http.client's response reader."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as plain:
        channel = context.wrap_socket(plain, server_hostname=PRODUCTION_HOST) if context else plain
        try:
            channel.sendall(request)
            response = http.client.HTTPResponse(channel, method="GET")  # type: ignore[arg-type]
            response.begin()
            response.read()
            return response.status, response.headers
        finally:
            if channel is not plain:
                channel.close()


def header_counts(headers: http.client.HTTPMessage) -> dict[str, int]:
    return {name: len(headers.get_all(name) or []) for name in ONCE}


def error_cases(site: Path, host: str) -> dict[str, tuple[bytes, int]]:
    """Requests that make nginx answer with an error of its own (name: request, status)."""
    asset = one(site, "assets/javascripts/bundle.*.min.js")
    beyond = {"Range": "bytes=99999999-"}
    return {
        "unlesbare Anfragezeile": (b"KAPUTT\r\n\r\n", 400),
        "Host mit Leerzeichen": (raw_request(host="a b"), 400),
        "HTTP/1.1 ohne Host": (raw_request(host=None), 400),
        "Kopfzeile zu groß": (raw_request(host=host, headers={"X-Gross": "a" * 20_000}), 400),
        "URI zu lang": (raw_request("/" + "a" * 20_000, host=host), 414),
        "HTTP-Version unbekannt": (raw_request(version="HTTP/2.5", host=host), 505),
        "Transfer-Encoding unbekannt": (
            raw_request(method="POST", host=host, headers={"Transfer-Encoding": "gzip"}),
            501,
        ),
        "Bereich hinter dem Ende (Seite)": (raw_request("/", host=host, headers=beyond), 416),
        "Bereich hinter dem Ende (Asset)": (raw_request(asset, host=host, headers=beyond), 416),
        "Bereich gültig": (raw_request("/", host=host, headers={"Range": "bytes=0-9"}), 206),
        "POST auf eine Seite": (raw_request(method="POST", host=host), 405),
        "Körper zu groß": (
            raw_request(method="POST", host=host, headers={"Content-Length": "99999999"}),
            413,
        ),
        "fehlende Seite": (raw_request("/gibt-es-nicht/", host=host), 404),
        "versteckte Datei": (raw_request("/.git/config", host=host), 404),
        "Sicherungskopie": (raw_request("/index.html.bak", host=host), 404),
        "interne Fehlerseite": (raw_request("/.essen-416", host=host), 404),
        "Ordner ohne /": (raw_request("/initiativen", host=host), 301),
        "Seite": (raw_request("/", host=host), 200),
    }


def assert_each_header_once(
    port: int, cases: dict[str, tuple[bytes, int]], context: ssl.SSLContext | None = None
) -> None:
    wrong = {}
    for name, (request, expected) in cases.items():
        status, headers = raw_exchange(port, request, context)
        counts = header_counts(headers)
        if status != expected or set(counts.values()) != {1}:
            wrong[name] = (status, {header: n for header, n in counts.items() if n != 1})
    assert not wrong, f"status or header counts wrong: {wrong}"


def test_nginx_errors_carry_each_security_header_once(server: Server, site: Path) -> None:
    """Also the responses nginx makes before a location is chosen, and the 416 it makes after
    the location's headers were added."""
    assert_each_header_once(server.port, error_cases(site, "localhost"))


def test_a_range_error_is_not_cached_like_a_fingerprinted_file(server: Server, site: Path) -> None:
    asset = one(site, "assets/javascripts/bundle.*.min.js")
    status, headers = raw_exchange(
        server.port, raw_request(asset, headers={"Range": "bytes=99999999-"})
    )
    assert status == 416
    assert headers.get_all("Cache-Control") == ["no-cache"]
    assert headers.get("Content-Range") == f"bytes */{file_of(site, asset).stat().st_size}"
    assert fetch(server, asset).header("Cache-Control") == IMMUTABLE


BACKUP_FILES = (
    "index.html~",
    "initiativen/index.html.bak",
    "index.html.BAK",
    "index.html.orig",
    "sitemap.xml.old",
    "index.html.swp",
    ".index.html.swp",
    "initiativen/.index.html.swo",
    "index.html.swo",
    "#index.html#",
    "initiativen/#notiz.md#",
    "index.html.tmp",
    "index.html.rej",
)


def test_backup_and_editor_files_answer_404(server: Server, site: Path) -> None:
    not_found = (site / "404.html").read_bytes()
    secret = b"GEHEIME-SICHERUNG"
    for name in BACKUP_FILES:
        (site / name).write_bytes(secret)
    try:
        for name in BACKUP_FILES:
            response = fetch(server, "/" + quote(name))
            assert response.status == 404, name
            assert response.body == not_found, name
            assert set(header_counts(response.headers).values()) == {1}, name
    finally:
        for name in BACKUP_FILES:
            (site / name).unlink()
    # Names that only look alike are the site's own files and still served.
    assert fetch(server, "/sitemap.xml").status == 200


@dataclass
class Production:
    http_port: int
    https_port: int
    context: ssl.SSLContext


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    key, certificate = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", f"/CN={PRODUCTION_HOST}", "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    return key, certificate


@pytest.fixture(scope="module")
def production(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Production]:
    """The production configuration of render-nginx (HTTPS, HTTP redirect), run for real on
    loopback ports."""
    sys.path.insert(0, str(DEPLOY))
    try:
        import nginx_config
    finally:
        sys.path.remove(str(DEPLOY))
    work = tmp_path_factory.mktemp("production")
    key, certificate = self_signed_certificate(work)
    http_port, https_port = free_port(), free_port()
    result = subprocess.run(
        [
            str(DEPLOY / "render-nginx"),
            "--site", str(site),
            "--out", str(work / "etc"),
            "--server-name", PRODUCTION_HOST,
            "--live-root", str(site),
            "--certificate", str(certificate),
            "--certificate-key", str(key),
            "--access-log", str(work / "access.log"),
            "--listen-address", "127.0.0.1",
            "--http-port", str(http_port),
            "--https-port", str(https_port),
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    run = work / "run"
    run.mkdir()
    wrapper = nginx_config.production_wrapper(
        work / "etc" / "connected-essen.conf", run, nginx_config.worker_user(site)
    )
    log = work / "nginx.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [*nginx_config.nginx_command(wrapper, run), "-g", "daemon off;"],
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(process, http_port, log)
        wait_until_listening(process, https_port, log)
        context = ssl.create_default_context(cafile=str(certificate))
        context.set_alpn_protocols(["http/1.1"])
        yield Production(http_port, https_port, context)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_production_https_errors_carry_each_security_header_once(
    production: Production, site: Path
) -> None:
    cases = error_cases(site, PRODUCTION_HOST)
    assert_each_header_once(production.https_port, cases, production.context)
    # Plain HTTP sent to the HTTPS port: nginx's own 400 before TLS.
    assert_each_header_once(
        production.https_port, {"HTTP an den HTTPS-Port": (raw_request(host=PRODUCTION_HOST), 400)}
    )


def test_production_http_redirect_and_its_errors_carry_the_headers(
    production: Production,
) -> None:
    cases = {
        "Umleitung": (raw_request("/initiativen/?a=1", host=PRODUCTION_HOST), 301),
        "unlesbare Anfragezeile": (b"KAPUTT\r\n\r\n", 400),
        "URI zu lang": (raw_request("/" + "a" * 20_000, host=PRODUCTION_HOST), 414),
        "HTTP-Version unbekannt": (raw_request(version="HTTP/2.5", host=PRODUCTION_HOST), 505),
    }
    assert_each_header_once(production.http_port, cases)
    status, headers = raw_exchange(
        production.http_port, raw_request("/initiativen/?a=1", host=PRODUCTION_HOST)
    )
    assert status == 301
    assert headers.get("Location") == (
        f"https://{PRODUCTION_HOST}:{production.https_port}/initiativen/?a=1"
    )


def test_permissions_policy_denies_powerful_features(server: Server) -> None:
    policy = fetch(server, "/").header("Permissions-Policy")
    features = dict(item.strip().split("=", 1) for item in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"):
        assert features.get(feature) == "()", feature
    assert set(features.values()) == {"()"}


def test_csp_allows_the_inline_scripts_by_hash_and_nothing_inline(
    server: Server, site: Path
) -> None:
    directives = csp_directives(fetch(server, "/").header("Content-Security-Policy"))
    script_src = directives["script-src"]
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "'unsafe-inline'" not in directives["style-src"]
    hashes = inline_script_hashes(site)
    assert hashes, "Material writes inline scripts; none found"
    assert {source for source in script_src if source.startswith("'sha256-")} == hashes
    assert ("'wasm-unsafe-eval'" in script_src) == (site / "pagefind").is_dir()
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src", "img-src", "connect-src", "font-src"):
        hosts = [source for source in directives[directive] if not source.startswith("'")]
        assert set(hosts) <= {"data:"}, f"{directive} allows other hosts: {hosts}"


def test_every_page_carries_the_same_inline_scripts(site: Path) -> None:
    """One header for the whole site works only if no page has scripts of its own."""
    per_page = {}
    for path in site.rglob("*.html"):
        if path.relative_to(site).parts[0] == "admin":
            # The form editor has no inline script and its own policy (site.conf, /admin/).
            continue
        root = parse_html(path.read_text(encoding="utf-8"))
        per_page[path.relative_to(site).as_posix()] = frozenset(
            script.text()
            for script in root.find_all("script")
            if "src" not in script.attrs and script.attrs.get("type") not in DATA_SCRIPT_TYPES
        )
    assert len(set(per_page.values())) == 1, {
        page: len(scripts) for page, scripts in per_page.items()
    }


# --------------------------------------------------------------------------- caching


def test_fingerprinted_assets_are_immutable(server: Server, site: Path) -> None:
    fingerprinted = [
        path
        for pattern in ("assets/javascripts/**/*.min.js", "assets/stylesheets/*.min.css")
        for path in site.glob(pattern)
        if re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", path.name)
    ]
    assert len(fingerprinted) >= 3  # bundle, search worker, main stylesheet
    for path in fingerprinted:
        response = fetch(server, "/" + path.relative_to(site).as_posix())
        assert response.status == 200
        assert response.header("Cache-Control") == IMMUTABLE, path


def test_hashed_images_are_immutable_with_their_types(server: Server, site: Path) -> None:
    types = {".avif": "image/avif", ".webp": "image/webp", ".jpg": "image/jpeg",
             ".png": "image/png", ".svg": "image/svg+xml"}  # fmt: skip
    images = sorted((site / "assets" / "images").glob("*.*.*"))
    assert {path.suffix for path in images} == set(types)
    for path in images:
        response = fetch(server, "/" + path.relative_to(site).as_posix())
        assert response.status == 200, path
        assert response.header("Cache-Control") == IMMUTABLE, path
        assert response.header("Content-Type").startswith(types[path.suffix]), path
    # The theme's own images keep their names across releases: revalidated.
    for name in ("favicon.svg", "teilen.jpg"):
        assert fetch(server, f"/assets/images/{name}").header("Cache-Control") == "no-cache"


def test_html_data_and_unversioned_files_revalidate(
    server: Server, site: Path, initiative_path: str
) -> None:
    paths = [
        "/",
        initiative_path,
        "/sitemap.xml",
        largest(site, "*.json"),
        "/assets/stylesheets/essen.css",
        one(site, "**/*.geojson"),
        "/gibt-es-nicht/",
    ]
    for path in paths:
        response = fetch(server, path)
        assert response.header("Cache-Control") == "no-cache", path
        assert response.headers.get("ETag") or response.status == 404, path


def test_missing_fingerprinted_asset_is_not_cached_forever(server: Server) -> None:
    response = fetch(server, "/assets/javascripts/bundle.00000000.min.js")
    assert response.status == 404
    assert response.header("Cache-Control") == "no-cache"


# --------------------------------------------------------------------------- compression, types


def test_text_is_gzipped_for_clients_that_accept_it(server: Server, site: Path) -> None:
    paths = [
        "/",
        one(site, "assets/stylesheets/main.*.min.css"),
        one(site, "assets/javascripts/bundle.*.min.js"),
        largest(site, "*.json"),
        "/sitemap.xml",
    ]
    for path in paths:
        compressed = fetch(server, path, Accept_Encoding="gzip")
        assert compressed.header("Content-Encoding") == "gzip", path
        assert "Accept-Encoding" in compressed.header("Vary"), path
        original = file_of(site, path).read_bytes()
        assert gzip.decompress(compressed.body) == original, path
        plain = fetch(server, path)
        assert plain.headers.get("Content-Encoding") is None, path
        assert plain.body == original, path


def test_content_types(server: Server, site: Path) -> None:
    expected = {
        "/": "text/html; charset=utf-8",
        one(site, "assets/stylesheets/main.*.min.css"): "text/css; charset=utf-8",
        one(site, "assets/javascripts/bundle.*.min.js"): "text/javascript; charset=utf-8",
        "/sitemap.xml": "application/xml; charset=utf-8",
        "/assets/images/favicon.png": "image/png",
    }
    for suffix, (content_type, _) in TYPED_SAMPLES.items():
        text_like = content_type.startswith("text/") or content_type.endswith("json")
        expected[one(site, f"**/*{suffix}")] = content_type + (
            "; charset=utf-8" if text_like else ""
        )
    if (site / "feed.xml").is_file():
        expected["/feed.xml"] = "application/atom+xml; charset=utf-8"
    for path, content_type in expected.items():
        response = fetch(server, path)
        assert response.status == 200, path
        assert response.header("Content-Type") == content_type, path


def test_pagefind_chunks_are_immutable_and_csp_allows_its_webassembly(
    pagefind_server: Server,
) -> None:
    site = pagefind_server.site
    chunk = one(site, "pagefind/fragment/*.pf_fragment")
    meta = one(site, "pagefind/pagefind.*.pf_meta")
    # Large sites get further bundles, /pagefind-2/ and on.
    extra_bundle = site / "pagefind-9" / "fragment"
    extra_bundle.mkdir(parents=True)
    shutil.copy2(file_of(site, chunk), extra_bundle)
    try:
        for path in (
            chunk,
            meta,
            one(site, "pagefind/index/*.pf_index"),
            one(site, "pagefind-9/fragment/*"),
        ):
            response = fetch(pagefind_server, path)
            assert response.status == 200, path
            assert response.header("Cache-Control") == IMMUTABLE, path
            assert response.header("Content-Type") == "application/octet-stream", path
    finally:
        shutil.rmtree(extra_bundle.parent)
    for path in (
        "/pagefind/pagefind.js",
        "/pagefind/pagefind-entry.json",
        one(site, "pagefind/*.pagefind"),
    ):
        assert fetch(pagefind_server, path).header("Cache-Control") == "no-cache", path
    policy = csp_directives(fetch(pagefind_server, "/").header("Content-Security-Policy"))
    assert "'wasm-unsafe-eval'" in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]


# --------------------------------------------------------------------------- refusals


def test_run_nginx_refuses_a_site_whose_pages_differ_in_inline_scripts(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<script>__md_scope=new URL(".",location)</script>')
    (site / "a" / "index.html").write_text('<script>__md_scope=new URL("..",location)</script>')
    result = subprocess.run(
        [str(DEPLOY / "run-nginx"), str(site), str(free_port()), "--workdir", str(tmp_path / "w")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "extra: {scope: /}" in result.stderr
    assert not (tmp_path / "w" / "nginx.pid").exists()


def test_run_nginx_refuses_inline_event_handlers(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<button onclick="go()">Los</button>')
    result = subprocess.run(
        [str(DEPLOY / "run-nginx"), str(site), str(free_port()), "--workdir", str(tmp_path / "w")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "onclick" in result.stderr


def test_data_blocks_need_no_hash_and_style_attributes_are_hashed(tmp_path: Path) -> None:
    """JSON and JSON-LD scripts are never executed; a style attribute is allowed by its hash."""
    sys.path.insert(0, str(DEPLOY))
    try:
        import csp_hashes
    finally:
        sys.path.remove(str(DEPLOY))
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<script type="application/ld+json">{"@type": "Project"}</script>'
        '<script id="__config" type="application/json">{"base": "."}</script>'
        "<script>var a = 1;</script>"
        '<td style="text-align: left">x</td>',
        encoding="utf-8",
    )
    policy = csp_directives(csp_hashes.policy_for(site).header)
    digest = base64.b64encode(hashlib.sha256(b"var a = 1;").digest()).decode()
    assert [s for s in policy["script-src"] if s.startswith("'sha256-")] == [f"'sha256-{digest}'"]
    style_digest = base64.b64encode(hashlib.sha256(b"text-align: left").digest()).decode()
    assert policy["style-src"] == ["'self'", "'unsafe-hashes'", f"'sha256-{style_digest}'"]


def test_production_configuration_passes_nginx_t(site: Path, tmp_path: Path) -> None:
    key, certificate = self_signed_certificate(tmp_path)
    out = tmp_path / "etc"
    result = subprocess.run(
        [
            str(DEPLOY / "render-nginx"),
            "--site", str(site),
            "--out", str(out),
            "--server-name", "connected.essen.example",
            "--live-root", str(tmp_path / "releases" / "current"),
            "--certificate", str(certificate),
            "--certificate-key", str(key),
            "--access-log", str(tmp_path / "access.log"),
            "--check",
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    main = (out / "connected-essen.conf").read_text(encoding="utf-8")
    assert "listen 443 ssl http2;" in main
    assert "return 301 https://$host$request_uri;" in main
    assert f'root "{tmp_path / "releases" / "current"}";' in main
    headers = (out / "headers.conf").read_text(encoding="utf-8")
    hashes = inline_script_hashes(site)
    assert all(source in headers for source in hashes)


# --------------------------------------------------------------------------- browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`
  );
});
"""


class WatchedPage:
    """A browser page that records CSP violations, console errors and uncaught exceptions."""

    def __init__(self, browser: Browser, server: Server) -> None:
        self.base = f"http://127.0.0.1:{server.port}"
        self.context = browser.new_context()
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.expected_404 = ""
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        # Chromium reports the 404 of a page opened on purpose as missing; that one is expected.
        if message.location.get("url") == self.expected_404 and "404" in message.text:
            return
        if message.type == "error" or any(
            policy in message.text for policy in ("Content Security Policy", "Permissions-Policy")
        ):
            self.problems.append(f"console {message.type} at {message.location}: {message.text}")

    def open(self, path: str, missing: bool = False) -> None:
        if missing:
            self.expected_404 = self.base + path
        self.page.goto(self.base + path)
        # Material's bundle swaps no-js for js once it ran, after the inline helpers it needs.
        expect(self.page.locator("html")).to_have_class(re.compile(r"(^|\s)js(\s|$)"))

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations")

    def close(self) -> None:
        self.context.close()


def test_pages_and_filters_work_in_chromium_under_the_csp(
    server: Server, site: Path, browser: Browser, initiative_path: str
) -> None:
    watched = WatchedPage(browser, server)
    try:
        for path in ("/", initiative_path, "/kontakt/", "/daten/", "/impressum/"):
            if file_of(site, path).is_file():
                watched.open(path)
                assert watched.violations() == [], path
        watched.open("/gibt-es-nicht/", missing=True)
        assert watched.violations() == []
        # The initiative filters (a script of the site's own) react to input under the policy:
        # their state goes into the URL.
        watched.open("/initiativen/")
        article = watched.page.locator("article")
        article.locator("input[type=checkbox]").first.check()
        expect(watched.page).to_have_url(re.compile(r"\?."))
        assert watched.violations() == []
        assert watched.problems == []
    finally:
        watched.close()


def test_search_works_in_chromium_under_the_csp(
    server: Server, site: Path, browser: Browser, initiative_path: str
) -> None:
    """The header search finds an initiative by its title: script, worker, index and (with
    Pagefind) WebAssembly all load under the policy."""
    watched = WatchedPage(browser, server)
    try:
        watched.open(initiative_path)
        title = Page(site, unquote(initiative_path).lstrip("/") + "index.html").h1
        word = max(re.findall(r"\w+", title), key=len)
        watched.page.locator("input.md-search__input").fill(word)
        results = watched.page.locator(".md-search-result__list a")
        expect(results.first).to_be_visible(timeout=15_000)
        hrefs = [link.get_attribute("href") or "" for link in results.all()]
        assert any(initiative_path.strip("/") in href for href in hrefs), (word, hrefs)
        assert watched.violations() == []
        assert watched.problems == []
    finally:
        watched.close()


def test_chromium_blocks_an_injected_inline_script(server: Server, browser: Browser) -> None:
    """The recorder sees violations, and inline code not in the policy does not run."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{server.port}/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__injectedRan = true";
          document.body.append(script);
        }"""
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    violations = page.evaluate("window.__cspViolations")
    assert any(v.startswith("script-src") for v in violations), violations
    assert page.evaluate("window.__injectedRan") is None
    context.close()


def test_access_log_keeps_no_full_address(server: Server) -> None:
    fetch(server, "/?suche=geheim")
    log = (server.log.parent / "run" / "access.log").read_text(encoding="utf-8")
    assert "127.0.0.0 " in log
    assert "127.0.0.1" not in log
    assert "geheim" not in log
