#!/usr/bin/env bash
# Checks that wbc-zoo works as a plain Maven dependency: installs the modules into the local
# repository, then compiles and runs a separate project that depends on wbc-models, wbc-data and
# wbc-eval and copies nothing from this repository.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mvn -B -ntp -q -f "$root/pom.xml" install -DskipTests

mkdir -p "$work/src/main/java/demo"
cat > "$work/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>demo</groupId>
  <artifactId>wbc-consumer</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency><groupId>io.github.wbczoo</groupId><artifactId>wbc-models</artifactId><version>0.1.0-SNAPSHOT</version></dependency>
    <dependency><groupId>io.github.wbczoo</groupId><artifactId>wbc-data</artifactId><version>0.1.0-SNAPSHOT</version></dependency>
    <dependency><groupId>io.github.wbczoo</groupId><artifactId>wbc-eval</artifactId><version>0.1.0-SNAPSHOT</version></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
      </plugin>
    </plugins>
  </build>
</project>
POM
cat > "$work/src/main/java/demo/Main.java" <<'JAVA'
package demo;

import io.github.wbczoo.core.WbcBackend;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.models.WbcModels;
import java.nio.file.Path;

public class Main {
    public static void main(String[] args) {
        BccdDataset data = BccdDataset.open(Path.of(args[0]));
        WbcModel model = WbcModels.create("basicCnn").epochs(1).limitPerClass(8).fit(data);
        System.out.println("backend: " + WbcBackend.init().summary());
        System.out.println("trained " + model + " on " + data.total() + " images; evaluator " + new Evaluator().settings());
        if (!WbcBackend.init().onednnHelpersActive()) {
            throw new IllegalStateException("oneDNN helpers are not active in a consumer project");
        }
    }
}
JAVA
cd "$work"
mvn -B -ntp -q compile dependency:build-classpath -Dmdep.outputFile=cp.txt
java -cp "target/classes:$(cat cp.txt)" demo.Main "$root/../shared/bccd"
echo "consumer check: OK"
