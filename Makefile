.PHONY: demo test bench lint docs

demo:  ## set up and run the demo
	bash scripts/demo.sh

test:  ## set up and run ruff, mypy and the tests
	bash scripts/test.sh

bench:  ## run the benchmarks by hand (prints JSON lines)
	.venv/bin/python bench/generate.py
	.venv/bin/python bench/stats.py

docs:  ## regenerate generated documentation
	.venv/bin/placewell contract --markdown > docs/data-contract.md
