"""Render the nginx configuration in deploy/nginx/ for a built site, check it, and run it.

Two entry points (thin executables next to this file):

- `deploy/run-nginx SITE_DIR PORT [--workdir DIR]`: the site's rules on 127.0.0.1:PORT, nginx in
  the foreground (exec, so signals reach nginx), every file nginx writes inside the work folder.
- `deploy/render-nginx ...`: the production server (HTTPS, HTTP redirect) into a folder for
  /etc/nginx.

The Content-Security-Policy is computed from the site (deploy/csp_hashes.py) at render time.
Standard library only.
"""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from csp_hashes import InlineCodeError, policy_for

TEMPLATES = Path(__file__).resolve().parent / "nginx"
SHARED = ("http.conf", "site.conf", "headers.conf")

# Only feature names Chromium recognises: it warns in the console about every unknown one
# (e.g. ambient-light-sensor, battery, document-domain). `interest-cohort` (FLoC) and its
# successor `browsing-topics` opt the site out of interest-based ad profiling.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

_PLACEHOLDER = re.compile(r"@[A-Z_]+@")
# Characters that would end or change a double-quoted nginx string.
_UNSAFE_IN_STRING = re.compile(r'["$\\\n\r]')


class ConfigError(Exception):
    """The configuration cannot be rendered for these inputs; the message says why."""


def nginx_binary() -> str:
    """nginx from $NGINX, the PATH, or Debian's /usr/sbin (not on a normal user's PATH)."""
    found = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).is_file():
        raise ConfigError("nginx nicht gefunden (Debian: apt-get install nginx, oder NGINX=…)")
    return found


def _quoted(value: str, what: str) -> str:
    """A value for a double-quoted nginx string; refuses anything that could break out of it."""
    if _UNSAFE_IN_STRING.search(value):
        raise ConfigError(f"{what} enthält ein Zeichen, das nginx anders lesen würde: {value!r}")
    return value


def render_template(name: str, values: dict[str, str]) -> str:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    left = _PLACEHOLDER.findall(text)
    if left:
        raise ConfigError(f"{name}: Platzhalter ohne Wert: {', '.join(sorted(set(left)))}")
    return text


def render_shared(site_dir: Path, conf_dir: Path) -> str:
    """Write http.conf, site.conf, headers.conf and mime.types into `conf_dir`; return the CSP."""
    try:
        csp = policy_for(site_dir).header
    except InlineCodeError as error:
        raise ConfigError(f"{site_dir}: keine CSP möglich:\n{error}") from error
    conf_dir.mkdir(parents=True, exist_ok=True)
    values = {
        "CONF_DIR": _quoted(str(conf_dir), "Konfigurationsordner"),
        "CSP": _quoted(csp, "CSP"),
        "PERMISSIONS_POLICY": PERMISSIONS_POLICY,
    }
    for name in SHARED:
        (conf_dir / name).write_text(render_template(f"{name}.in", values), encoding="utf-8")
    shutil.copyfile(TEMPLATES / "mime.types", conf_dir / "mime.types")
    return csp


def worker_user(site_dir: Path) -> str:
    """The `user` directive: as root, workers run as the owner of the site (who can read it)."""
    if os.geteuid() != 0:
        return "# not root: workers run as the current user"
    stat = site_dir.stat()
    try:
        user = pwd.getpwuid(stat.st_uid).pw_name
        group = grp.getgrgid(stat.st_gid).gr_name
    except KeyError:
        user, group = "root", "root"
    return f"user {user} {group};"


def render_loopback(site_dir: Path, port: int, work_dir: Path) -> Path:
    """Render the loopback configuration into `work_dir`; return the path of nginx.conf."""
    # abspath, not resolve(): a `current` symlink stays a symlink, so a switch is served at once.
    site = Path(os.path.abspath(site_dir))
    if not site.is_dir():
        raise ConfigError(f"{site}: kein Ordner")
    if not 0 < port < 65536:
        raise ConfigError(f"Port {port} liegt nicht zwischen 1 und 65535")
    work = Path(os.path.abspath(work_dir))
    conf_dir = work / "conf"
    render_shared(site, conf_dir)
    (work / "temp").mkdir(parents=True, exist_ok=True)
    conf = conf_dir / "nginx.conf"
    values = {
        "USER": worker_user(site),
        "WORK_DIR": _quoted(str(work), "Arbeitsordner"),
        "CONF_DIR": _quoted(str(conf_dir), "Konfigurationsordner"),
        "SITE_DIR": _quoted(str(site), "Site-Ordner"),
        "PORT": str(port),
    }
    conf.write_text(render_template("loopback.conf.in", values), encoding="utf-8")
    return conf


def render_production(
    site_dir: Path,
    out_dir: Path,
    server_name: str,
    live_root: Path,
    certificate: Path,
    certificate_key: Path,
    access_log: Path = Path("/var/log/nginx/connected-essen.access.log"),
    http_port: int = 80,
    https_port: int = 443,
    listen_address: str | None = None,
) -> Path:
    """Render the production server into `out_dir` (absolute includes); return its main file.

    `site_dir` is the build the CSP hashes are taken from (usually the live release). Without
    `listen_address` both servers listen on every IPv4 and IPv6 address; with one (e.g.
    127.0.0.1 and other ports, as the tests run it) only there.
    """
    if not re.fullmatch(r"[A-Za-z0-9.-]+(?: [A-Za-z0-9.-]+)*", server_name):
        raise ConfigError(f"Servername {server_name!r}: nur Hostnamen, durch Leerzeichen getrennt")
    for port in (http_port, https_port):
        if not 0 < port < 65536:
            raise ConfigError(f"Port {port} liegt nicht zwischen 1 und 65535")
    if listen_address is not None and not re.fullmatch(
        r"[0-9.]+|\[[0-9a-fA-F:]+\]", listen_address
    ):
        raise ConfigError(
            f"Adresse {listen_address!r}: eine IPv4-Adresse oder eine IPv6-Adresse in [ ]"
        )
    out = Path(os.path.abspath(out_dir))
    render_shared(Path(site_dir), out)
    main = out / "connected-essen.conf"
    values = {
        "CONF_DIR": _quoted(str(out), "Konfigurationsordner"),
        "SERVER_NAME": server_name,
        "LIVE_ROOT": _quoted(os.path.abspath(live_root), "Live-Ordner"),
        "SSL_CERTIFICATE": _quoted(os.path.abspath(certificate), "Zertifikat"),
        "SSL_CERTIFICATE_KEY": _quoted(os.path.abspath(certificate_key), "Schlüssel"),
        "ACCESS_LOG": _quoted(os.path.abspath(access_log), "Access-Log"),
        "LISTEN_HTTP": _listen_lines(listen_address, http_port, ""),
        "LISTEN_HTTPS": _listen_lines(listen_address, https_port, " ssl http2"),
        "HTTPS_PORT_SUFFIX": "" if https_port == 443 else f":{https_port}",
    }
    main.write_text(render_template("production.conf.in", values), encoding="utf-8")
    return main


def _listen_lines(address: str | None, port: int, options: str) -> str:
    if address is None:
        return f"    listen {port}{options};\n    listen [::]:{port}{options};"
    return f"    listen {address}:{port}{options};"


def nginx_command(conf: Path, prefix: Path, *extra: str) -> list[str]:
    # -e stderr: nginx opens its compiled-in error log before it reads the configuration.
    return [nginx_binary(), "-p", f"{prefix}/", "-e", "stderr", "-c", str(conf), *extra]


def check_config(conf: Path, prefix: Path) -> None:
    result = subprocess.run(
        nginx_command(conf, prefix, "-t", "-q"), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ConfigError(f"nginx -t lehnt {conf} ab:\n{result.stderr.strip()}")


def run_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="run-nginx",
        description="Serve a built site with the production nginx rules on 127.0.0.1:PORT "
        "(foreground; Ctrl-C stops it).",
    )
    parser.add_argument("site_dir", type=Path, help="built site (or the `current` symlink)")
    parser.add_argument("port", type=int)
    parser.add_argument(
        "--workdir",
        type=Path,
        help="folder for configuration, pid, logs and temp files (default: a new temp folder)",
    )
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="essen-nginx-"))
    try:
        conf = render_loopback(args.site_dir, args.port, work)
        check_config(conf, work)
        command = nginx_command(conf, work)
    except ConfigError as error:
        print(f"run-nginx: {error}", file=sys.stderr)
        return 1
    print(
        f"run-nginx: http://127.0.0.1:{args.port}/ zeigt {os.path.abspath(args.site_dir)} "
        f"(Konfiguration und Logs in {work})",
        file=sys.stderr,
        flush=True,
    )
    sys.stdout.flush()
    os.execv(command[0], command)
    return 0  # not reached


def render_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="render-nginx",
        description="Render the production nginx configuration (HTTPS) into a folder.",
    )
    parser.add_argument("--site", type=Path, required=True, help="built site to hash (release)")
    parser.add_argument("--out", type=Path, required=True, help="e.g. /etc/nginx/connected-essen")
    parser.add_argument("--server-name", required=True, help="e.g. connected.essen.de")
    parser.add_argument("--live-root", type=Path, required=True, help="the `current` symlink")
    parser.add_argument("--certificate", type=Path, required=True)
    parser.add_argument("--certificate-key", type=Path, required=True)
    parser.add_argument(
        "--access-log",
        type=Path,
        default=Path("/var/log/nginx/connected-essen.access.log"),
    )
    parser.add_argument("--http-port", type=int, default=80)
    parser.add_argument("--https-port", type=int, default=443)
    parser.add_argument(
        "--listen-address",
        help="only this address, e.g. 127.0.0.1 (default: every IPv4 and IPv6 address)",
    )
    parser.add_argument(
        "--check", action="store_true", help="run nginx -t on the result (needs the certificate)"
    )
    args = parser.parse_args(argv)
    try:
        main = render_production(
            args.site,
            args.out,
            args.server_name,
            args.live_root,
            args.certificate,
            args.certificate_key,
            args.access_log,
            args.http_port,
            args.https_port,
            args.listen_address,
        )
        if args.check:
            check_production(main)
    except ConfigError as error:
        print(f"render-nginx: {error}", file=sys.stderr)
        return 1
    print(
        f"render-nginx: {main} – in nginx' http-Block einbinden, dann nginx -t && nginx -s reload"
    )
    return 0


def production_wrapper(main: Path, work: Path, user: str = "") -> Path:
    """A minimal main configuration around the production file, everything nginx writes in
    `work`: for `nginx -t`, and for the tests, which run the production rules on loopback."""
    wrapper = work / "nginx.conf"
    wrapper.write_text(
        f'{user}\npid "{work}/nginx.pid";\nerror_log stderr warn;\nevents {{}}\nhttp {{\n'
        f'    client_body_temp_path "{work}/body";\n    proxy_temp_path "{work}/proxy";\n'
        f'    fastcgi_temp_path "{work}/fastcgi";\n    uwsgi_temp_path "{work}/uwsgi";\n'
        f'    scgi_temp_path "{work}/scgi";\n    include "{main}";\n}}\n',
        encoding="utf-8",
    )
    return wrapper


def check_production(main: Path) -> None:
    """`nginx -t` on the production file inside a minimal main configuration of its own."""
    with tempfile.TemporaryDirectory(prefix="essen-nginx-check-") as work:
        check_config(production_wrapper(main, Path(work)), Path(work))
