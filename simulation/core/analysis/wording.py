"""The words of an explanation (§11.3) in the reader's language: sentences from the project's one
translation catalogue, numbers as ``numbers`` writes them.

One translation system (issue 22). The core's sentences are entries of the catalogue the pages use
(``locale/sv/LC_MESSAGES/django.po``): English msgids with ``%(name)s`` placeholders, written where
the figures are (``words.gettext("Premises: %(base)s in the base year …", base=…)``), so that
``make messages`` finds them (xgettext takes any call named ``gettext``) and ``msgfmt -c`` checks
that every translation keeps its placeholders. A msgid is a whole sentence, or a whole clause or
parenthesis that code puts into one — never words glued on in code — so that each language orders
its own words. The core reads the compiled catalogue itself, with the standard library's
``gettext`` — the very file, and the very reader, that Django's translation builds on — so it stays
free of Django.

Why the core translates rather than handing message keys to the edge: the text is part of the
result document (§11.3 ``text``, §11.7), and four edges hand that document out — the CLI (no
database, no request), the REST API and its jobs (run on Celery workers, stored, read later), and
the pages. Made once, where the figures are, the text is the same for the same request and
language at every edge by construction; no edge can forget to translate it or translate it into
the language its process happens to have active. The sentences also need the
core's arithmetic: whether the figures as shown multiply to the result as shown (``gives``) is a
question of the numbers, not of the words. Keys with parameters would have to carry all of that,
fragments inside fragments, to four renderers.

The language is the request's (§11: ``sv`` by default, ``en``), never a process-wide setting: a
worker explains in the language each job asked for. The msgids are the English text, so English
needs no catalogue. Reading the catalogue is the kind of file access the engine's version already
does (its own source): a resource shipped with the code, read once per language, never a user's
file or a database.
"""

from __future__ import annotations

import gettext as stdlib_gettext
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from simulation.core import numbers

#: The project's catalogue (settings.LOCALE_PATHS names the same folder; a test holds them together).
CATALOGUE_DIR = Path(__file__).resolve().parents[3] / "locale"
#: Django's domain: the pages' texts and the core's are one catalogue.
DOMAIN = "django"
#: The catalogue's source language (its msgids); the other languages have a compiled catalogue.
SOURCE_LANGUAGE = "en"


@cache
def catalogue(language: str) -> stdlib_gettext.NullTranslations:
    """The compiled catalogue of ``language``; English, the msgids' language, reads them as they are.
    A missing catalogue fails loudly rather than explaining in the wrong language."""
    if language == SOURCE_LANGUAGE:
        return stdlib_gettext.NullTranslations()
    return stdlib_gettext.translation(DOMAIN, CATALOGUE_DIR, languages=[language])


@dataclass(frozen=True)
class Words:
    """Sentences and numbers for one reader's language (``sv`` or ``en``)."""

    language: str = "sv"

    def gettext(self, message: str, **values: str | int) -> str:
        """``message`` — a catalogue msgid, English, with ``%(name)s`` placeholders — in the reader's
        language, filled in with ``values`` (numbers already written by ``kr``, ``share``…)."""
        text = catalogue(self.language).gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values: str | int) -> str:
        """As ``gettext``, in the form the language uses for ``count`` (``1 year``, ``3 years``);
        ``count`` is among the values as ``%(count)s``."""
        return catalogue(self.language).ngettext(singular, plural, count) % ({"count": count} | values)

    def number(self, value: float, decimals: int = 0) -> str:
        with numbers.language_of(self.language):
            return numbers.number(value, decimals)

    def kr(self, value: float, decimals: int = 0) -> str:
        """Whole kronor unless asked: ``801 282 kr`` / ``801,282 SEK``."""
        with numbers.language_of(self.language):
            return numbers.kr(value, decimals)

    def share(self, value: float, decimals: int = 1) -> str:
        """A share as a percentage: ``12,5 %`` / ``12.5%``."""
        with numbers.language_of(self.language):
            return numbers.percent(value, decimals)

    def factor(self, value: float) -> str:
        """An index or factor to three decimals: ``1,061`` / ``1.061``."""
        return self.number(value, 3)

    # What a reader sees is rounded; the arithmetic a sentence shows must still check out (issue 20:
    # "the shown product must equal the shown result"). ``shown*`` give a number as it is shown, so
    # that ``gives`` can say when the figures as shown do not multiply to the result exactly.

    @staticmethod
    def shown(value: float, decimals: int = 0) -> float:
        """A number as ``number``/``kr`` show it."""
        return round(value, decimals)

    @staticmethod
    def shown_share(value: float, decimals: int = 1) -> float:
        """A share as ``share`` shows it (percent to ``decimals``), back as a share."""
        return round(value * 100, decimals) / 100

    @staticmethod
    def shown_factor(value: float) -> float:
        return round(value, 3)

    def gives(self, result: float, shown: float, decimals: int = 0) -> str:
        """``result`` in kronor, marked as rounded when the sentence's figures, as shown, give
        ``shown`` rather than the result as shown."""
        text = self.kr(result, decimals)
        if self.kr(shown, decimals) != text:
            text += " " + self.gettext("(figures rounded)")
        return text

    def names(self, items: list[str], most: int = 3) -> str:
        """``A, B och C`` — or ``A, B, C och 4 till`` when there are more than ``most``."""
        if len(items) > most:
            return self.gettext("%(names)s and %(count)s more", names=", ".join(items[:most]), count=len(items) - most)
        if len(items) <= 1:
            return "".join(items)
        return self.gettext("%(names)s and %(last)s", names=", ".join(items[:-1]), last=items[-1])
