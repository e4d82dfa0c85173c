"""The Spanish text of the demo plan: names, structures and sentence fragments.

Names confirmed from public sources are marked so in the builder; everything else here is illustrative
and is stored with ``is_illustrative`` flags or an "ilustrativo" note.
"""

from __future__ import annotations

from typing import NamedTuple

PLAN_SLUG = "medellin"
PLAN_NAME = "Plan de Ordenamiento Territorial de Medellín"
DEMO_PASSWORD = "demo-ssepot-2025"

SYNTHETIC_NOTE = (
    "Datos de demostración. Son reales: las 23 unidades territoriales (límite oficial de comunas y "
    "corregimientos), el listado DIVIPOLA de municipios, las 810 fichas de indicadores del Plan de "
    "Desarrollo 2020-2023 «Medellín Futuro» con su seguimiento 2020-2023 (pesos, metas y logros del libro "
    "del Departamento Administrativo de Planeación, corte 31/08/2023), los índices de la Encuesta de "
    "Calidad de Vida por comuna "
    "(IMCV, IPM e IDH), y los textos del informe 2025 (copiados del IGPOT 2025 con sus cifras escritas "
    "a mano, para la revisión de consistencia). Son sintéticos e ilustrativos: los artículos citados, "
    "el marco estratégico, las "
    "fases de evaluación y sus estados, las variables de estudio, los nombres de 12 de los 20 subsistemas, "
    "los compromisos y sus estados, los proyectos del programa de ejecución y sus montos, los indicadores "
    "propios del POT y sus valores, el Plan de Desarrollo 2024-2027 «Medellín Te Quiere» (estructura, "
    "pesos, metas, logros e inversión) y las narrativas de los subsistemas; sus cifras de 2025 se "
    "construyeron para reproducir las del Informe de Gestión del POT 2025."
)


class SubsystemSpec(NamedTuple):
    code: str
    name: str
    system: str
    confirmed: bool
    situation: str
    achievement: str
    challenge: str


SYSTEMS = [
    ("SFE", "Sistemas Físico-Espaciales"),
    ("SIG", "Sistemas Institucionales y de Gestión"),
]

SUBSYSTEMS = [
    SubsystemSpec(
        "MOV",
        "Movilidad",
        "SFE",
        True,
        "la demanda de viajes en transporte público y en modos activos siguió creciendo",
        "se avanzó en corredores de transporte de mediana capacidad y en la red de ciclorrutas",
        "integrar tarifariamente los modos y reducir la siniestralidad vial",
    ),
    SubsystemSpec(
        "EQU",
        "Equipamientos",
        "SFE",
        True,
        "persisten déficits de equipamientos educativos, de salud y recreativos en la periferia",
        "se entregaron sedes educativas, unidades deportivas y centros de salud",
        "garantizar la sostenibilidad y el mantenimiento de los equipamientos construidos",
    ),
    SubsystemSpec(
        "CEN",
        "Centralidades",
        "SFE",
        True,
        "las centralidades barriales concentran comercio y servicios de forma desigual",
        "se consolidaron intervenciones en centralidades zonales y en el centro tradicional",
        "fortalecer la mezcla de usos en las centralidades de ladera",
    ),
    SubsystemSpec(
        "EPE",
        "Espacio público de esparcimiento y encuentro",
        "SFE",
        True,
        "el indicador de espacio público efectivo por habitante sigue por debajo de la meta del plan",
        "se generaron y cualificaron parques, plazas y corredores verdes",
        "aumentar el espacio público efectivo en las comunas con mayor densidad",
    ),
    SubsystemSpec(
        "PCI",
        "Patrimonio cultural inmueble",
        "SFE",
        True,
        "varios bienes de interés cultural presentan deterioro por falta de mantenimiento",
        "se formularon planes especiales de manejo y protección y se intervinieron fachadas",
        "financiar la conservación de los bienes de interés cultural de propiedad privada",
    ),
    SubsystemSpec(
        "SPU",
        "Servicios públicos",
        "SFE",
        True,
        "la cobertura de acueducto y alcantarillado es casi universal en el suelo urbano",
        "se ampliaron redes en asentamientos de ladera y en centros poblados rurales",
        "cerrar la brecha de cobertura en el suelo rural y en los bordes",
    ),
    SubsystemSpec(
        "HAB",
        "Habitacional",
        "SFE",
        True,
        "el déficit cualitativo de vivienda se concentra en los barrios de borde",
        "se entregaron mejoramientos de vivienda y soluciones de vivienda nueva de interés social",
        "articular la oferta de vivienda con la renovación urbana del corredor del río",
    ),
    SubsystemSpec(
        "EEC",
        "Estructura ecológica",
        "SFE",
        True,
        "la presión urbanística sobre los cerros tutelares y las quebradas se mantiene",
        "se restauraron hectáreas de ecosistemas estratégicos y retiros de quebradas",
        "consolidar la conectividad ecológica entre el río y los bordes",
    ),
    SubsystemSpec(
        "RIE",
        "Amenazas y riesgos",
        "SFE",
        False,
        "persisten asentamientos en zonas de alto riesgo no mitigable",
        "se realizaron estudios de detalle y obras de mitigación en laderas",
        "incorporar los estudios de riesgo de detalle en la norma urbanística",
    ),
    SubsystemSpec(
        "RUR",
        "Ruralidad y borde urbano-rural",
        "SFE",
        False,
        "el crecimiento informal en el borde urbano-rural continúa",
        "se formularon unidades de planificación rural y se apoyó la producción campesina",
        "contener la expansión informal y mejorar la conectividad de las veredas",
    ),
    SubsystemSpec(
        "AIE",
        "Áreas de intervención estratégica",
        "SFE",
        False,
        "las áreas de intervención estratégica avanzan a ritmos distintos",
        "se adoptaron macroproyectos y se iniciaron obras en el corredor del río",
        "acelerar la gestión asociada del suelo en los macroproyectos",
    ),
    SubsystemSpec(
        "IPC",
        "Instrumentos de planificación complementaria",
        "SIG",
        False,
        "varios planes parciales y de legalización siguen en trámite",
        "se adoptaron planes parciales y planes de legalización y regularización urbanística",
        "reducir los tiempos de formulación y adopción de los instrumentos",
    ),
    SubsystemSpec(
        "ISU",
        "Instrumentos de intervención del suelo",
        "SIG",
        False,
        "la gestión de suelo para proyectos públicos depende de la enajenación voluntaria",
        "se aplicaron anuncios de proyecto y procesos de adquisición predial",
        "usar el derecho de preferencia y los bancos inmobiliarios",
    ),
    SubsystemSpec(
        "IFI",
        "Instrumentos de financiación",
        "SIG",
        False,
        "el recaudo por obligaciones urbanísticas es inferior a lo previsto",
        "se liquidaron obligaciones urbanísticas y se reglamentó la participación en plusvalía",
        "diversificar las fuentes de financiación del programa de ejecución",
    ),
    SubsystemSpec(
        "INF",
        "Gestión de la información y expediente distrital",
        "SIG",
        False,
        "la información territorial está dispersa entre dependencias",
        "se actualizó el Archivo Técnico e Histórico del expediente distrital",
        "implementar el Sistema de Información del Ordenamiento Territorial (SIOT)",
    ),
    SubsystemSpec(
        "SEV",
        "Seguimiento y evaluación",
        "SIG",
        False,
        "el reporte de las dependencias mejora en oportunidad pero no en completitud",
        "se publicó el informe de gestión del POT con tableros interactivos",
        "definir los indicadores del marco estratégico y del modelo de ocupación",
    ),
    SubsystemSpec(
        "PAR",
        "Participación y control social",
        "SIG",
        False,
        "la participación ciudadana en el ordenamiento se concentra en pocos espacios",
        "se realizaron encuentros territoriales y rendiciones de cuentas del POT",
        "ampliar la participación de las organizaciones comunales en el seguimiento",
    ),
    SubsystemSpec(
        "CTL",
        "Control urbanístico",
        "SIG",
        False,
        "las construcciones sin licencia siguen apareciendo en los bordes",
        "se reforzó la inspección y el control a las licencias urbanísticas",
        "articular el control urbanístico con la información catastral",
    ),
    SubsystemSpec(
        "MET",
        "Articulación regional y metropolitana",
        "SIG",
        False,
        "los hechos metropolitanos exigen decisiones conjuntas con el Área Metropolitana",
        "se concertaron directrices metropolitanas de ordenamiento",
        "armonizar el POT con el plan estratégico metropolitano",
    ),
    SubsystemSpec(
        "GOB",
        "Gobernanza y coordinación institucional",
        "SIG",
        False,
        "la coordinación entre dependencias responsables del POT es desigual",
        "se formalizaron mesas de trabajo entre el DAP y las entidades del conglomerado",
        "definir roles y flujos de información estándar para el SIOT",
    ),
]


class AgencySpec(NamedTuple):
    code: str
    acronym: str
    name: str


AGENCIES = [
    AgencySpec("DAP", "DAP", "Departamento Administrativo de Planeación"),
    AgencySpec("SM", "", "Secretaría de Movilidad"),
    AgencySpec("EDU", "EDU", "Empresa de Desarrollo Urbano"),
    AgencySpec("ISVIMED", "ISVIMED", "Instituto Social de Vivienda y Hábitat de Medellín"),
    AgencySpec("SIF", "", "Secretaría de Infraestructura Física"),
    AgencySpec("SMA", "", "Secretaría de Medio Ambiente"),
    AgencySpec("EPM", "EPM", "Empresas Públicas de Medellín"),
    AgencySpec("METRO", "Metro", "Metro de Medellín"),
    AgencySpec("SCC", "", "Secretaría de Cultura Ciudadana"),
    AgencySpec("SGCT", "", "Secretaría de Gestión y Control Territorial"),
    AgencySpec("DAGRD", "DAGRD", "Departamento Administrativo de Gestión del Riesgo de Desastres"),
    AgencySpec("SPC", "", "Secretaría de Participación Ciudadana"),
    AgencySpec("SE", "", "Secretaría de Educación"),
    AgencySpec("INDER", "INDER", "Instituto de Deportes y Recreación de Medellín"),
    AgencySpec(
        "APP", "APP", "Agencia para la Gestión del Paisaje, el Patrimonio y las Alianzas Público Privadas"
    ),
    AgencySpec("SH", "", "Secretaría de Hacienda"),
]

# Other spellings of an agency in the real 2020-2023 sheets.
AGENCY_ALIASES = {"APP": ["Agencia APP"]}

# Which agencies answer for each subsystem (the first is the main one).
SUBSYSTEM_AGENCIES = {
    "MOV": ["SM", "SIF", "METRO", "EDU"],
    "EQU": ["SIF", "SE", "INDER", "EDU"],
    "CEN": ["EDU", "DAP"],
    "EPE": ["EDU", "SIF", "APP"],
    "PCI": ["APP", "SCC", "DAP"],
    "SPU": ["EPM", "SMA"],
    "HAB": ["ISVIMED", "EDU"],
    "EEC": ["SMA", "EPM"],
    "RIE": ["DAGRD", "SIF"],
    "RUR": ["DAP", "SMA"],
    "AIE": ["EDU", "DAP"],
    "IPC": ["DAP"],
    "ISU": ["DAP", "EDU"],
    "IFI": ["SH", "DAP"],
    "INF": ["DAP"],
    "SEV": ["DAP"],
    "PAR": ["SPC", "DAP"],
    "CTL": ["SGCT"],
    "MET": ["DAP"],
    "GOB": ["DAP", "SGCT"],
}

# Commitment objects per subsystem: (typology, description).
TYPOLOGIES = ["Normativo", "Estudio", "Proyecto", "Instrumento de gestión", "Institucional"]
COMMITMENT_TOPICS = {
    "MOV": [
        "el plan de movilidad segura",
        "los corredores de transporte de mediana capacidad",
        "la red de ciclorrutas del sistema de movilidad",
        "la norma de estacionamientos",
        "los intercambios viales priorizados en el programa de ejecución",
        "el plan de logística de carga",
    ],
    "EQU": [
        "el plan maestro de equipamientos",
        "los nodos de equipamientos básicos sociales",
        "la norma de localización de equipamientos",
        "las sedes educativas de la periferia",
        "las unidades deportivas de escala zonal",
        "los equipamientos de salud de primer nivel",
    ],
    "CEN": [
        "la red de centralidades barriales y zonales",
        "la centralidad del centro tradicional",
        "la norma de mezcla de usos en centralidades",
        "las centralidades rurales",
    ],
    "EPE": [
        "el plan maestro de espacio público verde",
        "los parques de borde y ladera",
        "el inventario del espacio público efectivo",
        "la norma de cesiones de espacio público",
        "los corredores verdes sobre quebradas",
    ],
    "PCI": [
        "los planes especiales de manejo y protección",
        "el inventario de bienes de interés cultural",
        "los incentivos para la conservación patrimonial",
        "la recuperación del patrimonio del centro",
    ],
    "SPU": [
        "el plan de expansión de acueducto rural",
        "la norma de redes subterráneas",
        "los sistemas de tratamiento de aguas residuales rurales",
        "el plan de gestión integral de residuos",
    ],
    "HAB": [
        "la política de vivienda de interés social",
        "los mejoramientos integrales de barrios",
        "la titulación de predios fiscales",
        "el plan de reasentamiento",
        "la vivienda en renovación urbana",
        "la norma de calidad habitacional",
    ],
    "EEC": [
        "el sistema de áreas protegidas",
        "los retiros de quebradas",
        "el cinturón verde metropolitano",
        "la restauración de cerros tutelares",
        "el plan de arbolado urbano",
    ],
    "RIE": [
        "los estudios de amenaza y riesgo de detalle",
        "las obras de mitigación en laderas",
        "la norma de zonas de alto riesgo no mitigable",
        "el sistema de alertas tempranas",
    ],
    "RUR": [
        "las unidades de planificación rural",
        "la norma de parcelaciones rurales",
        "el plan de borde urbano-rural",
        "los centros poblados rurales",
    ],
    "AIE": [
        "el macroproyecto del río",
        "los macroproyectos de transversalidades",
        "los macroproyectos de borde",
        "la gestión asociada en áreas de renovación",
    ],
    "IPC": [
        "los planes parciales de renovación",
        "los planes de legalización y regularización",
        "los planes maestros sectoriales",
        "el protocolo de adopción de instrumentos",
    ],
    "ISU": [
        "el banco inmobiliario distrital",
        "el derecho de preferencia",
        "los anuncios de proyecto",
        "la gestión predial de proyectos públicos",
    ],
    "IFI": [
        "la participación en plusvalía",
        "las obligaciones urbanísticas",
        "la transferencia de derechos",
        "la contribución de valorización",
    ],
    "INF": [
        "el expediente distrital",
        "el sistema de información territorial",
        "el archivo técnico e histórico",
        "la cartografía oficial del POT",
    ],
    "SEV": [
        "el sistema de seguimiento y evaluación del POT",
        "el informe anual de gestión del POT",
        "la batería de indicadores del POT",
        "la evaluación del modelo de ocupación",
    ],
    "PAR": [
        "el consejo territorial de planeación",
        "la rendición de cuentas del POT",
        "las veedurías ciudadanas del ordenamiento",
    ],
    "CTL": [
        "el control a licencias urbanísticas",
        "la inspección de construcciones informales",
        "el régimen sancionatorio urbanístico",
    ],
    "MET": [
        "las directrices metropolitanas de ordenamiento",
        "los hechos metropolitanos",
        "la armonización con municipios vecinos",
    ],
    "GOB": [
        "la instancia de coordinación del POT",
        "el protocolo de reporte de dependencias",
        "la gestión del conocimiento del ordenamiento",
    ],
}
TYPOLOGY_VERBS = {
    "Normativo": "Reglamentar",
    "Estudio": "Elaborar los estudios de",
    "Proyecto": "Ejecutar las obras de",
    "Instrumento de gestión": "Formular y adoptar",
    "Institucional": "Implementar y operar",
}

# Project name stems per subsystem; the builder adds a place.
PROJECT_STEMS = {
    "MOV": [
        "Corredor de transporte de mediana capacidad",
        "Ciclorrutas y cicloparqueaderos",
        "Mejoramiento de la malla vial",
        "Intercambio vial",
        "Cable aéreo y estaciones",
        "Andenes y pasos peatonales seguros",
        "Semaforización inteligente",
        "Vía de conexión ladera",
    ],
    "EQU": [
        "Sede educativa",
        "Unidad deportiva",
        "Centro de salud",
        "Unidad de vida articulada",
        "Biblioteca y parque educativo",
        "Centro de desarrollo infantil",
        "Casa de la cultura",
    ],
    "CEN": ["Centralidad barrial", "Centralidad zonal", "Mercado y plaza de la centralidad"],
    "EPE": ["Parque de borde", "Plaza y bulevar", "Corredor verde", "Parque lineal de quebrada"],
    "PCI": ["Recuperación de bien de interés cultural", "Plan especial de manejo y protección"],
    "SPU": ["Acueducto veredal", "Colector de aguas residuales", "Centro de acopio de residuos"],
    "HAB": [
        "Mejoramiento integral de barrio",
        "Vivienda de interés social",
        "Mejoramiento de vivienda",
        "Titulación de predios",
    ],
    "EEC": ["Restauración ecológica", "Recuperación de retiros de quebrada", "Arbolado urbano"],
    "RIE": ["Obras de mitigación del riesgo", "Estudios de riesgo de detalle"],
    "RUR": ["Vía veredal", "Unidad de planificación rural"],
    "AIE": ["Macroproyecto", "Gestión asociada del suelo"],
    "IPC": ["Formulación de plan parcial", "Plan de legalización y regularización urbanística"],
    "ISU": ["Adquisición predial", "Banco inmobiliario"],
    "IFI": ["Liquidación de obligaciones urbanísticas", "Gestión de plusvalía"],
    "INF": ["Expediente distrital", "Sistema de información territorial"],
    "SEV": ["Seguimiento y evaluación del POT"],
    "PAR": ["Participación ciudadana en el ordenamiento"],
    "CTL": ["Control urbanístico territorial"],
    "MET": ["Articulación metropolitana del ordenamiento"],
    "GOB": ["Fortalecimiento institucional del POT"],
}
PROJECTS_PER_SUBSYSTEM = {
    "MOV": 32,
    "EQU": 30,
    "HAB": 14,
    "EEC": 10,
    "EPE": 10,
    "SPU": 8,
    "CEN": 7,
    "AIE": 6,
    "PCI": 6,
    "RIE": 6,
    "RUR": 5,
    "IPC": 6,
    "ISU": 5,
    "IFI": 4,
    "INF": 4,
    "SEV": 3,
    "PAR": 3,
    "CTL": 4,
    "MET": 4,
    "GOB": 4,
}

# Illustrative articles of Acuerdo 48 de 2014: (number, title).
ARTICLES = [
    ("1", "Adopción del Plan de Ordenamiento Territorial"),
    ("2", "Documentos que conforman el plan"),
    ("4", "Principios rectores"),
    ("5", "Imaginario de ciudad"),
    ("6", "Apuestas territoriales"),
    ("8", "Objetivos estratégicos"),
    ("9", "Modelo de ocupación"),
    ("10", "Estrategias territoriales"),
    ("15", "Clasificación del suelo"),
    ("20", "Estructura ecológica principal"),
    ("40", "Sistemas físico-espaciales"),
    ("60", "Sistema de espacio público de esparcimiento y encuentro"),
    ("90", "Sistema de equipamientos"),
    ("105", "Sistema de patrimonio cultural inmueble"),
    ("130", "Sistema de movilidad"),
    ("165", "Sistema de servicios públicos"),
    ("180", "Sistema de centralidades"),
    ("200", "Sistema habitacional"),
    ("230", "Amenazas y riesgos"),
    ("260", "Áreas de intervención estratégica"),
    ("300", "Tratamientos urbanísticos"),
    ("350", "Aprovechamientos y obligaciones urbanísticas"),
    ("400", "Suelo rural"),
    ("450", "Instrumentos de planificación complementaria"),
    ("480", "Instrumentos de intervención del suelo"),
    ("500", "Instrumentos de financiación"),
    ("540", "Sistemas institucionales y de gestión"),
    ("560", "Participación en el ordenamiento"),
    ("580", "Programa de ejecución"),
    ("600", "Expediente distrital"),
    ("603", "Seguimiento y evaluación del Plan de Ordenamiento Territorial"),
    ("610", "Vigencia de los contenidos del plan"),
]
ARTICLE_BY_SUBSYSTEM = {
    "MOV": "130",
    "EQU": "90",
    "CEN": "180",
    "EPE": "60",
    "PCI": "105",
    "SPU": "165",
    "HAB": "200",
    "EEC": "20",
    "RIE": "230",
    "RUR": "400",
    "AIE": "260",
    "IPC": "450",
    "ISU": "480",
    "IFI": "500",
    "INF": "600",
    "SEV": "603",
    "PAR": "560",
    "CTL": "300",
    "MET": "540",
    "GOB": "540",
}

PRINCIPLES = [
    "Equidad territorial",
    "Sostenibilidad ambiental",
    "Función social y ecológica de la propiedad",
    "Prevalencia del interés general",
    "Participación ciudadana",
    "Resiliencia",
]
VISION = [
    "Una ciudad compacta, equitativa y ambientalmente sostenible, que crece hacia adentro alrededor "
    "del río y protege sus bordes"
]
BETS = [
    "Crecer hacia adentro",
    "El río como eje estructurante",
    "Un borde urbano-rural protegido",
    "Centralidades conectadas por el transporte público",
]
OBJECTIVES = [
    "Consolidar un modelo de ocupación compacto y policéntrico",
    "Proteger y conectar la estructura ecológica principal",
    "Reducir el riesgo de desastres y adaptarse al cambio climático",
    "Aumentar el espacio público efectivo por habitante",
    "Garantizar el acceso equitativo a equipamientos",
    "Priorizar la movilidad sostenible y el transporte público",
    "Mejorar las condiciones de habitabilidad y reducir el déficit de vivienda",
    "Revitalizar el centro y el corredor del río",
    "Contener la expansión urbana sobre el borde rural",
    "Proteger el patrimonio cultural inmueble",
    "Fortalecer los instrumentos de gestión y financiación del suelo",
    "Consolidar la gobernanza, la información y el seguimiento del ordenamiento",
]
OCCUPATION = [
    "Río Medellín como eje estructurante",
    "Borde urbano-rural",
    "Franja de transición y ladera",
    "Centralidades urbanas y rurales",
    "Áreas de intervención estratégica",
]
STRATEGIES = [
    "Gestión del suelo para lo público",
    "Movilidad sostenible",
    "Hábitat y vivienda",
    "Estructura ecológica y paisaje",
    "Gobernanza territorial",
]

PHASES = [
    ("Marco normativo y conceptual", "completada"),
    ("Identificación de variables en los estudios de revisión", "completada"),
    ("Matriz de relación entre variables y objetivos", "completada"),
    ("Diseño metodológico y protocolo de recolección", "completada"),
    ("Formulación de indicadores", "en_proceso"),
    ("Ponderación de indicadores y variables", "sin_iniciar"),
    ("Medición territorial integral", "sin_iniciar"),
    ("Análisis y reporte de resultados", "sin_iniciar"),
]

STUDIES = [
    "Estudio de movilidad y transporte",
    "Estudio de espacio público y equipamientos",
    "Estudio de vivienda y hábitat",
    "Estudio de estructura ecológica",
    "Estudio de amenaza y riesgo",
    "Estudio socioeconómico e inmobiliario",
]
VARIABLES = [
    ("Densidad poblacional por comuna", "hab/ha"),
    ("Área construida en suelo urbano", "m²"),
    ("Licencias en tratamientos de renovación", "número"),
    ("Área de suelo de protección", "ha"),
    ("Conectividad de la red ecológica", "índice"),
    ("Área en amenaza alta por movimientos en masa", "ha"),
    ("Población en zonas de alto riesgo", "personas"),
    ("Espacio público efectivo", "m²/hab"),
    ("Cobertura de parques a 300 m", "%"),
    ("Equipamientos por cada mil habitantes", "número"),
    ("Tiempo de acceso a equipamientos de salud", "min"),
    ("Partición modal en transporte público", "%"),
    ("Longitud de ciclorrutas", "km"),
    ("Tiempo promedio de viaje", "min"),
    ("Déficit cuantitativo de vivienda", "%"),
    ("Déficit cualitativo de vivienda", "%"),
    ("Viviendas en asentamientos informales", "número"),
    ("Población residente en el centro", "hab"),
    ("Área de suelo en el corredor del río renovada", "ha"),
    ("Crecimiento de la huella urbana en el borde", "ha"),
    ("Área de parcelaciones rurales", "ha"),
    ("Bienes de interés cultural intervenidos", "número"),
    ("Recaudo por obligaciones urbanísticas", "COP"),
    ("Recaudo por participación en plusvalía", "COP"),
    ("Suelo adquirido para proyectos públicos", "m²"),
    ("Instrumentos de planificación adoptados", "número"),
    ("Dependencias que reportan a tiempo", "%"),
    ("Indicadores con ficha técnica completa", "%"),
    ("Calidad del aire PM2.5", "µg/m³"),
    ("Árboles plantados en suelo urbano", "número"),
]

# The synthetic PDD 2024-2027: lines > components > programs; a program's subsystem code marks it as
# related to the POT's execution program (54 such programs).
PDD_LINES: list[tuple[str, list[tuple[str, bool, list[tuple[str, str | None]]]]]] = [
    (
        "Medellín te quiere segura y en convivencia",
        [
            (
                "Seguridad y justicia",
                False,
                [
                    ("Seguridad integral para la vida", None),
                    ("Justicia cercana y convivencia", None),
                    ("Entornos protectores y espacio público seguro", "EPE"),
                    ("Control territorial y urbanístico", "CTL"),
                    ("Atención a víctimas y construcción de paz", None),
                ],
            ),
            (
                "Gestión del riesgo y adaptación climática",
                True,
                [
                    ("Conocimiento y reducción del riesgo de desastres", "RIE"),
                    ("Manejo de desastres y respuesta a emergencias", "RIE"),
                    ("Adaptación y mitigación del cambio climático", "EEC"),
                    ("Intervención de zonas de alto riesgo no mitigable", "HAB"),
                    ("Bomberos y atención de incidentes", None),
                ],
            ),
            (
                "Participación y cultura ciudadana",
                True,
                [
                    (
                        "Organizaciones sociales y comunales motores de la democracia participativa local",
                        "PAR",
                    ),
                    ("Presupuesto participativo y planeación local", "PAR"),
                    ("Cultura ciudadana para la convivencia", None),
                    ("Control social y transparencia de lo público", "PAR"),
                    ("Comunicación pública y gobierno abierto", None),
                ],
            ),
        ],
    ),
    (
        "Medellín te quiere con bienestar y equidad",
        [
            (
                "Educación",
                True,
                [
                    ("Infraestructura educativa para la calidad", "EQU"),
                    ("Acceso y permanencia escolar", None),
                    ("Educación superior y posmedia", None),
                    ("Maestros y calidad educativa", None),
                    ("Jornada complementaria y entornos escolares", "EQU"),
                ],
            ),
            (
                "Salud",
                False,
                [
                    ("Infraestructura hospitalaria y red pública de salud", "EQU"),
                    ("Salud pública y promoción de la vida", None),
                    ("Aseguramiento y acceso a servicios de salud", None),
                    ("Salud mental y bienestar", None),
                    ("Atención primaria en salud territorial", "EQU"),
                ],
            ),
            (
                "Inclusión social y familia",
                False,
                [
                    ("Equipamientos para la inclusión social", "EQU"),
                    ("Seguridad alimentaria y nutricional", None),
                    ("Atención integral a la primera infancia", "EQU"),
                    ("Personas mayores y envejecimiento digno", None),
                    ("Equidad de género y mujeres", None),
                ],
            ),
            (
                "Deporte, recreación y cultura",
                True,
                [
                    ("Escenarios deportivos y recreativos", "EQU"),
                    ("Deporte y actividad física para todos", None),
                    ("Equipamientos culturales y bibliotecas", "EQU"),
                    ("Patrimonio cultural y memoria", "PCI"),
                    ("Arte y cultura en los territorios", None),
                ],
            ),
        ],
    ),
    (
        "Medellín te quiere con hábitat sostenible",
        [
            (
                "Vivienda y hábitat",
                True,
                [
                    ("Vivienda nueva y acceso a vivienda", "HAB"),
                    ("Mejoramiento de vivienda y entorno", "HAB"),
                    ("Legalización y titulación de predios", "HAB"),
                    ("Mejoramiento integral de barrios", "HAB"),
                    ("Reasentamiento de población", "HAB"),
                ],
            ),
            (
                "Ambiente y estructura ecológica",
                True,
                [
                    ("Protección de ecosistemas y biodiversidad", "EEC"),
                    ("Gestión del recurso hídrico y quebradas", "EEC"),
                    ("Arbolado urbano y corredores verdes", "EEC"),
                    ("Calidad del aire y movilidad limpia", "MOV"),
                    ("Gestión integral de residuos sólidos", "SPU"),
                ],
            ),
            (
                "Espacio público y servicios públicos",
                True,
                [
                    ("Generación y mejoramiento del espacio público", "EPE"),
                    ("Parques y zonas verdes", "EPE"),
                    ("Acceso a servicios públicos domiciliarios", "SPU"),
                    ("Alumbrado público y redes", "SPU"),
                    ("Gestión del paisaje y amoblamiento urbano", "EPE"),
                ],
            ),
            (
                "Ruralidad y borde urbano-rural",
                True,
                [
                    ("Desarrollo rural sostenible", "RUR"),
                    ("Gestión del borde urbano-rural", "RUR"),
                    ("Centralidades rurales y suburbanas", "CEN"),
                    ("Conectividad vial rural", "MOV"),
                    ("Producción agropecuaria y mercados campesinos", None),
                ],
            ),
        ],
    ),
    (
        "Medellín te quiere conectada y competitiva",
        [
            (
                "Movilidad sostenible",
                True,
                [
                    ("Sistema integrado de transporte masivo", "MOV"),
                    ("Infraestructura vial para la movilidad", "MOV"),
                    ("Movilidad activa: peatón y bicicleta", "MOV"),
                    ("Seguridad vial y gestión del tránsito", "MOV"),
                    ("Transporte público colectivo y de carga", "MOV"),
                ],
            ),
            (
                "Desarrollo económico",
                False,
                [
                    ("Empleo y emprendimiento", None),
                    ("Economía creativa y turismo", None),
                    ("Centralidades y dinámicas económicas territoriales", "CEN"),
                    ("Ciencia, tecnología e innovación", None),
                    ("Transformación digital de la economía", None),
                ],
            ),
            (
                "Transformación urbana",
                True,
                [
                    ("Proyectos urbanos integrales y áreas de intervención estratégica", "AIE"),
                    ("Renovación urbana del centro", "CEN"),
                    ("Distrito río y parques del río", "AIE"),
                    ("Gestión del suelo y bancos inmobiliarios", "ISU"),
                    ("Infraestructura para la competitividad", None),
                ],
            ),
        ],
    ),
    (
        "Medellín te quiere con buen gobierno",
        [
            (
                "Planeación y gestión del territorio",
                True,
                [
                    ("Gestión del Plan de Ordenamiento Territorial y sus instrumentos", "IPC"),
                    ("Instrumentos de financiación del desarrollo territorial", "IFI"),
                    ("Información territorial y expediente distrital", "INF"),
                    ("Seguimiento y evaluación de la planeación", "SEV"),
                    ("Integración regional y metropolitana", "MET"),
                ],
            ),
            (
                "Gobierno y finanzas",
                False,
                [
                    ("Gestión fiscal y financiera", None),
                    ("Gobierno digital y servicios al ciudadano", None),
                    ("Talento humano y desarrollo institucional", "GOB"),
                    ("Gestión jurídica y defensa del Distrito", None),
                    ("Catastro multipropósito", "INF"),
                ],
            ),
        ],
    ),
]
POT_PROGRAM = "Gestión del Plan de Ordenamiento Territorial y sus instrumentos"
COMMUNITY_PROGRAM = "Organizaciones sociales y comunales motores de la democracia participativa local"

# Indicator name stems for the synthetic PDD: (name, unit).
PRODUCT_STEMS = [
    ("{t}: intervenciones ejecutadas", "Número"),
    ("{t}: metros cuadrados intervenidos", "Metros cuadrados"),
    ("{t}: personas beneficiadas", "Número"),
    ("{t}: estudios y diseños elaborados", "Número"),
    ("{t}: kilómetros construidos o mejorados", "Kilómetros"),
    ("{t}: cobertura alcanzada", "Porcentaje"),
    ("{t}: acciones de gestión implementadas", "Número"),
    ("{t}: hogares atendidos", "Número"),
]
RESULT_STEMS = [
    ("{t}: población con acceso mejorado", "Porcentaje"),
    ("{t}: índice de satisfacción ciudadana", "Porcentaje"),
    ("{t}: brecha territorial reducida", "Porcentaje"),
]

# POT indicators per subsystem: (name, unit, type).
POT_INDICATOR_STEMS = [
    ("Avance físico de los proyectos del programa de ejecución de {s}", "Porcentaje", "G"),
    ("Compromisos cumplidos del subsistema de {s}", "Número", "G"),
    ("Área intervenida por proyectos de {s}", "Metros cuadrados", "P"),
]
