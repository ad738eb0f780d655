package io.containernetstat.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.containernetstat.core.kernel.Environment;
import io.containernetstat.core.kernel.NetnsFixture;
import io.containernetstat.core.kernel.SocketSpec;
import io.containernetstat.deploy.monitoring.Dashboard.Query;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules and the dashboard against the real agent and a real Prometheus.
 *
 * <ol>
 *   <li>The agent jar runs as a daemon exactly as a user runs it ({@code --sink prometheus --listen
 *       127.0.0.1:<port> --interval 2s --resolver netns}, as root so that it sees every namespace, and
 *       {@code --files} with every file, netstat included, because the listen-queue counters come from
 *       it).</li>
 *   <li>{@code prometheus} (the Debian package's binary, temporary configuration and TSDB directory, on
 *       127.0.0.1) scrapes it every 2 s and evaluates deploy/prometheus/rules.yml every second. The rules
 *       are the real file with one change: every {@code for:} is shortened to {@value #FOR_IN_TEST}
 *       ({@link RuleFile#withForDurations}), so that an alert fires within seconds of its condition;
 *       expressions, windows and thresholds are untouched. ({@link AlertRulesTest} checks that the copy
 *       differs in nothing else; rules_test.yml tests the real durations.)</li>
 *   <li>A new network namespace ({@link NetnsFixture}, {@code unshare -n}) is driven into a real accept
 *       queue overflow: a listener with backlog 1 that never accepts, 2 queued connections, and
 *       {@value #OVERFLOW_CONNECTS} more connects whose SYNs the kernel drops, again at each retransmission
 *       (after 1, 3, 7, 15, 31 s...), counting TcpExt ListenOverflows and ListenDrops each time.</li>
 *   <li>ContainerNetstatListenOverflows must become active for that namespace, pending then firing, through
 *       {@code /api/v1/alerts}; ContainerNetstatListenDrops must not (overflows alone are not "other"
 *       drops); no rule may fail to evaluate on the agent's real series.</li>
 *   <li>Every query of deploy/grafana/dashboard.json, with the variables set to All, must parse and return
 *       data, if the agent exports every family the query uses (read from the live {@code /metrics}, not
 *       hardcoded); the others are listed in the test's output (for example the filesystem panels before
 *       the agent exports container_filesystem_*).</li>
 * </ol>
 *
 * <p>Needs root, {@code unshare}/{@code nsenter}/{@code ip}, the {@code prometheus} binary and the built
 * jar ({@code mvn -B -q -DskipTests package} at the root): skipped locally when one is missing, failed
 * under {@code CI=true}. Every process it starts is stopped by its PID. Takes about 40 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class MonitoringEndToEndTest {
  static final String FOR_IN_TEST = "5s";
  static final int OVERFLOW_CONNECTS = 8;
  static final String FILES = "sockstat,sockstat6,snmp,netstat,snmp6,dev";
  static final String JOB = "container-netstat";
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  static final Duration ALERT_TIMEOUT = Duration.ofSeconds(90);
  static final Duration DATA_TIMEOUT = Duration.ofSeconds(60);
  static final Duration POLL = Duration.ofMillis(500);

  @TempDir
  static Path dir;

  private ChildProcess agent;
  private ChildProcess prometheus;
  private NetnsFixture overflowing;
  /** The label {@code id} the netns resolver gives the overflowing namespace: the PID of its first process. */
  private String namespaceIdRegex;
  private final List<String> timeline = new ArrayList<>();
  private long t0;

  @BeforeAll
  void start() throws Exception {
    Environment.requireNetworkNamespaces();
    Path jar = MonitoringFiles.agentJar();
    Environment.requireOrSkip(Files.isRegularFile(jar),
        "needs the agent jar " + jar + ": build it with `mvn -B -q -DskipTests package` at the root");
    Path prometheusBinary = Promtool.require("prometheus");
    t0 = System.nanoTime();

    int agentPort = ChildProcess.freePort();
    agent = ChildProcess.start("agent", List.of(javaBinary(), "-jar", jar.toString(),
        "--sink", "prometheus", "--listen", "127.0.0.1:" + agentPort, "--interval", "2s",
        "--resolver", "netns", "--files", FILES), dir.resolve("agent.log"), agentPort);
    agent.awaitOk("/metrics", START_TIMEOUT);
    mark("agent serving /metrics");

    Path rules = Files.writeString(dir.resolve("rules.yml"),
        RuleFile.read(MonitoringFiles.rules()).withForDurations(FOR_IN_TEST));
    Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
        "global:",
        "  scrape_interval: 2s",
        "  scrape_timeout: 2s",
        "  evaluation_interval: 1s",
        "rule_files:",
        "  - " + rules,
        "scrape_configs:",
        "  - job_name: " + JOB,
        "    static_configs:",
        "      - targets: ['127.0.0.1:" + agentPort + "']",
        ""));
    int prometheusPort = ChildProcess.freePort();
    prometheus = ChildProcess.start("prometheus", List.of(prometheusBinary.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
        "--web.listen-address=127.0.0.1:" + prometheusPort,
        "--log.level=warn"), dir.resolve("prometheus.log"), prometheusPort);
    prometheus.awaitOk("/-/ready", START_TIMEOUT);
    awaitNonEmpty("up{job=\"" + JOB + "\"} == 1", START_TIMEOUT);
    mark("prometheus scraped the agent");

    overflowing = NetnsFixture.start(SocketSpec.empty().withListenOverflow(OVERFLOW_CONNECTS));
    namespaceIdRegex = Long.toString(overflowing.netnsInode()); // a process namespace's id is its inode
    // An interface other than lo, so that the dashboard's traffic panel (device!="lo") has a series here.
    overflowing.runInside("ip", "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
    overflowing.runInside("ip", "link", "set", "veth0", "up");
    overflowing.runInside("ip", "link", "set", "veth1", "up");
    mark("namespace overflowing (unshare " + overflowing.unsharePid() + ", holder " + overflowing.pid() + ")");
  }

  @AfterAll
  void stop() {
    // Reverse order; each by its own PID. Fields are null when @BeforeAll skipped or failed early.
    if (overflowing != null) {
      overflowing.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (agent != null) {
      agent.close();
    }
    System.out.println("[MonitoringEndToEndTest] timeline: " + String.join("; ", timeline));
  }

  @Test
  @Order(1)
  void aRealAcceptQueueOverflowMakesTheOverflowAlertFire() throws Exception {
    String alert = "ContainerNetstatListenOverflows";
    long deadline = System.nanoTime() + ALERT_TIMEOUT.toNanos();
    boolean sawPending = false;
    JsonNode firing = null;
    String last = "";
    while (firing == null && System.nanoTime() < deadline) {
      for (JsonNode a : activeAlerts()) {
        if (a.path("labels").path("alertname").asText().equals(alert)
            && a.path("labels").path("id").asText().matches(namespaceIdRegex)) {
          last = a.toString();
          if (a.path("state").asText().equals("pending") && !sawPending) {
            sawPending = true;
            mark(alert + " pending");
          } else if (a.path("state").asText().equals("firing")) {
            firing = a;
          }
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    if (firing == null) {
      fail("%s did not fire for the namespace id=~%s within %s; last seen: %s%nListenOverflows of the namespace: "
          + "%s%nprometheus log:%n%s%nagent log:%n%s", alert, namespaceIdRegex, ALERT_TIMEOUT, last,
          query("container_netstat_TcpExt_ListenOverflows_total{id=~\"" + namespaceIdRegex + "\"}"),
          prometheus.log(), agent.log());
    }
    mark(alert + " firing");
    JsonNode labels = firing.path("labels");
    assertThat(labels.path("severity").asText()).isEqualTo("warning");
    assertThat(labels.path("job").asText()).isEqualTo(JOB);
    assertThat(labels.path("instance").asText()).isEqualTo("127.0.0.1:" + agent.port());
    assertThat(labels.path("name").asText()).as("the netns resolver names a namespace after its first process")
        .isIn("unshare", "java");
    assertThat(Double.parseDouble(firing.path("value").asText())).as("overflows in 5 minutes").isPositive();
    assertThat(firing.path("annotations").path("summary").asText())
        .startsWith("Accept queue overflowing in " + labels.path("name").asText() + " on 127.0.0.1:" + agent.port());
    assertThat(firing.path("annotations").path("description").asText()).contains("accept queue");
  }

  @Test
  @Order(2)
  void overflowsAloneDoNotFireTheOtherDropsAlert() throws Exception {
    String selector = "{id=~\"" + namespaceIdRegex + "\"}";
    JsonNode drops = awaitNonEmpty("increase(container_netstat_TcpExt_ListenDrops_total" + selector + "[5m]) > 0",
        DATA_TIMEOUT);
    assertThat(drops.size()).as("the kernel counts every overflow as a drop too").isEqualTo(1);
    for (JsonNode a : activeAlerts()) {
      assertThat(a.path("labels").path("alertname").asText() + " " + a.path("labels").path("id").asText())
          .as("drops that are all overflows are not 'other' drops")
          .doesNotMatch("ContainerNetstatListenDrops (" + namespaceIdRegex + ")");
    }
  }

  @Test
  @Order(3)
  void everyRuleLoadsAndEvaluatesWithoutErrorOnTheAgentsSeries() throws Exception {
    // Two more evaluations after the alert fired, so that every 1 s group has run on real series.
    Thread.sleep(2_000);
    JsonNode groups = api("/api/v1/rules").path("data").path("groups");
    List<String> names = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (JsonNode group : groups) {
      for (JsonNode rule : group.path("rules")) {
        names.add(rule.path("name").asText());
        if (rule.path("health").asText().equals("err") || !rule.path("lastError").asText("").isEmpty()) {
          errors.add(rule.path("name").asText() + ": " + rule.path("lastError").asText());
        }
      }
    }
    List<String> expected = RuleFile.read(MonitoringFiles.rules()).rules().stream().map(RuleFile.Rule::name).toList();
    assertThat(names).as("rules Prometheus loaded").containsExactlyInAnyOrderElementsOf(expected);
    assertThat(errors).as("rules whose evaluation failed").isEmpty();
    assertThat(query("container_netstat:threshold:listen_overflows_per_5m")).as("settings are recorded").hasSize(1);
  }

  @Test
  @Order(4)
  void everyDashboardQueryParsesAndAnswersWhenTheAgentExportsItsMetrics() throws Exception {
    Set<String> exported = exportedNames();
    exported.add("up");
    Map<Query, Set<String>> missing = new LinkedHashMap<>();
    List<Query> expectData = new ArrayList<>();
    for (Query q : Dashboard.read(MonitoringFiles.dashboard()).allQueries()) {
      Set<String> notExported = PromQl.metricNames(q.promql()).stream().filter(n -> !exported.contains(n))
          .collect(Collectors.toCollection(TreeSet::new));
      if (notExported.isEmpty()) {
        expectData.add(q);
      } else {
        missing.put(q, notExported);
      }
    }
    // Every query must parse, data or not: Prometheus answers 400 bad_data otherwise.
    for (Query q : Dashboard.read(MonitoringFiles.dashboard()).allQueries()) {
      HttpResponse<String> r = prometheus.get("/api/v1/query?query=" + encode(q.promql()));
      assertThat(r.statusCode()).as("%s: %s%n%s", q.where(), q.promql(), r.body()).isEqualTo(200);
    }
    long deadline = System.nanoTime() + DATA_TIMEOUT.toNanos();
    List<Query> empty = new ArrayList<>(expectData);
    while (!empty.isEmpty() && System.nanoTime() < deadline) {
      List<Query> still = new ArrayList<>();
      for (Query q : empty) {
        if (query(q.promql()).isEmpty()) {
          still.add(q);
        }
      }
      empty = still;
      if (!empty.isEmpty()) {
        Thread.sleep(1_000);
      }
    }
    StringBuilder report = new StringBuilder();
    report.append(expectData.size()).append(" of ").append(expectData.size() + missing.size())
        .append(" dashboard queries use only families the agent exports here and returned data.\n");
    if (!missing.isEmpty()) {
      report.append("Without data, because the agent does not export these families here:\n");
      missing.forEach((q, names) -> report.append("  ").append(q.where()).append(": ").append(names).append('\n'));
    }
    System.out.println("[MonitoringEndToEndTest] " + report);
    assertThat(empty.stream().map(q -> q.where() + ": " + q.promql()).toList())
        .as("queries on exported families that returned no data within %s", DATA_TIMEOUT).isEmpty();
    assertThat(expectData).as("queries with data").hasSizeGreaterThan(missing.size());
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private void mark(String event) {
    timeline.add(String.format("%.1f s %s", (System.nanoTime() - t0) / 1e9, event));
  }

  /** {@return the metric names of the agent's live exposition (sample names, so counters with _total)} */
  private Set<String> exportedNames() throws IOException {
    HttpResponse<String> r = agent.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    Set<String> names = new TreeSet<>();
    r.body().lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(l -> {
      int end = 0;
      while (end < l.length() && l.charAt(end) != '{' && l.charAt(end) != ' ') {
        end++;
      }
      names.add(l.substring(0, end));
    });
    return names;
  }

  private JsonNode activeAlerts() throws IOException {
    return api("/api/v1/alerts").path("data").path("alerts");
  }

  /** {@return the result vector of an instant query} */
  private JsonNode query(String promql) throws IOException {
    JsonNode body = api("/api/v1/query?query=" + encode(promql));
    assertThat(body.path("data").path("resultType").asText()).as(promql).isEqualTo("vector");
    return body.path("data").path("result");
  }

  private JsonNode awaitNonEmpty(String promql, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode result = query(promql);
    while (result.isEmpty() && System.nanoTime() < deadline) {
      prometheus.requireAlive();
      agent.requireAlive();
      Thread.sleep(POLL.toMillis());
      result = query(promql);
    }
    if (result.isEmpty()) {
      fail("no result for %s within %s%nprometheus log:%n%s%nagent log:%n%s", promql, timeout, prometheus.log(),
          agent.log());
    }
    return result;
  }

  private JsonNode api(String pathAndQuery) throws IOException {
    prometheus.requireAlive();
    HttpResponse<String> r = prometheus.get(pathAndQuery);
    JsonNode body = Dashboard.JSON.readTree(r.body());
    if (r.statusCode() != 200 || !body.path("status").asText().equals("success")) {
      fail("%s answered %d: %s", pathAndQuery, r.statusCode(), r.body());
    }
    return body;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
