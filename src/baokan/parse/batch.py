"""Many page files, in order: parsed in this process, or by `jobs` processes, for the
command line (`baokan parse`, `baokan ingest`) and the archive.

A parser process ends with its parent, even a parent killed with SIGKILL. SIGINT and SIGTERM
are noticed (`Stop`) and raised (`Interrupt`) only while the caller waits for the next file,
so that a page being stored or written always finishes.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from types import FrameType
from typing import Any

from ..errors import BaokanError
from .files import FilePage, read_page_file


def parse_file(path: str, keep_pdf: bool = False) -> list[FilePage]:
    """The pages of one file, each with its error if it could not be read (a whole-file
    problem comes back as one entry with its error): runs in a worker too."""
    try:
        return read_page_file(Path(path), keep_pdf=keep_pdf)
    except BaokanError as e:
        return [FilePage(path, path, "", None, e.message)]
    except Exception as e:  # a parser bug must not stop the batch: one line, and the rest goes on
        return [FilePage(path, path, "", None, f"internal error ({type(e).__name__}: {e})")]


class Interrupt(BaseException):
    """Raised while the caller waits for a parser, never while it stores or writes a page."""


class Stop:
    """SIGINT / SIGTERM during a batch: remember the signal, and let the page being stored or
    written finish (a page is never half stored). A parse in this process is interrupted at once by
    the handler; a wait for the parser processes looks at the signal every `WAIT_POLL`
    seconds instead, so that no exception is ever raised inside the pool's own code (where it
    could leave a lock held and the process hanging)."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._raise = False

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.signum = signum
        if self._raise:
            self._raise = False
            raise Interrupt(signum)

    class _Waiting:
        def __init__(self, stop: Stop, raise_now: bool) -> None:
            self.stop, self.raise_now = stop, raise_now

        def __enter__(self) -> None:
            self.stop._raise = self.raise_now

        def __exit__(self, *exc: object) -> None:
            self.stop._raise = False

    def waiting(self, raise_now: bool) -> Stop._Waiting:
        """While waiting for the next parsed file: `raise_now` when it is parsed in this process."""
        return Stop._Waiting(self, raise_now)

    class _Installed:
        def __init__(self, stop: Stop, on: bool) -> None:
            self.stop, self.on = stop, on and threading.current_thread() is threading.main_thread()
            self.old: dict[int, Any] = {}

        def __enter__(self) -> None:
            if self.on:
                for sig in (signal.SIGINT, signal.SIGTERM):
                    self.old[sig] = signal.signal(sig, self.stop._handle)

        def __exit__(self, *exc: object) -> None:
            for sig, handler in self.old.items():
                signal.signal(sig, handler)

    def installed(self, on: bool) -> Stop._Installed:
        return Stop._Installed(self, on)


PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_POLL = 0.5  # seconds between a worker's looks at its parent
WAIT_POLL = 0.1  # seconds between looks for a signal while waiting for the parser processes


def _worker_init(parent: int) -> None:
    """Set up a parser process: it ends when its parent does, however the parent ended.

    On Linux the kernel sends it SIGKILL when the parent dies (PR_SET_PDEATHSIG); everywhere, a
    thread exits it when its parent changes (it was re-parented: the parent is gone). Ctrl-C
    reaches every process of the terminal: the parent handles it, the workers ignore it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a fork copies the parent's handler
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="baokan-parent", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(PARENT_POLL)
        if os.getppid() != parent:
            os._exit(1)


class FileParser:
    """The pages of each file, in order: parsed here, or by `jobs` processes that are handed a
    few files at a time, so that stopping leaves little work to cancel."""

    def __init__(self, files: list[str], jobs: int, stop: Stop, keep_pdf: bool = False) -> None:
        self.files = files
        self.jobs = jobs
        self.stop = stop
        self.keep_pdf = keep_pdf
        self.pool: ProcessPoolExecutor | None = None
        self.finished = False  # every file was handed out and parsed (no signal stopped it)

    @property
    def in_process(self) -> bool:
        return self.jobs <= 1 or len(self.files) < 2

    def until_stopped(self) -> Iterator[list[FilePage]]:
        """Each file's pages, in order, until the files run out (then `finished`) or a signal
        comes (`stop.signum`). Only the wait for the next file is interrupted: what the caller
        does with a file's pages (storing, writing) always finishes."""
        results = iter(self)
        while self.stop.signum is None:
            try:
                with self.stop.waiting(self.in_process):
                    pages = next(results, None)
            except Interrupt:
                return
            if pages is None:
                self.finished = True
                return
            yield pages

    def __iter__(self) -> Iterator[list[FilePage]]:
        if self.in_process:
            yield from (parse_file(f, self.keep_pdf) for f in self.files)
            return
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_worker_init, initargs=(os.getpid(),))
        window: deque[Future[list[FilePage]]] = deque()
        ahead = self.jobs * 4
        todo = iter(self.files)
        for f in todo:
            window.append(self.pool.submit(parse_file, f, self.keep_pdf))
            if len(window) >= ahead:
                break
        while window:
            result = self._result(window.popleft())
            for f in todo:
                window.append(self.pool.submit(parse_file, f, self.keep_pdf))
                break
            yield result

    def _result(self, future: Future[list[FilePage]]) -> list[FilePage]:
        """The future's pages, unless a signal comes first."""
        while True:
            try:
                return future.result(timeout=WAIT_POLL)
            except TimeoutError:
                if self.stop.signum is not None:
                    raise Interrupt(self.stop.signum) from None

    def close(self) -> None:
        """Shut the processes down. After a stop, what is not yet handed to a process is
        cancelled and the few files being parsed finish (their pages are not stored): a
        process killed while it sends its answer would leave half a message in the pipe, and
        the pool's own thread would wait for the rest of it forever, at exit."""
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=not self.finished)
