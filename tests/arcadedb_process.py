"""Hosts an ArcadeDB server with its Bolt plugin in a process of its own.

Run by tests/bolt_server.py as ``python arcadedb_process.py CONFIG_JSON``. Keeping the JVM
out of the pytest process matters: a JVM inside it can hang the interpreter's exit (or
crash it when a driver is still open), which would stall a whole test run after its
last test. Prints ``ready`` once the server answers, then serves until its standard input
closes (the test process ended or stopped it), and leaves without the JVM's teardown.
"""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    from arcadedb_embedded import ArcadeDBServer

    config = json.loads(sys.argv[1])
    server = ArcadeDBServer(
        root_path=config["root"],
        root_password=config["password"],
        config={
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": config["bolt_port"],
            "http_port": config["http_port"],
        },
        # the JVM's crash logs go to the server's folder, not the working tree
        jvm_kwargs={
            "heap_size": config["heap"],
            "jvm_args": f"-XX:ErrorFile={config['root']}/hs_err_%p.log",
        },
    )
    server.start()
    print("ready", flush=True)
    sys.stdin.read()  # returns when the test process closes the pipe or dies
    os._exit(0)


if __name__ == "__main__":
    main()
