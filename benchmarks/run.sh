#!/usr/bin/env bash
# The whole performance report of docs/performance.md, in about 15 minutes on a quiet 2-core machine:
#
#   1. installs the jdefer artifacts of this work tree and builds the benchmarks (~1 min);
#   2. JMH, every scenario of SPEC section 7 with its baselines, -prof gc (~13 min: 160 benchmarks,
#      1 fork, 3 warm-up and 4 measured iterations of 1 s; FORKS=3 ITERATIONS=10 for release figures);
#   3. bytecode size of every variant (a second);
#   4. javac time on a generated 1,000-class corpus, processor on / check only / no-op / off (~2 min:
#      in-process javax.tools, 1 warm-up and 3 measured rounds per mode);
#   5. prints the report and writes it into docs/performance.md between its benchmark markers.
#
# JDK 17 by default; JAVA_HOME chooses another, e.g.
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/run.sh
# Each JDK feature release has its own block in the document (markers "benchmarks:begin JDK 25"), and
# its own results directory, benchmarks/target/results-jdk25.
# Knobs (environment): FORKS WARMUP_ITERATIONS ITERATIONS TIME (JMH, e.g. TIME=2s), BENCH (JMH
# regex), COMPILE_WARMUPS COMPILE_ROUNDS CORPUS (class count), SKIP_INSTALL=1, SKIP_COMPILE_TIME=1,
# DOC (path of the document to update, or - for none), NOTE (a note printed in the report),
# QUICK=1 (a smoke run in ~3 minutes: every benchmark once, numbers meaningless).
set -euo pipefail

# Everything in a function: bash reads a script as it runs, so an edit during a run cannot break it.
main() {

    here="$(cd "$(dirname "$0")" && pwd)"
    root="$(dirname "$here")"

    if [[ -z "${JAVA_HOME:-}" ]]; then
        for candidate in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-17-jdk-amd64; do
            if [[ -x "$candidate/bin/java" ]]; then
                JAVA_HOME="$candidate"
                break
            fi
        done
    fi
    if [[ -z "${JAVA_HOME:-}" ]]; then
        JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    fi
    export JAVA_HOME
    java="$JAVA_HOME/bin/java"

    if [[ "${QUICK:-0}" == 1 ]]; then
        : "${FORKS:=1}" "${WARMUP_ITERATIONS:=1}" "${ITERATIONS:=1}" "${TIME:=1s}"
        : "${COMPILE_WARMUPS:=0}" "${COMPILE_ROUNDS:=1}" "${CORPUS:=100}"
    fi
    : "${FORKS:=1}" "${WARMUP_ITERATIONS:=3}" "${ITERATIONS:=4}" "${TIME:=1s}" "${BENCH:=io\.jdefer\.bench\.[A-Z]}"
    : "${COMPILE_WARMUPS:=1}" "${COMPILE_ROUNDS:=3}" "${CORPUS:=1000}"
    : "${DOC:=$root/docs/performance.md}" "${NOTE:=}"

    results="$here/target/results-jdk$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    start=$(date +%s)
    step() { printf '\n==> [%3ds] %s\n' "$(( $(date +%s) - start ))" "$*" >&2; }

    step "JDK: $("$java" -version 2>&1 | head -1)"
    if [[ "${SKIP_INSTALL:-0}" != 1 ]]; then
        step "installing jdefer from $root"
        (cd "$root" && mvn -B -q install -DskipTests)
    fi
    step "building the benchmarks"
    (cd "$here" && mvn -B -q package 2>&1 | grep -v -e '^\[INFO\] jdefer:' -e 'overlapping' -e 'META-INF' \
        -e 'maven-shade-plugin has' -e 'present in two' -e 'single version' -e 'Usually this' -e 'otherwise try' \
        -e 'dependency:tree' -e 'See https' || true)
    jar="$here/target/benchmarks.jar"
    [[ -f "$jar" ]] || { echo "build failed: no $jar" >&2; exit 1; }
    rm -rf "$results"
    mkdir -p "$results"

    settings="1.37, \`-f $FORKS -wi $WARMUP_ITERATIONS -w $TIME -i $ITERATIONS -r $TIME -prof gc\`, average time; jdefer at $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD 2> /dev/null || echo ' (with local changes)'); load average at the start of the run: $(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null || echo unknown)"
    step "JMH: $settings"
    "$java" -jar "$jar" "$BENCH" -f "$FORKS" -wi "$WARMUP_ITERATIONS" -w "$TIME" -i "$ITERATIONS" -r "$TIME" \
        -prof gc -foe true -rf csv -rff "$results/jmh.csv" > "$results/jmh.log" 2>&1 \
        || { tail -40 "$results/jmh.log" >&2; echo "JMH failed; log: $results/jmh.log" >&2; exit 1; }

    step "bytecode sizes"
    "$java" -cp "$jar" io.jdefer.bench.tools.CodeSize "$results/sizes.md" > /dev/null

    compile=-
    if [[ "${SKIP_COMPILE_TIME:-0}" != 1 ]]; then
        step "compile time: generating a $CORPUS-class corpus, then javac with the processor on, check only, a no-op processor, off"
        rm -rf "$here/target/corpus"
        "$java" -cp "$jar" io.jdefer.bench.tools.CorpusGenerator "$here/target/corpus/src" "$CORPUS" >&2
        "$java" -Xmx2g -cp "$jar" io.jdefer.bench.tools.CompileTime "$here/target/corpus/src" "$here/target/jdefer-lib" \
            "$COMPILE_WARMUPS" "$COMPILE_ROUNDS" "$results/compile.md" > /dev/null 2> "$results/compile.log" \
            || { cat "$results/compile.log" >&2; exit 1; }
        compile="$results/compile.md"
    fi

    step "report"
    "$java" -cp "$jar" io.jdefer.bench.tools.Report "$results/jmh.csv" "$results/sizes.md" "$compile" "$DOC" \
        "$settings" "$NOTE" | tee "$results/report.md"
    step "done: $results/report.md$([[ "$DOC" != - ]] && echo ", and $DOC" || true)"
}

main "$@"
