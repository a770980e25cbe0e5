"""``reportgen serve``: a live preview of the HTML editions while content, templates or catalogues are edited.

The build folder is served on 127.0.0.1 (another address only when asked); a watcher polls the project's inputs
and rebuilds the HTML editions when one changes, the language being viewed first; an open page asks the server
for the build's version and reloads when it changes. A failed build leaves the last good files in place (the
build never writes on error); the errors show in the terminal and on top of every page served until fixed.
Nothing outside the build folder is served: no ``..``, no symbolic link anywhere on the path.
"""

from __future__ import annotations

import html
import json
import mimetypes
import socket
import sys
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from .diagnostics import ReportgenError, UsageError
from .project import SETTINGS_FILE

WATCHED = ("content", "templates", "translations")
STATE_PATH = "/__reportgen/state"
POLL_SECONDS = 0.1
# Injected into served pages only (never into the files): poll the build's version, reload when it changes.
RELOAD_SCRIPT = """<script>(function(){var v=%d;function poll(){fetch("%s",{cache:"no-store"}).then(function(r){
return r.json()}).then(function(s){if(s.version!==v){location.reload()}else{setTimeout(poll,300)}}).catch(
function(){setTimeout(poll,1000)})}setTimeout(poll,300)})();</script>"""


class Superseded(Exception):
    """A save came while the preview was building: that build stops before it writes, and the next one starts."""


@dataclass
class State:
    """What the preview has built: a version that changes with every build, and the last build's errors."""

    version: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    viewed: str | None = None  # the language of the page last asked for: rebuilt first

    def update(self, errors: list[str]) -> None:
        with self.lock:
            self.version += 1
            self.errors = errors


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Return ``{path: (mtime, size)}`` of every watched input (a save shows as a change of either)."""
    found = {}
    paths = [root / SETTINGS_FILE]
    for folder in WATCHED:
        if (root / folder).is_dir():
            paths.extend(p for p in (root / folder).rglob("*") if not p.name.startswith("."))
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file():
            found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


MAX_PATH = 1024


def resolve(out: Path, url_path: str) -> Path | None:
    """Return the file of the build folder ``out`` a URL path names (a folder's ``index.html``), or None when it
    names nothing there: a ``..`` step, a symbolic link on the way, a file that does not exist, a path too long."""
    try:
        return _resolve(out, url_path) if len(url_path) <= MAX_PATH else None
    except (OSError, ValueError):
        return None


def _resolve(out: Path, url_path: str) -> Path | None:
    parts = PurePosixPath(unquote(url_path)).parts[1:]
    if any(part in ("..", ".") or "\\" in part or "\0" in part for part in parts):
        return None
    path = out
    for part in parts:
        path = path / part
        if path.is_symlink():
            return None
    if path.is_dir():
        path = path / "index.html"
        if path.is_symlink():
            return None
    root = out.resolve()
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return None
    return path if path.is_file() else None


class Handler(BaseHTTPRequestHandler):
    """Serves the build folder (``out``) with the preview's reload script and error banner (``state``); a request
    naming another host than ``hosts`` is refused, so that a page elsewhere cannot read the drafts by DNS
    rebinding. :func:`make_handler` gives each preview its own subclass."""

    server_version = "reportgen-preview"
    timeout = 10  # seconds a client may take to send its request or read the answer: a slow one is dropped
    out: Path
    state: State
    hosts: frozenset[str] = frozenset()

    def log_message(self, format, *args):  # noqa: A002 - http.server API; requests are not worth a line
        pass

    def log_error(self, format, *args):  # noqa: A002 - a bad request is answered, not worth a line either
        pass

    def do_HEAD(self):  # noqa: N802 - http.server API
        self.head_only = True
        self.do_GET()

    def do_GET(self):  # noqa: N802 - http.server API
        host = (self.headers.get("Host") or "").strip().lower()
        if self.hosts and host not in self.hosts:
            return self._send(HTTPStatus.MISDIRECTED_REQUEST, b"unknown host\n", "text/plain; charset=utf-8")
        path = urlsplit(self.path).path
        if path == STATE_PATH:
            with self.state.lock:
                body = json.dumps({"version": self.state.version, "errors": self.state.errors}).encode()
            return self._send(HTTPStatus.OK, body, "application/json")
        found = resolve(self.out, path)
        try:
            body = found.read_bytes() if found is not None else None
        except OSError:
            body = None
        if body is None:
            return self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
        mime = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if found.suffix == ".html":
            language = found.parent.name if found.parent != self.out else None
            self.state.viewed = language or self.state.viewed
            body = self._dress(body.decode("utf-8", "replace")).encode("utf-8")
            mime = "text/html; charset=utf-8"
        self._send(HTTPStatus.OK, body, mime)

    def _dress(self, page: str) -> str:
        with self.state.lock:
            version, errors = self.state.version, list(self.state.errors)
        banner = ""
        if errors:
            items = "".join(f"<li>{html.escape(e)}</li>" for e in errors)
            banner = ('<div role="alert" class="preview-errors" style="background:#fff3f3;color:#8a1c1c;'
                      'border:3px solid #8a1c1c;padding:0.5rem 1rem;font-family:monospace;white-space:pre-wrap">'
                      f'<strong>The last build failed; this is the last good page.</strong><ul>{items}</ul></div>')
        script = RELOAD_SCRIPT % (version, STATE_PATH)
        page = page.replace("<body>", "<body>" + banner, 1) if banner else page
        return page.replace("</body>", script + "</body>", 1)

    def _send(self, status: HTTPStatus, body: bytes, mime: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not getattr(self, "head_only", False):
            self.wfile.write(body)


class PreviewServer(ThreadingHTTPServer):
    """The preview's server: a bounded number of connections at once (more are closed at once), and a client that
    goes away or stalls ends its own connection quietly; anything else is one line, never a traceback."""

    daemon_threads = True
    SLOTS = 32

    def __init__(self, address, handler):
        self.slots = threading.BoundedSemaphore(self.SLOTS)
        super().__init__(address, handler)

    def process_request(self, request, client_address):  # noqa: D102 - socketserver API
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)  # too many at once: this one is closed, the page retries
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):  # noqa: D102 - socketserver API
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address):  # noqa: D102 - socketserver API
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError, OSError)):
            return  # the client reset, closed or stalled: nothing to report
        print(f"reportgen: a request from {client_address[0]} failed: {type(error).__name__}: {error}",
              file=sys.stderr, flush=True)


class PreviewServer6(PreviewServer):
    """The preview's server on an IPv6 address (``--host ::1``)."""

    address_family = socket.AF_INET6


def make_handler(out: Path, state: State, hosts: frozenset[str] = frozenset()) -> type[Handler]:
    """Return the request handler class serving ``out`` for the preview whose ``state`` it is."""
    return type("PreviewHandler", (Handler,), {"out": out, "state": state, "hosts": hosts})


class Preview:
    """Builds the HTML editions of a project into ``out`` and keeps them current while it runs."""

    def __init__(self, root: Path, out: Path, langs: list[str] | None = None, report=None):
        self.root, self.out, self.langs = root.resolve(), out, langs
        self.state = State()
        self.report = report or (lambda line: print(line, file=sys.stderr, flush=True))
        self.stopping = threading.Event()

    def rebuild(self, seen: dict | None = None) -> bool | None:
        """Build the HTML editions (the language being viewed first); record and report the outcome. A save that
        comes meanwhile (``seen`` is what this build reads) stops the build before it writes anything, and the
        next one starts with the page in view again: None."""
        from .pipeline import build
        from .writers import formats

        web = formats(lambda writer: writer.web)
        langs = self.langs

        def superseded(outcome, done, total) -> None:
            if seen is not None and snapshot(self.root) != seen:
                raise Superseded()

        try:
            viewed = self.state.viewed
            if not langs and viewed:
                try:
                    build(self.root, self.out, langs=[viewed], formats=web, jobs=1)
                    self.state.update([])  # the page in view is ready: let it reload now
                except UsageError:
                    pass  # a folder of a language the project no longer has: the full build says what is left
            build(self.root, self.out, langs=langs, formats=web, jobs=1, progress=superseded)
        except Superseded:
            return None
        except ReportgenError as exc:
            return self._failed([str(d) for d in exc.diagnostics])
        except UsageError as exc:
            return self._failed([f"reportgen: error: {exc}"])
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the watcher: it is shown, and the next save
            import traceback   # is built again

            traceback.print_exc()
            return self._failed([f"reportgen: internal error while building: {type(exc).__name__}: {exc}"])
        self.state.update([])
        self.report("reportgen: HTML editions up to date")
        return True

    def _failed(self, errors: list[str]) -> bool:
        for line in errors:
            self.report(line)
        self.report(f"reportgen: {len(errors)} problem(s); serving the last good pages")
        self.state.update(errors)
        return False

    def watch(self, seen: dict) -> None:
        """Rebuild whenever a watched input differs from ``seen`` (what the last build read), until :meth:`stop`."""
        while not self.stopping.wait(POLL_SECONDS):
            now = snapshot(self.root)
            if now != seen:  # a save during the build shows as a change at the next poll
                seen = now
                self.rebuild(seen)

    def stop(self) -> None:
        self.stopping.set()


def serve(root: Path, out: Path, host: str = "127.0.0.1", port: int = 8000, langs: list[str] | None = None,
          ready=None) -> None:
    """Build, serve and watch until interrupted (Ctrl-C); ``ready(url)`` is called once the server listens."""
    preview = Preview(root, out, langs)
    server_class = PreviewServer6 if ":" in host else PreviewServer
    server = server_class((host, port), BaseHTTPRequestHandler)  # the port first: a taken one fails fast
    bound = server.server_address[1]
    # On this machine only, a request must name this machine: a page elsewhere cannot read the drafts through a
    # name that resolves here (DNS rebinding). Another address was asked for on purpose, and is not checked.
    loopback = host in ("127.0.0.1", "localhost", "::1")
    hosts = frozenset(f"{name}:{bound}" for name in ("127.0.0.1", "localhost", "[::1]")) if loopback else frozenset()
    server.RequestHandlerClass = make_handler(out, preview.state, hosts)
    seen = snapshot(preview.root)  # taken before the first build: a save during it is built next
    try:
        preview.rebuild()
    except BaseException:
        server.server_close()
        raise
    watcher = threading.Thread(target=preview.watch, args=(seen,), name="reportgen-watch", daemon=True)
    watcher.start()
    url = f"http://[{host}]:{bound}/" if ":" in host else f"http://{host}:{bound}/"
    preview.report(f"reportgen: serving {out} at {url} (Ctrl-C to stop)")
    if ready:
        ready(url)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        preview.stop()
        server.server_close()
        watcher.join(timeout=5)
