"""The reporting cycle's small plan (one item of each kind per agency) and tokens for the named cast."""

from __future__ import annotations

from typing import Any

import pytest

from ssepot.reporting.tests.conftest import catalogue, period  # noqa: F401  NB: the same small plan


@pytest.fixture(autouse=True)
def fresh_cache() -> Any:
    """Files and figures are cached per publication; a test that publishes and rolls back must not leak."""
    from ssepot.front.data import clear_caches

    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def token_for() -> Any:
    """``token_for(user)`` gives the ``Authorization`` header of a new token of that user."""
    from ssepot.api.models import ApiToken

    def make(user: Any, **options: Any) -> dict[str, str]:
        secret = ApiToken.issue(user, f"sistema de {user.username}", **options)[1]
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return make
