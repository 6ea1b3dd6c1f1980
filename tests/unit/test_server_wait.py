"""tests.conftest.wait_until_serving: the wait for deploy/run-nginx (used by the benchmarks'
phone visits and the browser tests) outlasts a configuration phase longer than the deadline for
listening, and fails with the server's log when the server gives up before listening."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import NGINX_ANNOUNCEMENT, free_port, stop_process, wait_until_serving

# A stand-in for run-nginx: its preparation (the CSP scan of a large site) takes longer than
# the deadline for listening; then it announces itself and listens, as nginx does.
SLOW_SERVER = """
import socket, sys, time
time.sleep(float(sys.argv[2]))
print("run-nginx: http://127.0.0.1:" + sys.argv[1] + "/ zeigt …", file=sys.stderr, flush=True)
if sys.argv[3] == "serve":
    server = socket.create_server(("127.0.0.1", int(sys.argv[1])))
    time.sleep(60)
"""


def start(tmp_path: Path, port: int, preparation: float, mode: str) -> tuple:
    log = tmp_path / "run-nginx.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [sys.executable, "-c", SLOW_SERVER, str(port), str(preparation), mode],
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    return process, log


def test_the_wait_outlasts_a_preparation_longer_than_the_listening_deadline(
    tmp_path: Path,
) -> None:
    port = free_port()
    process, log = start(tmp_path, port, 0.8, "serve")
    try:
        wait_until_serving(process, port, log, deadline_seconds=0.3)
        assert NGINX_ANNOUNCEMENT in log.read_bytes()
        assert process.poll() is None
    finally:
        stop_process(process, 10)


def test_a_server_that_ends_after_announcing_fails_with_its_log(tmp_path: Path) -> None:
    port = free_port()
    process, log = start(tmp_path, port, 0.0, "quit")
    try:
        with pytest.raises(AssertionError, match="server ended with 0"):
            wait_until_serving(process, port, log, deadline_seconds=30)
    finally:
        stop_process(process, 10)


def test_a_server_that_never_announces_fails_with_its_log(tmp_path: Path) -> None:
    log = tmp_path / "run-nginx.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [sys.executable, "-c", "print('run-nginx: nginx -t lehnt ab')"],
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    try:
        with pytest.raises(AssertionError, match="lehnt ab"):
            wait_until_serving(process, free_port(), log)
    finally:
        stop_process(process, 10)
