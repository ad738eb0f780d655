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
 * <p>One lint is expected and allowed: the node_exporter names {@code container_netstat_<Proto>_<Field>}
 * keep the kernel's CamelCase ({@code Tcp_ActiveOpens}), which promtool reports as
 * "metric names should be written in 'snake_case' not 'camelCase'" with exit code 3, exactly as it does
 * for node_exporter's own {@code node_netstat_Tcp_ActiveOpens}. Any other finding, or a parse error (exit
 * code 1), fails the test.
 */
class PromtoolCheckTest {
  static final Pattern ALLOWED =
      Pattern.compile("container_netstat_[A-Za-z0-9]+_[A-Za-z0-9]+(_total)? metric names should be written in "
          + "'snake_case' not 'camelCase'");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"default", "host-network", "every-field"})
  void promtoolAcceptsTheExposition(String variant) throws Exception {
    Path promtool = Tools.require("promtool");
    PrometheusOptions options = PrometheusOptions.defaults();
    if (variant.equals("host-network")) {
      options = options.withHostNetwork(true);
    } else if (variant.equals("every-field")) {
      options = options.withHostNetwork(true).withNetstatFields(".*");
    }
    String exposition = PrometheusText.toText(Fixtures.golden(), options);

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
