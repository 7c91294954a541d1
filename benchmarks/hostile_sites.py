"""What each hostile site of tests/web_hostile.py costs citygraph: time and peak memory of
the command, at the product's defaults (unlike the tests, which make the limits small).

Each case runs ``citygraph`` in a child process (tests/web_child.py: its own name lookup,
every connection logged, a 2 GiB address-space cap) against the hostile site on
127.0.0.1, and prints one line: the case, the wall time, the child's peak resident
memory, the requests the site saw, and the one line citygraph said about it.

    .venv/bin/python benchmarks/hostile_sites.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import web_hostile  # noqa: E402  (tests/ is not a package)

HOSTS = {
    "hostile.test": "127.0.0.1",
    "slow-robots.test": "127.0.0.1",
    "ssrf.test": "127.0.0.1",
    "metadata.google.internal": "127.0.0.1",
    "intranet.test": "10.0.0.1",
}
ALLOW = ["--allow-network", "127.0.0.1/32"]


def run(folder: Path, args: list[str]) -> tuple[float, int, str]:
    spec = folder / "spec.json"
    spec.write_text(json.dumps({"hosts": HOSTS, "memory_mb": 2048}))
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "web_child.py"), str(spec), "--", *args],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
        check=False,
    )
    seconds = time.monotonic() - started
    lines = done.stderr.splitlines()
    peak = int(lines[-1].removeprefix("peak_rss_mb="))
    said = [
        x.strip()
        for x in (done.stdout + done.stderr).splitlines()
        if x.strip().startswith(("failed:", "error:", "Crawled", "stopped"))
    ]
    return seconds, peak, " | ".join(said)[:400]


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}", flush=True)
    with web_hostile.serve() as site, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def crawl(start: str, *extra: str) -> list[str]:
            return ["crawl", start, "--delay", "0", "--cache", str(folder / "cache"),
                    "--dry-run", *ALLOW, *extra]  # fmt: skip

        cases = {
            "gzip inside gzip (1 GiB inflated), load URL": [
                "load",
                site.url("/bomb.html"),
                "--cache",
                str(folder / "cache"),
                "--graph-file",
                str(folder / "g.json"),
                *ALLOW,
            ],
            "sitemap.xml.gz of 1.5 GB inflated, defaults (--max-urls 50,000)": crawl(
                site.url("/r/"), "--match", "/r/", "--sitemap", site.url("/huge-sitemap.xml.gz")
            ),
            "sitemap under Content-Encoding: gzip, 1.5 GB inflated, --max-urls 10,000,000": crawl(
                site.url("/r/"),
                "--match",
                "/r/",
                "--sitemap",
                site.url("/huge-sitemap.xml"),
                "--max-urls",
                "10000000",
            ),
            "sitemap index 60 x 100,000 URLs, no URL matching": crawl(
                site.url("/r/"), "--match", "/none/", "--sitemap", site.url("/index.xml")
            ),
            "sitemap index 60 x 100,000 URLs, --max-pages 100 (fetched)": crawl(
                site.url("/r/"), "--match", "/r/", "--sitemap", site.url("/index.xml")
            ),
            "headers a byte at a time, default deadline (60 s)": crawl(
                site.url("/slow-headers.html"), "--match", "/slow-"
            ),
            "robots.txt a byte at a time, default deadline (60 s)": crawl(
                site.url("/r/", host="slow-robots.test"), "--match", "/r/"
            ),
            "private, link-local and metadata addresses by every path": crawl(
                f"http://ssrf.test:{site.port}/r/",
                "--match",
                "/r/|/to-",
                "--feed",
                "http://10.0.0.1/feed.xml",
            ),
        }
        for case, args in cases.items():
            site.log.clear()
            seconds, peak, said = run(folder, args)
            print(
                f"{case}: {seconds:.1f} s, peak {peak} MB, {len(site.log)} requests\n    {said}",
                flush=True,
            )
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")


if __name__ == "__main__":
    main()
