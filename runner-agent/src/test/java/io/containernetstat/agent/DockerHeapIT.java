package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.kernel.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon with the Docker resolver in the production heap ({@code -Xmx10m -Xmn3m}) at 30 real
 * containers, both sinks, the open-falcon receiver down (its queue full) and Prometheus scraping: every
 * scrape reports every container, and a full collection of the heap leaves room (docker-java's command
 * layer held about 3 MB, and such a daemon collected in back-to-back full GCs that freed nothing, 9M->9M,
 * until it died or crawled). Every container carries {@code container-netstat-test=1} and is removed
 * afterwards.
 */
class DockerHeapIT {
  private static final int CONTAINERS = 30;
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final List<String> STARTED = new ArrayList<>();
  /** {@code GC(12) Pause Full (Allocation Failure) 9M->6M(9M) 8.5ms}: after and capacity, in MB. */
  private static final Pattern FULL_GC = Pattern.compile("Pause Full \\([^)]*\\) \\d+M->(\\d+)M\\((\\d+)M\\)");

  @TempDir Path tmp;

  @BeforeAll
  static void startContainers() throws Exception {
    Environment.requireNetworkNamespaces();
    Environment.requireOrSkip(Tools.dockerAnswers(),
        "needs a Docker daemon that answers 'docker info' (run scripts/test-env/up.sh as root)");
    String image = System.getenv().getOrDefault("TEST_IMAGE", "busybox:latest");
    for (int i = 0; i < CONTAINERS; i++) {
      STARTED.add(Tools.run("docker", "run", "-d", "--label", "container-netstat-test=1",
          "--label", "com.example.index=" + i, "--name", name(i), image, "sleep", "600").strip());
    }
  }

  @AfterAll
  static void removeContainers() throws Exception {
    Tools.removeDockerContainers(STARTED);
  }

  private static String name(int i) {
    return "cnt-it-heap-" + RUN + "-" + i;
  }

  @Test
  void thirtyContainersFitTheProductionHeapWithBothSinksAndTheReceiverDown() throws Exception {
    int port = PrometheusProcess.freePort();
    Path gc = tmp.resolve("gc.log");
    List<String> command = AgentJar.command(AgentJar.path(), "--sink", "prometheus,openfalcon",
        "--listen", "127.0.0.1:" + port, "--falcon-url", "http://127.0.0.1:1/v1/push", "--interval", "500ms",
        "--resolver", "docker", "--container-labels", "com\\.example\\..*");
    command.add(command.indexOf("-jar"), "-Xlog:gc:file=" + gc);
    AgentJar.Daemon daemon = AgentJar.start(command);
    Process agent = daemon.process();
    var agentErr = daemon.err();
    try {
      DaemonTest.awaitHealthy(port);
      for (int scrape = 0; scrape < 30; scrape++) {
        assertThat(agent.isAlive()).as("alive at scrape %d; stderr:%n%s", scrape, agentErr.getNow("")).isTrue();
        var page = DaemonTest.get(port, "/metrics");
        assertThat(page.statusCode()).as("scrape %d", scrape).isEqualTo(200);
        for (int i = 0; i < CONTAINERS; i++) {
          assertThat(page.body()).as("scrape %d reports container %d", scrape, i)
              .contains("name=\"" + name(i) + "\"");
        }
        Thread.sleep(500);
      }
      assertThat(agent.isAlive()).as("alive after 30 scrapes; stderr:%n%s", agentErr.getNow("")).isTrue();
    } finally {
      agent.toHandle().destroy();
      assertThat(AgentJar.waitFor(agent, Duration.ofSeconds(10))).as("stopped by SIGTERM").isZero();
    }
    // Every full collection after the start-up leaves at least 2 MB of the heap free.
    List<String> full = Files.readAllLines(gc).stream().filter(l -> l.contains("Pause Full")).toList();
    for (String line : full.subList(full.size() / 2, full.size())) {
      Matcher m = FULL_GC.matcher(line);
      assertThat(m.find()).as("a full GC line: %s", line).isTrue();
      assertThat(Integer.parseInt(m.group(1))).as("heap live after %s", line)
          .isLessThanOrEqualTo(Integer.parseInt(m.group(2)) - 2);
    }
  }
}
