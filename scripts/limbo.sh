#!/usr/bin/env bash
# Runs iotls' certificate verifier over the x509-limbo suite (github.com/C2SP/x509-limbo) and prints false accepts,
# false rejects and the slowest case. The suite is generated from a checkout of that repository with its Python
# generator (needs python3 with `cryptography` and `pydantic`); the online and bettertls sets are left out.
# Usage: scripts/limbo.sh PATH_TO_X509_LIMBO_CHECKOUT [--verbose]
set -eu
cd "$(dirname "$0")/.."
LIMBO=${1:?usage: scripts/limbo.sh PATH_TO_X509_LIMBO_CHECKOUT [--verbose]}
shift
OUT=$(mktemp /tmp/limbo.XXXXXX.json)
trap 'rm -f "$OUT"' EXIT
python3 - "$LIMBO" > "$OUT" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from limbo.models import Limbo
from limbo import testcases
made = []
for name, make in testcases.registry.items():
    try:
        made.append(make())
    except Exception as e:  # a generator that needs another cryptography version: said, not hidden
        print(f"limbo.sh: case {name} not generated: {type(e).__name__}: {e}", file=sys.stderr)
print(Limbo(version=1, testcases=made).model_dump_json())
PY
./iotls bench limbo "$OUT" "$@"
