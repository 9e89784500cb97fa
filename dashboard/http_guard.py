"""What the dashboard's own server answers, whatever proxy stands in front of it (or none):

- no page of it may be shown inside another site's frame (X-Frame-Options and CSP frame-ancestors),
  so nobody can overlay it to trick a signed-in leader into tapping something;
- Streamlit's `/_stcore/metrics` (sessions, memory, cache sizes) is not answered: it needs no sign-in.

`dashboard.serve` installs this into Streamlit's Starlette server before it starts.
"""

from __future__ import annotations

SECURITY_HEADERS = (
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)
CLOSED_PATHS = ("/_stcore/metrics",)


def base_path() -> str:
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


class Guard:
    """Pure ASGI middleware: the headers above on every HTTP answer, 404 for the closed paths."""

    def __init__(self, app, base: str = "") -> None:
        self.app = app
        self.closed = {base + path for path in CLOSED_PATHS}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope.get("path", "").rstrip("/") in self.closed:
            await send({"type": "http.response.start", "status": 404,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"), *SECURITY_HEADERS]})
            await send({"type": "http.response.body", "body": "Không có trang này.".encode()})
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in SECURITY_HEADERS if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install() -> None:
    """Have every Starlette app Streamlit builds answer through Guard."""
    from streamlit.web.server.starlette import starlette_server

    build = starlette_server.create_starlette_app
    if getattr(build, "guarded", False):
        return

    def create_starlette_app(runtime):
        app = build(runtime)
        app.add_middleware(Guard, base=base_path())
        return app

    create_starlette_app.guarded = True
    starlette_server.create_starlette_app = create_starlette_app
