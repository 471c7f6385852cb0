.PHONY: setup demo test lint bench
setup:
	python3 -m venv .venv && .venv/bin/python -m pip install -q -e '.[test]'
demo: setup
	.venv/bin/baokan parse eval/pages
test: setup
	.venv/bin/ruff check src tests benchmarks eval && .venv/bin/python -m pytest
bench:
	.venv/bin/python benchmarks/bench_parse.py
