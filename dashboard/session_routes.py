"""The two HTTP routes that hand a sign-in session to the browser as an HttpOnly cookie and take
it back: a Streamlit page can read cookies (st.context.cookies) but not set one the page's own
scripts cannot read. `dashboard.serve` adds them to Streamlit's server.

- POST {base}/auth/session, body: the signed, minute-long note the sign-in page handed over
  (data_pipeline.sessions.handoff) -> the session cookie;
- POST {base}/auth/logout -> the cookie cleared (the session itself was ended in the store).

Both answer only a request from the dashboard's own origin.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dashboard.http_guard import base_path
from data_pipeline import sessions, store
from data_pipeline.settings import default_db_path


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host")


def _open_token(note: str) -> str | None:
    db = default_db_path()
    if not db.exists():
        return None
    token = sessions.token_of_handoff(db, note)
    if token is None:
        return None
    con = store.read_connection(db)
    try:
        return token if sessions.username_of(con, token) else None
    finally:
        con.close()


async def set_session(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    note = (await request.body()).decode("ascii", "replace")[:400]
    token = await run_in_threadpool(_open_token, note)
    if token is None:
        return Response(status_code=403)
    response = Response(status_code=204)
    response.set_cookie(sessions.COOKIE, sessions.cookie_value(default_db_path(), token),
                        max_age=int(sessions.lifetime().total_seconds()), path=base_path() or "/",
                        httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


async def clear_session(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    response = Response(status_code=204)
    response.delete_cookie(sessions.COOKIE, path=base_path() or "/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
    return response


def routes() -> list[Route]:
    base = base_path()
    return [Route(f"{base}/auth/session", set_session, methods=["POST"]),
            Route(f"{base}/auth/logout", clear_session, methods=["POST"])]


def install() -> None:
    """Have Streamlit's server answer the routes above, before its own."""
    from streamlit.web.server.starlette import starlette_server

    build = starlette_server.create_starlette_app
    if getattr(build, "with_session_routes", False):
        return

    def create_starlette_app(runtime):
        app = build(runtime)
        app.router.routes[:0] = routes()
        return app

    create_starlette_app.with_session_routes = True
    starlette_server.create_starlette_app = create_starlette_app
