package io.containernetstat.core.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The policy for tests that need something of the machine (root, {@code unshare}, real namespaces):
 * on CI they fail, locally they skip with the reason. Stateless and thread-safe.
 *
 * <p>Why fail on CI: a CI job that silently skips its kernel tests passes while testing nothing. CI is
 * recognised by the environment variable {@code CI=true} (GitHub Actions, GitLab, and {@code .ci/run}
 * set it).
 *
 * <pre>{@code
 * @BeforeAll
 * static void needNamespaces() {
 *   Environment.requireNetworkNamespaces();
 * }
 * }</pre>
 */
public final class Environment {
  private static final List<String> SEARCH_PATH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
  private static final String[] NAMESPACE_TOOLS = {"unshare", "nsenter", "ip", "ss", "readlink"};

  private static volatile Optional<String> namespaceProblem;

  private Environment() {}

  /** {@return whether the tests run on CI ({@code CI=true}, case-insensitive)} */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Continues when {@code condition} holds; otherwise fails the test on CI and skips it elsewhere.
   *
   * @param condition what the test needs, evaluated by the caller
   * @param reason what is missing and how to provide it, for example
   *     {@code "needs root to create network namespaces (run as root or with CAP_SYS_ADMIN)"}
   * @throws org.opentest4j.AssertionFailedError when the condition is false and {@code CI=true}
   * @throws org.opentest4j.TestAbortedException when the condition is false elsewhere (JUnit skips)
   */
  public static void requireOrSkip(boolean condition, String reason) {
    requireOrSkip(condition, reason, isCi());
  }

  static void requireOrSkip(boolean condition, String reason, boolean ci) {
    if (condition) {
      return;
    }
    if (ci) {
      Assertions.fail("CI=true, so this test must run, but it cannot: " + reason);
    }
    Assumptions.abort("skipped: " + reason + " (with CI=true this fails instead)");
  }

  /**
   * Requires what {@link NetnsFixture} needs: Linux, root, the tools {@code unshare}, {@code nsenter},
   * {@code ip}, {@code ss}, {@code readlink}, and a working {@code unshare -n}. Checked once per JVM.
   *
   * @throws org.opentest4j.AssertionFailedError on CI when something is missing
   * @throws org.opentest4j.TestAbortedException elsewhere when something is missing
   */
  public static void requireNetworkNamespaces() {
    Optional<String> problem = networkNamespaceProblem();
    requireOrSkip(problem.isEmpty(), problem.orElse(""));
  }

  /** {@return why network namespaces cannot be created here, or empty when they can} */
  public static Optional<String> networkNamespaceProblem() {
    Optional<String> problem = namespaceProblem;
    if (problem == null) {
      problem = findNamespaceProblem();
      namespaceProblem = problem;
    }
    return problem;
  }

  /**
   * Finds an executable on {@code PATH}, then in {@code /usr/sbin}, {@code /sbin}, {@code /usr/bin},
   * {@code /bin} ({@code ip} lives in sbin, which a non-login PATH may lack).
   *
   * @param name the program, for example {@code nsenter}
   * @return its absolute path, or empty when not found
   */
  public static Optional<Path> executable(String name) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(":")) {
        if (!dir.isEmpty()) {
          dirs.add(dir);
        }
      }
    }
    dirs.addAll(SEARCH_PATH);
    for (String dir : dirs) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  static Path requireExecutable(String name) {
    return executable(name).orElseThrow(() -> new IllegalStateException(name + " not found on PATH"));
  }

  private static Optional<String> findNamespaceProblem() {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return Optional.of("network namespaces need Linux; this is " + System.getProperty("os.name"));
    }
    if (!isRoot()) {
      return Optional.of("creating network namespaces and reading other processes' /proc/<pid>/net and "
          + "ns/net needs root (uid 0); this JVM runs as effective uid " + uid());
    }
    List<String> missing = new ArrayList<>();
    for (String tool : NAMESPACE_TOOLS) {
      if (executable(tool).isEmpty()) {
        missing.add(tool);
      }
    }
    if (!missing.isEmpty()) {
      return Optional.of("missing tools " + missing + ": install util-linux, iproute2 and coreutils "
          + "(Debian: apt-get install util-linux iproute2 coreutils)");
    }
    try {
      Process probe = new ProcessBuilder(requireExecutable("unshare").toString(), "-n", "--fork",
          "--kill-child", requireExecutable("ip").toString(), "link", "set", "lo", "up")
          .redirectErrorStream(true)
          .start();
      probe.getOutputStream().close();
      byte[] output = probe.getInputStream().readAllBytes();
      if (!probe.waitFor(10, TimeUnit.SECONDS)) {
        probe.destroyForcibly().waitFor();
        return Optional.of("'unshare -n ip link set lo up' did not finish in 10 s");
      }
      if (probe.exitValue() != 0) {
        return Optional.of("'unshare -n ip link set lo up' failed with status " + probe.exitValue() + ": "
            + new String(output, java.nio.charset.StandardCharsets.UTF_8).trim()
            + " (a container needs CAP_SYS_ADMIN, e.g. docker run --privileged)");
      }
    } catch (IOException e) {
      return Optional.of("cannot run unshare: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while probing unshare");
    }
    return Optional.empty();
  }

  /** {@return whether this JVM runs with effective uid 0} */
  public static boolean isRoot() {
    return "0".equals(uid());
  }

  /** The effective uid, from {@code /proc/self/status} ({@code Uid: real effective saved fs}). */
  private static String uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.substring(4).trim().split("\\s+")[1];
        }
      }
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }
}
