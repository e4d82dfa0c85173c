"""Narrative consistency check: reading Spanish numbers; the seed's chapters 1-2 against its figures."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from ssepot.core.commitments import (
    CommitmentRecord,
    breakdown,
    global_compliance,
    horizon_figures,
    status_figures,
    year_figures,
)
from ssepot.core.figures import Figure, share
from ssepot.core.narrative import Finding, check_text, disagreements, extract_claims

SEED = Path(__file__).resolve().parents[4] / "shared" / "seed" / "000_2c1c1740830e29b2.txt"
M = 1_000_000

# ---------------------------------------------------------------------------------------------------------
# Reading numbers


@pytest.mark.parametrize(
    ("text", "typed", "value", "unit", "decimals"),
    [
        ("alcanzando un 92,1% de cumplimiento", "92,1%", D("92.1"), "%", 1),
        ("representan el 34.4% del programa", "34.4%", D("34.4"), "%", 1),
        ("aportó 14.9% al avance físico", "14.9%", D("14.9"), "%", 1),
        ("representa el 17.74% de los recursos", "17.74%", D("17.74"), "%", 2),
        ("el cumplimiento del 73,08% de la meta", "73,08%", D("73.08"), "%", 2),
        ("corresponde a $5.733.749 millones", "$5.733.749 millones", D(5733749), "millones", 0),
        (
            "una inversión de 5,733,749 millones de pesos",
            "5,733,749 millones de pesos",
            D(5733749),
            "millones",
            0,
        ),
        ("con una inversión acumulada de $71.324 millones", "$71.324 millones", D(71324), "millones", 0),
        ("movilidad con 1.632.138 pesos", "1.632.138 pesos", D(1632138), "COP", 0),
        ("un total de $ 2.500", "$ 2.500", D(2500), "COP", 0),
        ("se asignaron $1,5 billones", "$1,5 billones", D("1.5"), "billones", 1),
        ("un 61% (12 compromisos) de las metas", "12 compromisos", D(12), "compromisos", 0),
        ("son 149 indicadores del PDD", "149 indicadores", D(149), "indicadores", 0),
        ("de 54 programas del PDD", "54 programas", D(54), "programas", 0),
        ("se relacionan con 171\nproyectos del POT", "171 proyectos", D(171), "proyectos", 0),
        ("un total de 101", "101", D(101), "", 0),
        ("subió 3,5 puntos porcentuales", "3,5 puntos porcentuales", D("3.5"), "puntos", 1),
        ("el 23 por ciento de los compromisos", "23 por ciento", D(23), "%", 0),
        ("una variación de -2,5% frente a 2024", "-2,5%", D("-2.5"), "%", 1),
        ("un valor de 5.733.749,50 pesos", "5.733.749,50 pesos", D("5733749.50"), "COP", 2),
        ("un valor de 5,733,749.50 pesos", "5,733,749.50 pesos", D("5733749.50"), "COP", 2),
        ("apenas el 0,125 del total", "0,125", D("0.125"), "", 3),
    ],
)
def test_numbers_are_read_in_both_of_the_seeds_styles(
    text: str, typed: str, value: D, unit: str, decimals: int
) -> None:
    (claim,) = [c for c in extract_claims(text) if c.text == typed]
    assert (claim.value, claim.unit, claim.decimals) == (value, unit, decimals)
    assert text[claim.start : claim.end].replace("\n", " ") == typed


def test_a_claim_knows_its_sentence_and_offsets() -> None:
    text = "Primera frase con 3 compromisos. Segunda frase: el 23% corresponde al corto plazo."
    claims = extract_claims(text)
    assert [c.text for c in claims] == ["3 compromisos", "23%"]
    assert claims[1].sentence == "Segunda frase: el 23% corresponde al corto plazo."
    assert text[claims[1].start : claims[1].end] == "23%"


@pytest.mark.parametrize(
    "text",
    [
        "el Informe anual de Gestión del POT vigencia 2025 – IGPOT2025, correspondiente",
        "el reporte histórico acumulado del periodo 2017–\n2025, así como",
        "periodo administrativo 2024-2027-; elaborado con base en",
        "con corte a 31 de diciembre del 2025, reportados",
        "Con corte a diciembre 31 de 2025 la inversión acumulada -2024 y 2025- alcanzó",
        "en los períodos de corto y mediano plazo del POT (2019 y 2023 respectivamente)",
        "Durante 2026, se espera que",
        "el Decreto 1077 de 2015 modificado por el Decreto 1232 de 2020.",
        "las disposiciones del parágrafo 2 del artículo 603 del POT",
        "del Acuerdo 48 de 2014, así como",
        "En el marco del Decreto 1232 de 2020, Artículo 2.2.2.1.2.1.5",
        "Figura 1. Estructura del SSEPOT para el Informe de Gestión.",
        " 1. COMPROMISOS DEL POT \n",
        "\n2. Pese a que el Archivo Técnico Histórico cumple",
        "alineando el nivel 3 del componente, versión 1 (Alcaldía de Medellín, 2025).",
        "el 3º objetivo y el 2° informe",
        "ver https://www.medellin.gov.co/es/informe-2025/anexo-12 y también www.medellin.gov.co/pot/48",
        "https://app.powerbi.com/view?r=eyJrIjoiNjhjN2FhNTUtN2U2My00MzM1LWIy\n\nYzItNzRjNWExNWQ1NmI2IiwidCI6Ij\n\n70c534a0",
    ],
)
def test_years_dates_legal_references_list_numbers_and_urls_are_not_claims(text: str) -> None:
    assert extract_claims(text) == []


def test_a_plural_noun_after_a_year_like_number_makes_it_a_count() -> None:
    (claim,) = extract_claims("se entregaron más de 2015 viviendas")
    assert (claim.value, claim.unit) == (D(2015), "viviendas")


# ---------------------------------------------------------------------------------------------------------
# The seed's figures, built the way the system computes them

IN_PROGRESS_SHORT = ["80", "65.5", "50", "90", "45.2", "70"]
IN_PROGRESS_PLAN = ["85", "60", "75.5", "40", "95", "66.6", "72", "55", "88.8", "30", "62.5", "79.9"]
IN_PROGRESS_PLAN += ["50", "68.3", "81", "55"]
OTHER_SUBSYSTEMS = ["Equipamientos", "Espacio público de esparcimiento y encuentro", "Habitacional"]
OTHER_SUBSYSTEMS += ["Servicios públicos", "Patrimonio cultural inmueble"]


def seed_records() -> list[CommitmentRecord]:
    """101 commitments: short term 14/6/2/1 (done, in progress, no report, n/a), plan horizon 57/16/5.

    Movilidad holds 8 done, 3 in progress and 1 without report (for the subsystem narrative test).
    """
    rows: list[tuple[str, str, D | None]] = []
    rows += [("corto", "cumplido", D(100))] * 14
    rows += [("corto", "en_proceso", D(v)) for v in IN_PROGRESS_SHORT]
    rows += [("corto", "sin_reporte", None)] * 2 + [("corto", "no_aplica", None)]
    rows += [("plan", "cumplido", D(100))] * 57
    rows += [("plan", "en_proceso", D(v)) for v in IN_PROGRESS_PLAN]
    rows += [("plan", "sin_reporte", None)] * 5
    mobility = {0, 1, 2, 23, 24, 25, 26, 27, 80, 81, 82, 96}  # 3+5 done, 3 in progress, 1 no report
    records = []
    for i, (horizon, status, progress) in enumerate(rows):
        subsystem = "Movilidad" if i in mobility else OTHER_SUBSYSTEMS[i % len(OTHER_SUBSYSTEMS)]
        records.append(
            CommitmentRecord(
                id=i + 1,
                code=f"C-{i + 1:03d}",
                horizon=horizon,
                typology=("Normativo", "Programas y proyectos", "Estudios")[i % 3],
                subsystem=subsystem,
                agency=("Secretaría de Movilidad", "EDU", "ISVIMED", "DAP")[i % 4],
                status=status,
                progress=progress,
            )
        )
    return records


def fig(key: str, label: str, value: D | int, unit: str, terms: tuple[str, ...]) -> Figure:
    return Figure(key, label, value, unit, formula="", method="dado a mano", terms=terms)


def money_and_pdd_figures() -> list[Figure]:
    program, invested = 5_733_749 * M, 5_110_504 * M
    mobility, facilities = 1_632_138 * M, 1_354_624 * M
    figures = [
        fig("dinero.programa_ejecucion.presupuesto", "Programa de ejecución del POT", program, "COP",
            ("programa de ejecución",)),
        fig("dinero.participacion_ppi", "Participación del programa de ejecución en el PPI del PDD",
            D("17.74"), "%", ("plan plurianual",)),
        fig("dinero.inversion_acumulada.ejecutado", "Inversión acumulada 2024-2025", invested, "COP",
            ("inversión acumulada",)),
        fig("dinero.ejecucion_pct", "Ejecución financiera del programa de ejecución",
            share(invested, program) or D(0), "%", ("ejecución financiera",)),
        fig("dinero.subsistema.movilidad.ejecutado", "Inversión acumulada en movilidad", mobility, "COP",
            ("movilidad",)),
        fig("dinero.subsistema.equipamientos.ejecutado", "Inversión acumulada en equipamientos", facilities,
            "COP", ("equipamientos",)),
        fig("dinero.programa.gestion_pot.ejecutado",
            "Inversión acumulada en Gestión del POT y sus instrumentos", 71_324 * M, "COP",
            ("gestión del plan de ordenamiento territorial",)),
        fig("dinero.programa.organizaciones_sociales.ejecutado",
            "Inversión acumulada en Organizaciones sociales y comunales", 42_177 * M, "COP",
            ("organizaciones sociales y comunales",)),
        fig("pdd.indicadores_programa", "Indicadores de programa del PDD relacionados con el POT", 149,
            "indicadores", ("indicadores de programa", "programas del pdd")),
        fig("pdd.programas", "Programas del PDD relacionados con el POT", 54, "programas",
            ("programas del pdd",)),
        fig("pdd.proyectos_pot", "Proyectos del POT relacionados con el PDD", 171, "proyectos",
            ("proyectos del pot",)),
        fig("pdd.indicadores_componente", "Indicadores de componente del PDD relacionados con el POT", 38,
            "indicadores", ("indicadores de componentes",)),
        fig("pdd.aporte_avance_fisico", "Aporte de los indicadores POT al avance físico del PDD", D("14.9"),
            "puntos", ("aportó", "avance físico")),
        fig("pdd.avance_fisico", "Avance físico del PDD", D(57), "%", ("avance físico del pdd",)),
        fig("pdd.avance_alto_pct", "Indicadores de programa con avance alto", share(107, 149) or D(0), "%",
            ("avance alto",)),
        fig("pdd.avance_medio_pct", "Indicadores de programa con avance medio", share(18, 149) or D(0), "%",
            ("avance medio",)),
        fig("pdd.avance_bajo_pct", "Indicadores de programa con avance bajo", share(24, 149) or D(0), "%",
            ("avance bajo",)),
        fig("pdd.avance_agregado", "Avance agregado de los indicadores de programa", D("52.2"), "%",
            ("avance agregado",)),
    ]  # fmt: skip
    for slug, name, value in (
        ("movilidad", "movilidad", mobility),
        ("equipamientos", "equipamientos", facilities),
    ):
        figures += [
            fig(f"dinero.subsistema.{slug}.participacion_programa",
                f"Participación de {name} en el programa de ejecución", share(value, program) or D(0), "%",
                (name, "programa de ejecución")),
            fig(f"dinero.subsistema.{slug}.participacion_inversion",
                f"Participación de {name} en la inversión acumulada", share(value, invested) or D(0), "%",
                (name, "inversión acumulada")),
        ]  # fmt: skip
    return figures


def seed_figures() -> list[Figure]:
    records = seed_records()
    return [
        *status_figures(records, "compromisos", "todos", ("compromisos",)),
        global_compliance(records),
        *horizon_figures(records),
        *money_and_pdd_figures(),
    ]


def seed_chapters_1_and_2() -> str:
    assert SEED.is_file(), f"the seed text is missing: expected at {SEED}"
    text = SEED.read_text(encoding="utf-8")
    return text[text.index("1. COMPROMISOS DEL POT") : text.index("3. AVANCE DE LOS SUBSISTEMAS")]


def by_text(findings: list[Finding]) -> dict[str, Finding]:
    found = {f.claim.text: f for f in findings}
    assert len(found) == len(findings), "claim texts repeat: the test cannot name them"
    return found


def test_the_hand_made_commitments_reproduce_the_seeds_totals() -> None:
    figures = {f.key: f for f in seed_figures()}
    assert figures["compromisos.total"].value == 101
    assert figures["compromisos.cumplimiento_global"].rounded(1) == D("92.1")
    assert figures["compromisos.horizonte.corto.cumplido"].value == 14
    assert figures["compromisos.horizonte.corto.no_reportado"].value == 3
    assert figures["compromisos.horizonte.plan.cumplido_pct"].rounded(2) == D("73.08")
    assert sum(D(v) for v in IN_PROGRESS_SHORT + IN_PROGRESS_PLAN) == D("1465.30")


# ---------------------------------------------------------------------------------------------------------
# The seed's chapters 1 and 2

AGREEING = {
    "92,1%": "compromisos.cumplimiento_global",
    "71 compromisos": "compromisos.cumplido",
    "22 compromisos": "compromisos.en_proceso",
    "23%": "compromisos.horizonte.corto.participacion",
    "77%": "compromisos.horizonte.plan.participacion",
    "61%": "compromisos.horizonte.corto.cumplido_pct",
    "26%": "compromisos.horizonte.corto.en_proceso_pct",
    "13%": "compromisos.horizonte.corto.no_reportado_pct",
    "73,08%": "compromisos.horizonte.plan.cumplido_pct",
    "57 compromisos": "compromisos.horizonte.plan.cumplido",
    "20,51%": "compromisos.horizonte.plan.en_proceso_pct",
    "16 compromisos": "compromisos.horizonte.plan.en_proceso",
    "6,41%": "compromisos.horizonte.plan.sin_reporte_pct",
    "149 indicadores": "pdd.indicadores_programa",
    "54 programas": "pdd.programas",
    "171 proyectos": "pdd.proyectos_pot",
    "14.9%": "pdd.aporte_avance_fisico",
    "57%": "pdd.avance_fisico",
    "38 indicadores": "pdd.indicadores_componente",
    "72%": "pdd.avance_alto_pct",
    "12%": "pdd.avance_medio_pct",
    "16%": "pdd.avance_bajo_pct",
    "52.2%": "pdd.avance_agregado",
    "$5.733.749 millones": "dinero.programa_ejecucion.presupuesto",
    "17.74%": "dinero.participacion_ppi",
    "$5.110.504 millones": "dinero.inversion_acumulada.ejecutado",
    "89%": "dinero.ejecucion_pct",
    "$1.632.138 millones": "dinero.subsistema.movilidad.ejecutado",
    "$1.354.624 millones": "dinero.subsistema.equipamientos.ejecutado",
    "$71.324 millones": "dinero.programa.gestion_pot.ejecutado",
    "$42.177 millones": "dinero.programa.organizaciones_sociales.ejecutado",
}


def test_the_seed_chapters_1_and_2_disagree_exactly_where_the_seed_slipped() -> None:
    findings = check_text(seed_chapters_1_and_2(), seed_figures(), source="IGPOT2025")
    assert [f.claim.text for f in disagreements(findings)] == ["12 compromisos", "34.4%", "32.7%"]


def test_every_other_number_of_the_seed_chapters_agrees_with_the_figure_it_names() -> None:
    findings = by_text(check_text(seed_chapters_1_and_2(), seed_figures()))
    assert set(findings) == {*AGREEING, "100%", "12 compromisos", "34.4%", "32.7%"}
    for typed, key in AGREEING.items():
        assert (typed, findings[typed].status, findings[typed].figure_key) == (typed, "coincide", key)


def test_executed_at_100_percent_is_a_level_not_a_figure() -> None:
    finding = by_text(check_text(seed_chapters_1_and_2(), seed_figures()))["100%"]
    assert finding.status == "sin_cifra"
    assert "nivel de avance" in finding.message


def test_the_count_beside_61_percent_must_be_the_14_done_short_term_commitments() -> None:
    finding = by_text(check_text(seed_chapters_1_and_2(), seed_figures()))["12 compromisos"]
    assert finding.status == "no_coincide"
    assert finding.figure_key == "compromisos.horizonte.corto.cumplido"
    assert finding.figure_value == 14
    assert finding.message.startswith(
        "El texto dice 12 compromisos pero la cifra calculada 'Compromisos cumplidos (corto plazo)' es 14"
    )
    assert "61%" in finding.message and "60,87 %" in finding.message


def test_no_base_reproduces_the_mobility_and_facilities_shares() -> None:
    findings = by_text(check_text(seed_chapters_1_and_2(), seed_figures(), source="IGPOT2025"))
    mobility, facilities = findings["34.4%"], findings["32.7%"]
    assert mobility.message == (
        "IGPOT2025: El texto dice 34,4 % pero ninguna cifra calculada con esos términos vale 34,4 %: "
        "'Participación de movilidad en el programa de ejecución' = 28,47 %; "
        "'Participación de movilidad en la inversión acumulada' = 31,94 %."
    )
    assert mobility.candidates == (
        "dinero.subsistema.movilidad.participacion_programa",
        "dinero.subsistema.movilidad.participacion_inversion",
    )
    assert "23,63 %" in facilities.message and "26,51 %" in facilities.message
    assert facilities.figure_key == "dinero.subsistema.equipamientos.participacion_programa"


def test_the_whole_seed_text_raises_no_other_alarm() -> None:
    assert SEED.is_file()
    findings = check_text(SEED.read_text(encoding="utf-8"), seed_figures())
    assert [f.claim.text for f in disagreements(findings)] == ["12 compromisos", "34.4%", "32.7%"]


def test_every_commitment_breakdown_beside_the_seed_figures_raises_no_false_alarm() -> None:
    figures = [*year_figures(seed_records()), *money_and_pdd_figures()]
    findings = check_text(seed_chapters_1_and_2(), figures)
    assert [f.claim.text for f in disagreements(findings)] == ["12 compromisos", "34.4%", "32.7%"]


# ---------------------------------------------------------------------------------------------------------
# Other texts

MOBILITY_NARRATIVE = """MOVILIDAD. En la vigencia 2025 el subsistema tiene 12 compromisos: 8 compromisos
cumplidos (66,7%) y 3 compromisos en proceso, con un cumplimiento global de sus compromisos de 92,8%.

La inversión acumulada del subsistema de movilidad llegó a $1.632.138 millones, el 31,9% de la
inversión acumulada del POT y el 30,2% del programa de ejecución. Según el Acuerdo 48 de 2014, el
subsistema articula 5 modos de transporte."""


def mobility_figures() -> list[Figure]:
    records = seed_records()
    return [
        *breakdown(records, lambda r: r.subsystem, "compromisos.subsistema"),
        *seed_figures(),
    ]


def test_a_subsystem_narrative_with_one_wrong_share_has_one_disagreement() -> None:
    findings = check_text(MOBILITY_NARRATIVE, mobility_figures(), source="Subsistema de movilidad")
    statuses = {f.claim.text: (f.status, f.figure_key) for f in findings}
    assert statuses == {
        "12 compromisos": ("coincide", "compromisos.subsistema.movilidad.total"),
        "8 compromisos": ("coincide", "compromisos.subsistema.movilidad.cumplido"),
        "66,7%": ("coincide", "compromisos.subsistema.movilidad.cumplido_pct"),
        "3 compromisos": ("coincide", "compromisos.subsistema.movilidad.en_proceso"),
        "92,8%": ("coincide", "compromisos.subsistema.movilidad.cumplimiento"),
        "$1.632.138 millones": ("coincide", "dinero.subsistema.movilidad.ejecutado"),
        "31,9%": ("coincide", "dinero.subsistema.movilidad.participacion_inversion"),
        "30,2%": ("no_coincide", "dinero.subsistema.movilidad.participacion_programa"),
        "5 modos": ("sin_cifra", None),
    }
    (wrong,) = disagreements(findings)
    assert wrong.message.startswith("Subsistema de movilidad: El texto dice 30,2 % pero")
    assert "'Participación de movilidad en el programa de ejecución' = 28,47 %" in wrong.message
    assert wrong.figure_value is not None and round(wrong.figure_value, 2) == D("28.47")


def test_a_share_in_parentheses_after_a_count_is_checked_against_the_same_group() -> None:
    figures = seed_figures()
    good = check_text("HORIZONTE DEL PLAN. Se cumplieron 57 compromisos (73,08%).", figures)
    assert [(f.status, f.figure_key) for f in good] == [
        ("coincide", "compromisos.horizonte.plan.cumplido"),
        ("coincide", "compromisos.horizonte.plan.cumplido_pct"),
    ]
    bad = check_text("HORIZONTE DEL PLAN. Se cumplieron 57 compromisos (70,3%).", figures)
    assert [(f.status, f.figure_key) for f in bad] == [
        ("coincide", "compromisos.horizonte.plan.cumplido"),
        ("no_coincide", "compromisos.horizonte.plan.cumplido_pct"),
    ]


def test_a_number_whose_sentence_names_no_figure_is_not_an_error() -> None:
    (finding,) = check_text("La estructura se desagrega en 20 subsistemas.", seed_figures())
    assert finding.status == "sin_cifra"
    assert disagreements([finding]) == []


def test_millions_compare_with_a_figure_in_pesos() -> None:
    figures = seed_figures()
    text = "La inversión acumulada fue de $5.110.504 millones, una ejecución financiera del 89,1%."
    assert [f.status for f in check_text(text, figures)] == ["coincide", "coincide"]
    wrong = check_text("La inversión acumulada fue de $5.110.000 millones.", figures)
    assert wrong[0].status == "no_coincide"
    assert "$5.110.504 millones" in wrong[0].message


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("23%", "coincide"),
        ("22%", "coincide"),
        ("22,8%", "coincide"),
        ("22,7%", "coincide"),
        ("22,6%", "no_coincide"),
        ("24%", "no_coincide"),
    ],
)
def test_a_share_agrees_rounded_or_truncated_to_the_decimals_typed(typed: str, status: str) -> None:
    (finding,) = check_text(f"El {typed} corresponde al corto plazo.", seed_figures())
    assert (finding.status, finding.figure_key) == (status, "compromisos.horizonte.corto.participacion")


def test_percentage_points_typed_with_a_percent_sign_agree_and_show_their_unit() -> None:
    (finding,) = check_text("Los indicadores aportó 14.9% al avance físico.", seed_figures())
    assert finding.status == "coincide"
    assert finding.message.endswith("es 14,9 puntos.")


def test_respectively_pairs_each_share_with_its_own_subsystem_so_a_swap_is_caught() -> None:
    text = (
        "La inversión se dirigió a movilidad con $1.632.138 millones y a equipamientos con $1.354.624 "
        "millones, que representan el {0} y el {1} respectivamente del programa de ejecución."
    )
    right = check_text(text.format("28,5%", "23,6%"), seed_figures())
    assert [f.status for f in right] == ["coincide"] * 4
    swapped = check_text(text.format("23,6%", "28,5%"), seed_figures())
    assert [f.claim.text for f in disagreements(swapped)] == ["23,6%", "28,5%"]
    assert "'Participación de movilidad en el programa de ejecución' = 28,47 %" in swapped[2].message
