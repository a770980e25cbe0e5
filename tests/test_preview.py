"""``reportgen serve``: answers on 127.0.0.1 only, serves a saved edit within two seconds and reloads the open
page, keeps the last good page on a bad edit and shows the error, serves nothing outside the build folder, and
stops cleanly on Ctrl-C."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import edit, make_project
from reportgen.preview import resolve


def start(project: Path, *extra: str) -> tuple[str, subprocess.Popen]:
    """Start ``reportgen serve`` on a free port; return its base URL and its process."""
    process = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", "--project", str(project), "--port", "0",
                                *extra], stderr=subprocess.PIPE, text=True, start_new_session=True)
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        lines.append(line)
        found = re.search(r"at (http://\S+:\d+/)", line)
        if found:
            return found.group(1), process
        assert process.poll() is None, "".join(lines)
    pytest.fail("the preview did not start: " + "".join(lines))


def stop(process: subprocess.Popen) -> str:
    """Stop a preview; return what it printed on stderr."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    if process.stderr.closed:  # read already (communicate)
        return ""
    err = process.stderr.read()
    process.stderr.close()
    return err


@pytest.fixture
def preview(tmp_path):
    """Start ``reportgen serve`` on a free port for a small project; yield (project, base URL, process)."""
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    url, process = start(project)
    yield project, url, process
    stop(process)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def wait_for(url: str, text: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, body = get(url)
        if text in body:
            return body
        time.sleep(0.05)
    pytest.fail(f"{text!r} not served within {seconds} s")


def test_serves_the_editions_on_loopback_and_the_new_text_within_two_seconds(preview):
    project, url, process = preview
    status, body = get(url)
    assert status == 200 and 'href="en/action-plan.html"' in body
    status, body = get(url + "hr/action-plan.html")
    assert status == 200 and "Broker overall cooperation" not in body  # Croatian
    assert "Broker overall cooperation" in get(url + "en/action-plan.html")[1]
    edit(project, "content/action-plan.yaml", "Broker overall cooperation", "Broker closer cooperation")
    saved = time.monotonic()
    wait_for(url + "en/action-plan.html", "Broker closer cooperation", 2.0)
    assert time.monotonic() - saved < 2.0


def test_a_bad_edit_keeps_the_last_good_page_and_shows_the_error(preview):
    project, url, process = preview
    page = url + "en/action-plan.html"
    line = edit(project, "content/action-plan.yaml", "            number: 21\n", "            number: [21\n")
    body = wait_for(page, 'role="alert"', 5.0)
    assert "Broker overall cooperation" in body
    assert re.search(r"content/action-plan\.yaml:\d+: error: ", body)
    edit(project, "content/action-plan.yaml", "            number: [21\n", "            number: 21\n")
    body = wait_for(page, "<body><!--rg:top--><a", 5.0)  # the banner is gone
    assert 'role="alert"' not in body
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert re.search(r"content/action-plan\.yaml:\d+: error: ", err) and line > 0


def test_the_open_page_reloads_itself_after_a_save(preview, open_page):
    project, url, process = preview
    page = open_page(url + "en/action-plan.html")
    assert "Broker overall cooperation" in page.inner_text("main")
    edit(project, "content/action-plan.yaml", "Broker overall cooperation", "Broker closer cooperation")
    page.wait_for_function("document.querySelector('main').innerText.includes('Broker closer cooperation')",
                           timeout=3000)


def test_nothing_outside_the_build_folder_is_served(preview, tmp_path):
    project, url, process = preview
    out = project / "build"
    (out / "en/leak.html").symlink_to(project / "content/action-plan.yaml")
    (out / "linked").symlink_to(project / "content")
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    for path in ("/../content/action-plan.yaml", "/en/../../content/action-plan.yaml", "/%2e%2e/content/partners.yaml",
                 "/en/leak.html", "/linked/action-plan.yaml", "/en/%2e%2e/%2e%2e/pyproject.toml"):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        response = connection.getresponse()
        assert response.status == 404, path
        assert b"commitments" not in response.read()
        connection.close()
    assert resolve(out, "/en/action-plan.html") == out / "en/action-plan.html"
    assert resolve(out, "/") == out / "index.html"


def test_ctrl_c_stops_it_cleanly(preview):
    project, url, process = preview
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "preview stopped" in err and "Traceback" not in err
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=2)


def test_only_loopback_unless_asked(preview):
    project, url, process = preview
    assert url.startswith("http://127.0.0.1:")
    listening = Path("/proc/net/tcp").read_text().splitlines()[1:]
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    local = [line.split()[1] for line in listening if line.split()[3] == "0A"]  # state LISTEN
    assert f"0100007F:{port:04X}" in local and f"00000000:{port:04X}" not in local


def test_odd_requests_are_answered_not_dropped(preview):
    project, url, process = preview
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    for method, path, headers, expected in [
            ("HEAD", "/en/action-plan.html", {}, 200), ("GET", "/" + "a" * 5000, {}, 404),
            ("GET", "/a" * 3000, {}, 404), ("GET", "/en/action-plan.html", {"Host": "attacker.example"}, 421)]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        assert response.status == expected, (method, path[:20], headers)
        body = response.read()
        assert method != "HEAD" or body == b""
        connection.close()
    assert process.poll() is None


def test_a_crash_while_building_is_shown_and_the_watcher_goes_on(preview):
    project, url, process = preview
    page = url + "en/action-plan.html"
    (project / "content/project.yaml").write_text("languages: [en, hr, xx]\n", "utf-8")
    wait_for(page, 'role="alert"', 5.0)
    (project / "content/project.yaml").write_text("languages: [en, hr]\n", "utf-8")
    edit(project, "content/action-plan.yaml", "Broker overall cooperation", "Broker closer cooperation")
    body = wait_for(page, "Broker closer cooperation", 5.0)
    assert 'role="alert"' not in body


def test_a_port_that_is_not_one_is_a_usage_error(capsys, tmp_path):
    from conftest import run_cli

    project = make_project(tmp_path, languages=["en"], progress=False)
    with pytest.raises(SystemExit) as stopped:
        run_cli(capsys, "serve", "--project", str(project), "--port", "99999")
    assert stopped.value.code == 2 and "'99999' is not a port" in capsys.readouterr().err


def _port(url: str) -> int:
    return int(url.rstrip("/").rsplit(":", 1)[1])


def test_clients_that_reset_their_connection_print_nothing_and_are_served_after(preview):
    import socket
    import struct

    project, url, process = preview
    port = _port(url)
    for _ in range(200):
        client = socket.create_connection(("127.0.0.1", port), timeout=5)
        client.sendall(b"GET /en/action-plan.html HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
        client.close()
    assert get(url + "en/action-plan.html")[0] == 200
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert "Traceback" not in err and "Error" not in err, err


def test_slow_clients_hold_a_bounded_number_of_threads_for_a_bounded_time(preview):
    import socket

    from reportgen.preview import Handler, PreviewServer

    project, url, process = preview
    port = _port(url)
    idle = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(100)]
    time.sleep(0.5)
    threads = int(re.search(r"^Threads:\s+(\d+)", Path(f"/proc/{process.pid}/status").read_text(), re.M).group(1))
    assert threads <= PreviewServer.SLOTS + 8, threads
    started = time.monotonic()
    for client in idle:  # the server drops each one once its time is up
        assert client.recv(1) == b""
        client.close()
    assert time.monotonic() - started < Handler.timeout + 5
    assert get(url + "en/action-plan.html")[0] == 200
    assert "Traceback" not in stop(process)


def test_an_ipv6_loopback_address_is_served(tmp_path):
    import socket

    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("this machine has no IPv6 loopback")
    project = make_project(tmp_path, languages=["en"], progress=False)
    url, process = start(project, "--host", "::1")
    try:
        assert re.fullmatch(r"http://\[::1\]:\d+/", url)
        status, body = get(url + "en/action-plan.html")
        assert status == 200 and "Skopje" in body
    finally:
        assert "Traceback" not in stop(process)
