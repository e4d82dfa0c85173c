"""Narrative consistency check: numbers typed in Spanish text against the computed figures they name.

A subsystem narrative, the report's presentation or a chapter is written by hand; the figures are computed.
This module finds every number in the text (a *claim*) and compares it with the figures the sentence
names, so that a slip such as the seed's "61% (12 compromisos)" (14 is right) is listed before publishing.

Reading numbers (``extract_claims``)
    Both styles the seed mixes are read: ``92,1%`` and ``14.9%`` (decimal comma or dot), ``$5.733.749
    millones`` and ``5,733,749`` (thousands). A single separator followed by exactly three digits is a
    thousands separator (Spanish convention), otherwise it is the decimal mark; a repeated separator is a
    thousands separator; with two different separators the last one is the decimal mark. The unit comes
    from what follows the number (``%``, ``por ciento``, ``puntos``, ``millones``, ``mil millones``,
    ``billones``, ``pesos`` or a count noun such as ``compromisos``) and from a ``$`` before it. Not
    claims: years (1990-2100 with no unit, in a date-like context: ``vigencia 2025``, ``2017–2025``,
    ``de 2014``; a plural noun after it makes it a count again: ``de 2015 viviendas``), days of a date
    (``31 de diciembre``), numbers of legal acts and parts of documents (``artículo 603``, ``Acuerdo
    48``, ``Decreto 1232``, ``Figura 1``), list and chapter numbers at the start of a line (``1.
    COMPROMISOS``), numbers glued to letters (``IGPOT2025``) and anything inside a URL.

Matching a claim with figures (``check_text``)
    1. *Candidates* are the figures with a value, a compatible unit and at least one of their ``terms``
       in the claim's sentence or in the run-in heading of its paragraph (``CORTO PLAZO.``, ``HORIZONTE DEL
       PLAN.``); terms are compared without case or accents. Compatible units: ``%`` and ``puntos`` with
       ``%`` or ``puntos`` (percentage points are often typed with ``%``: the seed's "aportó 14.9%");
       money (``millones`` etc.) with a ``COP`` or ``millones de COP`` figure at the same scale; a count
       noun with the same count unit (singular or plural).
    2. Candidates are ranked: first those with a term in the number's clause (the sentence cut at ":"
       and ";") or in the heading, then by how many of their terms occur, then by the distance from the
       number to the nearest of their terms (heading terms count as farthest), then by the longest term.
    3. The claim *agrees* (``coincide``) when some candidate, expressed in the claim's unit and rounded
       half-up to the decimals typed, equals it; truncation is accepted too (the report writes 89.13 as
       "89%"). The best-ranked agreeing figure is reported. Otherwise the claim is ``no_coincide`` and the
       message names the best-ranked candidates. With no candidate the claim is ``sin_cifra``: the text
       names no figure we compute, which is not an error.
    4. Two sentence patterns narrow the candidates to one group:

       - a parenthesised number right after another one, "61% (12 compromisos)", counts the same group as
         the number before it. When that one agreed with figure ``X_pct`` (or ``X.participacion``), the
         parenthesised count is compared with ``X`` (or ``X.total``) only, and the other way round; this is
         the key convention of ``ssepot.core.commitments``.
       - "respectivamente": "movilidad con $A y equipamientos con $B, que representan respectivamente el
         P% y el Q%". The i-th number of the listed group is only compared with candidates that share a
         term with the figure the i-th number before the group agreed with, and that the other referents
         do not have (``movilidad``, ``equipamientos``).
    5. "al 100%" ("71 compromisos ejecutados al 100%") states a level of progress, not a share: it is
       ``sin_cifra``. A number without unit is ``sin_cifra`` too.

Limits: a number that equals another figure named in the same sentence agrees (the check finds numbers
that match none of the figures their sentence names, not swapped ones outside the two patterns above);
numbers written in words ("ocho fases") and counts whose noun is left out ("8 cumplidos y 3 en proceso")
are not compared; terms are literal phrases, not lemmas. ``source`` only prefixes the messages.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ssepot.core.figures import Figure, fmt_number, quantize

__all__ = ["Claim", "Finding", "check_text", "disagreements", "extract_claims"]

MATCH = "coincide"
MISMATCH = "no_coincide"
NO_FIGURE = "sin_cifra"

PERCENT = "%"
POINTS = "puntos"
MONEY_SCALES: dict[str, Decimal] = {
    "COP": Decimal(1),
    "millones": Decimal(10) ** 6,
    "mil millones": Decimal(10) ** 9,
    "billones": Decimal(10) ** 12,
}
FIGURE_MONEY_SCALES: dict[str, Decimal] = {
    "cop": Decimal(1),
    "pesos": Decimal(1),
    "millones de cop": Decimal(10) ** 6,
    "millones de pesos": Decimal(10) ** 6,
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MONTHS = _words(
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre"
)
# A number right after one of these words names a legal act or a part of a document, not a quantity.
REFERENCE_WORDS = _words(
    """articulo articulos art paragrafo numeral literal inciso acuerdo acuerdos decreto decretos ley leyes
    resolucion resoluciones circular capitulo capitulos titulo seccion figura figuras tabla tablas grafico
    grafica mapa mapas anexo anexos tomo nivel niveles version pagina paginas pag nro num codigo
    comuna corregimiento fase"""
)
DATE_WORDS = MONTHS | _words(
    """vigencia vigencias ano anos de del desde hasta en a al el periodo durante para entre y o corte
    cierre finales principios mediados inicios fin mitad"""
)
# Words that may follow a number without being its unit.
NOT_NOUNS = _words(
    """de del y o u a al en con por para que se es son fue la el los las lo un una unos unas su sus e ni
    respectivamente aproximadamente mas menos sobre entre hasta desde como cada hay han ha esta estan"""
)

NUMBER_RE = re.compile(r"(?<![\w.,])([-−]?)(\d+(?:[.,]\d+)*)(?!\w)")
URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
HEADING_RE = re.compile(r"\s*([A-ZÁÉÍÓÚÜÑ][A-ZÁÉÍÓÚÜÑ ]{2,}[A-ZÁÉÍÓÚÜÑ])\.\s")
SENTENCE_END_RE = re.compile(r"[.!?](?=\s+[¿¡“\"(]?[A-ZÁÉÍÓÚÜÑ])")
PARAGRAPH_RE = re.compile(r"\n[ \t\xa0]*\n")
SPACE_RE = re.compile(r"[ \t\xa0]*(?:\n[ \t\xa0]*)?")  # within a paragraph: at most one line break
WORD_RE = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+\.?)?")


@dataclass(frozen=True)
class Claim:
    """A number typed in the text, with its unit and where it is."""

    text: str
    """The number as typed with its unit: ``61%``, ``$5.733.749 millones``, ``12 compromisos``."""
    value: Decimal
    unit: str
    """``%``, ``puntos``, ``COP``, ``millones``, ``mil millones``, ``billones``, a count noun, or ``""``."""
    decimals: int
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    claim: Claim
    status: str
    """``coincide``, ``no_coincide`` or ``sin_cifra``."""
    figure_key: str | None
    """The figure the claim agreed with, or the closest one it was compared with."""
    figure_value: Decimal | None
    """That figure's value in the claim's unit (a COP figure divided by a million for ``millones``)."""
    candidates: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class _Context:
    """Where a claim sits: its sentence span and the run-in heading of its paragraph."""

    sentence_start: int
    sentence_end: int
    heading_start: int
    heading_end: int


@dataclass(frozen=True)
class _Candidate:
    figure: Figure
    value: Decimal
    """The figure's value in the claim's unit."""
    rank: tuple[int, int, int, int, int]
    terms: frozenset[str]


def _fold(text: str) -> str:
    """Lower case without accents, one character for one character (offsets stay valid)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _parse_number(digits: str) -> tuple[Decimal, int] | None:
    """``5.733.749`` -> 5733749, ``92,1`` -> 92.1 (1 decimal); None for codes such as ``2.2.2.1.5``."""
    seps = [ch for ch in digits if ch in ".,"]
    groups = re.split(r"[.,]", digits)
    if not seps:
        return Decimal(digits), 0
    kinds = set(seps)
    if len(kinds) == 1:
        if len(seps) == 1:
            whole, frac = groups
            if len(frac) == 3 and whole != "0":
                return Decimal(whole + frac), 0
            return Decimal(f"{whole}.{frac}"), len(frac)
        if len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
            return Decimal("".join(groups)), 0
        return None
    decimal_mark = seps[-1]
    if seps.count(decimal_mark) != 1:
        return None
    integer, frac = digits.rsplit(decimal_mark, 1)
    int_groups = integer.split("." if decimal_mark == "," else ",")
    if len(int_groups[0]) > 3 or any(len(g) != 3 for g in int_groups[1:]):
        return None
    return Decimal(f"{''.join(int_groups)}.{frac}"), len(frac)


def _previous_word(folded: str, pos: int) -> str:
    words = WORD_RE.findall(folded[max(0, pos - 40) : pos])
    return words[-1].rstrip(".") if words else ""


def _read_unit(text: str, folded: str, pos: int) -> tuple[str, int]:
    """The unit written after position ``pos`` and where it ends; ``("", pos)`` when there is none."""
    m = SPACE_RE.match(text, pos)
    i = m.end() if m else pos
    rest = folded[i : i + 40]
    if rest.startswith("%"):
        return PERCENT, i + 1
    patterns = (
        (r"por\s+ciento(?!\w)", PERCENT),
        (r"puntos?\s+porcentuales(?!\w)", POINTS),
        (r"p\.\s?p\.", POINTS),
        (r"puntos?(?!\w)", POINTS),
        (r"mil\s+millones(?:\s+de\s+pesos)?(?!\w)", "mil millones"),
        (r"millon(?:es)?(?:\s+de\s+pesos)?(?!\w)", "millones"),
        (r"billon(?:es)?(?:\s+de\s+pesos)?(?!\w)", "billones"),
        (r"(?:pesos|cop)(?!\w)", "COP"),
    )
    for pattern, unit in patterns:
        um = re.match(pattern, rest)
        if um:
            return unit, i + um.end()
    wm = re.match(r"[^\W\d_]+", text[i : i + 40])
    if wm and i > pos and _fold(wm.group()) not in NOT_NOUNS:
        return wm.group().lower(), i + wm.end()
    return "", pos


def _is_year(value: Decimal, digits: str, folded: str, start: int, end: int) -> bool:
    if not digits.isdigit() or not 1990 <= value <= 2100:
        return False
    before = folded[max(0, start - 3) : start].rstrip()
    after = folded[end : end + 3].lstrip()
    if (before and before[-1] in "-–—/(,") or (after and after[0] in "-–—/)"):
        return True
    return _previous_word(folded, start) in DATE_WORDS


def _is_reference(text: str, folded: str, start: int, end: int) -> bool:
    """A day of a date, the number of a legal act or document part, a list number or an ordinal."""
    previous = _previous_word(folded, start)
    if previous in REFERENCE_WORDS or previous in MONTHS:
        return True
    if re.match(r"\s+de\s+(?:" + "|".join(MONTHS) + r")(?!\w)", folded[end : end + 20]):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip() and re.match(r"[.)º°]\s", text[end : end + 2]):
        return True
    return end < len(text) and text[end] in "º°"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in PARAGRAPH_RE.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def _contexts(text: str) -> list[_Context]:
    """Sentence spans with the run-in heading (``CORTO PLAZO.``) of their paragraph, in order."""
    contexts = []
    for p_start, p_end in _paragraphs(text):
        body_start, h_start, h_end = p_start, p_start, p_start
        hm = HEADING_RE.match(text, p_start, p_end)
        if hm:
            h_start, h_end = hm.start(1), hm.end(1)
            body_start = hm.end()
        s_start = body_start
        for m in SENTENCE_END_RE.finditer(text, body_start, p_end):
            contexts.append(_Context(s_start, m.end(), h_start, h_end))
            s_start = m.end()
        contexts.append(_Context(s_start, p_end, h_start, h_end))
    return contexts


def _scan(text: str) -> list[tuple[Claim, _Context]]:
    folded = _fold(text)
    urls = [m.span() for m in URL_RE.finditer(text)]
    contexts = _contexts(text)
    found = []
    for m in NUMBER_RE.finditer(text):
        sign, digits = m.group(1), m.group(2)
        start, end = m.start(2), m.end(2)
        if any(u_start <= start < u_end for u_start, u_end in urls):
            continue
        parsed = _parse_number(digits)
        if parsed is None or _is_reference(text, folded, start, end):
            continue
        value, decimals = parsed
        unit, unit_end = _read_unit(text, folded, end)
        dollar = re.search(r"\$\s*$", text[max(0, start - 3) : start])
        if dollar and unit not in MONEY_SCALES:
            unit, unit_end = "COP", end
        unit_text = text[end:unit_end].strip()
        # NB: "de 2015 modificado" and "vigencia 2025 Medellín" are years, "de 2015 viviendas" is a count.
        plural_noun = unit_text.endswith("s") and unit_text[:1].islower()
        measured = unit in (PERCENT, POINTS, *MONEY_SCALES)
        if not measured and not plural_noun and _is_year(value, digits, folded, start, end):
            continue
        claim_start = start - len(dollar.group()) if dollar else start
        if sign and unit in (PERCENT, POINTS):
            value, claim_start = -value, claim_start - 1
        context = next(
            (c for c in contexts if c.sentence_start <= start < c.sentence_end), _Context(start, end, 0, 0)
        )
        claim = Claim(
            text=_squash(text[claim_start:unit_end]) if unit else digits,
            value=value,
            unit=unit,
            decimals=decimals,
            sentence=_squash(text[context.sentence_start : context.sentence_end]),
            start=claim_start,
            end=unit_end if unit else end,
        )
        found.append((claim, context))
    return found


def extract_claims(text: str) -> list[Claim]:
    """Every number in ``text`` that could state a figure, in order (see the module docstring)."""
    return [claim for claim, _ in _scan(text)]


def _singular(noun: str) -> str:
    noun = _fold(noun)
    if noun.endswith("es") and len(noun) > 4 and noun[-3] in "rlndzj":
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") else noun


def _in_claim_unit(claim: Claim, figure: Figure) -> Decimal | None:
    """The figure's value expressed in the claim's unit, or None when the units do not compare."""
    if figure.value is None:
        return None
    value = Decimal(figure.value)
    unit = _fold(figure.unit.strip())
    if claim.unit in (PERCENT, POINTS):
        return value if unit in (PERCENT, POINTS) else None
    if claim.unit in MONEY_SCALES:
        if unit not in FIGURE_MONEY_SCALES:
            return None
        return value * FIGURE_MONEY_SCALES[unit] / MONEY_SCALES[claim.unit]
    if claim.unit and unit and _singular(claim.unit) == _singular(unit.split()[0]):
        return value
    return None


@functools.lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in _fold(term).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def _candidates(claim: Claim, context: _Context, folded: str, figures: Sequence[Figure]) -> list[_Candidate]:
    sentence = folded[context.sentence_start : context.sentence_end]
    heading = folded[context.heading_start : context.heading_end]
    rel_start, rel_end = claim.start - context.sentence_start, claim.end - context.sentence_start
    # The claim's clause: the sentence cut at ":" and ";" ("tiene 12 compromisos: 8 cumplidos ...").
    clause_start = max(sentence.rfind(":", 0, rel_start), sentence.rfind(";", 0, rel_start)) + 1
    clause_end = min(
        (i for i in (sentence.find(":", rel_end), sentence.find(";", rel_end)) if i >= 0),
        default=len(sentence),
    )
    far = len(sentence) + 1
    found = []
    for index, figure in enumerate(figures):
        value = _in_claim_unit(claim, figure)
        if value is None:
            continue
        distance, matched, longest, tier = far + 1, set(), 0, 1
        for term in figure.terms:
            pattern = _term_pattern(term)
            spans = [m.span() for m in pattern.finditer(sentence)]
            in_heading = bool(pattern.search(heading))
            if not spans and not in_heading:
                continue
            matched.add(_fold(term))
            longest = max(longest, len(term))
            for t_start, t_end in spans:
                distance = min(distance, max(0, t_start - rel_end, rel_start - t_end))
                if clause_start <= t_start and t_end <= clause_end:
                    tier = 0
            if in_heading:
                distance, tier = min(distance, far), 0
        if matched:
            rank = (tier, -len(matched), distance, -longest, index)
            found.append(_Candidate(figure, value, rank, frozenset(_fold(t) for t in figure.terms)))
    return sorted(found, key=lambda c: c.rank)


def _agrees(claim: Claim, value: Decimal) -> bool:
    step = Decimal(1).scaleb(-claim.decimals)
    return claim.value in (
        value.quantize(step, rounding=ROUND_HALF_UP),
        value.quantize(step, rounding=ROUND_DOWN),
    )


def _show(value: Decimal, claim: Claim, figure: Figure | None = None) -> str:
    """A value in the claim's unit, es-CO style: ``28,47 %``, ``$5.733.749 millones``, ``14 compromisos``.

    Shown with the claim's decimals when that is exact, else with at least two; a percentage figure keeps
    its own unit (``14,9 puntos`` beside a typed ``14.9%``).
    """
    places = claim.decimals
    if quantize(value, places) != value:
        places = max(places, 2)
    number = fmt_number(value, places)
    unit = figure.unit if figure is not None and claim.unit in (PERCENT, POINTS) else claim.unit
    if unit == PERCENT:
        return f"{number} %"
    if unit in MONEY_SCALES:
        return f"${number}" + ("" if unit == "COP" else f" {unit}")
    return f"{number} {unit}".strip()


def _typed(claim: Claim) -> str:
    return _show(claim.value, claim)


def _sibling_key(key: str, from_share: bool) -> tuple[str, ...]:
    """The count that goes with a share (``X_pct`` -> ``X``) or the share that goes with a count."""
    if from_share:
        if key.endswith("_pct"):
            return (key[: -len("_pct")],)
        if key.endswith(".participacion"):
            return (key[: -len("participacion")] + "total",)
        return ()
    if key.endswith(".total"):
        return (key[: -len("total")] + "participacion",)
    return (key + "_pct",)


def _in_parentheses(text: str, claim: Claim) -> bool:
    return text[: claim.start].rstrip().endswith("(") and text[claim.end :].lstrip().startswith(")")


def _run(indices: Iterable[int], scanned: Sequence[tuple[Claim, _Context]]) -> list[int]:
    """The leading indices whose claims share the first one's unit."""
    run: list[int] = []
    for i in indices:
        if run and scanned[i][0].unit != scanned[run[0]][0].unit:
            break
        run.append(i)
    return run


def _respectively(
    index: int, scanned: Sequence[tuple[Claim, _Context]], folded: str
) -> tuple[int, list[int]] | None:
    """In "A con $x y B con $y, que representan respectivamente el p% y el q%": the claim's place in
    the list (p, q) and the claims it refers to ($x, $y)."""
    context = scanned[index][1]
    in_sentence = [i for i, (_, ctx) in enumerate(scanned) if ctx == context]
    sentence = folded[context.sentence_start : context.sentence_end]
    for m in re.finditer(r"(?<!\w)respectivamente(?!\w)", sentence):
        at = m.start() + context.sentence_start
        group = _run([i for i in in_sentence if scanned[i][0].start > at], scanned)
        if len(group) < 2:
            group = _run(reversed([i for i in in_sentence if scanned[i][0].end <= at]), scanned)[::-1]
        if index not in group or len(group) < 2:
            continue
        referents = [i for i in in_sentence if i < group[0]][-len(group) :]
        units = {scanned[i][0].unit for i in referents}
        if len(referents) == len(group) and len(units) == 1 and scanned[index][0].unit not in units:
            return group.index(index), referents
    return None


def check_text(text: str, figures: Iterable[Figure], *, source: str = "") -> list[Finding]:
    """Compare every number of ``text`` with the computed figures it names (see the module docstring)."""
    figures = list(figures)
    by_key = {f.key: f for f in figures}
    folded = _fold(text)
    scanned = _scan(text)
    findings: list[Finding] = []
    for index in range(len(scanned)):
        findings.append(_check_claim(index, scanned, findings, folded, text, figures, by_key))
    if source:
        findings = [replace(f, message=f"{source}: {f.message}") for f in findings]
    return findings


def _check_claim(
    index: int,
    scanned: Sequence[tuple[Claim, _Context]],
    previous: Sequence[Finding],
    folded: str,
    text: str,
    figures: Sequence[Figure],
    by_key: dict[str, Figure],
) -> Finding:
    claim, context = scanned[index]
    typed = _typed(claim)
    if not claim.unit:
        return Finding(
            claim, NO_FIGURE, None, None, (), f"El número {claim.text} no tiene unidad: no se compara."
        )
    if claim.unit == PERCENT and claim.value == 100 and _previous_word(folded, claim.start) == "al":
        return Finding(
            claim,
            NO_FIGURE,
            None,
            None,
            (),
            f"«al {claim.text}» expresa un nivel de avance, no una cifra calculada.",
        )

    companion = _companion(index, scanned, previous, text, by_key, claim)
    if companion is not None:
        return companion

    candidates = _candidates(claim, context, folded, figures)
    respectively = _respectively(index, scanned, folded)
    if respectively is not None and candidates:
        position, referents = respectively
        referred = [previous[i].figure_key for i in referents if previous[i].status == MATCH]
        if len(referred) == len(referents):
            term_sets = [by_key[k].terms if k else () for k in referred]
            own = {_fold(t) for t in term_sets[position]} - {
                _fold(t) for i, ts in enumerate(term_sets) if i != position for t in ts
            }
            narrowed = [c for c in candidates if c.terms & own]
            candidates = narrowed or candidates

    keys = tuple(c.figure.key for c in candidates)
    if not candidates:
        return Finding(
            claim,
            NO_FIGURE,
            None,
            None,
            (),
            f"{typed}: la frase no nombra ninguna cifra calculada con esa unidad.",
        )
    for candidate in candidates:
        if _agrees(claim, candidate.value):
            return Finding(
                claim,
                MATCH,
                candidate.figure.key,
                candidate.value,
                keys,
                f"El texto dice {typed} y la cifra calculada '{candidate.figure.label}' es "
                f"{_show(candidate.value, claim, candidate.figure)}.",
            )
    # Name the best-ranked candidates: those as near and as fully named as the first one.
    closest = [c for c in candidates if c.rank[:2] == candidates[0].rank[:2]][:3]
    named = "; ".join(f"'{c.figure.label}' = {_show(c.value, claim, c.figure)}" for c in closest)
    return Finding(
        claim,
        MISMATCH,
        closest[0].figure.key,
        closest[0].value,
        keys,
        f"El texto dice {typed} pero ninguna cifra calculada con esos términos vale {typed}: {named}.",
    )


def _companion(
    index: int,
    scanned: Sequence[tuple[Claim, _Context]],
    previous: Sequence[Finding],
    text: str,
    by_key: dict[str, Figure],
    claim: Claim,
) -> Finding | None:
    """ "61% (12 compromisos)": the parenthesised number counts the group of the number before it."""
    if index == 0 or not _in_parentheses(text, claim):
        return None
    before, before_context = scanned[index - 1]
    if before_context != scanned[index][1] or before.unit == claim.unit:
        return None
    partner_key = previous[index - 1].figure_key
    if previous[index - 1].status != MATCH or partner_key is None:
        return None
    partner = by_key[partner_key]
    for key in _sibling_key(partner_key, from_share=before.unit in (PERCENT, POINTS)):
        sibling = by_key.get(key)
        value = None if sibling is None else _in_claim_unit(claim, sibling)
        if sibling is None or value is None:
            continue
        typed, shown = _typed(claim), _show(value, claim, sibling)
        partner_text = (
            f"{before.text}, que corresponde a '{partner.label}' = "
            f"{_show(Decimal(partner.value or 0), before, partner)}"
        )
        if _agrees(claim, value):
            return Finding(
                claim,
                MATCH,
                key,
                value,
                (key,),
                f"El texto dice {typed} y la cifra calculada '{sibling.label}' es {shown} "
                f"(junto a {partner_text}).",
            )
        return Finding(
            claim,
            MISMATCH,
            key,
            value,
            (key,),
            f"El texto dice {typed} pero la cifra calculada '{sibling.label}' es {shown} "
            f"(va junto a {partner_text}).",
        )
    return None


def disagreements(findings: Iterable[Finding]) -> list[Finding]:
    """The findings where the text says something other than the computed figure."""
    return [f for f in findings if f.status == MISMATCH]
