package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.containernetstat.core.kernel.Environment;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar's filesystems against a real Docker engine ({@code scripts/test-env/up.sh}): a container
 * with a {@code --tmpfs /data} holding a 3 MB file; the JSON must list that mount with the figures
 * {@code df -k /data} prints inside the container. The container carries the label
 * {@code container-netstat-test=1} and is removed afterwards.
 */
class FilesystemsDockerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LABEL = "container-netstat-test=1";
  private static final String IMAGE = "busybox:latest";
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  /** The file written cannot change between the two reads; allow one 64 KiB of slack anyway. */
  private static final long TOLERANCE_KB = 64;

  private static String id;

  @BeforeAll
  static void startContainer() throws Exception {
    Environment.requireOrSkip(Tools.dockerAnswers(),
        "needs a Docker daemon that answers 'docker info' (run scripts/test-env/up.sh as root)");
    id = Tools.run("docker", "run", "-d", "--network", "none", "--label", LABEL, "--tmpfs", "/data:size=64m",
        "--name", "cnt-it-fs-" + RUN, IMAGE, "sh", "-c",
        "dd if=/dev/zero of=/data/fill bs=1024 count=3072 2>/dev/null && touch /data/ready && exec sleep 600")
        .strip();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!Tools.run("docker", "exec", id, "ls", "/data").contains("ready")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("container " + id + " did not write /data/fill within 20 s");
      }
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void removeContainer() throws Exception {
    if (id != null) {
      Tools.run("docker", "rm", "-f", id);
    }
  }

  @Test
  void onceJsonListsTheTmpfsWithTheFiguresOfDfInsideTheContainer() throws Exception {
    AgentJar.Result run = AgentJar.run("--once", "--format", "json", "--resolver", "docker");
    assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
    JsonNode container = DockerIT.containerIn(DockerIT.namespaceOf(JSON.readTree(run.out()), id), id);
    assertThat(container.has("filesystemsError")).as("filesystemsError: %s", container.get("filesystemsError"))
        .isFalse();
    JsonNode data = null;
    for (JsonNode fs : container.get("filesystems")) {
      if (fs.get("mountPoint").asText().equals("/data")) {
        data = fs;
      }
    }
    assertThat(data).as("/data in %s", container.get("filesystems")).isNotNull();
    assertThat(data.get("fsType").asText()).isEqualTo("tmpfs");
    assertThat(data.get("readOnly").asBoolean()).isFalse();
    assertThat(data.has("error")).as("error: %s", data.get("error")).isFalse();
    assertThat(container.get("filesystems").toString()).as("the root filesystem too").contains("\"mountPoint\":\"/\"");

    // busybox: "Filesystem 1K-blocks Used Available Use% Mounted on" then "tmpfs 65536 3072 62464 5% /data"
    String[] lines = Tools.run("docker", "exec", id, "df", "-k", "/data").strip().split("\n");
    String[] df = lines[lines.length - 1].trim().split("\\s+");
    long blocks = Long.parseLong(df[1]);
    long used = Long.parseLong(df[2]);
    long avail = Long.parseLong(df[3]);
    assertThat(data.get("sizeBytes").asLong()).as("size = df's 1K-blocks").isEqualTo(64L << 20);
    assertThat(data.get("sizeBytes").asLong() / 1024).isEqualTo(blocks);
    long usedKb = (data.get("sizeBytes").asLong() - data.get("freeBytes").asLong()) / 1024;
    assertThat(usedKb).as("used (KiB) against df's %s", used).isBetween(used - TOLERANCE_KB, used + TOLERANCE_KB)
        .isGreaterThanOrEqualTo(3072);
    assertThat(data.get("availBytes").asLong() / 1024).as("available (KiB) against df's")
        .isBetween(avail - TOLERANCE_KB, avail + TOLERANCE_KB);
    assertThat(data.get("files").asLong()).as("tmpfs has an inode count").isPositive();
    assertThat(data.get("filesFree").asLong()).isLessThan(data.get("files").asLong());

    AgentJar.Result off = AgentJar.run("--once", "--format", "json", "--resolver", "docker", "--no-filesystems");
    assertThat(off.code()).as("exit code; stderr: %s", off.err()).isZero();
    assertThat(off.out()).doesNotContain("\"filesystems\"");
    AgentJar.Result noTmpfs = AgentJar.run("--once", "--format", "json", "--resolver", "docker", "--no-tmpfs");
    JsonNode without = DockerIT.containerIn(DockerIT.namespaceOf(JSON.readTree(noTmpfs.out()), id), id);
    assertThat(without.get("filesystems").toString()).doesNotContain("\"/data\"").contains("\"mountPoint\":\"/\"");

    AgentJar.Result table = AgentJar.run("--once", "--resolver", "docker");
    assertThat(table.out()).containsPattern("(?m)^cnt-it-fs-" + RUN + " +/data +tmpfs +64M +\\d+% +\\d+%$");
  }
}
