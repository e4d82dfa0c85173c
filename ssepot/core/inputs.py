"""The input policy: how every path reads a number or a text a person typed.

The web form, the agency's workbook, the API, the CSV importer and the mapping importer all call these
functions, so "12.500" means the same everywhere. Plain Python, no Django: the callers pass the limits of
the database column the value goes to (``NumberLimits.of(model._meta.get_field(name))``).

Numbers (``parse_number``):

- Colombian writing: the point groups thousands and the comma marks decimals: ``12.500`` is 12500,
  ``1.234.567,89``, ``12,5``, ``1,234`` (one point two three four).
- Plain writing: ``1234.5``, ``0.125``, ``.5``, ``-3``. A point is a thousands separator only when the
  first group has one to three digits (not starting with 0) and every group after a point has exactly
  three ("12.500", "1.234"); otherwise it is a decimal point ("12.5", "0.500", "1234.5").
- Spaces (also no-break spaces) may group thousands too: ``1 234 567,5``.
- A leading ``+`` or ``-``.
- Refused, with a message saying how to write the number: a comma before a point (``1,234.5``, the
  English order), several commas (``1,234,567``), groups that are not of three digits (``1.23.456``),
  exponents (``1e22``), anything that is not a number.

Limits (``fit_number``): a value must fit its database column. A decimal column keeps ``decimal_places``
decimals (more are rounded half up) and at most ``max_digits - decimal_places`` digits before the comma;
an integer column (money in pesos) refuses decimals and values above its largest. A value that does not
fit is refused here, at the boundary, never by the database at approval. A decimal column's number keeps
at most 15 significant digits (more are rounded half up), as a spreadsheet keeps them: SQLite stores
decimals as 8-byte floats, which hold 15, and the same file must give the same data on SQLite and
PostgreSQL.

Text (``clean_text``): NUL and the other control characters (all but tab, newline and carriage return)
are refused; so is text longer than its limit.

Formula injection: the one rule is ``ssepot.core.tabular.is_formula_like`` (it asks ``is_number``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Any

MAX_NUMBER_TEXT = 60
"""Longer text is not a number anyone typed (and keeps Decimal from reading megabytes)."""
OBSERVATION_MAX_LENGTH = 5000
"""The length of an observation or a justification, in every path (form, workbook, API)."""

SIGNIFICANT_DIGITS = 15
"""The significant digits a number keeps on every database (an 8-byte float, as SQLite stores decimals)."""

EXAMPLE = "escriba, por ejemplo, 12.500 o 1.234,5 (punto para los miles y coma para los decimales)"

_SIGN = r"[+-]?"
_ES_GROUPED = re.compile(_SIGN + r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_SPACE_GROUPED = re.compile(_SIGN + r"[1-9][0-9]{0,2}(?:[ \u00a0\u202f][0-9]{3})+(?:,[0-9]+)?")
_PLAIN = re.compile(_SIGN + r"(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")
_ES_DECIMAL = re.compile(_SIGN + r"[0-9]*,[0-9]+")
_EXPONENT = re.compile(_SIGN + r"[0-9.,]+[eE][+-]?[0-9]+")
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


class InputError(ValueError):
    """The input does not follow the policy; ``message`` says, in Spanish, what to write instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _shown(text: str) -> str:
    text = "".join("�" if unicodedata.category(c) == "Cc" else c for c in text)
    return text if len(text) <= 40 else text[:37] + "..."


def _refuse_shape(text: str) -> InputError:
    """The message for text that is not a number: what is wrong with it, and how to write it."""
    shown = _shown(text)
    if _EXPONENT.fullmatch(text):
        return InputError(f"«{shown}»: escriba el número completo, sin exponente (p. ej. 12000, no 1.2e4)")
    if "," in text and "." in text and text.index(",") < text.index("."):
        return InputError(
            f"«{shown}» tiene la coma antes del punto (escritura en inglés): use el punto para los miles "
            "y la coma para los decimales, como 1.234,5, o escriba 1234.5 sin separador de miles"
        )
    if text.count(",") > 1:
        return InputError(
            f"«{shown}» tiene varias comas: la coma marca los decimales y el punto los miles, "
            "como 1.234.567 o 1.234.567,89"
        )
    if re.fullmatch(_SIGN + r"[0-9][0-9 .,\u00a0\u202f]*", text):
        return InputError(
            f"«{shown}» no es un número bien escrito: los miles van en grupos de tres cifras; {EXAMPLE}"
        )
    return InputError(f"«{shown}» no es un número: {EXAMPLE}")


def parse_number(text: str) -> Decimal:
    """The number ``text`` writes, exactly (no rounding); ``InputError`` saying how to write it otherwise."""
    text = text.strip()
    if not text:
        raise InputError("falta el número")
    if len(text) > MAX_NUMBER_TEXT:
        raise InputError(f"«{_shown(text)}» es demasiado largo para ser un número")
    if _SPACE_GROUPED.fullmatch(text):
        text = re.sub(r"[ \u00a0\u202f]", "", text)
    if _ES_GROUPED.fullmatch(text):
        candidate = text.replace(".", "").replace(",", ".")
    elif _PLAIN.fullmatch(text):
        candidate = text
    elif _ES_DECIMAL.fullmatch(text):
        candidate = text.replace(",", ".")
    else:
        raise _refuse_shape(text)
    return Decimal(candidate)


def is_number(text: str) -> bool:
    """Whether ``text`` is a number as ``parse_number`` reads it."""
    try:
        parse_number(text)
    except InputError:
        return False
    return True


@dataclass(frozen=True)
class NumberLimits:
    """What a database column holds: ``decimal_places`` decimals, ``integer_digits`` digits before the
    comma and, for an integer column, its largest value ``maximum``."""

    decimal_places: int
    integer_digits: int
    maximum: int | None = None

    @classmethod
    def of(cls, field: Any) -> NumberLimits:  # NB: Any: a Django field, and the core has no Django
        """The limits of a model field: a DecimalField's ``max_digits`` and ``decimal_places``; an
        integer field's largest value as its validators state it (Django takes it from the database)."""
        max_digits = getattr(field, "max_digits", None)
        if max_digits is not None:
            places = int(field.decimal_places)
            return cls(places, int(max_digits) - places)
        maxima = [v.limit_value for v in field.validators if getattr(v, "code", "") == "max_value"]
        if not maxima:
            raise ValueError(f"{field!r} is neither a decimal nor a bounded integer field")
        maximum = int(min(maxima))
        return cls(0, len(str(maximum)), maximum)


def fit_number(number: Decimal, limits: NumberLimits) -> Decimal:
    """``number`` as its column stores it (rounded to its decimals); ``InputError`` when it does not fit."""
    if not number.is_finite():
        raise InputError("el valor no es un número finito")
    if number and number.adjusted() >= limits.integer_digits:
        raise _too_big(number, limits)
    if limits.decimal_places == 0 and number != number.to_integral_value():
        raise InputError(f"«{_plain(number)}»: escriba un número entero, sin decimales")
    with localcontext() as ctx:
        if limits.decimal_places:  # NB: an integer column keeps every digit on both databases
            ctx.prec, ctx.rounding = SIGNIFICANT_DIGITS, ROUND_HALF_UP
            number = +number  # unary plus rounds to the context's precision
        ctx.prec = limits.integer_digits + limits.decimal_places + 2
        fitted = number.quantize(Decimal(1).scaleb(-limits.decimal_places), rounding=ROUND_HALF_UP)
    if (fitted and fitted.adjusted() >= limits.integer_digits) or (
        limits.maximum is not None and abs(fitted) > limits.maximum
    ):
        raise _too_big(number, limits)
    return fitted


def as_written(number: Decimal) -> Decimal:
    """``number`` without the padding zeros of its column (12.50000000000000000000 is 12.5, 1E+2 is 100):
    how a stored value reads back, as it was written."""
    normal = number.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def _plain(number: Decimal) -> str:
    return format(number, "f") if abs(number.adjusted()) < MAX_NUMBER_TEXT else str(number)


def _too_big(number: Decimal, limits: NumberLimits) -> InputError:
    digits = number.adjusted() + 1
    if limits.maximum is not None:
        return InputError(
            f"el número tiene {digits} cifras y es demasiado grande: el máximo es {limits.maximum}"
        )
    return InputError(
        f"el número tiene {digits} cifras antes de la coma y aquí caben a lo sumo {limits.integer_digits}"
    )


def read_number(value: object, limits: NumberLimits) -> Decimal:
    """A typed text or a number from a spreadsheet cell or a JSON body, checked against ``limits``."""
    if isinstance(value, bool) or value is None:
        raise InputError("se esperaba un número")
    if isinstance(value, float):
        # NB: repr gives the shortest text that reads back as the float: 48.2 stays 48.2.
        try:
            number = Decimal(repr(value))
        except InvalidOperation:  # pragma: no cover - repr of a float is always a Decimal literal
            raise InputError("se esperaba un número") from None
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    else:
        number = parse_number(str(value))
    return fit_number(number, limits)


def clean_text(text: str, max_length: int | None = None) -> str:
    """``text`` without surrounding spaces; ``InputError`` for control characters (NUL and the others but
    tab and line breaks) or text longer than ``max_length``."""
    bad = next((c for c in text if unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROLS), None)
    if bad is not None:
        raise InputError(
            f"el texto tiene un carácter de control (U+{ord(bad):04X}) que no se puede guardar: "
            "bórrelo o escriba el texto de nuevo"
        )
    text = text.strip()
    if max_length is not None and len(text) > max_length:
        raise InputError(f"el texto tiene {len(text)} caracteres y caben a lo sumo {max_length}")
    return text


def fold(text: str) -> str:
    """Lower case without accents, for comparing words typed in different ways ('Sì', 'SI', 'sí')."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def to_decimal(value: object, places: int = 6) -> Decimal | None:
    """A cell as a Decimal rounded to ``places``, or None when it is not a number.

    Floats go through ``repr`` so 48.2 stays 48.2 and does not become 48.2000000000000028...
    A text cell is read by the one input policy (``ssepot.core.inputs.parse_number``): '1200', '12,5',
    '12.5', '12.500' (twelve thousand five hundred), '1.234,5'. The caller checks the column's limits.
    """
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, int | Decimal):
            number = Decimal(value)
        else:
            number = parse_number(str(value))
    except (InputError, InvalidOperation):
        return None
    if not number.is_finite():
        return None
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, number.adjusted() + places + 2)
        return number.quantize(Decimal(1).scaleb(-places))
