"""Worker processes that write outputs: forked after the writers' libraries are imported, so each starts warm."""

from __future__ import annotations

import concurrent.futures as cf
import os
import sys
import time

from ..diagnostics import ReportgenError
from ..writers import REGISTRY, Job


def run_job(job: Job) -> tuple[bytes, list]:
    """Return the bytes of one output and the writer's diagnostics (runs in a worker process)."""
    # fontTools stamps the current time into subset fonts unless SOURCE_DATE_EPOCH is set: pin it to the
    # document's own date, for this job only.
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = saved or str(job.epoch)
    try:
        from ..charts import draw

        writer = REGISTRY[job.fmt]
        images = {chart.src: draw(chart, writer.images, job.theme) for chart in job.charts}
        return writer.function("write")(job, images)
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def warm_up(formats) -> None:
    """Import the libraries of the writers of ``formats`` once, before workers fork."""
    import importlib

    for fmt in formats:
        module = REGISTRY[fmt].warm_up
        if module:
            importlib.import_module(module)


def _die_with_parent() -> None:
    """Ask the kernel to end this worker when the build that started it goes, however it goes (SIGKILL too)."""
    if sys.platform != "linux":
        return
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent went before the request took effect
        os._exit(1)


def _start_worker(formats) -> None:
    import signal

    # A forked worker inherits the command line's handlers: the parent alone handles Ctrl-C and SIGTERM, and
    # stops its workers with SIGTERM, which must simply end them.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    warm_up(formats)


class Runner:
    """Runs jobs in worker processes as they are submitted (in this process when one worker is enough)."""

    def __init__(self, jobs: int | None, expected: int, formats=()):
        self.workers = max(1, min(jobs or os.cpu_count() or 1, expected))
        self.formats = tuple(formats)
        self.pool = None
        self.futures: list = []
        self.inline: list[Job] = []

    def __enter__(self) -> Runner:
        if self.workers > 1:
            import multiprocessing

            if "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux":
                warm_up(self.formats)  # import once, here: forked workers start with it loaded
                context, initializer, args = multiprocessing.get_context("fork"), _start_worker, ((),)
            else:
                context, initializer, args = multiprocessing.get_context("spawn"), _start_worker, (self.formats,)
            self.pool = cf.ProcessPoolExecutor(self.workers, mp_context=context, initializer=initializer,
                                               initargs=args)
        return self

    def submit(self, job: Job) -> None:
        """Start ``job`` (or queue it, without workers)."""
        if self.pool is None:
            self.inline.append(job)
        else:
            self.futures.append(self.pool.submit(_timed, job))

    def results(self):
        """Yield ``(job, bytes, diagnostics, seconds, error)`` for every job, as they finish."""
        if self.pool is None:
            yield from (_timed(job) for job in self.inline)
        else:
            for future in cf.as_completed(self.futures):
                yield future.result()

    def __exit__(self, *exc_info) -> None:
        if self.pool is None:
            return
        if exc_info[0] is not None and not issubclass(exc_info[0], ReportgenError):
            # Interrupted (Ctrl-C, SIGTERM) or failed: stop the workers now rather than let them finish.
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=exc_info[0] is not None)


def _timed(job: Job):
    start = time.perf_counter()
    try:
        data, diagnostics = run_job(job)
    except ReportgenError as exc:
        return job, b"", [], 0.0, exc
    return job, data, diagnostics, time.perf_counter() - start, None
