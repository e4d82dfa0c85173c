"""The reporting cycle's small plan, to fill the audit log through real actions."""

from ssepot.reporting.tests.conftest import catalogue, period  # noqa: F401
