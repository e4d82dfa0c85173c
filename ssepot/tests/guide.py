"""Reading the «primeros pasos» guide the way its reader does, for the tests that walk it: its commands,
its example files, and the pages' forms submitted as a browser submits them."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "primeros-pasos.md"
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.M | re.S)
ASSIGNMENT = re.compile(r"^[A-Z_]+=\S*$")


def blocks(text: str) -> list[tuple[str, str]]:
    """Every fenced block as (language, body), in order."""
    return [(m[1], m[2]) for m in FENCE.finditer(text)]


def commands(text: str) -> list[list[str]]:
    """The ``ssepot`` commands of the guide's bash blocks, in order, as argv lists (``\\`` continues a line;
    a leading ``VAR=value`` is dropped)."""
    found = []
    for language, body in blocks(text):
        if language != "bash":
            continue
        for line in body.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            while words and ASSIGNMENT.match(words[0]):
                words = words[1:]
            if words and words[0] == "ssepot":
                found.append(words)
    return found


def inline_commands(text: str) -> list[list[str]]:
    """The commands the prose names in backticks (``ssepot plan create``), which may carry placeholders."""
    without_blocks = FENCE.sub("", text)
    return [shlex.split(m) for m in re.findall(r"`(ssepot [^`]+)`", without_blocks)]


# -- forms as a browser submits them ----------------------------------------------------------------------


@dataclass
class Form:
    attrs: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "form":
            self._form = Form(attrs)
            self.forms.append(self._form)
            return
        form, name = self._form, attrs.get("name", "")
        if form is None:
            return
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image"}:
                form.buttons.append((name, attrs.get("value", "")))
            elif kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    form.fields.append((name, attrs.get("value", "on")))
            elif kind != "file":
                form.fields.append((name, attrs.get("value", "")))
        elif tag == "button" and name and attrs.get("type", "submit") == "submit":
            form.buttons.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in attrs), []
        elif tag == "option" and self._select is not None:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple = self._select
            chosen = [v for v, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self._form.fields += [(name, v) for v in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def form_data(
    html: str, *, where: str = "", button: tuple[str, str] | None = None, **fill: Any
) -> dict[str, Any]:
    """The data a browser posts from a form of the page: every control's current value (empty templates of
    inline rows left out), then ``fill``, then the clicked ``button``. The form is the first whose action or
    id contains ``where`` and that has ``button`` (or, without one, a control ``fill`` names)."""
    reader = _FormReader()
    reader.feed(html)
    matching = [
        f
        for f in reader.forms
        if (where in f.attrs.get("action", "") or where in f.attrs.get("id", ""))
        and (button in f.buttons if button else any(name in dict(f.fields) for name in fill))
    ]
    assert matching, f"no form matches {where!r}, {button!r}, {sorted(fill)}"
    data: dict[str, Any] = {}
    templates = [(name, value) for name, value in matching[0].fields if "__prefix__" in name]
    for row in {name.rsplit("-", 1)[0] for name in fill if re.fullmatch(r"[\w]+-\d+-\w+", name)}:
        # a row added with the inline's "add another" starts from the empty row's defaults
        prefix = row.rsplit("-", 1)[0]
        data.update(
            (name.replace(f"{prefix}-__prefix__-", f"{row}-"), value)
            for name, value in templates
            if name.startswith(f"{prefix}-__prefix__-")
        )
    for name, value in matching[0].fields:
        if "__prefix__" in name:
            continue
        data[name] = (
            [*data[name], value]
            if isinstance(data.get(name), list)
            else ([data[name], value] if name in data else value)
        )
    if button is not None:
        data[button[0]] = button[1]
    data.update({name: "" if value is None else value for name, value in fill.items()})
    return data
