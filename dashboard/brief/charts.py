"""Charts of the offline copy: the dashboard's main views drawn with plotly from the same marts,
values written on the bars so they read without hover on a tablet."""

from __future__ import annotations

import duckdb
import plotly.graph_objects as go

from data_pipeline import marts

from .. import fmt

BLUE, RED, GREY = "#1565c0", "#c62828", "#9e9e9e"


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(title={"text": title, "x": 0, "font": {"size": 16}}, height=height, separators=",.",
                      margin={"l": 8, "r": 8, "t": 48, "b": 8}, showlegend=True,
                      legend={"orientation": "h", "y": -0.12}, plot_bgcolor="white")
    fig.update_xaxes(gridcolor="#eeeeee", automargin=True)
    fig.update_yaxes(gridcolor="#eeeeee", automargin=True)
    return fig


def _against_pace(labels: list[str], actual, expected, actual_name: str, title: str, height: int) -> go.Figure:
    """A share reached per period (bars, values on them) against where it should be by then (line)."""
    fig = go.Figure([
        go.Bar(x=labels, y=actual, name=actual_name, marker_color=BLUE,
               text=[fmt.pct(v) for v in actual], textposition="auto"),
        go.Scatter(x=labels, y=expected, name="Cần đạt theo thời gian (%)", mode="lines+markers",
                   line={"color": RED, "dash": "dash"}),
    ])
    return _layout(fig, title, height)


def disbursement(con: duckdb.DuckDBPyConnection) -> go.Figure | None:
    path = marts.run_mart(con, "disbursement_trajectory")
    if path.empty:
        return None
    return _against_pace([fmt.date(d) for d in path["report_date"]], path["rate_pct"], path["expected_pct"],
                         "Đã giải ngân (%)", "Tỷ lệ giải ngân vốn đầu tư công qua các kỳ báo cáo", 360)


def scoreboard(con: duckdb.DuckDBPyConnection) -> go.Figure | None:
    board = marts.run_mart(con, "task_scoreboard")
    if board.empty:
        return None
    board = board.head(12)
    fig = go.Figure([
        go.Bar(y=board["lead_agency"], x=board[column], name=label, orientation="h", marker_color=colour,
               text=[fmt.number(v) if v else "" for v in board[column]], textposition="inside")
        for column, label, colour in (("overdue", "Quá hạn", RED), ("in_progress", "Đang thực hiện", GREY),
                                      ("done_on_time", "Xong đúng hạn", "#2e7d32"))])
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, "Nhiệm vụ theo cơ quan chủ trì (12 cơ quan nhiều quá hạn nhất)", 70 + 34 * len(board))


def revenue(con: duckdb.DuckDBPyConnection) -> go.Figure | None:
    months = marts.run_mart(con, "revenue_monthly")
    if months.empty:
        return None
    return _against_pace([fmt.month(p) for p in months["period"]], months["pct_of_estimate"], months["expected_pct"],
                         "Lũy kế so dự toán (%)", "Thu ngân sách lũy kế so dự toán năm", 340)


def trade(con: duckdb.DuckDBPyConnection) -> go.Figure | None:
    gates = marts.run_mart(con, "trade_gates")
    if gates.empty:
        return None
    fig = go.Figure([
        go.Bar(y=gates["gate"], x=gates["export_usd"] / 1e6, name="Xuất khẩu (triệu USD)", orientation="h",
               marker_color=BLUE, text=[fmt.number(v / 1e6, 1) for v in gates["export_usd"].fillna(0)],
               textposition="auto"),
        go.Bar(y=gates["gate"], x=gates["import_usd"] / 1e6, name="Nhập khẩu (triệu USD)", orientation="h",
               marker_color="#ef8f00", text=[fmt.number(v / 1e6, 1) for v in gates["import_usd"].fillna(0)],
               textposition="auto"),
    ])
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, "Kim ngạch lũy kế từ đầu năm theo cửa khẩu", 90 + 56 * len(gates))


def figures(con: duckdb.DuckDBPyConnection) -> dict[str, list[go.Figure]]:
    """Charts by the key of the brief section they go with."""
    found = {"scoreboard": [scoreboard(con)], "investment": [disbursement(con)], "revenue": [revenue(con)],
             "trade": [trade(con)]}
    return {key: [fmt.literal_figure(f) for f in figs if f is not None] for key, figs in found.items()}
