"""Reports to share: a self-contained HTML page, a PowerPoint deck or an Excel workbook.

:func:`write_report` picks the format from the file extension.  The HTML page
draws on :mod:`cxmodel.plotting` (charts as inline SVG, through Jinja2), the
deck on python-pptx (native shapes and charts) and the workbook on openpyxl;
each is imported only when that format is written, so importing this package
stays cheap.  What a report says (findings, shares, regions, the roadmap) is
computed once in :mod:`cxmodel.outputs._content`, so it reads the same in
every format.
"""

from __future__ import annotations

from .report import REPORT_FORMATS, report_format, write_report

__all__ = ["REPORT_FORMATS", "report_format", "write_report"]
