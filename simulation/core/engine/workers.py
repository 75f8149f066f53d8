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
``CHILD_PATIENCE`` times as long after the parent finished its own share, which is as large, and at
least ``CHILD_MIN_WAIT`` seconds: it is killed), or could not be forked (EAGAIN, ENOMEM), leaves its
chunks to the parent, which runs them itself: the answer is the same, only later. A child never
returns into the caller's code: signals wait until it is inside the ``try`` that ends it, and it
leaves with ``os._exit``, so no ``atexit`` handler, buffered output or database connection of the
parent is run, flushed or closed twice. When the parent's own chunks raise (an error, Ctrl-C, a
worker's time limit) its children are killed, and every child is waited for; a child whose parent
was killed outright stops at its next chunk.
"""

from __future__ import annotations

import _thread
import contextlib
import os
import pickle
import select
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
#: A child not done this many times as long after the parent finished its own share (as large as a
#: child's), and at least CHILD_MIN_WAIT seconds after, is taken to hang: it is killed and its
#: chunks are run by the parent. Generous, so that a child merely slowed by a busy machine is left.
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
        own = time.monotonic() - started
        parts = _collect_every(children, time.monotonic() + max(CHILD_MIN_WAIT, CHILD_PATIENCE * own))
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
    """Every child's part, in order (None for a child not done by ``deadline``, a monotonic time);
    when collecting is interrupted, the children not yet collected are killed, their pipes closed
    and their exits waited for: no zombie and no descriptor is left."""
    parts: list[dict | None] = []
    for index, (_, pid, reader) in enumerate(children):
        try:
            parts.append(_collect(pid, reader, deadline))
        except BaseException:
            for _, other, other_reader in children[index + 1 :]:
                _kill(other)
                os.close(other_reader)
                _reap(other)
            raise
    return parts


def _collect(pid: int, reader: int, deadline: float) -> dict | None:
    """The child's part of the totals, or None if it did not finish as it should (a child still
    writing at ``deadline`` is killed)."""
    try:
        data = _read_until(reader, deadline)  # before waiting: a child blocks on a full pipe until it is read
    except BaseException:
        _kill(pid)
        _reap(pid)
        raise
    if data is None:  # it hangs: its chunks are the parent's
        _kill(pid)
        _reap(pid)
        return None
    status = _reap(pid)
    if status is not None and (not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0):
        return None
    try:  # our own child's bytes, through a pipe only it could write; whole only if it finished
        return pickle.loads(data)
    except (pickle.UnpicklingError, EOFError):  # it ended before writing all (its status unknown)
        return None


def _read_until(reader: int, deadline: float) -> bytes | None:
    """Everything written to the pipe until its writer closed it, or None at ``deadline``; the
    reading end is closed either way."""
    chunks: list[bytes] = []
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([reader], [], [], remaining)[0]:
                return None
            chunk = os.read(reader, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(reader)


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
