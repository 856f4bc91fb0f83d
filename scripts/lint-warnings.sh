#!/usr/bin/env bash
# What Error Prone and ECJ say about @Defer locals (docs/setup-warnings.md, issue 12).
#
#   scripts/lint-warnings.sh
#
# Compiles one small @Deferred class three times, against the jdefer API built from this tree:
#   1. javac with Error Prone (its own setup: -Xplugin:ErrorProne and the -J--add-exports flags that
#      Error Prone needs on JDK 17+): expects no [UnusedVariable] on the @Defer locals;
#   2. ECJ as it is: prints its "Resource leak" warnings on the @Defer locals, and "not used" on one
#      that no source reads (expected);
#   3. ECJ with the one-line fix, @SuppressWarnings({"resource", "unused"}) on each @Defer local:
#      expects no warning.
# Exits non-zero if 1 or 3 warns, or 2 does not. Error Prone and ECJ come from Maven Central, in the
# versions below; nothing of them is added to jdefer's build. Takes about a minute.
#
# Environment: JAVA_HOME picks the JDK (Error Prone 2.42.0 runs on JDK 17; newer ones need JDK 21+);
# MAVEN_OPTS is passed to Maven as usual (e.g. -Dmaven.repo.local=...).
set -euo pipefail
cd "$(dirname "$0")/.."
ERROR_PRONE=2.42.0
ECJ=3.38.0
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVAC="${JAVA_HOME:+$JAVA_HOME/bin/}javac"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The API: annotations and runtime, compiled from this tree.
mkdir -p "$work/api"
"$JAVAC" -nowarn -d "$work/api" $(find runtime/src/main/java annotations/src/main/java -name '*.java' ! -name module-info.java) # as classes on a class path

# Error Prone and ECJ with their dependencies.
cat > "$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>probe</groupId><artifactId>lint-warnings</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>com.google.errorprone</groupId><artifactId>error_prone_core</artifactId><version>$ERROR_PRONE</version></dependency>
    <dependency><groupId>org.eclipse.jdt</groupId><artifactId>ecj</artifactId><version>$ECJ</version></dependency>
  </dependencies>
</project>
EOF
mvn -B -q -f "$work/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
tools=$(cat "$work/cp.txt")
ecj=$(tr ':' '\n' < "$work/cp.txt" | grep "/ecj-$ECJ.jar")

mkdir -p "$work/src/demo" "$work/fixed/demo"
cat > "$work/src/demo/Copy.java" <<'EOF'
package demo;

import io.jdefer.Defer;
import io.jdefer.Deferred;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

@Deferred
public class Copy {
    static long copy(Path from, Path to) throws IOException {
        @Defer InputStream in = Files.newInputStream(from);
        @Defer OutputStream out = Files.newOutputStream(to);
        return in.transferTo(out);
    }

    static void hold(Path path) throws IOException {
        @Defer InputStream in = Files.newInputStream(path);
        System.out.println("holding " + path);
    }
}
EOF
sed -e 's/@Defer \([A-Za-z]*\) /@SuppressWarnings({"resource", "unused"}) @Defer \1 /' "$work/src/demo/Copy.java" > "$work/fixed/demo/Copy.java"

status=0
echo "== 1. javac $("$JAVAC" -version 2>&1 | cut -d' ' -f2) + Error Prone $ERROR_PRONE"
exports=()
for p in api file main model parser processing tree util; do exports+=("-J--add-exports=jdk.compiler/com.sun.tools.javac.$p=ALL-UNNAMED"); done
for p in code comp; do exports+=("-J--add-opens=jdk.compiler/com.sun.tools.javac.$p=ALL-UNNAMED"); done
"$JAVAC" "${exports[@]}" -XDcompilePolicy=simple --should-stop=ifError=FLOW -processorpath "$tools" \
    '-Xplugin:ErrorProne' -proc:none -cp "$work/api" -d "$work/out1" "$work/src/demo/Copy.java" > "$work/ep.txt" 2>&1 || true
cat "$work/ep.txt"
if grep -q "warning\|error" "$work/ep.txt"; then echo "-> UNEXPECTED: Error Prone warns"; status=1; else echo "-> no warning"; fi

echo "== 2. ECJ $ECJ, as it is"
"$JAVA" -jar "$ecj" -17 -proc:none -cp "$work/api" -d none "$work/src/demo/Copy.java" > "$work/ecj.txt" 2>&1 || true
cat "$work/ecj.txt"
if grep -q "Resource leak" "$work/ecj.txt"; then echo "-> Resource leak, as documented"; else echo "-> UNEXPECTED: no Resource leak (update docs/setup-warnings.md)"; status=1; fi

echo "== 3. ECJ $ECJ, with @SuppressWarnings({\"resource\", \"unused\"}) on each @Defer local"
"$JAVA" -jar "$ecj" -17 -proc:none -cp "$work/api" -d none "$work/fixed/demo/Copy.java" > "$work/ecj-fixed.txt" 2>&1 || true
cat "$work/ecj-fixed.txt"
if grep -q "WARNING\|ERROR" "$work/ecj-fixed.txt"; then echo "-> UNEXPECTED: ECJ still warns"; status=1; else echo "-> no warning"; fi
exit $status
