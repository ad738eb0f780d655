package io.containernetstat.deploy.monitoring;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the files under test are: the alert rules, their unit tests, the dashboard, the metric reference
 * and the agent's jar, all found from the repository root. Stateless.
 *
 * <p>The root is found by walking up from the working directory (Surefire runs in {@code deploy/}, an IDE
 * may run at the root) to the directory that holds {@code deploy/prometheus/rules.yml}.
 */
final class MonitoringFiles {
  private MonitoringFiles() {}

  /** {@return the repository root} */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("deploy/prometheus/rules.yml"))) {
        return d;
      }
    }
    throw new IllegalStateException("no deploy/prometheus/rules.yml in " + dir + " or above it");
  }

  /** {@return deploy/prometheus/rules.yml} */
  static Path rules() {
    return root().resolve("deploy/prometheus/rules.yml");
  }

  /** {@return deploy/prometheus/rules_test.yml, promtool's unit tests of {@link #rules()}} */
  static Path rulesTest() {
    return root().resolve("deploy/prometheus/rules_test.yml");
  }

  /** {@return deploy/grafana/dashboard.json} */
  static Path dashboard() {
    return root().resolve("deploy/grafana/dashboard.json");
  }

  /** {@return sink-prometheus/METRICS.md, the reference of every exported family} */
  static Path metricsDoc() {
    return root().resolve("sink-prometheus/METRICS.md");
  }

  /** {@return the runnable agent jar that {@code mvn -B -q -DskipTests package} builds} */
  static Path agentJar() {
    return root().resolve("runner-agent/target/container-netstat.jar");
  }
}
