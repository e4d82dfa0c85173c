"""schemathesis against the OpenAPI schema, in-process through WSGI, on the Medellín demo: no server error
and every response (the agencies' writes too, with a reporter's token) conforms to the schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

MAX_EXAMPLES = 10

# NB: the plan is the demo's, so the answers carry real published data to check against the schema (unknown
# plans and codes get their 404 in test_published_data); everything else is generated.
CONFIG = schemathesis.Config.from_dict(
    {
        "parameters": {
            "path.slug": "medellin",
            "path.codigo": "POT-MOV-01",
            "path.identificador": "pdd-2020-2023",
        }
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)


@pytest.fixture(autouse=True)
def one_connection() -> Iterator[None]:
    """As Django's test client does: a WSGI request must not close the test's connection (PostgreSQL)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def reporter_token(demo_plan: Any, db: None) -> str:
    from django.contrib.auth import get_user_model

    from ssepot.api.models import ApiToken

    return ApiToken.issue(get_user_model().objects.get(username="movilidad"), "schemathesis")[1]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_conforms_to_its_schema(case: Any, reporter_token: str) -> None:
    # NB: an agency's entry also meets rules no schema states (a fulfilled commitment has 100 % progress,
    # a value belongs to one of the plan's units), so a schema-valid body may rightly get a 422 there.
    excluded = [positive_data_acceptance] if case.method != "GET" else []
    case.call_and_validate(headers={"Authorization": f"Bearer {reporter_token}"}, excluded_checks=excluded)
