"""``field__any=[ids]``: membership in a list sent as one parameter.

``__in`` with hundreds of ids puts one parameter per id in the SQL, which psycopg merges into the text one
by one on every query (measured: about a tenth of a plan's figures CPU went into sending the two queries
that read 700 indicators' targets and values). On PostgreSQL ``= ANY(%s)`` sends the list as one array;
elsewhere it is the usual ``IN (...)``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Field, Lookup
from django.db.models.fields.related import ForeignObject


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def _values(self) -> list[int]:
        return [int(v) for v in self.rhs]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, params = self.process_lhs(compiler, connection)
        values = self._values()
        if not values:
            return "1 = 0", ()
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*params, *values)

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, self._values())


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)
