"""Benchmark: the indicator and place pages under load, as the public sees them.

Run by hand (``python bench/web.py``; ``--seconds 5 --people 5000`` for a smoke run).
Prints one JSON line per result.

1. Builds (or reuses, with ``--home``) the demo workspace at the default size with
   every indicator pack computed (:func:`placewell.demo.setup_demo`).
2. Starts ``uvicorn`` serving it on a free loopback port, in a child process.
3. Warms the caches: every page of the set once (reported as ``phase: warm``, with
   the latency of building each page the first time).
4. Runs ``--clients`` concurrent clients (threads, each with its own httpx connection;
   httpx's asyncio pool is itself the bottleneck at this rate) for ``--seconds`` over the
   indicator pages (every indicator in the country, each partnership and each
   locality), the place profiles and the two index pages, not signed in, and reports
   requests, errors, latency percentiles and requests per second against the target
   (p95 at most 300 ms, no errors).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import numpy as np

TARGET_P95_MS = 300.0


def emit(**fields: Any) -> None:
    print(json.dumps(fields, default=str), flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build(home: Path, people: int) -> None:
    from placewell.config import load_settings
    from placewell.demo import setup_demo

    start = time.perf_counter()
    result = setup_demo(load_settings(home=home), people=people)
    emit(
        bench="web",
        phase="workspace",
        people=result.summary.tables.get("people", people),
        indicators=result.indicators,
        built=result.built,
        seconds=round(time.perf_counter() - start, 1),
    )


def page_set(home: Path) -> list[str]:
    """Every public indicator and place page of the workspace worth loading."""
    from placewell.geography.hierarchy import AreaHierarchy
    from placewell.indicators.evidence import read_runs
    from placewell.workspace import Workspace

    ws = Workspace(home)
    hierarchy = AreaHierarchy.from_warehouse(ws.warehouse)
    areas = [a.code for lv in ("country", "partnership", "locality") for a in hierarchy.areas(lv)]
    indicators = sorted(read_runs(ws))
    urls = ["/indicators", "/places"]
    urls += [f"/indicators/{i}?area={a}" for i in indicators for a in areas]
    urls += [f"/places/{a}" for a in areas]
    return urls


def start_server(home: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PLACEWELL_HOME": str(home),
        "PLACEWELL_EVIDENCE": "demo",
        "PLACEWELL_SECRET_KEY": "b" * 48,
    }
    command = [
        sys.executable, "-m", "uvicorn", "placewell.web.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the web server did not start")


def _run_clients(
    base: str, clients: int, next_url: Callable[[random.Random], str | None]
) -> tuple[list[float], int, float]:
    """``clients`` threads, each with its own connection, requesting ``next_url()`` until None."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        mine: list[float] = []
        failed = 0
        with httpx.Client(base_url=base, timeout=120) as http:
            while (url := next_url(rng)) is not None:
                start = time.perf_counter()
                try:
                    response = http.get(url)
                    ok = response.status_code == 200 and len(response.content) > 0
                except httpx.HTTPError:
                    ok = False
                mine.append(time.perf_counter() - start)
                failed += not ok
        with lock:
            latencies.extend(mine)
            errors += failed

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - began


def _ms(latencies: list[float], q: float) -> float:
    return round(float(np.percentile(np.asarray(latencies) * 1000, q)), 1)


def warm(base: str, urls: list[str], clients: int) -> dict[str, Any]:
    """Load every page once (a few at a time): the cost of building pages cold."""
    queue = list(reversed(urls))
    lock = threading.Lock()

    def next_url(_: random.Random) -> str | None:
        with lock:
            return queue.pop() if queue else None

    latencies, errors, seconds = _run_clients(base, clients, next_url)
    return {"pages": len(urls), "errors": errors, "seconds": round(seconds, 1),
            "p50_ms": _ms(latencies, 50), "p95_ms": _ms(latencies, 95)}  # fmt: skip


def load(base: str, urls: list[str], clients: int, seconds: float) -> dict[str, Any]:
    """``clients`` clients (threads) requesting random pages of the set back to back."""
    stop = time.perf_counter() + seconds

    def next_url(rng: random.Random) -> str | None:
        return rng.choice(urls) if time.perf_counter() < stop else None

    latencies, errors, elapsed = _run_clients(base, clients, next_url)
    p95 = _ms(latencies, 95)
    return {
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": _ms(latencies, 50),
        "p95_ms": p95,
        "p99_ms": _ms(latencies, 99),
        "rps": round(len(latencies) / elapsed, 1),
        "target_p95_ms": TARGET_P95_MS,
        "ok": p95 <= TARGET_P95_MS and errors == 0,
    }


def server_rss_mb(server: subprocess.Popen[bytes]) -> float | None:
    """Resident memory of the server and its workers (Linux; None elsewhere)."""
    pids = [server.pid]
    try:
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                stat = (entry / "stat").read_text().split()
                if stat[3] == str(server.pid):
                    pids.append(int(entry.name))
        total = 0
        for pid in pids:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    except OSError:
        return None
    return round(total / 1024, 1)


def main(argv: list[str] | None = None) -> int:
    from placewell.demo import DEFAULT_PEOPLE

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--home", type=Path, help="workspace to build or reuse (default: temporary)"
    )
    parser.add_argument("--people", type=int, default=DEFAULT_PEOPLE)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument(
        "--keep-cache", action="store_true", help="keep the pages built by an earlier run"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="placewell-bench-web-") as tmp:
        home = args.home or Path(tmp) / "ws"
        build(home, args.people)
        if not args.keep_cache:  # measure building every page from cold
            shutil.rmtree(home / "cache" / "web", ignore_errors=True)
        urls = page_set(home)
        port = free_port()
        server = start_server(home, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            warmed = warm(base, urls, clients=2 * args.workers)
            emit(bench="web", phase="warm", workers=args.workers, **warmed)
            result = load(base, urls, args.clients, args.seconds)
            emit(bench="web", phase="load", clients=args.clients, seconds=args.seconds,
                 workers=args.workers, pages=len(urls), server_rss_mb=server_rss_mb(server),
                 **result)  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
