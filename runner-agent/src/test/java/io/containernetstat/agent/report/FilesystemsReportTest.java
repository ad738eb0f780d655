package io.containernetstat.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Failure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.containernetstat.core.Container;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The filesystems in the JSON document and the table's second section, from a hand-built snapshot. */
class FilesystemsReportTest {
  private static final long G = 1024L * 1024 * 1024;
  private static final Pod POD = new Pod("shop", "web-0", "uid-1");
  private static final Container REDIS = container("aaa", "redis", null, null, false);
  private static final Container SANDBOX = container("sss", "k8s_POD_web-0", POD, null, true);
  private static final Container APP = container("bbb", "k8s_app_web-0", POD, "app", false);
  private static final Container NODE = container("hhh", "node-probe", null, null, false);

  private static Container container(String id, String name, Pod pod, String podContainer, boolean sandbox) {
    return new Container(id, name, "busybox", "docker", 10, 1, Map.of(), pod, podContainer, sandbox);
  }

  private static Snapshot snapshot() {
    NetnsTarget plain = new NetnsTarget(1001, 10, 1, false, "aaa", null, List.of(REDIS));
    NetnsTarget pod = new NetnsTarget(1002, 20, 1, false, "sss", POD, List.of(SANDBOX, APP));
    NetnsTarget host = new NetnsTarget(1003, 1, 1, true, "hhh", null, List.of(NODE));
    List<NamespaceSnapshot> namespaces = List.of(
        NamespaceSnapshot.failed(plain, Failure.READ_ERROR, "not read in this test"),
        NamespaceSnapshot.failed(pod, Failure.READ_ERROR, "not read in this test"),
        NamespaceSnapshot.failed(host, Failure.READ_ERROR, "not read in this test"));
    List<ContainerFilesystems> filesystems = List.of(
        new ContainerFilesystems(REDIS, List.of(
            new FilesystemStat("/", "overlay", "overlay", "0:52", false, 10 * G, 4 * G, 3 * G, 655360, 600000, null, null),
            new FilesystemStat("/data", "tmpfs", "tmpfs", "0:60", true, 64L << 20, 64L << 20, 64L << 20, 16384,
                16383, null, null),
            new FilesystemStat("/nfs", "nfs", "srv:/export", "0:70", false, 0, 0, 0, 0, 0, Failure.READ_ERROR, "statvfs did not answer within 2 s")), null, null),
        new ContainerFilesystems(APP, List.of(), Failure.READ_ERROR, "cannot read /proc/20/mountinfo: No such file or directory"),
        new ContainerFilesystems(NODE, List.of(
            new FilesystemStat("/", "ext4", "/dev/vda1", "253:1", false, G, G, G, 100, 50, null, null)), null, null));
    return new Snapshot(Instant.EPOCH, "docker", 0, 0, null, null, ProcNetFile.defaults(), namespaces, 0, null,
        List.of(), filesystems);
  }

  /** The same collection without filesystems measured ({@code --no-filesystems}). */
  private static Snapshot withoutFilesystems(Snapshot s) {
    return new Snapshot(s.timestamp(), s.resolver(), 0, 0, null, null, s.files(), s.namespaces(), 0, null,
        List.of(), List.of());
  }

  private static String json(boolean includeHostNetwork) throws Exception {
    return render(new JsonFormat(), new Report("h", snapshot(), null, includeHostNetwork));
  }

  private static String table(boolean includeHostNetwork) throws Exception {
    return render(new TableFormat(), new Report("h", snapshot(), null, includeHostNetwork));
  }

  /** The report as the format writes it to standard output (here UTF-8). */
  static String render(ReportFormat format, Report report) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      format.write(report, print);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jsonJoinsEachContainersFilesystemsById() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(json(false));
    JsonNode redis = doc.at("/namespaces/0/containers/0");
    assertThat(redis.get("id").asText()).isEqualTo("aaa");
    assertThat(redis.get("filesystems")).hasSize(3);
    assertThat(redis.get("filesystems").get(0).toString()).isEqualTo("{\"mountPoint\":\"/\",\"fsType\":\"overlay\","
        + "\"source\":\"overlay\",\"device\":\"0:52\",\"readOnly\":false,\"sizeBytes\":10737418240,"
        + "\"freeBytes\":4294967296,\"availBytes\":3221225472,\"files\":655360,\"filesFree\":600000}");
    assertThat(redis.at("/filesystems/1/readOnly").asBoolean()).isTrue();
    assertThat(redis.get("filesystems").get(2).toString()).as("a failed mount: no figures").isEqualTo(
        "{\"mountPoint\":\"/nfs\",\"fsType\":\"nfs\",\"source\":\"srv:/export\",\"device\":\"0:70\","
            + "\"readOnly\":false,\"error\":\"statvfs did not answer within 2 s\"}");
    assertThat(redis.has("filesystemsError")).isFalse();

    JsonNode sandbox = doc.at("/namespaces/1/containers/0");
    assertThat(sandbox.get("id").asText()).isEqualTo("sss");
    assertThat(sandbox.has("filesystems")).as("not measured: neither key").isFalse();
    assertThat(sandbox.has("filesystemsError")).isFalse();
    JsonNode app = doc.at("/namespaces/1/containers/1");
    assertThat(app.get("filesystemsError").asText()).startsWith("cannot read /proc/20/mountinfo");
    assertThat(app.has("filesystems")).isFalse();
    assertThat(doc.get("namespaces")).as("host network left out").hasSize(2);

    JsonNode withHost = new ObjectMapper().readTree(json(true));
    assertThat(withHost.at("/namespaces/2/containers/0/filesystems/0/device").asText()).isEqualTo("253:1");
  }

  @Test
  void jsonWithoutFilesystemsHasNeitherKey() throws Exception {
    Snapshot none = withoutFilesystems(snapshot());
    assertThat(render(new JsonFormat(), new Report("h", none, null, true))).doesNotContain("filesystems");
  }

  @Test
  void tableHasASecondSectionLikeDf() throws Exception {
    String text = table(false);
    String section = text.substring(text.indexOf("\nCONTAINER ") + 1);
    assertThat(section).isEqualTo(String.join("\n",
        "CONTAINER       MOUNT  TYPE     SIZE  USED%  INODES_USED%",
        "redis           /      overlay   10G    67%            9%",
        "redis           /data  tmpfs     64M     0%            1%",
        "redis           /nfs   nfs      error: statvfs did not answer within 2 s",
        "shop/web-0/app  -      -        error: cannot read /proc/20/mountinfo: No such file or directory",
        ""));
    assertThat(text).as("the host network's container is not shown").doesNotContain("node-probe");
    assertThat(table(true)).contains("node-probe      /      ext4");
  }

  @Test
  void tableWithoutFilesystemsHasNoSecondSection() throws Exception {
    Snapshot none = withoutFilesystems(snapshot());
    assertThat(render(new TableFormat(), new Report("h", none, null, false))).doesNotContain("MOUNT");
  }

  @ParameterizedTest
  @CsvSource({
      "0, 0B", "1023, 1023B", "1024, 1.0K", "1025, 1.1K", "4096, 4.0K", "10240, 10K", "10241, 11K",
      "67108864, 64M", "1610612736, 1.5G", "1073741823, 1.0G", "10737418240, 10G"})
  void sizesAre1024BasedAndRoundedUpAsDfDoes(long bytes, String text) {
    assertThat(TableFormat.humanSize(bytes)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"0, 10, 0%", "1, 10, 10%", "1, 3, 34%", "2, 3, 67%", "10, 10, 100%", "0, 0, -",
      "9223372036854775807, 9223372036854775807, 100%"})
  void percentagesRoundUpAsDfDoes(long part, long whole, String text) {
    assertThat(TableFormat.percent(part, whole)).isEqualTo(text);
  }
}
