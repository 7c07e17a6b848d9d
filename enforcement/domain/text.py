"""Sentences of the domain as data: a Vietnamese template, its parameters, and how to say it again.

The domain words its results in Vietnamese, as official documents print them. A ``Text`` is such a
sentence: a ``str`` (documents, the API, the stored timeline and the tests read it as before) that also
keeps the template and the parameters it came from, so that a page can render it again in the reader's
language (``web.labels.ui_text`` passes the catalogue's ``gettext``/``ngettext``). Templates are marked
for extraction by ``say`` and ``say_n`` (babel.cfg). Money is shown ``1.234.567 đ``, months ``05/2026``
and dates ``dd/mm/yyyy`` in every language. No Flask here: the translation functions are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Protocol

from .money import format_money
from .periods import Period, format_date


class Translations(Protocol):
    """What rendering needs of a catalogue (``babel.support.Translations`` has both)."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...

    def pgettext(self, context: str, message: str) -> str: ...


class _Vietnamese:
    """The templates as they are: the message ids are the Vietnamese texts."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return message


VIETNAMESE = _Vietnamese()
DOCUMENT_KIND = "document kind"
"""The catalogue context of document kinds' titles ("Kết luận kiểm tra" is also a step's name)."""


class Money(int):
    """An amount in đồng, shown ``1.234.567 đ``."""


class Months(tuple[Period, ...]):
    """Contribution months, shown ``05/2026, 06/2026``."""


def month_text(p: Period) -> str:
    """A period as sentences write it: ``05/2026``."""
    return f"{p.month:02d}/{p.year:04d}"


def _shown(value: Any, translations: Translations) -> Any:
    if isinstance(value, Text):
        return value.render(translations)
    if isinstance(value, Money):
        return format_money(int(value))
    if isinstance(value, Months):
        return ", ".join(month_text(p) for p in value)
    if isinstance(value, Period):
        return month_text(value)
    if isinstance(value, date):
        return format_date(value)
    return value


class Text(str):
    """A sentence: its Vietnamese words, and the template (``msgid``, ``plural``, ``n``, ``context``) and
    ``params`` behind them. ``literal`` templates (joins of other sentences) are not looked up in the catalogue."""

    msgid: str
    plural: str | None
    n: int | None
    params: Mapping[str, Any]
    literal: bool
    capital: bool
    context: str | None

    def __new__(cls, msgid: str, params: Mapping[str, Any] | None = None, plural: str | None = None,
                n: int | None = None, literal: bool = False, capital: bool = False,
                context: str | None = None) -> Text:
        text = super().__new__(cls, "")
        text.msgid, text.plural, text.n, text.literal, text.capital = msgid, plural, n, literal, capital
        text.params, text.context = dict(params or {}), context
        return super().__new__(cls, text.render(VIETNAMESE))._copy(text)

    def _copy(self, other: Text) -> Text:
        self.msgid, self.plural, self.n, self.params = other.msgid, other.plural, other.n, other.params
        self.literal, self.capital, self.context = other.literal, other.capital, other.context
        return self

    def render(self, translations: Translations) -> str:
        """The sentence in the language of ``translations``."""
        if self.literal:
            template = self.msgid
        elif self.plural is not None:
            template = translations.ngettext(self.msgid, self.plural, int(self.n or 0))
        elif self.context is not None:
            template = translations.pgettext(self.context, self.msgid)
        else:
            template = translations.gettext(self.msgid)
        if self.params:
            template = template % {key: _shown(value, translations) for key, value in self.params.items()}
        return template[:1].upper() + template[1:] if self.capital else template

    def to_json(self) -> dict[str, Any]:
        """A JSON form ``from_json`` reads back (stored with a timeline event)."""
        out: dict[str, Any] = {"msgid": self.msgid, "params": {k: _encode(v) for k, v in self.params.items()}}
        if self.plural is not None:
            out.update(plural=self.plural, n=self.n)
        out.update({flag: True for flag in ("literal", "capital") if getattr(self, flag)})
        if self.context is not None:
            out["context"] = self.context
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Text:
        """:raises ValueError, KeyError, TypeError: not a form ``to_json`` wrote."""
        params = {k: _decode(v) for k, v in dict(data.get("params") or {}).items()}
        return cls(str(data["msgid"]), params, data.get("plural"), data.get("n"), bool(data.get("literal")),
                   bool(data.get("capital")), data.get("context"))


def _encode(value: Any) -> Any:
    if isinstance(value, Text):
        return {"text": value.to_json()}
    if isinstance(value, Money):
        return {"money": int(value)}
    if isinstance(value, Months):
        return {"months": [str(p) for p in value]}
    if isinstance(value, Period):
        return {"month": str(value)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    (kind, raw), = value.items()
    if kind == "text":
        return Text.from_json(raw)
    if kind == "money":
        return Money(raw)
    if kind == "months":
        return Months(Period.parse(p) for p in raw)
    if kind == "month":
        return Period.parse(raw)
    if kind == "date":
        return date.fromisoformat(raw)
    raise ValueError(f"unknown parameter kind {kind!r}")


def say(msgid: str, **params: Any) -> Text:
    """A sentence from a Vietnamese template with named parameters (``%(name)s``), marked for the catalogue."""
    return Text(msgid, params)


def say_n(singular: str, plural: str, n: int, **params: Any) -> Text:
    """A sentence with a count (``%(num)d``, or another named parameter): the catalogue's plural forms apply."""
    return Text(singular, {"num": n, **params}, plural, n)


def join(separator: str, parts: Iterable[Any]) -> Text:
    """``parts`` (sentences or plain words) joined with a separator that reads the same in every language."""
    items = list(parts)
    template = separator.replace("%", "%%").join(f"%(p{i})s" for i in range(len(items)))
    return Text(template, {f"p{i}": part for i, part in enumerate(items)}, literal=True)


def capitalised(text: Any) -> Text:
    """``text`` with its first letter upper case, in every language."""
    return Text("%(t)s", {"t": text}, literal=True, capital=True)
