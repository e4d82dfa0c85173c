"""Signing in with wrong passwords is throttled by django-axes (ADR 0003): after ``AXES_FAILURE_LIMIT``
failures for one user from one address, signing in is locked for ``AXES_COOLOFF_TIME`` and the page says
so in Spanish (``registration/locked_out.html``). The API has no password path: its tokens are long random
secrets created by an administrator."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class ThrottledSignIn(AxesStandaloneBackend):
    """Axes' check before the password is; an authentication without a request (a management command, the
    test client's ``login``) is no sign-in through the web and has nothing to throttle."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def locked_out(request: HttpRequest, response: Any = None, credentials: Any = None) -> HttpResponse:
    """The answer to a locked-out sign-in (``AXES_LOCKOUT_CALLABLE``): a 429 page in the site's layout that
    says how many failures locked it and for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=429,
    )
