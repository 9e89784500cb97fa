"""Tài khoản (quản trị): who may sign in, their role and what an editor may load. Every change goes
through data_pipeline.accounts, which records it in the audit log; a new password is shown once."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth, data
from dashboard.widgets import page_setup
from data_pipeline import accounts
from data_pipeline.communes import communes
from data_pipeline.problems import Rejected
from data_pipeline.recognise import specs
from data_pipeline.units import official_agencies

admin = auth.require("admin")
COMMUNE_NAMES = {c.code: c.name for c in communes()}


def dataset_label(name: str) -> str:
    return specs()[name].label


def accounts_table(found: list[accounts.Account]) -> pd.DataFrame:
    return pd.DataFrame({
        "Tên đăng nhập": [a.username for a in found],
        "Họ tên": [a.display_name for a in found],
        "Vai trò": [accounts.ROLE_LABELS[a.role] for a in found],
        "Được nạp": [", ".join(dataset_label(d) for d in a.datasets) if a.role == "editor" else "—" for a in found],
        "Xã, phường": [", ".join(COMMUNE_NAMES.get(c, c) for c in a.communes) or "—" for a in found],
        "Cơ quan": ["; ".join(a.agencies) or "—" for a in found],
        "Trạng thái": ["Đã khóa" if a.disabled else "Đang dùng" for a in found],
    })


def run_change(action, success: str) -> None:
    try:
        result = action()
    except Rejected as exc:
        st.error("; ".join(p.message for p in exc.problems))
        return
    st.session_state["account_notice"] = success + (f" Mật khẩu (chỉ hiện một lần): `{result}`" if result else "")
    st.rerun()


def scope_inputs(prefix: str, current: accounts.Account | None = None) -> tuple[list[str], list[str], list[str]]:
    datasets = st.multiselect("Loại dữ liệu được nạp (biên tập viên)", list(specs()), format_func=dataset_label,
                              default=list(current.datasets) if current else [], key=f"{prefix}_datasets")
    chosen = st.multiselect("Chỉ số liệu của các xã, phường (để trống: không giới hạn)", list(COMMUNE_NAMES),
                            format_func=COMMUNE_NAMES.get, default=list(current.communes) if current else [],
                            key=f"{prefix}_communes")
    known = list(dict.fromkeys([*official_agencies().values(), *(current.agencies if current else ())]))
    agencies = st.multiselect("Chỉ số liệu của các cơ quan (để trống: không giới hạn)", known,
                              default=list(current.agencies) if current else [], key=f"{prefix}_agencies",
                              help="Tài khoản giới hạn theo cơ quan, xã, phường luôn nạp biểu như báo cáo riêng "
                                   "của đơn vị đó; dòng của đơn vị khác làm biểu bị từ chối.")
    return datasets, chosen, agencies


page_setup("Tài khoản")
notice = st.session_state.pop("account_notice", None)
if notice:
    st.success(notice)
found = accounts.list_accounts(data.db_path())
st.dataframe(accounts_table(found), hide_index=True, width="stretch")

with st.expander("Thêm tài khoản", icon=":material/person_add:"):
    with st.form("account_add", border=False):
        username = st.text_input("Tên đăng nhập", help="chữ thường không dấu, số và . _ @ -", key="add_username")
        name = st.text_input("Họ tên", key="add_name")
        role = st.selectbox("Vai trò", accounts.ROLES, format_func=accounts.ROLE_LABELS.get, key="add_role")
        datasets, chosen, agencies = scope_inputs("add")
        if st.form_submit_button("Thêm tài khoản", type="primary"):
            run_change(lambda: accounts.add_account(data.db_path(), username, role, actor=admin.username,
                                                    display_name=name or None, datasets=datasets, communes_=chosen,
                                                    agencies=agencies),
                       f"Đã thêm tài khoản {accounts.normal_username(username)}.")

if found:
    with st.expander("Sửa một tài khoản", icon=":material/manage_accounts:", expanded=True):
        by_name = {a.username: a for a in found}
        target = by_name[st.selectbox("Tài khoản", list(by_name), key="account_target",
                                      format_func=lambda u: f"{u} · {by_name[u].display_name}")]
        with st.form("account_role", border=False):
            role = st.selectbox("Vai trò", accounts.ROLES, index=accounts.ROLES.index(target.role),
                                format_func=accounts.ROLE_LABELS.get, key=f"role_{target.username}")
            datasets, chosen, agencies = scope_inputs(f"edit_{target.username}", target)
            if st.form_submit_button("Lưu vai trò và phạm vi"):
                run_change(lambda: accounts.set_role(data.db_path(), target.username, role, actor=admin.username,
                                                     datasets=datasets, communes_=chosen, agencies=agencies),
                           f"Đã đổi vai trò, phạm vi của {target.username}.")
        left, right = st.columns(2)
        own = target.username == admin.username
        if target.disabled:
            if left.button("Mở khóa tài khoản", key="account_enable", width="stretch"):
                run_change(lambda: accounts.set_disabled(data.db_path(), target.username, False, actor=admin.username),
                           f"Đã mở khóa {target.username}.")
        elif left.button("Khóa tài khoản", key="account_disable", width="stretch", disabled=own,
                         help="Không tự khóa tài khoản đang dùng." if own else None):
            run_change(lambda: accounts.set_disabled(data.db_path(), target.username, True, actor=admin.username),
                       f"Đã khóa {target.username}.")
        if right.button("Đặt lại mật khẩu", key="account_password", width="stretch"):
            run_change(lambda: accounts.set_password(data.db_path(), target.username, actor=admin.username),
                       f"Đã đặt lại mật khẩu của {target.username}.")
