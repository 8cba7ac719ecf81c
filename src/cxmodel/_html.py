"""The one set of HTML building blocks every ``_repr_html_`` of cxmodel is made of.

Notebook output is small HTML: a table with a caption, colour swatches in the
region colours, bars for shares and a list of findings.  Every result object
builds its HTML from these pieces, so they look alike and every piece of text
is escaped in one place.  Text is escaped unless wrapped in :class:`Raw`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Protocol

__all__ = ["Raw", "badge", "bar", "block", "finding_codes", "findings_list", "pre", "table"]

_RIGHT = " style='text-align:right'"

#: Severity colours (Okabe-Ito vermilion and blue), as in the charts.
_SEVERITY = {"warning": "#D55E00", "info": "#0072B2"}


def _escape(text: str) -> str:
    """``html.escape`` (quotes too), imported on first use (``html`` loads its entity table)."""
    from html import escape

    return escape(text)


class Raw(str):
    """Markup that is already HTML: :func:`table` and :func:`block` insert it as it is.

    Examples
    --------
    >>> from cxmodel._html import Raw, table
    >>> table(["a"], [[Raw("<b>x</b>")], ["<y>"]])
    '<table><thead><tr><th>a</th></tr></thead><tbody><tr><td><b>x</b></td></tr><tr><td>&lt;y&gt;</td></tr></tbody></table>'
    """

    __slots__ = ()


def _cell(value: object) -> str:
    return value if isinstance(value, Raw) else _escape(str(value))


def table(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    caption: str | None = None,
    numeric: Collection[int] = (),
    highlight: Collection[int] = (),
) -> str:
    """A table: ``header`` cells, then ``rows``; ``numeric`` columns align right.

    Parameters
    ----------
    header : sequence of str
    rows : iterable of sequences
        Cells are escaped text unless they are :class:`Raw`.
    caption : str, optional
    numeric : collection of int
        Positions of the columns that hold numbers.
    highlight : collection of int
        Positions of the rows to shade (for example stages with no initiative).

    Examples
    --------
    >>> from cxmodel._html import table
    >>> table(["name", "score"], [["A & B", "0.70"]], numeric={1}, caption="Scores")
    "<table><caption>Scores</caption><thead><tr><th>name</th><th>score</th></tr></thead><tbody><tr><td>A &amp; B</td><td style='text-align:right'>0.70</td></tr></tbody></table>"
    """  # noqa: E501
    head = "".join(f"<th>{_cell(h)}</th>" for h in header)
    body = []
    for index, row in enumerate(rows):
        cells = "".join(
            f"<td style='text-align:right'>{_cell(c)}</td>"
            if k in numeric
            else f"<td>{_cell(c)}</td>"
            for k, c in enumerate(row)
        )
        style = " style='background:#fde0dd'" if index in highlight else ""
        body.append(f"<tr{style}>{cells}</tr>")
    top = f"<caption>{_cell(caption)}</caption>" if caption is not None else ""
    return f"<table>{top}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


class _Finding(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def message(self) -> str: ...


def badge(text: str, color: str) -> Raw:
    """A coloured label, for a region or a severity.

    Examples
    --------
    >>> from cxmodel._html import badge
    >>> badge("Process innovation", "#0072B2")
    "<span style='background:#0072B2;color:#fff;padding:1px 6px;border-radius:3px'>Process innovation</span>"
    """  # noqa: E501
    return Raw(
        f"<span style='background:{_escape(color)};color:#fff;padding:1px 6px;"
        f"border-radius:3px'>{_escape(text)}</span>"
    )


def bar(share: float, color: str, *, width: float = 200.0, title: str | None = None) -> Raw:
    """A horizontal bar ``share * width`` pixels long.

    Examples
    --------
    >>> from cxmodel._html import bar
    >>> bar(0.5, "#009E73", width=100)
    "<span style='display:inline-block;background:#009E73;height:0.9em;width:50.0px'></span>"
    """
    tip = f" title='{_escape(title)}'" if title else ""
    return Raw(
        f"<span{tip} style='display:inline-block;background:{_escape(color)};"
        f"height:0.9em;width:{max(share, 0.0) * width:.1f}px'></span>"
    )


def finding_codes(findings: Iterable[_Finding]) -> str:
    """The findings' codes, comma-separated, each with its message as a tooltip.

    For a table cell; an empty string when there are no findings.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel._html import finding_codes
    >>> print(finding_codes([cx.Finding("no-lens", "info", "1 initiative's <lens>")]))
    <code title='1 initiative&#x27;s &lt;lens&gt;'>no-lens</code>
    >>> finding_codes([])
    ''
    """
    return ", ".join(
        f"<code title='{_escape(f.message)}'>{_escape(f.code)}</code>" for f in findings
    )


def findings_list(findings: Iterable[_Finding], *, empty: str = "No findings.") -> Raw:
    """Findings as a list, each with its severity badge and code.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel._html import findings_list
    >>> print(findings_list([cx.Finding("no-lens", "info", "1 initiative passes no lens")]))
    <ul><li><span style='background:#0072B2;color:#fff;padding:1px 6px;border-radius:3px'>info</span> <code>no-lens</code> 1 initiative passes no lens</li></ul>
    >>> print(findings_list([]))
    <p>No findings.</p>
    """  # noqa: E501
    items = [
        f"<li>{badge(f.severity, _SEVERITY.get(f.severity, '#666666'))} "
        f"<code>{_escape(f.code)}</code> {_escape(f.message)}</li>"
        for f in findings
    ]
    return Raw(f"<ul>{''.join(items)}</ul>" if items else f"<p>{_escape(empty)}</p>")


def block(*parts: object) -> str:
    """Parts one after another in one ``<div>``; text parts become paragraphs.

    Examples
    --------
    >>> from cxmodel._html import Raw, block
    >>> block("Balance of 3 initiatives", Raw("<hr>"))
    '<div><p>Balance of 3 initiatives</p><hr></div>'
    """
    inner = "".join(p if isinstance(p, Raw) else f"<p>{_escape(str(p))}</p>" for p in parts)
    return f"<div>{inner}</div>"


def pre(text: str) -> str:
    """Preformatted text, for reports whose text form is already a table.

    Examples
    --------
    >>> from cxmodel._html import pre
    >>> pre("a < b")
    '<pre>a &lt; b</pre>'
    """
    return f"<pre>{_escape(text)}</pre>"
