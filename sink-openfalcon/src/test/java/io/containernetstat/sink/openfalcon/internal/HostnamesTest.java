package io.containernetstat.sink.openfalcon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostnamesTest {
  @TempDir Path dir;

  @Test
  void falconEndpointFromTheEnvironmentWins() throws Exception {
    Path file = Files.writeString(dir.resolve("hostname"), "kernel-name\n");
    assertThat(Hostnames.defaultEndpoint(Map.of("FALCON_ENDPOINT", " from-env "), file)).isEqualTo("from-env");
  }

  @Test
  void otherwiseTheKernelHostNameTrimmed() throws Exception {
    Path file = Files.writeString(dir.resolve("hostname"), "node-7\n");
    assertThat(Hostnames.defaultEndpoint(Map.of("FALCON_ENDPOINT", "  "), file)).isEqualTo("node-7");
  }

  @Test
  void withoutTheKernelFileTheJdkHostNameIsUsed() {
    assertThat(Hostnames.defaultEndpoint(Map.of(), dir.resolve("missing"))).isNotBlank();
  }
}
