"""How a tap on the commune map opens the commune's profile, in headless chromium on a tablet.

    python bench/map_tap_bench.py [--taps 20] [--size landscape|portrait]

On the demo store, served by a real dashboard server, a touch-screen tablet (1024×768 or 820×1180)
opens Bản đồ xã, waits until the map is drawn, and taps the label point of a commune: a different
commune each time, going back to the map with the profile's button in between, as a leader would. Prints how many first taps opened the profile (the goal: every one) and the time
from the tap until the commune's heading is drawn (median and worst; the goal: under 1 s), beside the
same figures for tapping the commune's button in the list under the map, which reruns the page the
same way without the map: the difference is what the map itself costs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.servers import free_port, start_server, stop, wait_for_port  # noqa: E402
from dashboard import geo  # noqa: E402
from data_pipeline.demo import build_demo  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
TABLETS = {"landscape": {"width": 1024, "height": 768}, "portrait": {"width": 820, "height": 1180}}
GEO = Path(__file__).resolve().parent.parent.parent / "shared" / "geo" / "cao_bang_communes.geojson"
GIVE_UP_MS = 8000  # a first tap that has not opened the profile by then only highlighted it


def wait_until_idle(page) -> None:
    page.wait_for_timeout(200)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60000)


def screen_point(page, view: dict, lon: float, lat: float) -> tuple[float, float]:
    """Where (lon, lat) is on screen in the map's first view: the view's centre is the canvas's centre."""
    box = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.bounding_box()
    x, y = geo.project(lon, lat, view["zoom"])
    cx, cy = geo.project(view["longitude"], view["latitude"], view["zoom"])
    return box["x"] + box["width"] / 2 + (x - cx), box["y"] + box["height"] / 2 + (y - cy)


def open_map(page, url: str) -> None:
    page.goto(f"{url}/ban_do_xa")
    wait_until_idle(page)
    page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.wait_for(timeout=60000)
    page.locator(".st-key-commune-grid button").nth(55).wait_for(timeout=60000)
    page.wait_for_timeout(1000)  # deck.gl draws after the page has run


def back_to_map(page, url: str) -> None:
    """As a leader goes back: the profile's button; after a tap that opened nothing, the page again."""
    back = page.get_by_role("button", name="← Bản đồ toàn tỉnh")
    if back.count():
        back.first.click()
        wait_until_idle(page)
        page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.wait_for(timeout=60000)
        page.evaluate("() => window.scrollTo(0, 0)")
        page.wait_for_timeout(1000)  # deck.gl draws after the page has run
    else:
        open_map(page, url)


def profile_after(page, name: str, tap) -> float | None:
    """Milliseconds from `tap()` until the profile's heading shows `name`; None if it never does."""
    heading = page.get_by_role("heading", name=name).first
    started = time.perf_counter()
    tap()
    try:
        heading.wait_for(timeout=GIVE_UP_MS)
    except Exception:  # noqa: BLE001 - Playwright's timeout: the tap did not open the profile
        return None
    return (time.perf_counter() - started) * 1000


def summary(label: str, times: list[float | None]) -> str:
    opened = [t for t in times if t is not None]
    if not opened:
        return f"{label:<28} opened 0/{len(times)}"
    return (f"{label:<28} opened {len(opened)}/{len(times)} on the first tap · "
            f"median {statistics.median(opened):,.0f} ms · worst {max(opened):,.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--taps", type=int, default=20)
    parser.add_argument("--size", choices=list(TABLETS), default="landscape")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists() or not GEO.exists():
        print(f"skipped: needs {CHROMIUM} and {GEO}")
        return
    from playwright.sync_api import sync_playwright

    boundaries = geo.read_boundaries(GEO)
    view = geo.fit_view(boundaries.bounds)
    features = sorted(boundaries.features, key=lambda f: f["properties"]["commune_code"])
    step = max(1, len(features) // args.taps)
    chosen = features[::step][:args.taps]

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.duckdb"
        build_demo(db)
        os.environ["DASHBOARD_GEO"] = str(GEO)
        port = free_port()
        server = start_server(db, port)
        try:
            wait_for_port(port, server)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
                context = browser.new_context(viewport=TABLETS[args.size], has_touch=True, is_mobile=True,
                                              locale="vi-VN")
                page = context.new_page()
                url = f"http://127.0.0.1:{port}"
                open_map(page, url)
                on_map, on_list = [], []
                names = geo.known_codes()
                for feature in chosen:
                    props = feature["properties"]
                    name = names[props["commune_code"]]
                    x, y = screen_point(page, view, props["label_lon"], props["label_lat"])
                    on_map.append(profile_after(page, name, lambda: page.touchscreen.tap(x, y)))
                    back_to_map(page, url)
                    button = page.locator(".st-key-commune-grid button", has_text=name).first
                    button.scroll_into_view_if_needed()
                    box = button.bounding_box()
                    on_list.append(profile_after(page, name, lambda: page.touchscreen.tap(
                        box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)))
                    back_to_map(page, url)
                browser.close()
        finally:
            stop(server)
    print(f"Bản đồ xã on the demo store, {args.size} tablet {TABLETS[args.size]['width']}×"
          f"{TABLETS[args.size]['height']} (touch), {len(chosen)} communes, one first tap each:")
    print(summary("tap on the map", on_map))
    print(summary("tap on its list button", on_list))
    missed = [geo.known_codes()[f["properties"]["commune_code"]] for f, t in zip(chosen, on_map) if t is None]
    if missed:
        print("first taps on the map that did not open the profile:", ", ".join(missed))


if __name__ == "__main__":
    main()
