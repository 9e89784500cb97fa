"""Streamlit's own words in the page, in Vietnamese.

A few texts come from Streamlit's page itself, not from ours, and no setting changes them: the
dialog when the tablet loses the server ("Connection error"), the file uploader, the tables'
toolbar and the running indicator. A small script in the page replaces each one where it appears
(a MutationObserver on the document), with the words below. It only swaps texts it knows, and
whole texts, never parts of the dashboard's own content.
"""

from __future__ import annotations

import json

import streamlit as st

# Streamlit 1.67's English → Vietnamese. A text not listed stays as it is.
WORDS = {
    "Connection error": "Mất kết nối",
    "Streamlit server is not responding. Are you connected to the internet?":
        "Không liên lạc được với máy chủ bảng điều hành. Trang sẽ tự kết nối lại khi có mạng; "
        "số liệu trên màn hình là số liệu lúc mất kết nối.",
    "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in your terminal:":
        "Máy chủ bảng điều hành không trả lời. Hãy báo quản trị hệ thống.",
    "Connecting": "Đang kết nối",
    "Running...": "Đang tải...",
    "Stop": "Dừng",
    "Drag and drop files here": "Kéo thả tệp vào đây",
    "Drag and drop a file here": "Kéo thả tệp vào đây",
    "Upload": "Chọn tệp",
    "Browse files": "Chọn tệp",
    "Fullscreen": "Toàn màn hình",
    "Close fullscreen": "Thu nhỏ",
    "Exit fullscreen": "Thu nhỏ",
    "Search": "Tìm",
    "Download as CSV": "Tải về dạng CSV",
    "Show/hide columns": "Ẩn, hiện cột",
    "Copy to clipboard": "Sao chép",
    "Sort ascending": "Xếp tăng dần",
    "Sort descending": "Xếp giảm dần",
    "Close": "Đóng",
}
# Texts with a figure in them, as (regular expression, replacement).
PATTERNS = [
    (r"^(?:Limit )?(\d+(?:\.\d+)?)\s*([KMG]B) per file(.*)$", "Tối đa $1 $2 mỗi tệp$3"),
]

_SCRIPT = """
<script>
(() => {
  const top = window.parent && window.parent.document ? window.parent : window;
  if (top.__vietnameseWords) return;
  top.__vietnameseWords = true;
  const words = %(words)s;
  const patterns = %(patterns)s.map(([p, r]) => [new RegExp(p), r]);
  const ATTRIBUTES = ["title", "aria-label", "placeholder"];
  const swap = (text) => {
    const key = (text || "").trim();
    if (!key) return null;
    if (Object.prototype.hasOwnProperty.call(words, key)) return text.replace(key, words[key]);
    for (const [re, to] of patterns) if (re.test(key)) return text.replace(key, key.replace(re, to));
    return null;
  };
  const fix = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const swapped = swap(node.nodeValue);
      if (swapped !== null && swapped !== node.nodeValue) node.nodeValue = swapped;
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    for (const name of ATTRIBUTES) {
      const value = node.getAttribute(name);
      const swapped = value && swap(value);
      if (swapped && swapped !== value) node.setAttribute(name, swapped);
    }
    const walker = top.document.createTreeWalker(node, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) fix(n);
      else for (const name of ATTRIBUTES) {
        const value = n.getAttribute(name);
        const swapped = value && swap(value);
        if (swapped && swapped !== value) n.setAttribute(name, swapped);
      }
    }
  };
  new top.MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "characterData") fix(change.target);
      else if (change.type === "attributes") fix(change.target);
      else change.addedNodes.forEach(fix);
    }
  }).observe(top.document.body, {subtree: true, childList: true, characterData: true,
                                  attributes: true, attributeFilter: ATTRIBUTES});
  fix(top.document.body);
})();
</script>
"""


def script() -> str:
    return _SCRIPT % {"words": json.dumps(WORDS, ensure_ascii=False), "patterns": json.dumps(PATTERNS)}


def install() -> None:
    """Put the script in this run's page (it keeps working across reruns and a lost connection);
    the element it sits in is hidden by the shared style."""
    with st.container(key="streamlit_words"):
        st.html(script(), unsafe_allow_javascript=True)
