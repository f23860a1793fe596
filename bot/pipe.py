"""Reading lines from a pipe without losing one to a crash: look first, take after storing.

    peek() --tee(2): a copy of the pipe's contents, nothing consumed--> the first line
    (the caller stores it) --> take(line): now it leaves the pipe

A line taken from a pipe is gone from it; if the process died between taking a line and
storing it, the line would be lost. Linux's tee(2) copies what a pipe holds into a scratch pipe
without consuming it, so the console stores a line while it is still in the pipe, marked
"not taken yet", then takes it and clears the mark. After a crash between the two, the next
start finds the mark and takes the line if it is still first in the pipe. A line longer than
the pipe holds (64 KB) cannot be seen whole: it is taken as far as it can be seen.
Where tee(2) is missing (not Linux, not a pipe), `PipeLines.open` returns None.
"""

from __future__ import annotations

import ctypes
import logging
import os
import select
import stat
import time

logger = logging.getLogger(__name__)
CHUNK = 1 << 16
WAIT_S = 0.02  # between looks while a line is still being written


def _tee():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        tee = libc.tee
    except (OSError, AttributeError):
        return None
    tee.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_size_t, ctypes.c_uint]
    tee.restype = ctypes.c_ssize_t
    return tee


class PipeLines:
    """`peek()` the first line (bytes, b"" at the end), `take(n)` consumes n bytes."""

    def __init__(self, fd: int, tee):
        self.fd, self.tee = fd, tee
        self.scratch_r, self.scratch_w = os.pipe()

    @classmethod
    def open(cls, fd: int) -> PipeLines | None:
        try:
            if not stat.S_ISFIFO(os.fstat(fd).st_mode):
                return None
        except OSError:
            return None
        tee = _tee()
        return cls(fd, tee) if tee is not None else None

    def close(self) -> None:
        os.close(self.scratch_r)
        os.close(self.scratch_w)

    def peek(self) -> bytes:
        """The pipe's first line, left in the pipe (blocks until there is one or the writer is gone)."""
        while True:
            n = self.tee(self.fd, self.scratch_w, CHUNK, 0)
            if n < 0:
                raise OSError(ctypes.get_errno(), "tee")
            if n == 0:  # empty, and no writer left
                return b""
            data = self._drain(n)
            end = data.find(b"\n")
            if end >= 0:
                return data[:end + 1]
            if n >= CHUNK or self._writer_gone():  # too long to see whole, or the last line has no newline
                return data
            time.sleep(WAIT_S)

    def take(self, size: int) -> None:
        while size > 0:
            got = os.read(self.fd, size)
            if not got:
                return
            size -= len(got)

    def _drain(self, n: int) -> bytes:
        data = bytearray()
        while len(data) < n:
            data += os.read(self.scratch_r, n - len(data))
        return bytes(data)

    def _writer_gone(self) -> bool:
        poller = select.poll()
        poller.register(self.fd, select.POLLIN)
        return any(ev & select.POLLHUP for _, ev in poller.poll(0))
