"""Nhật ký (quản trị): every sign-in and refused attempt, upload (accepted or rejected, with the
file's hash), rollback and account change, newest first; downloadable as CSV or xlsx, with text
that could run as a formula escaped."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import auth, data
from dashboard.widgets import page_setup
from data_pipeline import audit
from data_pipeline.exports import frame_csv, frame_xlsx

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_ROWS = 500

auth.require("admin")


def log_table(entries: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Thời điểm": [t.strftime("%d/%m/%Y %H:%M:%S") for t in entries["event_at"]],
        "Người thực hiện": entries["actor"],
        "Việc": entries["action"].map(audit.ACTION_LABELS).fillna(entries["action"]),
        "Đối tượng": entries["target"].fillna(""),
        "Chi tiết": entries["detail"].fillna(""),
        "Kết quả": entries["outcome"].map(audit.OUTCOME_LABELS),
        "Từ địa chỉ": entries["client"].fillna(""),
    })


page_setup("Nhật ký")
st.caption("Ai đã làm gì, khi nào: đăng nhập, nạp dữ liệu, hoàn tác, thay đổi tài khoản.")
today = dt.date.today()
c1, c2 = st.columns(2)
period = c1.date_input("Khoảng thời gian", value=(today - dt.timedelta(days=30), today), format="DD/MM/YYYY",
                       key="audit_period")
action = c2.selectbox("Loại việc", [None, *audit.ACTION_LABELS], key="audit_action",
                      format_func=lambda a: "Tất cả" if a is None else audit.ACTION_LABELS[a])
since, until = (period[0], period[-1]) if period else (None, None)

entries = audit.entries(data.db_path(), since=since, until=until, action=action) if data.store_exists() else None
if entries is None or entries.empty:
    st.info("Chưa có sự kiện nào trong khoảng thời gian này.")
else:
    table = log_table(entries)
    st.caption(f"{len(table):,} sự kiện".replace(",", ".") +
               (f"; hiển thị {SHOWN_ROWS} sự kiện mới nhất, tệp tải về có đủ." if len(table) > SHOWN_ROWS else ""))
    st.dataframe(table.head(SHOWN_ROWS), hide_index=True, width="stretch")
    name = f"nhat_ky_{since or ''}_{until or ''}".replace("-", "")
    d1, d2 = st.columns(2)
    d1.download_button("Tải về CSV", frame_csv(table), file_name=f"{name}.csv", mime="text/csv",
                       icon=":material/download:", width="stretch", key="audit_csv")
    d2.download_button("Tải về Excel", frame_xlsx(table, "Nhật ký"), file_name=f"{name}.xlsx", mime=XLSX_MIME,
                       icon=":material/download:", width="stretch", key="audit_xlsx")
