"""Runs ``citygraph ARGS`` in a child process as a hostile-site test needs it: under a
memory limit, with a name lookup of the test's own, every connection logged (and any to
an address other than 127.0.0.1 refused, so a failure cannot reach out), and the peak
memory reported.

    python tests/web_child.py SPEC.json -- crawl http://hostile.test:PORT/r/ ...

SPEC: ``{"hosts": {"hostile.test": "127.0.0.1", ...}, "memory_mb": 1024,
"file_size_kb": null}``. The last line of stderr is ``peak_rss_mb=N``; each connection
is a line ``connect ADDRESS PORT`` on stderr.
"""

from __future__ import annotations

import json
import resource
import signal
import socket
import sys
from pathlib import Path
from typing import Any


def main() -> int:
    spec: dict[str, Any] = json.loads(Path(sys.argv[1]).read_text())
    args = sys.argv[sys.argv.index("--") + 1 :]
    memory = int(spec.get("memory_mb") or 0) * 2**20
    if memory:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if spec.get("file_size_kb"):  # a disk that takes no file larger than this
        size = int(spec["file_size_kb"]) * 1024
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails (EFBIG) instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    hosts: dict[str, str] = spec.get("hosts") or {}
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection

    def getaddrinfo(host: Any, port: Any, *rest: Any, **kw: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:  # an address: no lookup
            return real_getaddrinfo(
                name, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST
            )
        except socket.gaierror:
            pass
        if name not in hosts:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_getaddrinfo(hosts[name], port, *rest, **kw)

    def create_connection(address: Any, *rest: Any, **kw: Any) -> Any:
        print(f"connect {address[0]} {address[1]}", file=sys.stderr, flush=True)
        if address[0] != "127.0.0.1":
            raise ConnectionRefusedError(f"the test guard refuses {address[0]}")
        return real_connect(address, *rest, **kw)

    socket.getaddrinfo = getaddrinfo
    socket.create_connection = create_connection
    sys.argv = ["citygraph", *args]
    from graph.cli import main as citygraph

    try:
        citygraph()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    finally:
        print(f"peak_rss_mb={_peak_mb()}", file=sys.stderr, flush=True)
    return code


def _peak_mb() -> int:
    """This program's peak resident memory. Linux's VmHWM counts from the exec on;
    ``ru_maxrss`` may include the parent's memory at the fork."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


if __name__ == "__main__":
    sys.exit(main())
