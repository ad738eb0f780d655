package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --once} on a fixture proc tree (see {@link FixtureProc#standard}) against golden files, one per
 * format. Times and durations are masked; everything else must match byte for byte. The tree has no
 * mount tables, so these run with {@code --no-filesystems}; {@link io.containernetstat.agent.report.FilesystemsReportTest} covers the
 * filesystems' rendering.
 */
class OnceGoldenTest {
  Path proc;

  @BeforeEach
  void buildTree(@TempDir Path dir) {
    proc = FixtureProc.standard(dir);
  }

  private Run once(String... more) {
    return Run.once(proc, more);
  }

  @Test
  void jsonWithEveryFileMatchesGolden() throws Exception {
    Run run = once("--format", "json", "--files", String.join(",", FixtureProc.ALL_FILES));
    Golden.assertMatches("once-all-files.json", maskJson(run.out()));
    JsonNode doc = new ObjectMapper().readTree(run.out());
    assertThat(doc.get("namespaces")).as("namespaces (host network left out)").hasSize(3);

    // What the golden file must say, so that a careless regeneration cannot bless a wrong document.
    JsonNode live = AgentJarIT.namespace(doc, FixtureProc.LIVE_NETNS);
    assertThat(live.get("pid").asLong()).as("read through the namespace's first process").isEqualTo(2917);
    assertThat(live.at("/containers/0/name").asText()).isEqualTo("python3");
    assertThat(live.get("summary").toString()).isEqualTo(
        "{\"tcpEstablished\":6,\"tcpInuse\":8,\"tcpTimewait\":1,\"udpInuse\":3,\"socketsUsed\":12}");
    assertThat(live.at("/snmp/Tcp/MaxConn").asLong()).as("signed, as the kernel printed it").isEqualTo(-1);
    assertThat(live.at("/netstat/TcpExt").size()).as("TcpExt fields").isEqualTo(135);
    assertThat(live.at("/dev/lo/receive_bytes").asLong()).isEqualTo(1266);
    JsonNode noIpv6 = AgentJarIT.namespace(doc, FixtureProc.NO_IPV6_NETNS);
    assertThat(noIpv6.has("sockstat6")).as("absent file, absent key").isFalse();
    assertThat(noIpv6.has("snmp6")).isFalse();
    assertThat(noIpv6.at("/summary/tcpInuse").asLong()).as("IPv4 only").isEqualTo(5);
    JsonNode broken = AgentJarIT.namespace(doc, FixtureProc.BROKEN_NETNS);
    assertThat(broken.get("error").asText()).startsWith("/proc/3200/net/sockstat:2: ");
    assertThat(broken.has("summary")).isFalse();
    assertThat(doc.get("hostWide").toString()).as("host-wide, from the host's sockstat").isEqualTo(
        "{\"tcpOrphan\":0,\"tcpAlloc\":59,\"tcpMemPages\":22,\"udpMemPages\":62}");
  }

  @Test
  void jsonWithDefaultFilesAndHostNetworkMatchesGolden() {
    Run run = once("--format", "json", "--include-host-network");
    Golden.assertMatches("once-default-files-host-network.json", maskJson(run.out()));
  }

  @Test
  void tableMatchesGolden() {
    Run run = once("--include-host-network");
    Golden.assertMatches("once-table.txt", maskTable(run.out()));
  }

  @Test
  void withFilesystemsOnTheFixtureTreeTheOutputIsUnchanged() {
    // The netns scan reports plain processes, which the filesystem probe leaves out: no key is added.
    List<String> args = new ArrayList<>(List.of("--once", "--resolver", "netns", "--proc-root", proc.toString(),
        "--endpoint", "test-host", "--format", "json", "--include-host-network"));
    Run run = Run.of(args.toArray(new String[0]));
    assertThat(run.code()).as("exit code; stderr: %s", run.err()).isEqualTo(0);
    Golden.assertMatches("once-default-files-host-network.json",
        maskJson(run.out().replace(proc.toString(), "/proc")));
  }

  @Test
  void prometheusMatchesGolden() {
    Run run = once("--format", "prometheus");
    Golden.assertMatches("once-prometheus.txt", maskPrometheus(run.out()));
    io.containernetstat.sink.prometheus.BuildInfo build = io.containernetstat.agent.cli.Version.buildInfo();
    assertThat(run.out()).as("the build, unmasked").contains("container_netstat_build_info{java_version=\""
        + System.getProperty("java.version") + "\",revision=\"" + build.revision() + "\",version=\""
        + build.version() + "\"} 1");
    assertThat(run.out()).as("no process families in --once").doesNotContain("process_");
  }

  @Test
  void openfalconMatchesGolden() {
    Run run = once("--format", "openfalcon");
    Golden.assertMatches("once-openfalcon.json", maskOpenfalcon(run.out()));
  }

  @Test
  void netstatFieldsSelectTheSameFieldsInBothSinkFormats() {
    String prometheus = once("--format", "prometheus", "--netstat-fields", "Tcp_(CurrEstab|RetransSegs)").out();
    assertThat(prometheus).contains("\ncontainer_netstat_Tcp_CurrEstab{").contains("\ncontainer_netstat_Tcp_RetransSegs_total{")
        .doesNotContain("container_netstat_Tcp_InSegs").doesNotContain("container_netstat_Udp_");
    String falcon = once("--format", "openfalcon", "--netstat-fields", "Tcp_(CurrEstab|RetransSegs)").out();
    assertThat(falcon).contains("\"metric\":\"container.Tcp.CurrEstab\"")
        .contains("\"metric\":\"container.Tcp.RetransSegs\"").doesNotContain("container.Tcp.InSegs")
        .doesNotContain("container.Udp.");
  }

  static String maskJson(String json) {
    return json.replaceAll("\"timestamp\": \\d+", "\"timestamp\": 0")
        .replaceAll("\"(durationMicros|median|min|max)\": \\d+", "\"$1\": 0");
  }

  static String maskTable(String table) {
    return table.replaceAll("in [0-9.]+ ms \\(resolve [0-9.]+ ms\\) at \\S+", "in X ms (resolve X ms) at TIME")
        .replaceAll("(median|min|max) [0-9.]+ ms", "$1 X ms");
  }

  /** Durations, times, and the build's version, revision and Java runtime, which change with every build. */
  static String maskPrometheus(String text) {
    return text.replaceAll("(?m)^(container_netstat_agent_[a-z_]*(seconds|timestamp)[a-z_]*(\\{[^}]*\\})?) \\S+$",
        "$1 X").replaceAll("(?m)^container_netstat_build_info\\{.*\\} 1$",
            "container_netstat_build_info{java_version=\"X\",revision=\"X\",version=\"X\"} 1");
  }

  /** Also one item per line, so that a diff of the golden file shows which items changed. */
  static String maskOpenfalcon(String json) {
    return json.replaceAll("\"timestamp\":\\d+", "\"timestamp\":0").replace("},{", "},\n{");
  }
}
