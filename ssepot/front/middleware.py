"""Spanish first: the language changes only when the visitor chooses it, not with the browser's settings."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class SpanishFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's, but ignores Accept-Language: a Colombian public site speaks Spanish to everyone
    (an English-configured browser included) until the visitor picks English with the language switcher."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
