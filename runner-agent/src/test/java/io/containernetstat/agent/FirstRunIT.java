package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.kernel.Environment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first run that explains itself, from the shaded jar: auto says once which resolver it chose and why
 * (on stderr with {@code --once}, in the daemon's start line), the table shows each namespace's inode, a
 * process namespace is identified by that inode, a refused read says why once (as uid 0: the capabilities
 * the target holds), a missing Docker daemon is named once, and the cgroup scan as an unprivileged user
 * fails instead of printing an empty table. "No Docker daemon" is a socket path that does not exist; the
 * cgroup root with no containers is an empty v2 directory, so that containers of other tests do not count.
 */
class FirstRunIT {
  private static final Pattern RESOLVER_LINE = Pattern.compile("(?m)^\\S+ INFO resolver: (.*)$");

  @TempDir
  Path dir;

  private Path noDocker() {
    return dir.resolve("no-docker.sock");
  }

  /** An empty cgroup v2 hierarchy: a scan finds 0 containers there whatever else runs on the host. */
  private Path emptyCgroupRoot() throws Exception {
    Path root = Files.createDirectories(dir.resolve("cgroup"));
    Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return root;
  }

  @Test
  void autoWithNoRuntimeSaysOnceOnStderrThatEveryProcessNamespaceIsReportedAndWhy() throws Exception {
    Path proc = FixtureProc.standard(dir);
    AgentJar.Result run = AgentJar.run("--once", "--no-filesystems", "--proc-root", proc.toString(),
        "--cgroup-root", emptyCgroupRoot().toString(), "--docker-host", "unix://" + noDocker());

    assertThat(run.code()).as("stderr: %s", run.err()).isZero();
    assertThat(resolverLines(run.err())).as("stderr: %s", run.err()).singleElement().isEqualTo("netns (auto: "
        + "Docker daemon at unix://" + noDocker() + " is unreachable ('ping'): SocketException: No such file or "
        + "directory; the cgroup scan (cgroup v2 at " + dir.resolve("cgroup") + ") found 0 containers; every "
        + "process's network namespace is reported)");
    assertThat(occurrences(run.err(), "unreachable")).isEqualTo(1);
    assertThat(run.out()).as("nothing but the report on stdout").doesNotContain("auto:");

    List<String> table = run.out().lines().toList();
    assertThat(table.get(0).split(" {2,}")).startsWith("POD/CONTAINER", "PID", "NETNS", "ESTAB");
    assertThat(table).anySatisfy(l -> assertThat(l.split(" {2,}"))
        .startsWith("python3", "2917", Long.toString(FixtureProc.LIVE_NETNS)));
    assertThat(table).anySatisfy(l -> assertThat(l.split(" {2,}"))
        .startsWith("nginx", "3100", Long.toString(FixtureProc.NO_IPV6_NETNS)));
  }

  @Test
  void theDaemonLogsTheSameChoiceAtStartAndNamesAProcessNamespaceByItsInode() throws Exception {
    Path proc = FixtureProc.standard(dir);
    int port = PrometheusProcess.freePort();
    ProcessBuilder pb = new ProcessBuilder(AgentJar.command(AgentJar.path(), "--sink", "prometheus", "--listen",
        "127.0.0.1:" + port, "--interval", "1s", "--no-filesystems", "--proc-root", proc.toString(),
        "--cgroup-root", emptyCgroupRoot().toString(), "--docker-host", "unix://" + noDocker()));
    pb.environment().keySet().removeIf(k -> k.startsWith("CONTAINER_NETSTAT_"));
    Process agent = pb.start();
    agent.getOutputStream().close();
    CompletableFuture<String> err = AgentJar.read(agent.getErrorStream());
    AgentJar.read(agent.getInputStream());
    String metrics;
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
      DaemonTest.await("the agent's /metrics", () -> {
        try {
          return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
          return false;
        }
      });
      metrics = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
    } finally {
      AgentJar.stop(agent);
    }
    String log = err.join();
    assertThat(log).containsOnlyOnce(" started: resolver netns (auto: Docker daemon at unix://" + noDocker()
        + " is unreachable ('ping'): SocketException: No such file or directory; the cgroup scan (cgroup v2 at "
        + dir.resolve("cgroup") + ") found 0 containers; every process's network namespace is reported); sinks ");
    assertThat(occurrences(log, "unreachable")).as(log).isEqualTo(1);
    assertThat(metrics).as("the namespace's inode as id, the command as name, no PID")
        .contains("container_sockstat_TCP_inuse{container=\"\",id=\"" + FixtureProc.LIVE_NETNS
            + "\",image=\"\",name=\"python3\",namespace=\"\",pod=\"\"}")
        .doesNotContain("id=\"2917\"");
  }

  @Test
  void autoChoosingDockerSaysSoAndWhy() throws Exception {
    Environment.requireOrSkip(Environment.isRoot() && Tools.dockerAnswers(),
        "needs root and a Docker daemon that answers 'docker info' (run scripts/test-env/up.sh as root)");
    String label = System.getenv().getOrDefault("TEST_LABEL", "container-netstat-test=1");
    String image = System.getenv().getOrDefault("TEST_IMAGE", "busybox:latest");
    String id = Tools.run("docker", "run", "-d", "--network", "none", "--label", label, image, "sleep", "300")
        .strip();
    try {
      long pid = Long.parseLong(Tools.run("docker", "inspect", "--format", "{{.State.Pid}}", id).strip());
      String link = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString();
      String inode = link.substring(link.indexOf('[') + 1, link.length() - 1);
      AgentJar.Result run = AgentJar.run(AgentJar.command(AgentJar.path(), "--once", "--no-filesystems"),
          Map.of());

      assertThat(run.code()).as("stderr: %s", run.err()).isZero();
      assertThat(resolverLines(run.err())).singleElement().asString()
          .matches("docker \\(auto: Docker daemon answered at \\S+ with \\d+ containers\\)");
      assertThat(run.out().lines()).anySatisfy(l -> assertThat(l.split(" {2,}"))
          .contains(Long.toString(pid), inode));
    } finally {
      Tools.run("docker", "rm", "-f", id);
    }
  }

  @Test
  void asUidZeroWithoutPtraceTheRefusalNamesTheCapabilitiesTheTargetHolds() throws Exception {
    Environment.requireOrSkip(Environment.isRoot() && Environment.executable("capsh").isPresent(),
        "needs root and capsh (Debian package libcap2-bin)");
    // A process of ours with every capability we have, cap_sys_ptrace included; the agent runs without it.
    Process target = new ProcessBuilder("sleep", "120").start();
    try {
      Path script = Files.writeString(dir.resolve("agent.sh"), "exec " + String.join(" ",
          AgentJar.command(AgentJar.path(), "--once", "--no-filesystems", "--resolver", "netns")) + "\n");
      AgentJar.Result run = AgentJar.run(List.of(Environment.executable("capsh").orElseThrow().toString(),
          "--drop=cap_sys_ptrace", "--", script.toString()), Map.of());

      String said = run.err();
      assertThat(said).as("exit %d", run.code()).contains("permission denied: this process runs as uid 0, but pid ")
          .containsPattern("holds capabilities it lacks \\([a-z_, ]*cap_sys_ptrace[a-z_, ]*\\): reading a process "
              + "with more capabilities needs CAP_SYS_PTRACE \\(--cap-add SYS_PTRACE\\)")
          .doesNotContain("needs root or CAP_SYS_PTRACE");
      assertThat(occurrences(said, "CAP_SYS_PTRACE")).as(said).isEqualTo(1);
    } finally {
      target.destroy();
      target.waitFor();
    }
  }

  @Test
  void asAnotherUserTheHintIsGivenOnceAndTheCgroupScanThatSeesNothingExitsOne() throws Exception {
    Environment.requireOrSkip(Environment.isRoot() && Environment.executable("setpriv").isPresent(),
        "needs root (to switch to uid 65534) and setpriv (Debian package util-linux)");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar = Files.copy(AgentJar.path(), dir.resolve("container-netstat.jar"));
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    Path cgroup = emptyCgroupRoot();
    List<String> nobody = List.of(Environment.executable("setpriv").orElseThrow().toString(), "--reuid=65534",
        "--regid=65534", "--clear-groups");

    AgentJar.Result netns = AgentJar.run(as(nobody, jar, "--once", "--resolver", "netns"), Map.of());
    assertThat(netns.code()).as("stderr: %s", netns.err()).isEqualTo(1);
    assertThat(netns.err()).contains("permission denied: reading other processes' namespaces needs root or "
        + "CAP_SYS_PTRACE");
    assertThat(occurrences(netns.err(), "needs root or CAP_SYS_PTRACE")).as(netns.err()).isEqualTo(1);

    AgentJar.Result blind = AgentJar.run(as(nobody, jar, "--once", "--resolver", "cgroup", "--cgroup-root",
        cgroup.toString()), Map.of());
    assertThat(blind.code()).as("stderr: %s", blind.err()).isEqualTo(1);
    assertThat(blind.out()).as("no empty table").isEmpty();
    assertThat(blind.err().strip()).isEqualTo("container-netstat: nothing could be read: no containers found, and "
        + "this process could not read one if there were: /proc/1/ns/net: permission denied: reading other "
        + "processes' namespaces needs root or CAP_SYS_PTRACE");

    // As root the same empty hierarchy is a host without containers: an empty report, exit 0.
    AgentJar.Result root = AgentJar.run(AgentJar.command(jar, "--once", "--no-filesystems", "--resolver", "cgroup",
        "--cgroup-root", cgroup.toString()), Map.of());
    assertThat(root.code()).as("stderr: %s", root.err()).isZero();
    assertThat(root.out()).contains("0 network namespaces, 0 containers; resolver cgroup");
  }

  @Test
  void dockerWithoutADaemonSaysUnreachableOnce() throws Exception {
    AgentJar.Result run = AgentJar.run("--once", "--no-filesystems", "--resolver", "docker", "--docker-host",
        "unix://" + noDocker());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip()).startsWith("container-netstat: nothing could be read: Docker daemon at unix://"
        + noDocker() + " is unreachable ('list containers'): SocketException: No such file or directory. Check that "
        + "dockerd is running").doesNotContain("\n");
    assertThat(occurrences(run.err(), "unreachable")).isEqualTo(1);
  }

  private static List<String> as(List<String> user, Path jar, String... args) {
    List<String> command = new ArrayList<>(user);
    command.addAll(AgentJar.command(jar, args));
    command.add("--no-filesystems");
    return command;
  }

  private static List<String> resolverLines(String err) {
    List<String> lines = new ArrayList<>();
    Matcher m = RESOLVER_LINE.matcher(err);
    while (m.find()) {
      lines.add(m.group(1));
    }
    return lines;
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }
}
