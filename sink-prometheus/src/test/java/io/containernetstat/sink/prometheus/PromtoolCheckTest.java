package io.containernetstat.sink.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code promtool check metrics} accepts the exposition.
 *
 * <p>Two lints are expected and allowed. First, the node_exporter names {@code container_netstat_<Proto>_<Field>}
 * keep the kernel's CamelCase ({@code Tcp_ActiveOpens}), which promtool reports as
 * "metric names should be written in 'snake_case' not 'camelCase'" with exit code 3, exactly as it does
 * for node_exporter's own {@code node_netstat_Tcp_ActiveOpens}.
 *
 * <p>Second, for exactly two names: cAdvisor's {@code container_network_tcp_usage_total} and
 * {@code container_network_udp_usage_total} are gauges, as cAdvisor types them, and promtool says
 * "non-counter metrics should not have "_total" suffix". The names are kept because cAdvisor's dashboards
 * and alerts query them (METRICS.md, "Sockets"). Any other finding, or a parse error (exit code 1), fails
 * the test.
 */
class PromtoolCheckTest {
  static final Pattern ALLOWED =
      Pattern.compile("container_netstat_[A-Za-z0-9]+_[A-Za-z0-9]+(_total)? metric names should be written in "
          + "'snake_case' not 'camelCase'"
          + "|container_network_(tcp|udp)_usage_total non-counter metrics should not have \"_total\" suffix");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"default", "host-network", "every-field", "sockets", "sockets-host-network", "process",
      "container-labels"})
  void promtoolAcceptsTheExposition(String variant) throws Exception {
    Path promtool = Tools.require("promtool");
    PrometheusOptions options = PrometheusOptions.defaults();
    if (variant.endsWith("host-network")) {
      options = options.withHostNetwork(true);
    } else if (variant.equals("every-field")) {
      options = options.withHostNetwork(true).withNetstatFields(".*");
    } else if (variant.equals("sockets")) {
      options = options.withBuildInfo(GoldenExpositionTest.BUILD);
    }
    String exposition = variant.equals("process") ? GoldenExpositionTest.render("process.prom")
        : variant.equals("container-labels") ? PrometheusText.toText(ContainerLabelsTest.snapshot(),
            ContainerLabelsTest.SELECTED)
        : PrometheusText.toText(variant.startsWith("sockets") ? Fixtures.goldenWithSockets() : Fixtures.golden(),
            options);

    Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // promtool stopped reading: its exit code and output say why
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    int exit = process.exitValue();

    List<String> problems = output.lines().filter(l -> !l.isBlank()).filter(l -> !ALLOWED.matcher(l).matches())
        .collect(Collectors.toList());
    assertThat(problems).as("promtool findings other than node_exporter's CamelCase names (exit %d):%n%s", exit, output)
        .isEmpty();
    assertThat(exit).as("promtool exit code (0 = clean, 3 = lint findings only):%n%s", output).isIn(0, 3);
  }
}
