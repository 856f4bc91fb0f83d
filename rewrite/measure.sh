#!/usr/bin/env bash
# Measures the recipes on real code (docs/migrate.md, "Measured on commons-io"): commons-io's own
# sources and tests from Maven Central, converted with TryFinallyToDefer through rewrite-maven-plugin
# exactly as docs/migrate.md tells users, compiled with the jdefer processor, then inlined back with
# InlineDefers and compiled without it. The library's own tests run on the original, the converted
# and the inlined code; their outcomes (per test case) must be identical. Not run in CI: it
# downloads and runs a whole library.
#
#   rewrite/measure.sh [work dir]   default /tmp/jdefer-measure. JAVA_HOME picks the JDK.
#   SKIP_INSTALL=1                  jdefer and jdefer-rewrite are already in the local repository
#   TESTS=touched (default)         commons-io's test classes of every class the recipe changed
#                                   (Foo -> Foo*Test), run on all three; TESTS=all: the whole suite
#   EXCLUDE='!TailerTest#testLongFile' (default) surefire exclusions, the same in every state
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-/tmp/jdefer-measure}
CIO_VERSION=${CIO_VERSION:-2.22.0}
PLUGIN=org.openrewrite.maven:rewrite-maven-plugin:${REWRITE_PLUGIN_VERSION:-6.46.1}
RECIPES=io.jdefer:jdefer-rewrite:0.1.0-SNAPSHOT
TESTS=${TESTS:-touched}
OUT=$WORK/results
MVN="mvn -B -ntp"
GIT="git -c user.email=measure@localhost -c user.name=measure"

rm -rf "$WORK"
mkdir -p "$WORK/dl" "$OUT"
cd "$WORK"

if [ -z "${SKIP_INSTALL:-}" ]; then
    echo "== jdefer and its recipes into the local repository"
    $MVN -q -f "$ROOT/pom.xml" install -DskipTests
fi

echo "== commons-io $CIO_VERSION sources and test sources"
for classifier in sources test-sources; do
    $MVN -q dependency:copy -Dartifact="commons-io:commons-io:$CIO_VERSION:jar:$classifier" -DoutputDirectory="$WORK/dl"
done
mkdir -p project/src/main/java project/src/test/java project/src/test/resources
unzip -q "dl/commons-io-$CIO_VERSION-sources.jar" -d project/src/main/java -x 'META-INF/*'
# the .java files of the test jar are the tests; the rest are their resources
unzip -q "dl/commons-io-$CIO_VERSION-test-sources.jar" '*.java' -d project/src/test/java
unzip -q "dl/commons-io-$CIO_VERSION-test-sources.jar" -d project/src/test/resources -x 'META-INF/*' '*.java'
sed "s/@CIO_VERSION@/$CIO_VERSION/" "$ROOT/rewrite/measure/commons-io-pom.xml" > project/pom.xml
cd project
printf 'target/\n' > .gitignore
git init -q && git add -A && $GIT commit -qm original && git tag original

run_recipe() { # $1 = recipe, $2... = extra maven args
    local recipe=$1; shift
    echo "== rewrite-maven-plugin: $recipe (main sources only; the tests stay unchanged)"
    local t0=$SECONDS
    $MVN $PLUGIN:run "$@" -Drewrite.recipeArtifactCoordinates=$RECIPES -Drewrite.activeRecipes="$recipe" \
        -Drewrite.exportDatatables=true -Drewrite.exclusions='**/src/test/**' > "$OUT/$recipe.log" 2>&1 || { tail -40 "$OUT/$recipe.log"; exit 1; }
    echo "   $((SECONDS - t0)) s"
    find target/rewrite -name 'io.jdefer.migrate.MigrationReport.csv' -exec cp {} "$OUT/$recipe.report.csv" \;
}

run_tests() { # $1 = label, $2... = extra maven args
    local label=$1; shift
    echo "== tests: $label"
    local t0=$SECONDS
    $MVN -q clean test "${SELECT[@]}" "$@" > "$OUT/$label.log" 2>&1 || { tail -40 "$OUT/$label.log"; exit 1; }
    python3 "$ROOT/rewrite/measure/outcomes.py" target/surefire-reports > "$OUT/$label.outcomes"
    echo "   $(grep -c ' pass$' "$OUT/$label.outcomes") pass, $(grep -vc ' pass$' "$OUT/$label.outcomes") not pass, $((SECONDS - t0)) s"
}

# 1. adopt: the user's command, then the user's build with jdefer
run_recipe io.jdefer.migrate.TryFinallyToDefer
git diff --shortstat -- src/test > "$OUT/tests-changed.txt"
git diff --shortstat > "$OUT/converted.diffstat"
git diff > "$OUT/converted.diff"
git add -A && $GIT commit -qm converted && git tag converted

SELECT=()
if [ "$TESTS" = touched ]; then
    classes=$(git diff --name-only original converted -- src/main/java | xargs -n1 basename | sed 's/\.java$//' | sort -u)
    tests=$(for c in $classes; do find src/test/java -name "${c}*Test.java" -exec basename {} .java \; ; done | sort -u | paste -sd, -)
    echo "$tests" | tr , '\n' > "$OUT/selected-tests.txt"
    echo "== $(wc -l < "$OUT/selected-tests.txt") test classes of the $(echo "$classes" | wc -w) changed classes"
    SELECT=(-Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false)
fi
# TailerTest#testLongFile busy-waits for a tailer thread to read 100000 lines: on a shared 2-core
# machine it ran past 8 minutes; it is left out of every state alike (EXCLUDE= to keep it)
EXCLUDE=${EXCLUDE-'!TailerTest#testLongFile'}
if [ -n "$EXCLUDE" ]; then
    if [ ${#SELECT[@]} -gt 0 ]; then
        SELECT[0]="${SELECT[0]},$EXCLUDE"
    else
        SELECT=(-Dtest="$EXCLUDE" -Dsurefire.failIfNoSpecifiedTests=false)
    fi
fi

git checkout -q original -- src/main
run_tests original
git checkout -q converted -- src/main
run_tests converted -Pjdefer

# 2. leave: the user's command (jdefer still on the class path), then a build without the processor
run_recipe io.jdefer.migrate.InlineDefers -Pjdefer
git diff --shortstat > "$OUT/inlined.diffstat"
git diff > "$OUT/inlined.diff"
git diff --shortstat original -- src/main > "$OUT/inlined-vs-original.diffstat"
grep -rl 'io\.jdefer' src/main/java > "$OUT/inlined-still-jdefer.txt" || true
run_tests inlined -Dmaven.compiler.proc=none

echo "== report"
python3 - "$OUT" <<'PY'
import csv, collections, sys, os
out = sys.argv[1]
for recipe in ("io.jdefer.migrate.TryFinallyToDefer", "io.jdefer.migrate.InlineDefers"):
    path = os.path.join(out, recipe + ".report.csv")
    if not os.path.exists(path):
        print(recipe, ": no report"); continue
    rows = list(csv.DictReader(line for line in open(path) if not line.startswith("#")))
    counts = collections.Counter((r["outcome"], r["form"], r["reason"]) for r in rows)
    print(recipe, len(rows), "sites")
    for (outcome, form, reason), n in sorted(counts.items()):
        print(f"  {n:4d} {outcome:9s} {form:20s} {reason}")
PY
for label in converted inlined; do
    if diff -q "$OUT/original.outcomes" "$OUT/$label.outcomes" > /dev/null; then
        echo "$label: test outcomes identical to the original ($(wc -l < "$OUT/original.outcomes") test cases)"
    else
        echo "$label: test outcomes DIFFER from the original:"; diff "$OUT/original.outcomes" "$OUT/$label.outcomes" | head -20
    fi
done
echo "converted: $(cat "$OUT/converted.diffstat")"
echo "inlined vs original: $(cat "$OUT/inlined-vs-original.diffstat")"
echo "tests changed by the recipes: $(cat "$OUT/tests-changed.txt")"
echo "files still naming io.jdefer after InlineDefers: $(wc -l < "$OUT/inlined-still-jdefer.txt")"
