"""English is the second language: the catalogue is complete and the admin speaks it too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_has_an_english_translation() -> None:
    entries = PO.read_text(encoding="utf-8").split("\n\n")[1:]
    # NB: an empty msgstr followed by quoted lines is a translation written on several lines
    empty = re.compile(r'^msgstr(\[\d\])? ""$(?!\n")', re.M)
    untranslated = [e for e in entries if empty.search(e) and "#~" not in e]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert untranslated == [] and fuzzy == [], "run makemessages -l en, translate, then compilemessages"


def test_compiled_catalogue_is_committed_next_to_the_source() -> None:
    assert PO.with_suffix(".mo").stat().st_size > 0


@pytest.mark.django_db
def test_admin_shows_model_names_in_english(client, admin_user, plan) -> None:
    client.force_login(admin_user)
    page = client.get(reverse("admin:index")).text
    assert "Planes de ordenamiento territorial" in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("admin:index")).text
    assert "Land-use plans" in page and "Yearly commitment statuses" in page
