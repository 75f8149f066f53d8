"""Monte Carlo chunks on every core: in forked processes where that is safe, in threads otherwise.

Threads were the first way (numpy releases the GIL in its loops), but a chunk-year is some two
hundred numpy calls on arrays of half a megabyte, and the Python between them holds the GIL: on
this 2-core machine two threads gave 1,1–1,2× one thread (bench/mc.py). Forked processes share
nothing and gave 1,7×. A child inherits the prepared model (copy on write), runs its share of the
chunks and sends back only what the bands read (``DrawTotals.part``): the region's figures of its
draws and its counts of draws at risk, some hundred kilobytes. Draw i's numbers depend only on the
seed and i (R24), so the bands are the same bits whichever way the chunks run (tests).

A process forks only when that is safe and pays:

- ``os.fork`` exists (not on Windows);
- the process runs no other Python thread (``threading``'s or ``_thread``'s): a child gets only the
  forking thread, and a lock another thread held at the fork (logging, a database driver's) would
  never be released in it. A development server, a threaded worker, a web process once its job
  pool has started (``services/jobs``) and a pytest-xdist worker therefore run the chunks in threads;
- the run is large enough (``FORK_MIN_CELLS``) for a fork's few milliseconds not to matter.

A child that fails in any way (killed, out of memory, an exception), hangs (it has not finished
``CHILD_PATIENCE`` times as long as its share would take at the parent's pace, after the parent
finished its own, and at least ``CHILD_MIN_WAIT`` seconds: it is killed), or could not be forked
(EAGAIN, ENOMEM), leaves its chunks to the parent, which runs them itself: the answer is the same,
only later. A child never returns into the caller's code: signals wait until it is inside the
``try`` that ends it, and it leaves with ``os._exit``, so no ``atexit`` handler, buffered output or
database connection of the parent is run, flushed or closed twice. When the parent's own chunks
raise (an error, Ctrl-C, a worker's time limit) its children are killed, and every child is waited
for; a child whose parent was killed outright stops at its next chunk.
"""

from __future__ import annotations

import _thread
import contextlib
import os
import pickle
import selectors
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from simulation.core.engine.recorders import DrawTotals


def _usable_cores() -> int:
    """The cores this process may run on: its affinity (taskset, a container's cpuset), which
    ``os.cpu_count`` ignores, where the system tells it."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


#: Workers for Monte Carlo chunks; more than the cores only adds switching.
MONTE_CARLO_WORKERS = min(4, _usable_cores())
#: Draws × centres × years below which the chunks run in threads: a fork costs a few milliseconds.
FORK_MIN_CELLS = 2_000_000
#: A child not done, after the parent finished its own share, this many times as long as its share
#: would take at the parent's pace, and at least CHILD_MIN_WAIT seconds, is taken to hang: it is
#: killed and its chunks are run by the parent. Generous, so that a child merely slowed by a busy
#: machine is left alone.
CHILD_PATIENCE = 4.0
CHILD_MIN_WAIT = 10.0


def run_chunks(run_chunk: Callable[[int], None], chunks: tuple[slice, ...], totals: DrawTotals, cells: int) -> None:
    """Run ``run_chunk`` for every chunk, each writing its draws into ``totals``."""
    workers = min(len(chunks), MONTE_CARLO_WORKERS)
    if workers > 1 and cells >= FORK_MIN_CELLS and fork_is_safe():
        _in_processes(run_chunk, chunks, totals, workers)
    else:
        _in_threads(run_chunk, len(chunks), workers)


def fork_is_safe() -> bool:
    """A fork copies only the calling thread: safe when it is the only Python thread. ``threading``
    lists only the threads it started; ``_thread._count`` also counts those started with ``_thread``
    itself (execnet's I/O thread in a pytest-xdist worker, for one), which it does not."""
    return hasattr(os, "fork") and threading.active_count() == 1 and _thread._count() == 0


def _in_threads(run_chunk: Callable[[int], None], count: int, workers: int) -> None:
    # Chunks share nothing but the totals they write their own rows of, and numpy releases the GIL
    # in its loops: threads use every core, if not fully. The results do not depend on the threads.
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
        for _ in pool.map(run_chunk, range(count)):
            pass


def _in_processes(
    run_chunk: Callable[[int], None], chunks: tuple[slice, ...], totals: DrawTotals, workers: int
) -> None:
    """The parent keeps the first share of the chunks and forks a child for each other share. A
    share no child could be forked for (EAGAIN, ENOMEM, no file descriptor left) is the parent's too."""
    shares = _shares(len(chunks), workers)
    children: list[tuple[range, int, int]] = []
    unforked: list[range] = []
    started = time.monotonic()
    try:
        for share in shares[1:]:
            child = _fork_child(run_chunk, share, chunks, totals)
            if child is None:
                unforked.append(share)
            else:
                children.append((share, *child))
        for chunk in shares[0]:
            run_chunk(chunk)
    except BaseException:
        # The run is lost (an error, KeyboardInterrupt, a worker's SystemExit on its time limit):
        # the children's draws would only be waited for, for nothing.
        for _, pid, _ in children:
            _kill(pid)
        raise
    finally:  # every child is waited for and its pipe closed, even when the parent's own chunks raised
        # A child's share may hold a chunk more than the parent's: the patience is per chunk.
        per_chunk = (time.monotonic() - started) / len(shares[0])
        patience = CHILD_PATIENCE * per_chunk * max(len(share) for share in shares)
        parts = _collect_every(children, time.monotonic() + max(CHILD_MIN_WAIT, patience))
    for (share, _, _), part in zip(children, parts, strict=True):
        if part is None:  # the child failed: its chunks are run here, to the same numbers
            unforked.append(share)
        else:
            totals.add_part(_rows(share, chunks), part)
    for share in unforked:
        for chunk in share:
            run_chunk(chunk)


def _shares(count: int, workers: int) -> list[range]:
    """``count`` chunks as ``workers`` runs of consecutive chunks, as even as they divide."""
    bounds = [count * w // workers for w in range(workers + 1)]
    return [range(bounds[w], bounds[w + 1]) for w in range(workers)]


def _rows(share: range, chunks: tuple[slice, ...]) -> slice:
    return slice(chunks[share.start].start, chunks[share.stop - 1].stop)


def _fork_child(
    run_chunk: Callable[[int], None], share: range, chunks: tuple[slice, ...], totals: DrawTotals
) -> tuple[int, int] | None:
    """Fork a child that runs ``share`` and writes its part of the totals to a pipe; the parent gets
    the child's pid and the pipe's reading end, or None when no child could be forked. The totals
    are still blank when it forks, so the child's risk counts are its own draws'."""
    try:
        reader, writer = os.pipe()
    except OSError:
        return None
    parent, pid, mask = os.getpid(), -1, None
    try:
        # Signals wait until the child is inside the ``try`` that ends it: a handler that raises
        # (KeyboardInterrupt, a worker's SystemExit) between the fork and that ``try`` would send
        # the child back up into the caller's code, a second copy of the process carrying on.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    finally:
        if pid != 0 and mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    if pid:
        os.close(writer)
        return pid, reader
    status = 1
    try:  # the child: never returns
        signal.pthread_sigmask(signal.SIG_SETMASK, mask or ())
        os.close(reader)
        for chunk in share:
            # A parent killed outright (SIGKILL at a worker's hard time limit, the OOM killer) waits
            # for nothing: its orphans stop at their next chunk rather than compute their share.
            if os.getppid() != parent:
                break
            run_chunk(chunk)
        else:
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(pickle.dumps(totals.part(_rows(share, chunks)), protocol=pickle.HIGHEST_PROTOCOL))
            status = 0
    finally:
        os._exit(status)


def _collect_every(children: list[tuple[range, int, int]], deadline: float) -> list[dict | None]:
    """Every child's part, in order, or None for a child that failed or was not done by
    ``deadline`` (a monotonic time; it is killed). The pipes are read side by side, before any child
    is waited for (a child blocks on a full pipe until it is read), so a hung child costs no other
    its result. When collecting is interrupted every child is killed, its pipe closed and its exit
    waited for: no zombie and no descriptor is left."""
    try:
        received, ended = _read_pipes([reader for _, _, reader in children], deadline)
    except BaseException:
        for _, pid, _ in children:
            _kill(pid)
            _reap(pid)
        raise
    parts: list[dict | None] = []
    for _, pid, reader in children:
        if reader not in ended:  # it hangs: its chunks are the parent's
            _kill(pid)
            _reap(pid)
            parts.append(None)
        else:
            parts.append(_part(_reap(pid), received[reader]))
    return parts


def _read_pipes(readers: list[int], deadline: float) -> tuple[dict[int, bytes], set[int]]:
    """What was written to each pipe, and the pipes whose writers closed them by ``deadline``.
    Every reading end is closed on return, and when reading is interrupted."""
    received = {reader: bytearray() for reader in readers}
    ended: set[int] = set()
    try:
        with selectors.DefaultSelector() as selector:  # epoll here: no limit on descriptor numbers
            for reader in readers:
                selector.register(reader, selectors.EVENT_READ)
            while len(ended) < len(readers) and (remaining := deadline - time.monotonic()) > 0:
                for key, _ in selector.select(remaining):
                    data = os.read(key.fd, 1 << 20)
                    if data:
                        received[key.fd] += data
                    else:
                        selector.unregister(key.fd)
                        ended.add(key.fd)
    finally:
        for reader in readers:
            os.close(reader)
    return {reader: bytes(data) for reader, data in received.items()}, ended


def _part(status: int | None, data: bytes) -> dict | None:
    """A child's part of the totals from what it wrote, or None if it did not finish as it should."""
    if status is not None and (not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0):
        return None
    try:  # our own child's bytes, through a pipe only it could write; whole only if it finished
        return pickle.loads(data)
    except (pickle.UnpicklingError, EOFError):  # it ended before writing all (its status unknown)
        return None


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it has already exited (and is waited for next)
        os.kill(pid, signal.SIGKILL)


def _reap(pid: int) -> int | None:
    """The child's exit status; None when it is not ours to wait for any more: SIGCHLD ignored (the
    kernel reaps at once) or a handler that reaps every child took it first. Its part is then
    taken if the pipe holds the whole of it, which the child writes only once its draws are done."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None
