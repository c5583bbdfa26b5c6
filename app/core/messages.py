"""Words for people, looked up from stable codes in one catalogue (`resources/messages.toml`).

The checks only produce codes and parameters; the command line, the wizard and the report
look their words up at the edge, through the `Words` of the user's language
(`words_for(lang)`) they are given. A parameter may itself be a `Term`, or a list of them:
it is rendered in the same language before it fills the sentence.
"""

from __future__ import annotations

import errno
import functools
import locale
import os
import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.core.util.controls import visible
from app.core.util.resources import resource_path

LANGUAGES = ("en", "fr")
FIELDS = ("title", "explanation", "instruction")


class CatalogueError(ValueError):
    """The catalogue file is unusable; the message names the entry."""


@dataclass(frozen=True)
class Term:
    """A fragment of a sentence, rendered in the reader's language (e.g. a port's state)."""

    name: str
    params: Mapping[str, Any]

    def __init__(self, name: str, **params: Any) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "params", params)

    def as_dict(self) -> dict[str, Any]:
        return {"term": self.name, **self.params}


@dataclass(frozen=True)
class Title:
    """The title of another code, in the reader's language (e.g. the verdict's cause)."""

    code: str
    params: Mapping[str, Any]

    def __init__(self, code: str, params: Mapping[str, Any] | None = None) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", dict(params or {}))

    def as_dict(self) -> dict[str, Any]:
        return {"title_of": self.code, **self.params}


@dataclass(frozen=True)
class Text:
    title: str
    explanation: str
    instruction: str


def number(value: float, spec: str, unit: str = "") -> dict[str, Any]:
    """A measure as a result's parameter: it stays a number in the JSON document, and each
    language writes it its own way (`{"number": 0.25, "format": "+.3f", "unit": "s"}`)."""
    return {"number": value, "format": spec, "unit": unit}


class Catalogue:
    def __init__(self, codes: dict[str, dict[str, Text]], terms: dict[str, dict[str, str]]):
        self.codes = codes
        self.terms = terms

    def has(self, code: str) -> bool:
        return code in self.codes

    def text(self, code: str, lang: str, params: Mapping[str, Any] | None = None) -> Text:
        """The three sentences for `code`, filled with `params`. A code the catalogue does not
        know (a saved report's, from another version or made by hand) is said to be unknown,
        and shown as it is, its control characters spelled out."""
        entry = self.codes.get(code, {}).get(lang) or self.codes.get(code, {}).get("en")
        if entry is None:
            shown = self.term("CODE_UNKNOWN", lang, {"code": code})
            return Text(shown, shown, "")
        values = self._values(params or {}, lang)
        return Text(*(_fill(getattr(entry, f), values) for f in FIELDS))

    def has_values(self, code: str, lang: str, params: Mapping[str, Any] | None = None) -> bool:
        """Whether `params` holds every value the instruction for `code` is filled with: a
        step read back from a reference code has none, and its instruction would read with
        holes."""
        entry = self.codes.get(code, {}).get(lang) or self.codes.get(code, {}).get("en")
        return entry is None or placeholders(entry.instruction) <= set(params or {})

    def title(self, code: str, lang: str, params: Mapping[str, Any] | None = None) -> str:
        return self.text(code, lang, params).title

    def term(self, name: str, lang: str, params: Mapping[str, Any] | None = None) -> str:
        entry = self.terms.get(name, {})
        template = entry.get(lang) or entry.get("en")
        if template is None:
            # A name the catalogue does not know (built from a saved report's data, say) is
            # shown as it is: it is never a template.
            return visible(name)
        return _fill(template, self._values(params or {}, lang))

    def label(self, text: str, lang: str) -> str:
        """`Verdict:` in English, `Verdict :` in French."""
        return self.term("FORMAT_LABEL", lang, {"label": text})

    def check_name(self, check_id: str, lang: str) -> str:
        """A check's name for people: `Firmware`, `Microprogramme`."""
        return self.term(f"CHECK_{check_id.upper()}", lang)

    def check_names(self, check_ids: Iterable[str], lang: str) -> str:
        return ", ".join(self.check_name(check_id, lang) for check_id in check_ids)

    def os_error(self, error: OSError | int, lang: str) -> str:
        """Why a file could not be used, in the reader's language where the catalogue knows
        the error (OS_<ERRNO NAME>), else as the system says it."""
        code = error if isinstance(error, int) else (error.errno or 0)
        name = getattr(error, "term", None) or f"OS_{errno.errorcode.get(code, '')}"
        if name in self.terms:
            return self.term(name, lang)
        if isinstance(error, OSError):
            return error.strerror or str(error) or type(error).__name__
        return os.strerror(code)

    def number(self, value: float, spec: str, lang: str, unit: str = "") -> str:
        """`+0.250 s` in English, `+0,250 s` in French: a measure as the reader writes it.

        The format is one of `NUMBER_FORMATS` (another one, read from a saved report, is
        taken as `g`): a spec is never taken from data as it is, since `.999999999f` alone
        asks for a gigabyte of digits."""
        spec = spec if spec in NUMBER_FORMATS else "g"
        # "z": a value that rounds to zero is written 0, never -0 (a clock 9 µs behind).
        signed = spec.startswith("+")
        text = format(float(value), ("+z" + spec[1:]) if signed else "z" + spec)
        if lang == "fr":
            text = text.replace(".", ",")
        return f"{text} {unit}" if unit else text

    def _values(self, params: Mapping[str, Any], lang: str) -> dict[str, str]:
        return {key: self._value(value, lang) for key, value in params.items()}

    def _value(self, value: Any, lang: str) -> str:
        if isinstance(value, Term):
            return self.term(value.name, lang, value.params)
        if isinstance(value, Title):
            return self.title(value.code, lang, value.params)
        if isinstance(value, Mapping) and "term" in value:
            params = {k: v for k, v in value.items() if k != "term"}
            return self.term(str(value["term"]), lang, params)
        if isinstance(value, Mapping) and "number" in value:
            measure = value["number"]
            if isinstance(measure, bool) or not isinstance(measure, int | float):
                return self.term("VALUE_UNKNOWN", lang)
            return self.number(
                _finite(measure),
                str(value.get("format", "g")),
                lang,
                visible(str(value.get("unit", ""))),
            )
        if isinstance(value, Mapping) and "title_of" in value:
            params = {k: v for k, v in value.items() if k != "title_of"}
            return self.title(str(value["title_of"]), lang, params)
        if isinstance(value, list | tuple):
            parts = [self._value(item, lang) for item in value]
            long_parts = any(", " in part for part in parts)
            return ((" ; " if lang == "fr" else "; ") if long_parts else ", ").join(parts)
        if isinstance(value, float):
            return self.number(value, "g", lang)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value) if abs(value) < 10**18 else self.number(_finite(value), "g", lang)
        # A value from the network, a file or the system: no control character acts.
        return "" if value is None else visible(str(value))


NUMBER_FORMATS = frozenset({"g", ".0f", ".1f", ".2f", ".3f", "+.1f", "+.3f"})
"""The formats a measure may ask for: the ones the checks use, nothing wider."""


def _finite(value: int | float) -> float:
    """A number as a float, an integer too large for one (a saved report can hold any) as
    infinity rather than an error."""
    try:
        return float(value)
    except OverflowError:
        return float("inf") if value > 0 else float("-inf")


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def _fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(_Blank(values))


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def parse_catalogue(data: dict[str, Any], source: str) -> Catalogue:
    def fail(where: str, problem: str) -> CatalogueError:
        return CatalogueError(f"{source}: {where}: {problem}")

    codes: dict[str, dict[str, Text]] = {}
    for code, langs in data.get("code", {}).items():
        codes[code] = {}
        for lang in LANGUAGES:
            entry = langs.get(lang)
            if not isinstance(entry, dict):
                raise fail(f"code.{code}.{lang}", "missing")
            for f in FIELDS:
                if not isinstance(entry.get(f), str) or not entry[f].strip():
                    raise fail(f"code.{code}.{lang}.{f}", "missing or empty")
            codes[code][lang] = Text(*(entry[f] for f in FIELDS))
    terms: dict[str, dict[str, str]] = {}
    for name, langs in data.get("term", {}).items():
        for lang in LANGUAGES:
            if not isinstance(langs.get(lang), str) or not langs[lang].strip():
                raise fail(f"term.{name}.{lang}", "missing or empty")
        terms[name] = {lang: langs[lang] for lang in LANGUAGES}
    return Catalogue(codes, terms)


@functools.cache
def catalogue() -> Catalogue:
    path = resource_path("messages.toml")
    with path.open("rb") as handle:
        return parse_catalogue(tomllib.load(handle), str(path))


@dataclass(frozen=True)
class Words:
    """The catalogue in one reader's language: what every writer is given (the document, the
    HTML report, the letter to IT, the comparison, the command line's text), so none looks
    the catalogue up on its own and the language never travels beside it."""

    catalogue: Catalogue
    lang: str

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"language {self.lang!r}: expected one of {', '.join(LANGUAGES)}")

    def has(self, code: str) -> bool:
        return self.catalogue.has(code)

    def has_term(self, name: str) -> bool:
        return name in self.catalogue.terms

    def text(self, code: str, params: Mapping[str, Any] | None = None) -> Text:
        return self.catalogue.text(code, self.lang, params)

    def has_values(self, code: str, params: Mapping[str, Any] | None = None) -> bool:
        return self.catalogue.has_values(code, self.lang, params)

    def title(self, code: str, params: Mapping[str, Any] | None = None) -> str:
        return self.catalogue.title(code, self.lang, params)

    def term(self, name: str, params: Mapping[str, Any] | None = None) -> str:
        return self.catalogue.term(name, self.lang, params)

    def label(self, text: str) -> str:
        return self.catalogue.label(text, self.lang)

    def check_name(self, check_id: str) -> str:
        return self.catalogue.check_name(check_id, self.lang)

    def check_names(self, check_ids: Iterable[str]) -> str:
        return self.catalogue.check_names(check_ids, self.lang)

    def os_error(self, error: OSError | int) -> str:
        return self.catalogue.os_error(error, self.lang)

    def number(self, value: float, spec: str, unit: str = "") -> str:
        return self.catalogue.number(value, spec, self.lang, unit)


@functools.cache
def words_for(lang: str) -> Words:
    """The words of `lang` (one of LANGUAGES), made once per language."""
    return Words(catalogue(), lang)


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """`fr` when the user's locale is French (fr_CA, French_Canada…), else `en`."""
    environ = os.environ if environ is None else environ
    candidates: Iterable[str | None] = (
        environ.get("LC_ALL"),
        environ.get("LC_MESSAGES"),
        environ.get("LANG"),
        _locale_name(),
    )
    for name in candidates:
        if name:
            return "fr" if name.lower().startswith("fr") else "en"
    return "en"


def _locale_name() -> str | None:
    try:
        return locale.getlocale()[0]
    except ValueError:
        return None
