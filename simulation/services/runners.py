"""Which process runs a job: a job records its runner (host, process id and start time) so that
another process can tell whether it still runs (``jobs.job_cancel``, ``jobs.jobs_recover``)."""

from __future__ import annotations

import os
import socket
from pathlib import Path


def _process_started(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from /proc); None when it does not run.
    With the process id it tells a process apart from a later one that got the same id."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def this_runner() -> str:
    """This process, as a job records who runs it: host, process id and start time."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_process_started(pid) or ''}"


def runner_alive(runner: str) -> bool | None:
    """Whether the process a job names as its runner still runs: None when nobody can tell from
    here (another machine, or none named); then only its heartbeat says."""
    parts = runner.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return None
    pid, started = int(parts[1]), parts[2]
    if Path("/proc/self/stat").exists():
        now = _process_started(pid)
        return now is not None and (not started or now == started)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
