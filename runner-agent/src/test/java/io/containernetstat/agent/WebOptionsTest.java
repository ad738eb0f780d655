package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint's options on the command line and in the environment, and a web-config file that is wrong. */
class WebOptionsTest {
  static final String HASH = "$2y$12$1DpfPeqF9HzHJt.EWswy1exHluGfbhnn3yXhR7Xes6m3WJqFg0Wby";

  @TempDir
  Path dir;

  @Test
  void timeoutsAndLimitsHaveDefaultsAndComeFromEitherPlace() {
    Settings defaults = AgentCommand.parse(Map.of(), "--sink", "prometheus");
    assertThat(defaults.web().headerTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.web().writeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.web().idleTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(defaults.web().maxConnections()).isEqualTo(256);
    Settings s = AgentCommand.parse(Map.of("CONTAINER_NETSTAT_WEB_HEADER_TIMEOUT", "2s",
        "CONTAINER_NETSTAT_WEB_MAX_CONNECTIONS", "64"), "--sink", "prometheus", "--web-write-timeout", "10s",
        "--web-idle-timeout", "1m");
    assertThat(s.web().headerTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.web().maxConnections()).isEqualTo(64);
    assertThat(s.web().writeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.web().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void theWebConfigFileIsGivenByEitherNameOrItsVariable() throws Exception {
    Path file = Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  prometheus: " + HASH + "\n");
    for (Settings s : new Settings[] {
        AgentCommand.parse(Map.of(), "--sink", "prometheus", "--web-config-file", file.toString()),
        AgentCommand.parse(Map.of(), "--sink", "prometheus", "--web.config.file", file.toString()),
        AgentCommand.parse(Map.of("CONTAINER_NETSTAT_WEB_CONFIG_FILE", file.toString()), "--sink", "prometheus")}) {
      assertThat(s.web().webConfig().users()).containsExactly("prometheus");
    }
  }

  @Test
  void aBrokenWebConfigFileStopsTheAgentNamingFileAndKey() throws Exception {
    Path file = Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  prometheus: hunter2\n");
    Run run = Run.of("--sink", "prometheus", "--listen", "127.0.0.1:0", "--web-config-file", file.toString());
    assertThat(run.code()).isEqualTo(AgentCommand.EXIT_USAGE);
    assertThat(run.err()).contains(file + ": basic_auth_users.prometheus: not a bcrypt hash");
    Run env = Run.of(Map.of("CONTAINER_NETSTAT_WEB_CONFIG_FILE", dir.resolve("missing.yml").toString()),
        "--sink", "prometheus", "--listen", "127.0.0.1:0");
    assertThat(env.code()).isEqualTo(AgentCommand.EXIT_USAGE);
    assertThat(env.err()).contains("missing.yml: no such file");
  }

  @Test
  void theListenAddressAndTelemetryPathTakeNodeExportersNamesToo() {
    Settings defaults = AgentCommand.parse(Map.of(), "--sink", "prometheus");
    assertThat(defaults.web().metricsPath()).isEqualTo("/metrics");
    assertThat(defaults.web().buildInfo()).as("the landing page's version").isNotNull();
    assertThat(defaults.web().buildInfo().version()).isEqualTo(io.containernetstat.agent.cli.Version.projectVersion());
    for (Settings s : new Settings[] {
        AgentCommand.parse(Map.of(), "--sink", "prometheus", "--listen", "127.0.0.1:9100",
            "--web-telemetry-path", "/container/metrics"),
        AgentCommand.parse(Map.of(), "--sink", "prometheus", "--web.listen-address", "127.0.0.1:9100",
            "--web.telemetry-path", "/container/metrics"),
        AgentCommand.parse(Map.of("CONTAINER_NETSTAT_LISTEN", "127.0.0.1:9100",
            "CONTAINER_NETSTAT_WEB_TELEMETRY_PATH", "/container/metrics"), "--sink", "prometheus")}) {
      assertThat(s.listen()).isEqualTo(new io.containernetstat.agent.cli.ListenAddress("127.0.0.1", 9100));
      assertThat(s.web().metricsPath()).isEqualTo("/container/metrics");
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "metrics  | Invalid value for option '--web-telemetry-path': 'metrics' does not start with '/'",
      "/        | Invalid value for option '--web-telemetry-path': '/' is the landing page",
      "/healthz | Invalid value for option '--web-telemetry-path': '/healthz' is the health check's path"})
  void aTelemetryPathThatCannotWorkIsAUsageError(String path, String reason) {
    Run run = Run.of("--sink", "prometheus", "--web.telemetry-path", path);
    assertThat(run.code()).isEqualTo(AgentCommand.EXIT_USAGE);
    assertThat(run.err()).startsWith("container-netstat: " + reason);
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  void aTimeoutOutOfRangeIsAUsageError() {
    Run run = Run.of("--sink", "prometheus", "--web-header-timeout", "2h");
    assertThat(run.code()).isEqualTo(AgentCommand.EXIT_USAGE);
    assertThat(run.err()).contains("--web-header-timeout: headerTimeout not in (0, 1h]");
  }

  @Test
  void onceIgnoresTheWebConfigFile() {
    Settings s = AgentCommand.parse(Map.of("CONTAINER_NETSTAT_WEB_CONFIG_FILE", dir.resolve("missing.yml").toString()),
        "--once");
    assertThat(s.web().webConfig().source()).isEmpty();
  }
}
