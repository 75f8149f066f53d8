"""Numbers in the words of an explanation (§11.3), in Swedish (default) or English."""

from __future__ import annotations

from dataclasses import dataclass

from simulation.core import numbers


@dataclass(frozen=True)
class Words:
    """Formats money, counts and shares for one language (``sv`` or ``en``)."""

    language: str = "sv"

    def say(self, swedish: str, english: str) -> str:
        return english if self.language == "en" else swedish

    def number(self, value: float, decimals: int = 0) -> str:
        if self.language == "en":
            text = f"{abs(value):,.{decimals}f}"
            return (numbers.MINUS + text) if round(value, decimals) < 0 else text
        return numbers.number(value, decimals)

    def kr(self, value: float, decimals: int = 0) -> str:
        """Whole kronor unless asked: ``801 282 kr`` / ``801,282 SEK``."""
        unit = "SEK" if self.language == "en" else "kr"
        return f"{self.number(value, decimals)}{numbers.NBSP}{unit}"

    def share(self, value: float, decimals: int = 1) -> str:
        return f"{self.number(value * 100, decimals)}{numbers.NBSP}%"

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
            text += self.say(" (avrundade tal)", " (figures rounded)")
        return text

    def names(self, items: list[str], most: int = 3) -> str:
        """``A, B och C`` — or ``A, B, C och 4 till`` when there are more than ``most``."""
        and_ = self.say("och", "and")
        if len(items) > most:
            rest = len(items) - most
            return ", ".join(items[:most]) + f" {and_} " + self.say(f"{rest} till", f"{rest} more")
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {and_} " + items[-1]
