"""The browser fixtures (``browser``, ``page``, ``axe_violations``) live in the root conftest.py."""

import pytest


@pytest.fixture(autouse=True)
def fresh_portal_cache():
    """The portal caches figures per publication; a plan rebuilt in a fresh database may reuse its ids."""
    from ssepot.front.data import clear_caches

    clear_caches()
    yield
