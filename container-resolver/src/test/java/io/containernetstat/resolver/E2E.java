package io.containernetstat.resolver;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Helpers for the end-to-end tests against a real Docker engine and containerd, as
 * {@code scripts/test-env/up.sh} brings them up (it writes {@code /tmp/container-netstat-test-env/env}).
 *
 * <p>When the environment is missing these tests are skipped, except under {@code CI=true}, where a
 * missing environment fails them: CI must never pass by running nothing.
 */
final class E2E {
  static final String ENV_FILE = "/tmp/container-netstat-test-env/env";
  static final String TEST_LABEL = "container-netstat-test=1";

  private E2E() {}

  /** Skips the test (fails it under CI=true) when {@code ok} is false. */
  static void require(boolean ok, String why) {
    if (ok) {
      return;
    }
    String message = "end-to-end environment not ready: " + why
        + " (bring it up with scripts/test-env/up.sh as root)";
    if ("true".equals(System.getenv("CI"))) {
      fail(message + "; CI=true, so this fails instead of skipping");
    }
    Assumptions.abort(message);
  }

  /** The test environment's settings: the env file, overridden by the process environment. */
  static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of(ENV_FILE))) {
        line = line.strip();
        if (line.startsWith("export ")) {
          line = line.substring("export ".length());
        }
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("#")) {
          env.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      // no env file: defaults and the process environment
    }
    for (String key : List.of("DOCKER_HOST", "CONTAINERD_ADDRESS", "TEST_IMAGE", "TEST_IMAGE_CTR",
        "TEST_CONTAINERD_NAMESPACE", "TEST_CONTAINERD_TASK_ROOT", "CONTAINERS_CONF", "TEST_PODMAN_IMAGE")) {
      String v = System.getenv(key);
      if (v != null && !v.isBlank()) {
        env.put(key, v);
      }
    }
    env.putIfAbsent("DOCKER_HOST", "unix:///var/run/docker.sock");
    env.putIfAbsent("CONTAINERD_ADDRESS", "/var/run/docker/containerd/containerd.sock");
    env.putIfAbsent("TEST_IMAGE", "busybox:latest");
    env.putIfAbsent("TEST_IMAGE_CTR", "docker.io/library/busybox:latest");
    env.putIfAbsent("TEST_CONTAINERD_NAMESPACE", "k8s.io");
    env.putIfAbsent("TEST_CONTAINERD_TASK_ROOT", "/run/docker/containerd/daemon/io.containerd.runtime.v2.task");
    env.putIfAbsent("CONTAINERS_CONF", "/tmp/container-netstat-test-env/containers.conf");
    env.putIfAbsent("TEST_PODMAN_IMAGE", "localhost/container-netstat-test/busybox:latest");
    return env;
  }

  /** A finished command. */
  record Result(int exit, String out, String err) {
    boolean ok() {
      return exit == 0;
    }

    String line() {
      return out.strip();
    }
  }

  /** Runs a command with a 60 s bound; never throws for a non-zero exit. */
  static Result run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      var out = p.getInputStream().readAllBytes();
      var err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "", "timed out: " + command);
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "", e.toString());
    }
  }

  /** Runs a command that must succeed; the failure names the command and its stderr. */
  static String must(List<String> command) {
    Result r = run(command);
    if (!r.ok()) {
      throw new AssertionError("command failed (exit " + r.exit() + "): " + String.join(" ", command) + "\n" + r.err());
    }
    return r.line();
  }

  static List<String> docker(String... args) {
    List<String> cmd = new ArrayList<>(List.of("docker", "-H", env().get("DOCKER_HOST")));
    cmd.addAll(List.of(args));
    return cmd;
  }

  static List<String> ctr(String... args) {
    Map<String, String> env = env();
    List<String> cmd = new ArrayList<>(List.of("ctr", "-a", env.get("CONTAINERD_ADDRESS"), "-n",
        env.get("TEST_CONTAINERD_NAMESPACE")));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** A rootful podman command, with the test environment's containers.conf (its ulimits fit this host). */
  static List<String> podman(String... args) {
    List<String> cmd = new ArrayList<>(List.of("env", "CONTAINERS_CONF=" + env().get("CONTAINERS_CONF"), "podman"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** {@code readlink /proc/<pid>/ns/net} as an inode. */
  static long netnsOf(long pid) throws IOException {
    String link = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString();
    return Long.parseLong(link.substring(link.indexOf('[') + 1, link.length() - 1));
  }

  /** Field 22 of /proc/PID/stat. */
  static long startTimeOf(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[19]);
  }

  /**
   * Waits until the kernel has carried out a kill: the process is a zombie (its namespaces released) or
   * gone. {@code kill(1)} returns once the signal is queued, before the target has run its exit.
   */
  static void awaitExit(long pid) throws IOException, InterruptedException {
    Path stat = Path.of("/proc/" + pid + "/stat");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      byte[] s;
      try {
        s = Files.readAllBytes(stat);
      } catch (java.nio.file.NoSuchFileException e) {
        return;
      } catch (IOException e) {
        if (io.containernetstat.core.internal.Processes.isGone(e)) {
          return; // reaped between open and read: ESRCH
        }
        throw e;
      }
      if (io.containernetstat.core.internal.Processes.liveStartTime(stat.toString(), s, s.length) < 0) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("process " + pid + " still runs 10 s after SIGKILL");
  }

  /** A random 64-hex id. */
  static String randomId() {
    StringBuilder sb = new StringBuilder();
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    while (sb.length() < 64) {
      sb.append(Long.toHexString(r.nextLong() | Long.MIN_VALUE));
    }
    return sb.substring(0, 64);
  }

  /** A random pod UID. */
  static String randomUid() {
    return java.util.UUID.randomUUID().toString();
  }
}
