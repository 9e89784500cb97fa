"""Readers per second with 1 and with 4 dashboard replicas on one store, on localhost.

    python bench/replicas_bench.py --db STORE [--seconds 15] [--readers 8] [--page tong_quan]

A reader is what a browser tab costs the server: it opens Streamlit's websocket
(`/_stcore/stream`), asks for a page exactly as the browser does (a `rerun_script` message), and
waits until the server says the script finished, having received every element the page sends.
Readers run concurrently (`--readers` at a time) for a fixed time, spread round-robin over the
replicas as a load balancer would; each replica is a separate `streamlit run` process on the
same store. A browser is not used: headless chromium on the same two cores would measure itself.
The figure is complete page views per second, with the median and 95th percentile view time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import started_servers


async def one_view(url: str, page: str) -> tuple[float, bool]:
    """One page view over the websocket: (seconds, finished without an exception element)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    start = time.perf_counter()
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                  origin=url) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_name = page
        await ws.send(msg.SerializeToString())
        ok = True
        while True:
            raw = await asyncio.wait_for(ws.recv(), timeout=120)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" \
                    and fwd.delta.new_element.WhichOneof("type") == "exception":
                ok = False
            if kind == "script_finished":
                # FINISHED_EARLY_FOR_RERUN: the first run of a session may rerun once (navigation)
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                ok = ok and fwd.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
                break
    return time.perf_counter() - start, ok


async def load(urls: list[str], page: str, readers: int, seconds: float) -> dict:
    from websockets.exceptions import WebSocketException

    times, failures = [], 0
    deadline = time.perf_counter() + seconds
    counter = 0

    async def reader() -> None:
        nonlocal failures, counter
        while time.perf_counter() < deadline:
            url = urls[counter % len(urls)]
            counter += 1
            try:
                elapsed, ok = await one_view(url, page)
            except (OSError, TimeoutError, WebSocketException):  # a reader that got no page
                failures += 1
                continue
            if ok:
                times.append(elapsed)
            else:
                failures += 1

    started = time.perf_counter()
    await asyncio.gather(*(reader() for _ in range(readers)))
    wall = time.perf_counter() - started
    ordered = sorted(times) or [float("nan")]
    return {"views": len(times), "failures": failures, "per_s": len(times) / wall,
            "median_ms": 1000 * statistics.median(ordered),
            "p95_ms": 1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]}


async def warm(urls: list[str], page: str) -> None:
    """One view on every replica first: each keeps its own cache of the marts."""
    await asyncio.gather(*(one_view(url, page) for url in urls))


def measure(db: Path, replicas: int, *, page: str, readers: int, seconds: float) -> dict:
    with started_servers(db, replicas) as urls:
        asyncio.run(warm(urls, page))
        return asyncio.run(load(urls, page, readers, seconds))


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--page", default="tong_quan")
    args = parser.parse_args(argv)
    rows = []
    print(f"\nReaders per second, page '{args.page}', {args.readers} concurrent readers, {args.seconds:.0f} s each "
          f"(load average before: {os.getloadavg()[0]:.1f}; baseline: 1 replica, same run)")
    print(f"{'replicas':>8} {'views/s':>8} {'median':>9} {'p95':>9} {'views':>6} {'failed':>6} {'vs 1 replica':>13}")
    for n in (1, 4):
        r = measure(Path(args.db), n, page=args.page, readers=args.readers, seconds=args.seconds)
        r["replicas"] = n
        rows.append(r)
        ratio = r["per_s"] / rows[0]["per_s"] if rows[0]["per_s"] else float("nan")
        print(f"{n:>8} {r['per_s']:8.1f} {r['median_ms']:6.0f} ms {r['p95_ms']:6.0f} ms {r['views']:>6} "
              f"{r['failures']:>6} {ratio:12.2f}×")
    return rows


if __name__ == "__main__":
    main()
