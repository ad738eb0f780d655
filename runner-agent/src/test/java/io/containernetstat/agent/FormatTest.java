package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.agent.report.JsonFormat;
import io.containernetstat.agent.report.OpenFalconFormat;
import io.containernetstat.agent.report.PrometheusFormat;
import io.containernetstat.agent.report.ReportFormat;
import io.containernetstat.agent.report.TableFormat;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --format}: each name chooses its {@link ReportFormat}. {@link OnceGoldenTest} checks what they print. */
class FormatTest {
  @ParameterizedTest(name = "--format {0}")
  @CsvSource({"table, TABLE", "json, JSON", "prometheus, PROMETHEUS", "openfalcon, OPENFALCON", "JSON, JSON"})
  void eachNameChoosesItsFormat(String name, Format expected) {
    Settings settings = AgentCommand.parse(Map.of(), "--once", "--format", name);
    assertThat(settings.format()).isEqualTo(expected);
    Class<? extends ReportFormat> type = switch (expected) {
      case TABLE -> TableFormat.class;
      case JSON -> JsonFormat.class;
      case PROMETHEUS -> PrometheusFormat.class;
      case OPENFALCON -> OpenFalconFormat.class;
    };
    assertThat(settings.format().create(settings)).isInstanceOf(type);
  }
}
