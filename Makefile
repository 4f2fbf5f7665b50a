# complaint_management: the two commands of README.md, and a few helpers.
.PHONY: run test setup lint bench i18n clean bench-scale

run:    ## set up what is missing, create or upgrade the demo database, serve Odoo on :8069
	@bash tools/run.sh

test:   ## set up what is missing, run every test on a fresh database and the linters
	@bash tools/test.sh

setup:  ## only the set-up both commands share
	@bash tools/setup.sh

lint:   ## only the linters
	@bash tools/setup.sh && PATH="$(CURDIR)/.venv/bin:$$PATH" .venv/bin/pre-commit run --all-files

bench:  ## the benchmarks (figures printed, not asserted)
	@bash tools/bench.sh

bench-scale:  ## the scale benchmark: one table of figures against their baselines (README)
	@bash tools/bench_scale.sh

i18n:   ## export the terms to translate and merge them into i18n/*.po
	@bash tools/i18n.sh

clean:  ## remove the virtualenv, the generated configuration and the logs
	rm -rf .venv .odoo.conf .data .test-logs
