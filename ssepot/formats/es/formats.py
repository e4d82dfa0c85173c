"""Spanish as written in Colombia: thousands with '.', decimals with ','.

NB: the site offers plain "es" (Django's "es" groups thousands with a non-breaking space), and every
municipality this system serves is Colombian, so "es" takes Django's es_CO formats.
"""

from django.conf.locale.es_CO.formats import *  # noqa: F403
