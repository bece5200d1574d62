"""The schema, defined once: every column (`fields`), table (`tables`) and code list (`codes`, `codebooks/`,
`iso3166`), the offset rule of the texts (`lineends`) and the reading of numbers in them (`numbers`), and every
face derived from them: Arrow (`arrow_schema`), Frictionless (`datapackage`), pydantic and JSON Schema (`models`),
CSV twins (`csv_twin`), byte-reproducible Parquet (`parquet_io`) and the generated documents (`docs`,
`codes_doc`).

It imports nothing else of `dataset` (tests/test_layout.py): everything else is built on it."""
