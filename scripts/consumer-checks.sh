#!/usr/bin/env bash
# Builds consumers of the INSTALLED jdefer artifacts (run `mvn install` first), outside the
# project's own build, the way users meet jdefer (issue 12, docs/setup.md):
#   readme  the README's Maven snippet and Java example, extracted verbatim, built and run
#   lint    -Werror -Xlint:all with jdefer alone and after AutoService; jdefer first keeps AutoService working
#   ecj     ECJ with @Deferred code: an error naming the post-compile step and the agent; without: compiles
#   s11     code that reaches run time unrewritten: the IllegalStateException lists every fix
#   jpms    a module with `requires io.jdefer;`, rewritten, run from the module path and from a jlink image
#   jars    module names, sources and javadoc jars, POM metadata of every installed artifact
#   gradle  the README's example built by Gradle with -Werror -Xlint:all, when a `gradle` runs on
#           this JDK (Debian's 4.4.1 here: before `annotationProcessor`, so the processor path is set by hand)
# Usage: scripts/consumer-checks.sh [check...]   (default: all). Work files go to target/consumers/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
V=0.1.0-SNAPSHOT
OUT=$ROOT/target/consumers
mkdir -p "$OUT"
# The local repository Maven installs into (honours -Dmaven.repo.local in MAVEN_OPTS).
REPO=$(mvn -B -q -Dstyle.color=never help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null \
    | sed 's/\x1b\[[0-9;]*m//g' || true)
[ -d "$REPO" ] || { echo "consumer-checks: cannot find Maven's local repository (got '$REPO')" >&2; exit 1; }
echo "consumer-checks: artifacts from $REPO"
jar_of() { echo "$REPO/io/jdefer/jdefer-$1/$V/jdefer-$1-$V${2:-}.jar"; }
API=$(jar_of annotations):$(jar_of runtime)
PROC=$(jar_of processor)
fail() { echo "consumer-checks: $*" >&2; exit 1; }
expect() { # expect <file> <text>...: every text occurs in the file
  local file=$1; shift
  for text in "$@"; do grep -qF -- "$text" "$file" || { cat "$file" >&2; fail "expected '$text' in $file"; }; done
}

# Resolves a few artifacts from Maven Central through a throwaway POM; prints a class path.
resolve() { # resolve <name> <groupId:artifactId:version>...
  local dir=$OUT/resolve-$1; shift
  mkdir -p "$dir"
  { echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
    echo "<groupId>consumer</groupId><artifactId>resolve</artifactId><version>1</version><dependencies>"
    for gav in "$@"; do IFS=: read -r g a v <<<"$gav"
      echo "<dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version></dependency>"; done
    echo '</dependencies></project>'; } > "$dir/pom.xml"
  mvn -B -q -f "$dir/pom.xml" dependency:build-classpath -Dmdep.outputFile="$dir/cp.txt" >/dev/null
  cat "$dir/cp.txt"
}

check_readme() {
  local dir=$OUT/readme
  rm -rf "$dir" && mkdir -p "$dir/src/main/java"
  # The first ```xml and the first ```java block of the README's "Use it" section, verbatim.
  awk '/^## Use it/{on=1} on&&/^```xml/{f=1;next} f&&/^```/{exit} f' README.md > "$dir/snippet.xml"
  awk '/^## Use it/{on=1} on&&/^```java/{f=1;next} f&&/^```/{exit} f' README.md > "$dir/src/main/java/Example.java"
  [ -s "$dir/snippet.xml" ] && [ -s "$dir/src/main/java/Example.java" ] || fail "README: no Maven snippet or Java example under 'Use it'"
  { echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
    echo '<groupId>consumer</groupId><artifactId>readme</artifactId><version>1</version>'
    cat "$dir/snippet.xml"
    echo '</project>'; } > "$dir/pom.xml"
  mvn -B -q -f "$dir/pom.xml" package dependency:build-classpath -Dmdep.outputFile="$dir/cp.txt" > "$dir/build.log" 2>&1 \
      || { cat "$dir/build.log"; fail "README consumer does not build"; }
  ! grep -q "\[WARNING\]" "$dir/build.log" || { cat "$dir/build.log"; fail "README consumer builds with warnings"; }
  [ "$(javap -v "$dir/target/classes/Example.class" | awk '/major version/{print $3}')" = 61 ] || fail "README consumer: not Java 17 class files"
  java -cp "$dir/target/classes:$(cat "$dir/cp.txt")" Example README.md > "$dir/run.log" 2>&1 || { cat "$dir/run.log"; fail "README example fails"; }
  expect "$dir/run.log" "closed README.md" "read README.md"
  echo "readme: the README's snippet and example build without warnings and run, rewritten"
}

check_lint() {
  local dir=$OUT/lint
  rm -rf "$dir" && mkdir -p "$dir/src/p"
  local as
  as=$(resolve autoservice com.google.auto.service:auto-service:1.1.1)
  cat > "$dir/src/p/Tag.java" <<'JAVA'
package p;
/** Not a platform annotation, and no processor supports it. */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.CLASS) public @interface Tag {}
JAVA
  cat > "$dir/src/p/Service.java" <<'JAVA'
package p;
import static io.jdefer.Defers.defer;
import io.jdefer.Deferred;
@com.google.auto.service.AutoService(Runnable.class)
public class Service implements Runnable {
    @Tag @Deferred @Override public void run() { defer(() -> System.out.println("deferred")); System.out.println("body"); }
    public static void main(String[] args) { new Service().run(); }
}
JAVA
  cat > "$dir/src/p/Plain.java" <<'JAVA'
package p;
/** No jdefer here. */
@Tag public class Plain { @Override public String toString() { return "plain"; } }
JAVA
  run_javac() { # run_javac <name> <processor path> <extra options...>
    local name=$1 path=$2; shift 2
    rm -rf "$dir/$name" && mkdir -p "$dir/$name"
    javac --release 17 -cp "$API:$as" -processorpath "$path" -d "$dir/$name" "$@" > "$dir/$name.log" 2>&1 \
        || { cat "$dir/$name.log"; fail "lint: $name does not compile"; }
  }
  run_javac alone "$PROC" -Werror -Xlint:all "$dir/src/p/Tag.java" "$dir/src/p/Plain.java"
  run_javac alone-jdefer "$PROC" -Werror -Xlint:all "$dir/src/p/Tag.java" "$dir/src/p/Plain.java" "$dir/src/p/Service.java"
  run_javac last "$as:$PROC" -Werror -Xlint:all "$dir"/src/p/*.java
  [ -s "$dir/last/META-INF/services/java.lang.Runnable" ] || fail "lint: AutoService did not run before jdefer"
  [ "$(java -cp "$dir/last:$API" p.Service)" = "$(printf 'body\ndeferred')" ] || fail "lint: not rewritten after AutoService"
  # jdefer first: it claims nothing, so AutoService still runs (javac's warning about unclaimed
  # annotations is then the same as without jdefer).
  run_javac first "$PROC:$as" -Xlint:all "$dir"/src/p/*.java
  [ -s "$dir/first/META-INF/services/java.lang.Runnable" ] || fail "lint: jdefer first starved AutoService"
  [ "$(java -cp "$dir/first:$API" p.Service)" = "$(printf 'body\ndeferred')" ] || fail "lint: not rewritten before AutoService"
  # -Ajdefer.verbose under -nowarn.
  run_javac nowarn "$PROC" -nowarn -Ajdefer.verbose "$dir"/src/p/Tag.java "$dir/src/p/Service.java" -cp "$API:$as"
  expect "$dir/nowarn.log" "jdefer: p.Service.run()V: open-coded"
  echo "lint: -Werror -Xlint:all passes (jdefer alone, with and without jdefer code; after AutoService); jdefer first keeps AutoService working; verbose shows under -nowarn"
}

check_ecj() {
  local dir=$OUT/ecj
  rm -rf "$dir" && mkdir -p "$dir/src/p" "$dir/src/q"
  local ecj
  ecj=$(resolve ecj org.eclipse.jdt:ecj:3.40.0)
  cat > "$dir/src/p/Work.java" <<'JAVA'
package p;
import static io.jdefer.Defers.defer;
import io.jdefer.Deferred;
public class Work {
    @Deferred
    public static void run() { defer(() -> System.out.println("deferred")); }
    public static void main(String[] args) { run(); }
}
JAVA
  cat > "$dir/src/q/Plain.java" <<'JAVA'
package q;
public class Plain { @Override public String toString() { return "plain"; } }
JAVA
  if java -cp "$ecj" org.eclipse.jdt.internal.compiler.batch.Main -17 -cp "$API" -processorpath "$PROC" -d "$dir/out" \
      "$dir/src/p/Work.java" > "$dir/deferred.log" 2>&1; then
    cat "$dir/deferred.log"; fail "ecj: @Deferred code compiled without an error"
  fi
  expect "$dir/deferred.log" "ERROR in" "[jdefer:NOT_JAVAC] \`Work.run\` is @Deferred, but this compiler is not javac" \
      "java -jar jdefer-processor.jar <classes dir | jar>..." "-javaagent:jdefer-processor.jar"
  java -cp "$ecj" org.eclipse.jdt.internal.compiler.batch.Main -17 -cp "$API" -processorpath "$PROC" -d "$dir/out" \
      "$dir/src/q/Plain.java" > "$dir/plain.log" 2>&1 || { cat "$dir/plain.log"; fail "ecj: code without jdefer does not compile"; }
  # ECJ bug 573833: -processorpath before -cp runs no processor at all; S11 names the fix at run time.
  java -cp "$ecj" org.eclipse.jdt.internal.compiler.batch.Main -17 -processorpath "$PROC" -cp "$API" -d "$dir/late" \
      "$dir/src/p/Work.java" > "$dir/late.log" 2>&1 || { cat "$dir/late.log"; fail "ecj: -processorpath first failed"; }
  if java -cp "$dir/late:$API" p.Work > "$dir/late-run.log" 2>&1; then fail "ecj: unrewritten code ran silently"; fi
  expect "$dir/late-run.log" "IllegalStateException" "another compiler (ECJ" "java -jar jdefer-processor.jar"
  echo "ecj: @Deferred code is an error naming the post-compile step and the agent; plain code compiles; unrewritten code fails loudly"
}

check_s11() {
  local dir=$OUT/s11
  rm -rf "$dir" && mkdir -p "$dir"
  cat > "$dir/Launched.java" <<'JAVA'
import static io.jdefer.Defers.defer;
import io.jdefer.Deferred;
public class Launched {
    @Deferred static void run() { defer(() -> System.out.println("deferred")); }
    public static void main(String[] args) { run(); }
}
JAVA
  # The source launcher runs no processor.
  if java -cp "$API" "$dir/Launched.java" > "$dir/launcher.log" 2>&1; then fail "s11: the source launcher ran unrewritten code silently"; fi
  expect "$dir/launcher.log" "Launched.run called Defers.defer(...) but was not rewritten" "jdefer-processor on the annotation processor path" \
      "JDK 23 or later" "-proc:full" "java -jar jdefer-processor.jar <classes dir | jar>..." "(java Foo.java) or jshell" \
      "-javaagent:jdefer-processor.jar"
  # JDK 23+: a processor on the plain class path does not run.
  if [ "$(java -XshowSettings:properties -version 2>&1 | awk '/java.specification.version/{print $3}')" -ge 23 ]; then
    javac --release 17 -cp "$API:$PROC" -d "$dir/classpath" "$dir/Launched.java" > "$dir/classpath.log" 2>&1
    if java -cp "$dir/classpath:$API" Launched > "$dir/classpath-run.log" 2>&1; then fail "s11: JDK 23+ class path case ran silently"; fi
    expect "$dir/classpath-run.log" "JDK 23 or later with jdefer-processor on the plain classpath"
    javac --release 17 -proc:full -cp "$API:$PROC" -d "$dir/full" "$dir/Launched.java" > "$dir/full.log" 2>&1
    [ "$(java -cp "$dir/full:$API" Launched)" = deferred ] || fail "s11: -proc:full did not rewrite"
  fi
  echo "s11: unrewritten code throws IllegalStateException listing every cause and fix"
}

check_jpms() {
  local dir=$OUT/jpms
  rm -rf "$dir" && mkdir -p "$dir/src/app/app"
  cat > "$dir/src/app/module-info.java" <<'JAVA'
module app {
    requires io.jdefer;
}
JAVA
  cat > "$dir/src/app/app/Main.java" <<'JAVA'
package app;
import static io.jdefer.Defers.defer;
import io.jdefer.Deferred;
public class Main {
    @Deferred
    static void loop(int n) { for (int i = 0; i < n; i++) { int k = i; defer(() -> System.out.println("deferred " + k)); } }
    public static void main(String[] args) { loop(2); System.out.println(Main.class.getModule().getName()); }
}
JAVA
  javac --release 17 -Werror -Xlint:all --module-path "$API" -processorpath "$PROC" -d "$dir/out" \
      "$dir/src/app/module-info.java" "$dir/src/app/app/Main.java" > "$dir/javac.log" 2>&1 || { cat "$dir/javac.log"; fail "jpms: does not compile"; }
  local want
  want=$(printf 'deferred 1\ndeferred 0\napp')
  [ "$(java --module-path "$dir/out:$API" -m app/app.Main)" = "$want" ] || fail "jpms: wrong output from the module path"
  rm -rf "$dir/image"
  jlink --module-path "$dir/out:$API" --add-modules app --output "$dir/image" > "$dir/jlink.log" 2>&1 \
      || { cat "$dir/jlink.log"; fail "jpms: jlink refused the modules"; }
  [ "$("$dir/image/bin/java" -m app/app.Main)" = "$want" ] || fail "jpms: wrong output from the jlink image"
  echo "jpms: 'requires io.jdefer;' compiles clean, runs rewritten from the module path and from a jlink image"
}

check_jars() {
  local artifact module
  for artifact in annotations:io.jdefer runtime:io.jdefer.runtime processor:io.jdefer.processor dump:io.jdefer.dump; do
    module=${artifact#*:}; artifact=${artifact%%:*}
    [ "$(jar --describe-module --file "$(jar_of "$artifact")" | grep -o "^$module@" )" = "$module@" ] \
        || { jar --describe-module --file "$(jar_of "$artifact")"; fail "jars: jdefer-$artifact is not module $module"; }
    for classifier in sources javadoc; do
      [ -s "$(jar_of "$artifact" "-$classifier")" ] || fail "jars: no $classifier jar for jdefer-$artifact"
    done
    local pom="$REPO/io/jdefer/jdefer-$artifact/$V/jdefer-$artifact-$V.pom"
    mvn -B -q help:effective-pom -f "$pom" -Doutput="$OUT/effective-$artifact.xml" >/dev/null
    expect "$OUT/effective-$artifact.xml" "<url>" "<licenses>" "<developers>" "<scm" "<connection>" "<description>"
  done
  for module in io.jdefer io.jdefer.runtime; do
    jar --describe-module --file "$(jar_of "$([ $module = io.jdefer ] && echo annotations || echo runtime)")" | grep -q automatic \
        && fail "jars: $module must be an explicit module (jlink refuses automatic ones)"
  done
  echo "jars: module names io.jdefer, io.jdefer.runtime (explicit), io.jdefer.processor, io.jdefer.dump; sources, javadoc and POM metadata"
}

check_gradle() {
  if ! command -v gradle >/dev/null || ! gradle -q --no-daemon --version >/dev/null 2>&1; then
    echo "gradle: skipped (no gradle that runs on this JDK)"
    return
  fi
  local dir=$OUT/gradle
  rm -rf "$dir" && mkdir -p "$dir/src/main/java"
  awk '/^## Use it/{on=1} on&&/^```java/{f=1;next} f&&/^```/{exit} f' README.md > "$dir/src/main/java/Example.java"
  cat > "$dir/build.gradle" <<'GRADLE'
apply plugin: 'java'
sourceCompatibility = '17'
targetCompatibility = '17'
repositories { maven { url "file://${project.property('jdeferRepo')}" } }
configurations { jdeferProcessor }
dependencies {
    compile 'io.jdefer:jdefer-annotations:0.1.0-SNAPSHOT'
    jdeferProcessor 'io.jdefer:jdefer-processor:0.1.0-SNAPSHOT'
}
// Gradle 4.6 and later: dependencies { annotationProcessor 'io.jdefer:jdefer-processor:0.1.0-SNAPSHOT' }
compileJava.options.annotationProcessorPath = configurations.jdeferProcessor
compileJava.options.compilerArgs += ['-Werror', '-Xlint:all']
task run(type: JavaExec) { classpath = sourceSets.main.runtimeClasspath; main = 'Example'; args 'build.gradle' }
GRADLE
  (cd "$dir" && gradle -q --no-daemon -PjdeferRepo="$REPO" run > run.log 2>&1) || { cat "$dir/run.log"; fail "gradle: build or run failed"; }
  expect "$dir/run.log" "read build.gradle" "closed build.gradle"
  echo "gradle: $(gradle -q --no-daemon --version 2>/dev/null | awk '/^Gradle/{print $2}') builds the README's example with -Werror -Xlint:all, rewritten"
}

checks=${*:-readme lint ecj s11 jpms jars gradle}
for check in $checks; do "check_$check"; done
