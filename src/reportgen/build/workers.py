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
                context, initializer, args = multiprocessing.get_context("fork"), None, ()
            else:
                context, initializer, args = multiprocessing.get_context("spawn"), warm_up, (self.formats,)
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
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=exc_info[0] is not None)


def _timed(job: Job):
    start = time.perf_counter()
    try:
        data, diagnostics = run_job(job)
    except ReportgenError as exc:
        return job, b"", [], 0.0, exc
    return job, data, diagnostics, time.perf_counter() - start, None
