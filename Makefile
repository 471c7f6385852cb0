.PHONY: setup demo serve test lint bench
setup:
	python3 -m venv .venv && .venv/bin/python -m pip install -q -e '.[test]'
demo: setup
	.venv/bin/baokan parse eval/pages
serve: setup
	.venv/bin/baokan ingest eval/pages examples/pages --db sample.sqlite && .venv/bin/baokan reuse --db sample.sqlite && .venv/bin/baokan serve --db sample.sqlite
test: setup
	.venv/bin/ruff check src tests benchmarks eval examples && .venv/bin/python -m pytest
bench:
	.venv/bin/python benchmarks/bench_parse.py
