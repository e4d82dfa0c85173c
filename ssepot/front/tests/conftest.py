"""The browser fixtures (``browser``, ``page``, ``axe_violations``) live in the root conftest.py."""
