package io.containernetstat.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Counters;
import io.containernetstat.core.internal.NetnsReader;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.ReadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A namespace with 300 interfaces: its {@code net/dev} is about 37 KB, which the kernel hands out a
 * page or so per read (one record per interface). Every interface must be read, through held
 * descriptors and open-read-close alike, not only the first page of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManyInterfacesTest {
  private static final int PAIRS = 150;
  private NetnsFixture ns;
  private Path batch;

  @BeforeAll
  void start() throws IOException {
    Environment.requireNetworkNamespaces();
    ns = NetnsFixture.start(SocketSpec.empty());
    batch = Files.createTempFile("veth", ".batch");
    StringBuilder commands = new StringBuilder();
    for (int i = 0; i < PAIRS; i++) {
      commands.append("link add v").append(i).append(" type veth peer name p").append(i).append('\n');
    }
    Files.writeString(batch, commands);
    ns.runInside("ip", "-batch", batch.toString());
  }

  @AfterAll
  void stop() throws IOException {
    if (ns != null) {
      ns.close(); // the namespace goes, and its interfaces with it
    }
    if (batch != null) {
      Files.deleteIfExists(batch);
    }
  }

  @ParameterizedTest(name = "hold descriptors: {0}")
  @ValueSource(booleans = {true, false})
  void everyInterfaceOfALargeDevIsRead(boolean hold) throws IOException {
    Path dev = Path.of("/proc", Long.toString(ns.pid()), "net", "dev");
    long bytes = Files.readAllBytes(dev).length;
    assertThat(bytes).as("dev spans several pages").isGreaterThan(8 * 4096L);
    int interfaces = Files.readAllLines(dev).size() - 2;
    assertThat(interfaces).isEqualTo(2 * PAIRS + 1);
    try (NetnsReader reader = new NetnsReader(ProcRoot.DEFAULT, Set.of(ProcNetFile.DEV), hold)) {
      for (int read = 0; read < 2; read++) {
        ReadResult r = reader.read(ns.pid(), ns.startTime());
        assertThat(r).as("read %d", read).isInstanceOf(ReadResult.Read.class);
        Counters counters = ((ReadResult.Read) r).stats().file(ProcNetFile.DEV).orElseThrow();
        assertThat(counters.groups()).as("read %d: interfaces", read).hasSize(interfaces)
            .contains("lo", "v0", "p" + (PAIRS - 1));
      }
    }
  }
}
