#!/bin/sh
# Replays the committed corpus through each fuzz binary given as an argument
# (build/fuzz/fuzz_NAME replays tests/fuzz/corpus/NAME/); prints
# "fuzz corpus: N passed, M failed", counting targets.
root=$(cd "$(dirname "$0")/.." && pwd)
pass=0
fail=0
for f in "$@"; do
	name=${f##*/fuzz_}
	dir="$root/tests/fuzz/corpus/$name"
	ok=1
	if [ ! -d "$dir" ] || [ -z "$(ls -A "$dir")" ]; then
		echo "$f: no corpus in $dir" >&2
		ok=0
	else
		# libFuzzer runs each file argument once and exits non-zero on a crash.
		log=$(mktemp)
		if ! "$f" -runs=0 "$dir"/* >"$log" 2>&1; then
			cat "$log" >&2
			ok=0
		fi
		rm -f "$log"
	fi
	if [ "$ok" -eq 1 ]; then
		pass=$((pass + 1))
	else
		echo "$f: FAILED" >&2
		fail=$((fail + 1))
	fi
done
echo "fuzz corpus: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
