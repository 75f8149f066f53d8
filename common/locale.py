"""The pages' language: Swedish for every visitor until they choose English with the switcher.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an English-language
browser got English pages first; Vårdpeng is a Swedish product whose words (förlusttäckning,
intraprenad) are the point. The choice is remembered in the language cookie. REST answers keep
their own rule: an analysis's texts follow the request's ``language`` or Accept-Language (§11),
and so do the API's own messages (sign-in, permissions, "not found", limits) for a program that
calls it (Swedish unless it asks for English); a call from our own pages (it carries their
cookies) answers in the page's language. A document's problems (``centres[3].listed: must be ≥ 0``)
are the scenario validator's, in the documented language of the document format.
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
        if chosen not in supported and _program_calls_api(request):
            language = _accepted(request, supported) or language
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


def _program_calls_api(request) -> bool:
    """An API request that is not one of our pages' own (they send the session or CSRF cookie)."""
    cookies = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    return request.path.startswith("/api/") and not any(name in request.COOKIES for name in cookies)


def _accepted(request, supported: set[str]) -> str:
    """The first language of Accept-Language that the product speaks ("en-GB" is "en"), or ''."""
    for part in request.META.get("HTTP_ACCEPT_LANGUAGE", "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in supported:
            return code
    return ""


def page_language() -> str:
    """The active page language as the core's texts take it: "sv" or "en"."""
    return "en" if (translation.get_language() or "sv").startswith("en") else "sv"
