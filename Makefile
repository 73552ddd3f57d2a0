# Two commands do everything on a fresh machine with Python 3.11+:
#   make run    set up .venv and start Talkback on talkback.db with the demo deck and account
#   make test   set up .venv, make the SBOM (make sbom) and check it lists every runtime
#               dependency, then run the whole suite (unit, integration, end-to-end, browser),
#               then the store and integration tests again on PostgreSQL (PG_STORE_TESTS),
#               and the end-to-end journeys that store what people do (PG_E2E_TESTS)
# While working, `make check` is the fast loop (CONTRIBUTING.md): lint, format, types, and the
# unit and integration tests on two workers.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The Nu HTML Checker, for the valid-HTML tests (a Java program, from npm; its install script
# only fetches a Java runtime, which the machine has).
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar
# The OpenID provider the single sign-on tests run (oidc-provider for node, pinned by
# tests/e2e/oidc/package-lock.json; node_modules is not committed).
OIDC_PROVIDER := tests/e2e/oidc/node_modules/oidc-provider/package.json
HOST ?= 127.0.0.1
PORT ?= 5000

# The store's unit tests and the integration suite run a second time on PostgreSQL (a database
# of their own on 127.0.0.1:5432, user postgres, made and dropped by the tests; without the
# server they fail). The *_store_engines.py files and the thirty-phone class already run on
# both engines in the first pass.
PG_STORE_TESTS := $(addprefix tests/unit/, \
	test_alert_store.py test_answer_store.py test_course_report.py test_course_store.py \
	test_deck_approvals.py test_deck_store.py test_demo_sessions.py test_group_commit.py \
	test_idle_sessions.py test_mfa.py test_moderation_store.py test_nested_writes.py \
	test_new_kind.py test_paper_store.py test_plan_review.py test_question_store.py \
	test_reactions.py test_reports_store.py test_room_snapshot.py test_room_store.py \
	test_screen_blank.py test_session_roles_store.py test_step_timings_store.py test_store.py \
	test_store_records.py test_theme_texts.py test_timer.py test_vote_again_store.py \
	test_worker_connections.py)
# The end-to-end journeys that store what people do, again with each test's server on a
# PostgreSQL database of its own (the thirty-phone class and the class in the browser run on
# both engines in the first pass). Files that read SQLite's file themselves are not here.
PG_E2E_TESTS := $(addprefix tests/e2e/, \
	test_activities_e2e.py test_heavy_requests_e2e.py test_moving_more_e2e.py \
	test_numeric_e2e.py test_security_e2e.py test_self_paced_e2e.py test_vote_again_e2e.py \
	test_tls_journeys.py test_activities_in_browser.py test_course_in_browser.py \
	test_course_measure_in_browser.py test_quiz_scoring_in_browser.py \
	test_vote_again_in_browser.py test_rank_and_points_in_browser.py test_numeric_in_browser.py \
	test_editor_in_browser.py test_console_in_browser.py test_pacing_in_browser.py \
	test_gevent.py::test_thirty_phones_follow_the_whole_deck_under_gevent)

.PHONY: run test check audit sbom clean oidc-provider

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(VNU_JAR):
	npm install --no-save --ignore-scripts --no-audit --no-fund --prefix $(VENV)/vnu vnu-jar@$(VNU_VERSION)

$(OIDC_PROVIDER): tests/e2e/oidc/package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --prefix tests/e2e/oidc
	touch $(OIDC_PROVIDER)

oidc-provider: $(OIDC_PROVIDER)

run: $(STAMP)
	$(BIN)/python run.py --demo --host $(HOST) --port $(PORT) --database talkback.db

test: $(STAMP) $(VNU_JAR) $(OIDC_PROVIDER)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(MAKE) sbom
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/supply
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 --engine postgresql tests/integration \
		$(PG_STORE_TESTS)
	$(BIN)/python -m pytest -q -p no:cacheprovider --engine postgresql $(PG_E2E_TESTS)

check: $(STAMP) $(VNU_JAR)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 2 tests/unit tests/integration

# Needs the internet: pip-audit asks the Python Packaging Advisory Database.
audit: $(STAMP)
	$(BIN)/pip install --quiet pip-audit
	$(BIN)/pip-audit --strict --progress-spinner off

# The software bill of materials (CycloneDX JSON) of what Talkback runs on: made from a
# separate environment holding only the runtime dependencies, so test tools are not listed.
# Not committed: the dependencies are ranges, so the bill describes one build, made fresh.
SBOM_ENV := build/sbom-env
sbom: $(STAMP)
	rm -rf $(SBOM_ENV)
	$(PYTHON) -m venv $(SBOM_ENV)
	$(SBOM_ENV)/bin/pip install --quiet .
	$(BIN)/pip install --quiet 'cyclonedx-bom>=7,<8'
	$(BIN)/cyclonedx-py environment --pyproject pyproject.toml --output-reproducible \
		-o sbom.json $(SBOM_ENV)

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache sbom.json build/sbom-env tests/e2e/oidc/node_modules

# Benchmarks against the bare framework (docs/benchmarks.md); not part of `make test`.
#   make bench                      every scenario at every size (about 30 minutes)
#   make bench BENCH_ARGS="B2 --n 30"
BENCH_ARGS ?= all
.PHONY: bench
bench: $(STAMP)
	$(BIN)/pip install --quiet -r bench/requirements.txt
	$(BIN)/python -m bench $(BENCH_ARGS)

# What a phone downloads to join, and a slow phone's join on emulated Slow 3G
# (docs/accessibility.md); needs Chromium.
#   make bench-phone PHONE_ARGS="--repeats 5 --network fast-3g"
PHONE_ARGS ?=
.PHONY: bench-phone
bench-phone: $(STAMP)
	$(BIN)/python -m bench.phone_load $(PHONE_ARGS)

# Mutation testing of the pure domain rules (CONTRIBUTING.md, "Mutation testing"); not part of
# `make test`. One module at a time, on at most two processes:
#   make mutate                              every module in turn (activities/ alone takes
#                                            over half an hour on a busy two-core machine)
#   make mutate MUTATE_MODULES=sessions.live
#   make mutate MUTATE_MODULES="sessions.activities.choice sessions.activities.__init__"
# A package (sessions.activities) is every module in it; its own __init__ is named so.
MUTATE_MODULES ?= sessions.live sessions.rules sessions.views sessions.activities
MUTATE_CHILDREN ?= 2
.PHONY: mutate
mutate: $(STAMP)
	$(BIN)/pip install --quiet 'mutmut>=3.8,<4'
	rm -rf mutants
	for module in $(MUTATE_MODULES); do \
		case "$$module" in \
			*.__init__) pattern="$${module%.__init__}.x*" ;; \
			*) pattern="$$module.*" ;; \
		esac; \
		$(BIN)/mutmut run --max-children $(MUTATE_CHILDREN) "$$pattern" > /dev/null || exit 1; \
	done
	$(BIN)/python -m tests.mutation_scores $(MUTATE_MODULES)

# The message catalogues (docs/languages.md): the template of every wrapped message, then
# each language's .po brought up to date with it (new messages empty, changed ones fuzzy).
.PHONY: messages
messages:
	.venv/bin/pybabel extract -F babel.cfg -k t -k plural:1,2 -k Reaction:3 -k plural_words:1,2 --no-wrap \
		--sort-by-file --omit-header -o translations/messages.pot .
	.venv/bin/pybabel update -i translations/messages.pot -d translations --no-wrap \
		--ignore-obsolete --no-fuzzy-matching
