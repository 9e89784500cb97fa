"""The DejaVu fonts the brief embeds: they carry every Vietnamese letter (Liberation 1.x, the other
common free family, lacks ư, ạ, ệ …). Debian ships them in fonts-dejavu-core."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from data_pipeline.problems import reject

# Debian/Ubuntu, Fedora, Arch, macOS with Homebrew; $DASHBOARD_FONT_DIR first when set.
SEARCH_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu-serif-fonts",
               "/usr/share/fonts/dejavu-sans-fonts", "/usr/share/fonts/TTF", "/opt/homebrew/share/fonts")
FILES = {
    ("serif", False): "DejaVuSerif.ttf", ("serif", True): "DejaVuSerif-Bold.ttf",
    ("sans", False): "DejaVuSans.ttf", ("sans", True): "DejaVuSans-Bold.ttf",
}


def font_file(family: str = "serif", bold: bool = False) -> Path:
    name = FILES[(family, bold)]
    dirs = ([os.environ["DASHBOARD_FONT_DIR"]] if os.environ.get("DASHBOARD_FONT_DIR") else []) + list(SEARCH_DIRS)
    for folder in dirs:
        path = Path(folder) / name
        if path.is_file():
            return path
    raise reject("font-missing", f"Không tìm thấy phông chữ {name} (bộ DejaVu, có đủ chữ tiếng Việt) để lập báo cáo. "
                                 "Hãy cài gói fonts-dejavu-core (apt-get install fonts-dejavu-core) "
                                 "hoặc đặt biến DASHBOARD_FONT_DIR trỏ tới thư mục chứa phông.")


@lru_cache(maxsize=16)
def pil_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file("sans", bold)), size)
