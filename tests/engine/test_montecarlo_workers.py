"""Monte Carlo chunks in forked processes (``engine/workers``): the same bits as in one thread, a
failing child's chunks run by the parent, every child waited for, and no fork beside other threads."""

import _thread
import errno
import os
import signal
import threading
import time

import pytest

from simulation.core.engine import montecarlo, workers
from simulation.core.projection import scenario_project
from simulation.core.scenario import prepare
from tests.engine.chunking import set_chunk_cells

#: Every test here runs its draws in numpy and through the compiled loops (tests/engine/conftest.py).
pytestmark = pytest.mark.usefixtures("draws_path")

SDS = ("listed_growth_sd", "wage_growth_sd", "price_growth_sd", "visit_rate_sd", "cost_sd")


@pytest.fixture
def uncertain(ledger_example):
    return ledger_example | {"uncertainty": {"draws": 30, "seed": 11, **dict.fromkeys(SDS, 0.05)}}


def bands(document):
    return [run["bands"] for run in scenario_project(prepare(document))["runs"]]


@pytest.fixture
def in_one_thread(monkeypatch, uncertain):
    """The bands computed in one thread, then the settings of a forking run (3 workers, 5 draws a chunk)."""
    monkeypatch.setattr(workers, "MONTE_CARLO_WORKERS", 1)
    reference = bands(uncertain)
    set_chunk_cells(monkeypatch, 5 * 5)  # the example has 5 centres
    monkeypatch.setattr(montecarlo, "MIN_CHUNK_DRAWS", 1)
    monkeypatch.setattr(workers, "MONTE_CARLO_WORKERS", 3)
    monkeypatch.setattr(workers, "FORK_MIN_CELLS", 0)
    monkeypatch.setattr(workers, "fork_is_safe", lambda: True)
    return reference


def test_forked_children_give_the_bits_of_one_thread(monkeypatch, uncertain, in_one_thread):
    forks = []
    real_fork = os.fork

    def counted_fork():
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counted_fork)
    assert bands(uncertain) == in_one_thread
    assert len(forks) == 2 * 3  # two children for each of the example's three runs


def test_a_failing_child_leaves_its_chunks_to_the_parent(monkeypatch, uncertain, in_one_thread):
    parent, real_shocks = os.getpid(), montecarlo.Draws.shocks

    def failing_in_a_child(self, chunk):
        if os.getpid() != parent:
            raise MemoryError("a child out of memory")
        return real_shocks(self, chunk)

    monkeypatch.setattr(montecarlo.Draws, "shocks", failing_in_a_child)
    assert bands(uncertain) == in_one_thread


def recording_forks(monkeypatch, fork=None) -> list[int]:
    """The pids of the children forked from here on (``fork``: a stand-in for ``os.fork``)."""
    pids, real_fork = [], fork or os.fork

    def recorded():
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded)
    return pids


def assert_all_reaped(pids: list[int]) -> None:
    """No child of these is left behind: each has been waited for, so it is no child of ours any
    more. (Only these: the test process may have children of its own, a browser's driver in CI.)"""
    assert pids
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_every_child_is_stopped_and_waited_for_when_the_parent_fails(monkeypatch, tmp_path, uncertain, in_one_thread):
    # The children's draws are slow, the parent's first chunk fails: the run is lost, and the
    # children are killed rather than waited for to the end of their share (a worker's time
    # limit, Ctrl-C), then reaped.
    parent, real_shocks = os.getpid(), montecarlo.Draws.shocks
    waited = []
    real_reap = workers._reap

    def failing_in_the_parent(self, chunk):
        if os.getpid() == parent:
            raise ValueError("the parent's chunk failed")
        time.sleep(10)
        (tmp_path / f"{os.getpid()}-{chunk}").touch()
        return real_shocks(self, chunk)

    def reap(pid):
        waited.append(pid)
        return real_reap(pid)

    monkeypatch.setattr(montecarlo.Draws, "shocks", failing_in_the_parent)
    monkeypatch.setattr(workers, "_reap", reap)
    forked = recording_forks(monkeypatch)
    with pytest.raises(ValueError, match="parent's chunk"):
        bands(uncertain)
    assert len(waited) == 2
    assert list(tmp_path.iterdir()) == []  # no child finished a chunk
    assert_all_reaped(forked)


@pytest.fixture
def within_a_minute():
    """Fails a test that waits for more than a minute, rather than letting it hang CI."""

    def too_long(signum, frame):
        raise TimeoutError("the run waited for more than a minute")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_hung_child_is_killed_and_its_chunks_run_by_the_parent(
    monkeypatch, uncertain, in_one_thread, within_a_minute
):
    # Three processes: the first child hangs in its first chunk, the second finishes at once. Only
    # the hung child's chunks are run again: the other's result, in its pipe, is taken.
    parent, real_shocks = os.getpid(), montecarlo.Draws.shocks
    run_by_the_parent = []

    def hanging_in_the_first_child(self, chunk):
        if os.getpid() != parent and chunk == first_child_chunk[0]:
            time.sleep(3600)  # a deadlock, as far as the parent can tell
        if os.getpid() == parent:
            run_by_the_parent.append(chunk)
        return real_shocks(self, chunk)

    first_child_chunk = [workers._shares(6, 3)[1].start]  # 30 draws in chunks of 5: 6 chunks, 3 shares
    monkeypatch.setattr(montecarlo.Draws, "shocks", hanging_in_the_first_child)
    monkeypatch.setattr(workers, "CHILD_MIN_WAIT", 0.5)
    forked = recording_forks(monkeypatch)

    assert bands(uncertain) == in_one_thread
    shares = workers._shares(6, 3)
    for run in range(3):  # the example's three runs
        ran = run_by_the_parent[run * 4 : (run + 1) * 4]
        assert ran == [*shares[0], *shares[1]]  # its own share, then the hung child's, never the other's
    assert_all_reaped(forked)


def test_a_share_no_child_could_be_forked_for_is_run_by_the_parent(monkeypatch, uncertain, in_one_thread):
    # fork fails with EAGAIN (a process limit) or ENOMEM: the parent runs that share itself, as it
    # does a failed child's, and leaves neither a pipe open nor a child unwaited for.
    real_fork, calls = os.fork, []

    def every_other_fork_fails():
        calls.append(1)
        if len(calls) % 2 == 0:
            raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
        return real_fork()

    descriptors = len(os.listdir("/proc/self/fd"))
    forked = recording_forks(monkeypatch, every_other_fork_fails)
    assert bands(uncertain) == in_one_thread
    assert len(os.listdir("/proc/self/fd")) == descriptors
    assert len(forked) == 3  # one child of two for each of the example's three runs
    assert_all_reaped(forked)


def test_the_children_s_parts_are_taken_where_sigchld_is_ignored(uncertain, in_one_thread):
    # With SIGCHLD ignored the kernel reaps the children itself and waitpid finds none (ECHILD): a
    # part read whole is still the child's finished work.
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert bands(uncertain) == in_one_thread
    finally:
        signal.signal(signal.SIGCHLD, previous)


class _Escaped(Exception):
    pass


def test_a_signal_at_the_fork_never_sends_a_child_back_into_the_callers_code(monkeypatch, tmp_path, uncertain):
    # A signal whose handler raises reaches a child at once after the fork (Ctrl-C at the
    # terminal, sent to every process of the group). In a process of its own, as it may escape.
    real_fork = os.fork

    def fork_then_signalled():
        pid = real_fork()
        if pid == 0:
            os.kill(os.getpid(), signal.SIGUSR1)
        return pid

    def escape(signum, frame):
        raise _Escaped

    set_chunk_cells(monkeypatch, 5 * 5)
    monkeypatch.setattr(montecarlo, "MIN_CHUNK_DRAWS", 1)
    monkeypatch.setattr(workers, "MONTE_CARLO_WORKERS", 3)
    monkeypatch.setattr(workers, "FORK_MIN_CELLS", 0)
    monkeypatch.setattr(workers, "fork_is_safe", lambda: True)
    caller = real_fork()
    if caller == 0:
        caller_pid = os.getpid()
        try:
            signal.signal(signal.SIGUSR1, escape)
            os.fork = fork_then_signalled
            try:
                bands(uncertain)
            except _Escaped:
                if os.getpid() != caller_pid:
                    (tmp_path / f"escaped-{os.getpid()}").touch()
        finally:
            os._exit(0)
    _, status = os.waitpid(caller, 0)

    assert os.WIFEXITED(status)
    assert list(tmp_path.iterdir()) == []


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not workers.fork_is_safe()
    finally:
        stop.set()
        other.join()


def test_no_fork_while_a_thread_started_without_threading_runs(monkeypatch):
    # threading.active_count() does not see it (execnet starts its I/O thread so, in every
    # pytest-xdist worker); a fork would copy none of what it holds.
    started, stop, ended = _thread.allocate_lock(), _thread.allocate_lock(), _thread.allocate_lock()
    for lock in (started, stop, ended):
        lock.acquire()

    def wait_for_stop():
        started.release()
        with stop:
            ended.release()

    seen_by_threading = threading.active_count()
    _thread.start_new_thread(wait_for_stop, ())
    started.acquire()
    try:
        assert threading.active_count() == seen_by_threading  # threading does not see the new thread
        # As if it were the only thread threading knows (a test before may have left one here).
        monkeypatch.setattr(threading, "active_count", lambda: 1)
        assert not workers.fork_is_safe()
    finally:
        stop.release()
        ended.acquire()


@pytest.mark.parametrize(("count", "workers_asked"), [(1, 2), (7, 2), (7, 3), (20, 4)])
def test_the_chunks_are_shared_out_whole_and_in_order(count, workers_asked):
    shares = workers._shares(count, min(count, workers_asked))
    assert [c for share in shares for c in share] == list(range(count))
    assert max(map(len, shares)) - min(map(len, shares)) <= 1


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"  # an orphan its new parent has not reaped
    except FileNotFoundError:
        return True


def test_orphaned_children_stop_at_their_next_chunk(tmp_path, uncertain, in_one_thread):
    # A process forks the children and is then killed outright (SIGKILL, as at a hard time limit):
    # each child finishes the chunk it is in, once the parent is dead, and computes no other.
    real_shocks = montecarlo.Draws.shocks
    parent_dead = tmp_path / "parent-dead"

    def blocked_until_the_parent_is_dead(self, chunk):
        if os.getpid() == killed:  # once both children are in their first chunk
            while len(list(tmp_path.glob("start-*"))) < 2:
                time.sleep(0.01)
            os.kill(killed, signal.SIGKILL)
        (tmp_path / f"start-{os.getpid()}-{chunk}").touch()
        while not parent_dead.exists():
            time.sleep(0.01)
        (tmp_path / f"done-{os.getpid()}-{chunk}").touch()
        return real_shocks(self, chunk)

    montecarlo.Draws.shocks = blocked_until_the_parent_is_dead
    try:
        killed = os.fork()
        if killed == 0:
            try:
                killed = os.getpid()
                bands(uncertain)
            finally:
                os._exit(1)
        _, status = os.waitpid(killed, 0)
    finally:
        montecarlo.Draws.shocks = real_shocks
    assert os.WIFSIGNALED(status)
    parent_dead.touch()
    orphans = {int(path.name.split("-")[1]) for path in tmp_path.glob("start-*")}
    deadline = time.monotonic() + 60
    while not all(map(_gone, orphans)) and time.monotonic() < deadline:
        time.sleep(0.05)

    done = sorted(path.name.rsplit("-", 1)[0] for path in tmp_path.glob("done-*"))
    assert done == sorted(f"done-{pid}" for pid in orphans)  # one chunk each, of the two in a share
