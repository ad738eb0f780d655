package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.kernel.Environment;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar with the production heap ({@code -Xmx10m}) on a node with more network namespaces than
 * that heap holds: {@value #NAMESPACES} real ones ({@code unshare -n sleep}), the agent alone with them in
 * a PID namespace of its own. Without the namespace limit it runs out of memory within seconds and exits
 * ({@code -XX:+ExitOnOutOfMemoryError}); with it, it keeps serving, reads as many as its heap holds and
 * reports the rest as not collected, and says so in its log.
 */
class NamespaceLimitIT {
  private static final int NAMESPACES = 800;
  private static final Pattern READ = Pattern.compile(
      "(?m)^container_netstat_agent_namespaces\\{state=\"read\"} (\\d+)");
  private static final Pattern NOT_COLLECTED = Pattern.compile(
      "(?m)^container_netstat_agent_namespaces_not_collected (\\d+)");

  @Test
  void moreNamespacesThanTheHeapHoldsAreLeftOutAndCountedInsteadOfCrashingTheDaemon() throws Exception {
    Environment.requireNetworkNamespaces();
    int port = PrometheusProcess.freePort();
    List<String> agent = new ArrayList<>(List.of("exec"));
    for (String arg : AgentJar.command(AgentJar.path(), "--sink", "prometheus", "--sink", "openfalcon",
        "--falcon-url", "http://127.0.0.1:9/v1/push", "--listen", "127.0.0.1:" + port, "--interval", "1s",
        "--resolver", "netns")) {
      agent.add("'" + arg + "'");
    }
    // sh makes the namespaces, waits until every one is there (unshare has become sleep), and becomes the
    // agent: PID 1 of the PID namespace, so that when it ends (or unshare is killed: --kill-child) the
    // kernel kills every sleep with it
    String script = "for i in $(seq " + NAMESPACES + "); do unshare -n sleep 600 & done; n=0; "
        + "while [ \"$(pgrep -c -x sleep)\" -lt " + NAMESPACES + " ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n+1)); done; "
        + String.join(" ", agent);
    Process p = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "--kill-child", "sh", "-c", script)
        .start();
    p.getOutputStream().close();
    CompletableFuture<String> err = AgentJar.read(p.getErrorStream());
    AgentJar.read(p.getInputStream());
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      String metrics = "";
      int scrapes = 0;
      long steadySince = 0;
      // every namespace found, and 20 collections a second apart survived after that, scraped all along
      while (System.nanoTime() < deadline) {
        assertThat(p.isAlive()).as("the agent runs; its log:%n%s", err.getNow("")).isTrue();
        metrics = scrape(port);
        scrapes++;
        long read = value(READ, metrics);
        long notCollected = value(NOT_COLLECTED, metrics);
        if (read >= 0 && notCollected >= 0 && read + notCollected >= NAMESPACES) {
          if (steadySince == 0) {
            steadySince = System.nanoTime();
          } else if (System.nanoTime() - steadySince > Duration.ofSeconds(20).toNanos()) {
            break;
          }
        }
        Thread.sleep(200);
      }
      assertThat(steadySince).as("all %d namespaces found within 120 s; last /metrics:%n%s", NAMESPACES, metrics)
          .isPositive();
      assertThat(p.isAlive()).as("the agent survived; its log:%n%s", err.getNow("")).isTrue();
      long read = value(READ, metrics);
      long notCollected = value(NOT_COLLECTED, metrics);
      assertThat(notCollected).as("left out by the heap's limit").isPositive();
      assertThat(read).as("read: what 10 MB of heap holds, no fewer than the 300 aimed at").isGreaterThanOrEqualTo(300);
      assertThat(read + notCollected).as("read and left out: all found, the agent's own included")
          .isEqualTo(NAMESPACES + 1);
      assertThat(scrapes).isGreaterThan(20);

      // SIGTERM to the agent itself (unshare --fork does not pass signals on); unshare exits with its code
      ProcessHandle java = p.toHandle().children().findFirst().orElseThrow();
      java.destroy();
      assertThat(AgentJar.waitFor(p, Duration.ofSeconds(10))).as("exit on SIGTERM").isNotNull().isZero();
      String log = err.join();
      assertThat(log).doesNotContain("OutOfMemoryError")
          .contains("--max-namespaces auto: the heap holds ")
          .containsPattern(" WARN " + notCollected + " of " + (NAMESPACES + 1) + " network namespaces not collected: "
              + "the heap's maximum \\(10 MB\\) holds about " + read + " beside " + (NAMESPACES + 1)
              + " found; give the JVM -Xmx\\d+m");
    } finally {
      p.destroyForcibly();
      p.waitFor();
    }
  }

  private static String scrape(int port) {
    try {
      HttpResponse<String> r = DaemonTest.get(port, "/metrics");
      return r.statusCode() == 200 ? r.body() : "";
    } catch (Exception e) {
      return ""; // not listening yet
    }
  }

  private static long value(Pattern p, String metrics) {
    Matcher m = p.matcher(metrics);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }
}
