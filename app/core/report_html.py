"""The report as one self-contained HTML page: no script, no outside file, fit to print."""

from __future__ import annotations

from html import escape

from app import APP_NAME, __version__
from app.core.messages import Catalogue, catalogue
from app.core.model import RunReport, Status
from app.core.present import details

_COLOURS = {Status.PASS: "#1b7f3b", Status.WARN: "#9a6700", Status.FAIL: "#b42318",
            Status.SKIP: "#57606a", Status.ERROR: "#8250df"}
_SYMBOLS = {Status.PASS: "✔", Status.WARN: "▲", Status.FAIL: "✖", Status.SKIP: "–",
            Status.ERROR: "⚠"}

_STYLE = """
body { font: 11pt/1.4 "Segoe UI", Arial, sans-serif; color: #1f2328; margin: 2em auto;
       max-width: 52em; padding: 0 1em; }
h1 { font-size: 16pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1.2em 0 .4em; }
.meta { color: #57606a; font-size: 9.5pt; }
.verdict { border: 2px solid; border-radius: 6px; padding: .6em 1em; margin: 1em 0; }
.status { font-weight: bold; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; vertical-align: top; padding: .25em .5em;
         border-bottom: 1px solid #d0d7de; }
code, pre { font: 9pt Consolas, "DejaVu Sans Mono", monospace; }
pre { background: #f6f8fa; padding: .5em; white-space: pre-wrap; margin: .3em 0 0; }
.check { break-inside: avoid; margin: .8em 0; }
ol { margin: .3em 0; padding-left: 1.6em; }
@media print { body { margin: 0; max-width: none; }
               pre { background: none; border: 1px solid #ccc; } }
"""


def _status(status: Status, words: Catalogue, lang: str) -> str:
    word = escape(words.term(f"STATUS_{status.name}", lang))
    return (f'<span class="status" style="color:{_COLOURS[status]}">'
            f"{_SYMBOLS[status]} {word}</span>")


def render_html(report: RunReport, lang: str) -> str:
    words = catalogue()

    def term(name: str) -> str:
        return escape(words.term(name, lang))

    verdict = report.verdict
    text = words.text(verdict.code, lang, verdict.params)
    parts = [
        f'<!DOCTYPE html><html lang="{"fr-CA" if lang == "fr" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{escape(APP_NAME)}</title><style>{_STYLE}</style>'
        f"</head><body>",
        f"<h1>{escape(APP_NAME)}</h1>",
        f'<p class="meta">{escape(APP_NAME)} {escape(__version__)} · {escape(report.started_at)}'
        f" · {term('REGION_' + report.inputs.region.upper())}</p>",
        f'<div class="verdict" style="border-color:{_COLOURS[verdict.status]}">'
        f"<h2>{term('LABEL_VERDICT')}: {escape(text.title)} <code>{verdict.code}</code></h2>"
        f"<p>{escape(text.explanation)}</p>",
    ]
    if verdict.next_steps:
        parts.append(f"<strong>{term('LABEL_NEXT_STEPS')}</strong><ol>")
        for step in verdict.next_steps:
            step_text = words.text(step.code, lang, step.params)
            parts.append(f"<li><strong>{escape(step_text.title)}</strong> — "
                         f"{escape(step_text.instruction)}</li>")
        parts.append("</ol>")
    parts.append("</div><table><tr>")
    parts += [f"<th>{term(label)}</th>" for label in ("LABEL_CHECK", "LABEL_STATE",
                                                      "LABEL_CODE", "LABEL_RESULT")]
    parts.append("</tr>")
    for result in report.results:
        result_text = words.text(result.code, lang, result.params)
        parts.append(f"<tr><td>{term('CHECK_' + result.id.upper())}</td>"
                     f"<td>{_status(result.status, words, lang)}</td>"
                     f"<td><code>{result.code}</code></td><td>{escape(result_text.title)}</td></tr>")
    parts.append("</table>")
    for result in report.results:
        result_text = words.text(result.code, lang, result.params)
        parts.append(f'<div class="check"><h2>{term("CHECK_" + result.id.upper())} · '
                     f"{_status(result.status, words, lang)} <code>{result.code}</code></h2>"
                     f"<p>{escape(result_text.explanation)}</p>")
        if result.next_steps:
            parts.append("<ol>" + "".join(
                f"<li>{escape(words.text(s.code, lang, s.params).instruction)}</li>"
                for s in result.next_steps) + "</ol>")
        evidence = details(result, words, lang)
        if evidence:
            parts.append(f"<pre>{escape(evidence)}</pre>")
        parts.append("</div>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
