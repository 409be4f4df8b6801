#!/usr/bin/env bash
# Runs every Go fuzz target in the module for FUZZTIME each (default 3s):
# the short always-on fuzz run of `make test`. FUZZTIME=10m make fuzz for a
# long run. New targets are found by name (func FuzzX(f *testing.F)), so
# none is forgotten; a failure stops with the failing input saved under the
# package's testdata/fuzz/ for a regression seed.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${FUZZTIME:-3s}
grep -rl --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' . \
	| grep -v -e '^./node_modules/' -e '^./bin/' | sort | while read -r file; do
	dir=$(dirname "$file")
	for name in $(grep -oE '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //'); do
		echo "fuzz: $dir $name ($t)"
		go test -run='^$' -fuzz="^${name}\$" -fuzztime="$t" "$dir" >/tmp/truce-fuzz.$$ 2>&1 || { cat /tmp/truce-fuzz.$$; rm -f /tmp/truce-fuzz.$$; exit 1; }
	done
done
rm -f /tmp/truce-fuzz.$$
echo "fuzz: all targets ran for $t each"
