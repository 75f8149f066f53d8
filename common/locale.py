"""The pages' language: Swedish for every visitor until they choose English with the switcher.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an English-language
browser got English pages first; Vårdpeng is a Swedish product whose words (förlusttäckning,
intraprenad) are the point. The choice is remembered in the language cookie. REST answers keep
their own rule: an analysis's texts follow the request's ``language`` or Accept-Language (§11).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from simulation.core import numbers


class ChosenLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware without the browser's Accept-Language: the cookie, else LANGUAGE_CODE."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        # Numbers follow the words: 1 234,5 mnkr on Swedish pages, 1,234.5 SEK m on English ones.
        request._number_language = numbers.use_language(request.LANGUAGE_CODE)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        token = getattr(request, "_number_language", None)
        if token is not None:
            numbers.reset_language(token)
        return response


def page_language() -> str:
    """The active page language as the core's texts take it: "sv" or "en"."""
    return "en" if (translation.get_language() or "sv").startswith("en") else "sv"
