"""Benchmarks of SSEPOT's main jobs on PostgreSQL, from one city to all 1,102 municipalities.

One command builds what is missing and measures (with ``DATABASE_URL`` pointing at a PostgreSQL database
that may be filled; SQLite is refused)::

    export DATABASE_URL=postgres://%2Fvar%2Frun%2Fpostgresql/ssepot_bench
    .venv/bin/python -m bench run --scale 1

It prints one table: job | scale | median of N runs | peak memory | baseline measured in the same run |
ratio | goal | result. The jobs (``--jobs``): ``import`` (``bench.jobs.import_job``), ``figures`` and
``all`` (one plan's and every plan's figures), ``pages`` (``bench.pages``: gunicorn under 20 clients
against a static file), ``report`` (``ssepot report``) and ``first-view`` (``bench.firstview``: the first
view of the POT-PDD dashboard and of the annual report after a publication, with the warm-up against
without it). Other commands: ``python -m bench generate
--scale 1102`` (only build the synthetic plans, ``ssepot.scale.generator``) and ``python -m bench
remove`` (delete them). Results and their reading are in ``docs/performance.md``.
"""
