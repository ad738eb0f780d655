package io.containernetstat.sink.prometheus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code Accept-Encoding} is read; the page itself is tested through the real server. */
class MetricsHandlerTest {
  @Test
  void gzipIsAcceptedUnlessRefused() {
    assertThat(MetricsHandler.acceptsGzip(List.of("gzip, deflate"))).isTrue();
    assertThat(MetricsHandler.acceptsGzip(List.of("br;q=1.0, GZIP;q=0.5"))).isTrue();
    assertThat(MetricsHandler.acceptsGzip(List.of("gzip;q=0"))).isFalse();
    assertThat(MetricsHandler.acceptsGzip(List.of("gzip;q=0.000"))).isFalse();
    assertThat(MetricsHandler.acceptsGzip(List.of("identity", "x-gzip"))).isFalse();
    assertThat(MetricsHandler.acceptsGzip(null)).isFalse();
  }
}
