"""Working at national scale: a fast insert path and a deterministic synthetic generator of plans.

``bulk.insert_rows`` writes many rows in one go (PostgreSQL ``COPY`` when available, ``bulk_create`` in
batches otherwise); the indicator values importer and the generator both use it. ``generator`` builds
plans at scale factors 1 (a Medellín-sized plan), 125 (a department) and 1,102 (the country) for the
benchmarks in ``bench/`` and the query-plan tests.
"""
