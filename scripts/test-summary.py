#!/usr/bin/env python3
"""Counts meson's test log into the closing line CI reads: N passed, N failed."""
import json
import sys

path = sys.argv[1] if len(sys.argv) > 1 else 'build/meson-logs/testlog.json'
passed = failed = skipped = 0
try:
    with open(path, encoding='utf-8') as log:
        for line in log:
            if not line.strip():
                continue
            result = json.loads(line)['result']
            if result in ('OK', 'EXPECTEDFAIL'):
                passed += 1
            elif result == 'SKIP':
                skipped += 1
            else:
                failed += 1
except FileNotFoundError:
    print(f'no test log at {path}', file=sys.stderr)
    failed = 1

line = f'{passed} passed, {failed} failed'
if skipped:
    line += f', {skipped} skipped'
print(line)
sys.exit(1 if failed or passed == 0 else 0)
