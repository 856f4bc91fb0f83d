#!/usr/bin/env bash
# Differential fuzzing of jdefer (docs/testing.md): random @Deferred programs, compiled with the
# processor under AUTO, FRAME and INLINE, run against a plain-Java reference of the same program.
#
#   scripts/fuzz.sh [COUNT] [SEED]          COUNT programs (default 960) from SEED (default: random)
#   scripts/fuzz.sh --shrink SEED [METHOD]  minimize the first divergence of the batch of SEED
#
# Batch i of a run uses seed SEED+i; a failing batch prints its seed, which reproduces it alone:
#   scripts/fuzz.sh 24 <seed>   then   scripts/fuzz.sh --shrink <seed>
# Sources of failing batches are kept in processor/target/fuzz-failures/<seed>/.
#
# Environment: JAVA_HOME picks the JDK (e.g. /usr/lib/jvm/temurin-25-jdk-amd64);
# FUZZ_KNOWN_BUGS=true also generates the constructs of open bugs (off by default);
# MVN_FLAGS overrides the Maven flags (default: -B -o).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN_FLAGS=${MVN_FLAGS:--B -o}
known=${FUZZ_KNOWN_BUGS:-false}

# -am builds runtime and annotations in the same reactor: nothing is installed into ~/.m2.
if [[ "${1:-}" == "--shrink" ]]; then
    seed=${2:?usage: scripts/fuzz.sh --shrink SEED [METHOD]}
    method_flag=()
    if [[ -n "${3:-}" ]]; then method_flag=(-Djdefer.fuzz.method="$3"); fi
    exec mvn $MVN_FLAGS test -pl processor -am -Dsurefire.failIfNoSpecifiedTests=false \
        -Dtest='DifferentialFuzzTest#shrink' -Djdefer.fuzz.shrink="$seed" -Djdefer.fuzz.knownBugs="$known" "${method_flag[@]}"
fi

count=${1:-960}
seed=${2:-$(( (RANDOM << 30) ^ (RANDOM << 15) ^ RANDOM ))}
echo "jdefer fuzz: $count programs from seed $seed (JDK: ${JAVA_HOME:-default})"
exec mvn $MVN_FLAGS test -pl processor -am -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='DifferentialFuzzTest#randomPrograms*' -Djdefer.fuzz.count="$count" -Djdefer.fuzz.seed="$seed" \
    -Djdefer.fuzz.knownBugs="$known" -Djdefer.fuzz.progress=true
