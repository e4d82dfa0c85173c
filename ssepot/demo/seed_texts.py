"""The 2025 narrative of Medellín's real management report (IGPOT2025), loaded as the demo's report texts.

Copied from the published report (public information of the Alcaldía de Medellín) with line breaks joined.
Its numbers are typed by hand, as in the original: the narrative consistency check must catch the two slips
("61% (12 compromisos)" and the 34.4 % / 32.7 % shares).
"""

SOURCE = "Informe de Gestión del POT vigencia 2025 (IGPOT2025), Alcaldía de Medellín: texto original"

TEXTS: dict[str, tuple[str, str]] = {
    "presentacion": (
        "Presentación",
        "\n\n".join(
            [
                (
                    "Ponemos a disposición de los diferentes grupos de valor e interés y de la comunidad en "
                    "general, el Informe anual de Gestión del POT vigencia 2025 – IGPOT2025, correspondiente "
                    "al segundo año de seguimiento del largo plazo del Plan de Ordenamiento Territorial "
                    "-periodo administrativo 2024-2027-; elaborado con base en los datos con corte a 31 de "
                    "diciembre del 2025, reportados por las entidades del conglomerado público "
                    "corresponsables en la implementación del POT."
                ),
                (
                    "Además del cumplimiento a las disposiciones del parágrafo 2 del artículo 603 del POT, el "
                    "informe de gestión del POT es una herramienta de consulta para conocer los avances en la "
                    "implementación del POT, el cual refleja rigurosidad técnica, objetividad y la calidad de "
                    "la información disponible. El formato que se viene implementando facilita el acceso a la "
                    "información, e ilustra los avances a través de gráficas, tablas, imágenes y tableros en "
                    "Power BI, con sus respectivos vínculos interactivos."
                ),
                (
                    "En la presente vigencia anual se incorporan en el informe contenidos correspondientes a "
                    "los avances del proceso de revisión y ajuste de mediano plazo del Acuerdo 48 de 2014, "
                    "así como también otros elementos de la medición del marco estratégico del plan. Los "
                    "contenidos del informe se establecen a partir de los siguientes capítulos:"
                ),
                (
                    "- Generalidades del seguimiento y evaluación\n- Avance de los compromisos establecidos en "
                    "el POT\n- Relación POT – PDD.\n- Avance de los subsistemas del Sistema de Ordenamiento "
                    "Territorial del POT\n- Avances en el seguimiento al Marco Estratégico\n- Sistema de "
                    "Indicadores\n- Tableros.\n- Revisión y Ajuste Mediano Plazo"
                ),
                (
                    "Durante la vigencia 2025, el seguimiento y evaluación del POT avanzó en el proceso que "
                    "habilitará la medición del marco estratégico del POT, proponiendo las posibles variables "
                    "que permitirán definir los indicadores para la medición de los objetivos estratégico y "
                    "del modelo de ocupación; medición muy importante que nos establecerá el avance en la "
                    "consolidación del Modelo de Ocupación del Distrito. Así mismo, se destaca la "
                    "cualificación constante del sistema de indicadores, mediante acuerdos en la gestión "
                    "institucional que permiten mediciones más precisas a los programas y proyectos "
                    "establecidos en el programa de ejecución."
                ),
                (
                    "Finalmente les invitamos para que, a través del portal institucional del Distrito, "
                    "accedan permanentemente y de forma interactiva a la información del Seguimiento y "
                    "Evaluación al POT– SSEPOT."
                ),
            ]
        ),
    ),
    "compromisos": (
        "1. Compromisos del POT",
        "\n\n".join(
            [
                (
                    "En el marco del horizonte temporal definido por el Plan de Ordenamiento Territorial "
                    "(POT), el análisis al cumplimiento de los compromisos evidencia un comportamiento "
                    "creciente para la vigencia 2025. El balance general es altamente positivo, alcanzando un "
                    "92,1% de cumplimiento global. Este resultado se traduce en 71 compromisos ejecutados al "
                    "100% y 22 compromisos en proceso, lo cual demuestra una gestión consistente, sostenida y "
                    "orientada al logro de los objetivos estratégicos del Plan."
                ),
                (
                    "Del total de compromisos, el 23% corresponde a compromisos programados para el corto "
                    "plazo, mientras que el 77% restante se proyecta para cumplimiento durante la vigencia "
                    "general del Plan, lo que refleja una estructuración equilibrada entre resultados "
                    "inmediatos y metas de mediano y largo alcance."
                ),
                (
                    "CORTO PLAZO. Con corte a la fecha del presente informe, se registra un cumplimiento del "
                    "61% (12 compromisos) de las metas previstas para el corto plazo, consolidando avances "
                    "significativos en esta fase inicial. Del porcentaje restante, el 26% se encuentra en "
                    "proceso de ejecución, evidenciando una dinámica activa de gestión y el 13% tienen "
                    "reporte no disponible o aplica, constituyéndose en un reto puntual que demanda acciones "
                    "de seguimiento y fortalecimiento."
                ),
                (
                    "HORIZONTE DEL PLAN. Al cierre del periodo 2025, se cuenta con el cumplimiento del 73,08% "
                    "(57 compromisos) y el 20,51% se encuentra en proceso (16 compromisos), de la meta "
                    "prevista para el largo plazo u horizonte del POT. Quedando pendiente entonces que "
                    "aquellos que se encuentran en desarrollo culminen satisfactoriamente dentro de lo "
                    "establecido y el 6,41% tenga información de reporte."
                ),
                (
                    "Finalmente, es importante resaltar que el presente informe de gestión del POT incorpora "
                    "un tablero interactivo que permite visualizar el reporte histórico acumulado del periodo "
                    "2017– 2025, así como también el estado de los compromisos según su clasificación "
                    "tipológica. Esta herramienta fortalece los principios de transparencia, seguimiento y "
                    "toma de decisiones basada en información actualizada y verificable."
                ),
            ]
        ),
    ),
    "pot_pdd": (
        "2. Articulación POT - PDD",
        "\n\n".join(
            [
                (
                    "El Plan de Desarrollo Distrital “Medellín Te Quiere” vinculó el programa de ejecución "
                    "del Plan de Ordenamiento Territorial a través del plan plurianual de inversiones y de su "
                    "estructura programática, que organizó las acciones sectoriales por pilares, componentes "
                    "y programas. Son 149 indicadores de 54 programas del PDD que se relacionan con 171 "
                    "proyectos del POT. El avance de estos indicadores aportó 14.9% al avance físico del PDD, "
                    "que alcanzó el 57% al finalizar el 2025."
                ),
                (
                    "Adicionalmente, el sistema de ordenamiento territorial se relaciona con 38 indicadores "
                    "de componentes del Plan de Desarrollo Distrital. De los indicadores de programa, el 72% "
                    "presentan un avance alto y el 12% un avance medio; el 16% presentan un avance bajo. En "
                    "conjunto, alcanzaron un avance agregado del 52.2%."
                ),
                (
                    "El programa de ejecución del POT corresponde a $5.733.749 millones, y representa el "
                    "17.74% de los recursos del plan plurianual de inversiones del PDD. Con corte a diciembre "
                    "31 de 2025 la inversión acumulada -2024 y 2025- alcanzó $5.110.504 millones, para una "
                    "ejecución financiera del 89% del plan plurianual del programa de ejecución del POT."
                ),
                (
                    "El grueso de la inversión acumulada se dirigió a los sistemas físico-espaciales, "
                    "especialmente a los subsistemas de movilidad con $1.632.138 millones y equipamientos con "
                    "$1.354.624 millones, subsistemas que representan respectivamente el 34.4% y el 32.7% del "
                    "programa de ejecución del POT. En la inversión de los sistemas institucionales y de "
                    "gestión del POT tienen gran peso los programas “Gestión del Plan de Ordenamiento "
                    "Territorial y sus instrumentos” con una inversión acumulada de $71.324 millones, y "
                    "“Organizaciones sociales y comunales motores de la democracia participativa local” con "
                    "una inversión acumulada de $42.177 millones."
                ),
            ]
        ),
    ),
    "subsistemas": (
        "3. Avance de los subsistemas",
        "\n\n".join(
            [
                (
                    "La estructura actual del Sistema de Seguimiento y Evaluación del Plan de Ordenamiento "
                    "Territorial – POT- está conformada por los Sistemas Físico-Espaciales y los Sistemas "
                    "Institucionales y de Gestión. Estos a su vez se desagregan en 20 Subsistemas, los cuales "
                    "presentamos en un resumen de situaciones, logros y retos más destacados de cada uno de "
                    "ellos para este período de medición."
                ),
            ]
        ),
    ),
    "marco_estrategico": (
        "4. Seguimiento al marco estratégico",
        "\n\n".join(
            [
                (
                    "El Marco Estratégico sirve como el elemento que alinea y articula las propuestas y metas "
                    "a largo plazo del POT (Principios Rectores, Imaginario de Ciudad, Apuestas "
                    "Territoriales, Objetivos Estratégicos, Modelo de Ocupación y Estrategias Territoriales). "
                    "En este sentido, se avanzó en el desarrollo de un Sistema de Evaluación que facilitará "
                    "su seguimiento, proponiendo la utilización de diferentes metodologías para la "
                    "recolección de datos, pero actualmente no se cuenta con un conjunto consolidado de "
                    "indicadores debido a la falta de datos territoriales que vinculen variables con los "
                    "objetivos y el modelo de ocupación."
                ),
                (
                    "Durante la vigencia 2025, se trabajó en la recopilación de información territorial "
                    "dentro del proceso de Revisión y Ajuste de Mediano Plazo del POT, buscando incluir "
                    "variables, índices y datos que respalden la medición del Marco Estratégico. Esta "
                    "información fue proporcionada por estudios contratados para dicho proceso y para finales "
                    "de 2025, se presentó un consolidado significativo de variables e indicadores, basado en "
                    "los resultados de esos estudios. Durante 2026, se espera que, con estas nuevas fuentes "
                    "de información georreferenciada, se avance en la definición y acuerdo de los indicadores "
                    "finales."
                ),
                (
                    "Se logró así, proponer una metodología para evaluar los 12 Objetivos Estratégicos, junto "
                    "con un protocolo para la recolección de información que, aunque está en fase de diseño, "
                    "garantizará una medición técnica y estructurada durante la etapa de implementación. A "
                    "continuación, se presentan las ocho fases y su estado hasta 2025:"
                ),
                (
                    "Se cuenta con un documento metodológico preliminar que incluye el marco normativo y el "
                    "desarrollo de cada fase propuesta. Además, se ha consolidado una matriz de seguimiento "
                    "al cumplimiento y medición de estos objetivos, que identifica variables asociadas en los "
                    "estudios realizados durante el proceso de Revisión y Ajuste del POT. Esta matriz es un "
                    "insumo clave para avanzar en el desarrollo e implementación de la metodología. En lo "
                    "referido al Modelo de Ocupación, se elaboró una propuesta para su evaluación en los "
                    "períodos de corto y mediano plazo del POT (2019 y 2023 respectivamente) considerando los "
                    "indicadores disponibles. A finales de 2025, la metodología está estructurada a nivel "
                    "conceptual y de diseño, con fases definidas y variables identificadas; sin embargo, no "
                    "ha culminado su ciclo completo de implementación, estando pendiente la formulación "
                    "definitiva de indicadores, su ponderación y una medición territorial integral. Por lo "
                    "tanto, su estado actual corresponde a una fase de desarrollo intermedia, aún sin "
                    "resultados consolidados de evaluación."
                ),
            ]
        ),
    ),
    "guia": (
        "Guía de usuario",
        "\n\n".join(
            [
                (
                    "Con el propósito de orientar la interacción, lectura y consulta del Informe de Gestión del "
                    "POT - vigencia 2025, se sugiere atender las siguientes instrucciones:"
                ),
                (
                    "El contenido del informe está estructurado por una presentación de las generalidades del "
                    "seguimiento y evaluación y posteriormente con siete capítulos. Cada capítulo de contenido "
                    "está identificado con un color específico y puede accederse directamente desde la hoja "
                    "de contenidos, mediante el enlace asociado que al activarlo dirige al usuario al tema "
                    "seleccionado. Allí encontrará de manera detallada la información correspondiente; así "
                    "mismo al interior de cada contenido, se localizan en la parte inferior, botones que le "
                    "permitirán al lector según el caso, interactuar, con tableros, estructura de sistemas y "
                    "subsistemas o remitirlo al inicio."
                ),
            ]
        ),
    ),
    "generalidades": (
        "Seguimiento y evaluación del POT",
        "\n\n".join(
            [
                "En el marco del Decreto 1232 de 2020, Artículo 2.2.2.1.2.1.5",
                (
                    "De conformidad al marco normativo vigente, la etapa de seguimiento y evaluación se "
                    "desarrolla paralelamente a la etapa de implementación, es decir durante la vigencia del "
                    "Plan de Ordenamiento Territorial (POT). En tal sentido, para el Acuerdo 48 de 2014 el "
                    "Distrito ha establecido y consolidado progresivamente al Sistema de Seguimiento y "
                    "Evaluación del POT- SSEPOT, mediante el cual se ha logrado monitorear, hacer seguimiento "
                    "y evaluar las trasformaciones del territorio; determinar el avance en el cumplimiento de "
                    "compromisos y la evolución de los sistemas y subsistemas (ejes temáticos), así como "
                    "también avanzar en el análisis para valorar los resultados del seguimiento y determinar "
                    "la relevancia, eficiencia, efectividad e impacto, en la implementación del POT durante "
                    "las vigencias establecidas."
                ),
                (
                    "Mediante el SSEPOT la administración distrital, conforme a los procedimientos "
                    "establecidos, solicita el reporte de información a las entidades responsables de los "
                    "indicadores, y una vez recibido, se llevan a cabo las diferentes actividades de "
                    "verificación, análisis, consolidación, almacenamiento y validación; luego de las cuales "
                    "la información se incorpora al sistema de indicadores del SSEPOT, convirtiéndose estos "
                    "resultados en el principal insumo para el seguimiento y para la generación de los "
                    "diferentes productos asociados, tales como informes y documentos, entre otros."
                ),
                (
                    "Las Subdirecciones de Prospectiva Información y Evaluación Estratégica y de Planeación "
                    "Territorial y Estratégica de Ciudad, del Departamento Administrativo de Planeación, "
                    "articuladamente definen los responsables, las tareas y general los roles y "
                    "responsabilidades de los actores que intervienen en la implementación del POT y por ende "
                    "aportan a la conformación del SSEPOT. Así mismo, establecen los criterios y mecanismos "
                    "para que dichos actores suministren de manera oportuna y confiable la información que "
                    "permite evidenciar los fenómenos físicos y sociales que se producen en el territorio."
                ),
            ]
        ),
    ),
    "indicadores": (
        "5. Sistema de indicadores del SSEPOT",
        "\n\n".join(
            [
                (
                    "Como componente del actual Informe de Gestión del POT, se presenta una estructura "
                    "conformada por los principales componentes tanto de la ficha técnica como los avances, "
                    "del sistema actual de indicadores, los cuales dan cuenta de la ejecución de los proyectos "
                    "propuestos en el Programa de Ejecución, aquellos identificados en la lectura del "
                    "articulado y así como los incluidos el documento técnico de soporte del POT Acuerdo 048 "
                    "de 2014."
                ),
                (
                    "Nota: Toda la información relacionada en esta batería, corresponde al reporte definitivo "
                    "de cada una de las dependencias con corte a diciembre 31 de 2025."
                ),
            ]
        ),
    ),
    "tableros": (
        "6. Tableros",
        (
            "Esta herramienta de presentación hará que sea más fácil explorar y administrar los datos de los "
            "diferentes reportes efectuados y en forma simultánea permite conocer información que contribuya "
            "a la toma de decisiones, de cara al cumplimiento de las tareas dispuestas en el POT."
        ),
    ),
    "revision": (
        "7. Revisión y ajuste del POT",
        "\n\n".join(
            [
                "**Expediente Distrital**",
                (
                    "En el marco del proceso de revisión y ajuste del mediano plazo del POT, actualmente en "
                    "curso, se analizó, a partir de los mínimos normativos y metodológicos vigentes, la "
                    "suficiencia estructural y operativa del Expediente Distrital y de sus componentes. Dicho "
                    "análisis propone la siguiente ruta de ajuste:"
                ),
                (
                    "1. Rediseño estructural del expediente, alineando el nivel 3 del componente de "
                    "seguimiento y evaluación con los planteamientos de la Guía metodológica para la "
                    "conformación y puesta en marcha del expediente municipal del año 2019 del Ministerio de "
                    "Vivienda, Ciudad y Territorio –MVCT, así como los productos del nivel 4 con los "
                    "establecidos en el Decreto 1077 de 2015 modificado por el Decreto 1232 de 2020.\n"
                    "2. Pese a que el Archivo Técnico Histórico cumple los requerimientos normativos, deben "
                    "actualizarse sus requisitos de acuerdo con el modelo de operación por procesos, "
                    "respaldando el Sistema de Información del Ordenamiento Territorial (SIOT)."
                ),
                "**Sistema de Información del Ordenamiento Territorial**",
                (
                    "Como parte de la revisión del POT se determinó la necesidad de modificar el Documento "
                    "Técnico de Soporte incorporando los Lineamientos del SIOT como nuevo eje estructural del "
                    "sistema institucional. El análisis técnico demostró que tanto el Expediente como el "
                    "actual Sistema de Seguimiento y Evaluación presentan déficits en gobernanza, definición "
                    "de roles, estandarización de procesos, interoperabilidad tecnológica y aseguramiento de "
                    "la calidad y trazabilidad de la información, lo cual limita la capacidad de toma de "
                    "decisiones. Lo anterior responde a la necesidad de estructurar la gestión de datos de "
                    "manera integral, articulando personas, procedimientos, normativas y tecnologías en el "
                    "marco de principios de gobernanza e interoperabilidad, compatibles con MIPG y las "
                    "políticas de información estadística."
                ),
                (
                    "La ruta de ajuste que se concreta con el ajuste formal del DTS incluye la definición de "
                    "las responsabilidades, la estandarización de flujos de la información, la integración "
                    "tecnológica y la implementación de mecanismos de gobernanza interna."
                ),
                (
                    "Con ello, la revisión del POT avanza hacia la consolidación de un sistema institucional "
                    "sólido que garantice información territorial confiable para el diagnóstico, formulación, "
                    "implementación, seguimiento y evaluación del Plan."
                ),
            ]
        ),
    ),
}
