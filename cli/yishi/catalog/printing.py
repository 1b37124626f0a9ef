"""Messages of printing: the 印发 date (issue --date, batch --issue-date) and PDF output."""

MESSAGES = {
    "print.bad_date": (
        "{option} 须为 YYYY-MM-DD 格式的日期{extra}，收到“{value}”",
        "{option} needs a date YYYY-MM-DD{extra}, got '{value}'",
    ),
    "print.date_before_meeting": (
        "印发日期 {date} 早于会议日期 {held}（会议 {id}）",
        "the issue date {date} is before the meeting's date {held} (meeting {id})",
    ),
    "pdf.no_soffice": (
        "生成 PDF 需要 LibreOffice（soffice），未找到。请安装：Debian/Ubuntu 执行 apt-get install libreoffice-writer-nogui fonts-noto-cjk，其他系统见 https://www.libreoffice.org/download/ ；或设置 YISHI_SOFFICE 为 soffice 的路径",
        "PDF output needs LibreOffice (soffice), which was not found. Install it: on Debian/Ubuntu apt-get install libreoffice-writer-nogui fonts-noto-cjk, elsewhere see https://www.libreoffice.org/download/ ; or set YISHI_SOFFICE to the path of soffice",
    ),
    "pdf.failed": (
        "LibreOffice 未能生成 PDF：{error}",
        "LibreOffice could not make the PDF: {error}",
    ),
    "pdf.timeout": (
        "LibreOffice 超过 {seconds} 秒未完成 PDF，已中止",
        "LibreOffice took more than {seconds} s to make the PDF and was stopped",
    ),
    "pdf.needs_output": ("PDF 格式须用 -o 指定输出文件", "pdf output needs -o FILE"),
    "pdf.user_template": (
        "PDF 由 Word 文件转换而来：请使用 Word（.docx）模板，或先生成 HTML 再用浏览器打印",
        "PDF is converted from the Word file: use a Word (.docx) template, or render HTML and print it from a browser",
    ),
}
