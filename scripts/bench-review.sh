#!/bin/sh
# Review API under load: 20 concurrent analysts, each with a token of
# their own, work through a queue of ~20,000 candidate events for 20 s,
# first on SQLite, then on a throwaway PostgreSQL database; prints
# requests/s, decisions/s, conflicts, errors and p50/p95/p99/max per
# endpoint (http/review_load_test.go). PostgreSQL is taken from
# TRUCE_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/postgres);
# without a server the PostgreSQL half is skipped.
#
# Settings: TRUCE_REVIEW_ANALYSTS (20), TRUCE_REVIEW_DURATION (20s),
# TRUCE_REVIEW_EVENTS (80000), TRUCE_REVIEW_THINK (0),
# TRUCE_REVIEW_STORES (sqlite,postgres).
set -eu
cd "$(dirname "$0")/.."
TRUCE_REVIEW_LOAD=1 exec go test ./http -run '^TestReviewLoad$' -count=1 -v -timeout 30m
