package io.containernetstat.deploy.monitoring;

import io.containernetstat.core.kernel.Environment;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code promtool} (Debian package {@code prometheus}) and finds the {@code prometheus} server binary.
 * A missing binary skips the test on a workstation and fails it under {@code CI=true}, where
 * {@code scripts/test-env/up.sh} installs the package. Stateless.
 */
final class Promtool {
  /** What one promtool run printed (stdout and stderr together) and its exit code. */
  record Result(int exitCode, String output) {}

  private static final long TIMEOUT_SECONDS = 120;

  private Promtool() {}

  /**
   * Finds a binary of the {@code prometheus} package, or skips (fails on CI) when it is missing.
   *
   * @param name {@code promtool} or {@code prometheus}
   * @return its absolute path
   */
  static Path require(String name) {
    var found = Environment.executable(name);
    Environment.requireOrSkip(found.isPresent(),
        name + " not found on PATH or in /usr/bin: install it with `apt-get install -y prometheus` "
            + "(scripts/test-env/up.sh does)");
    return found.orElseThrow();
  }

  /**
   * Runs {@code promtool <args>} in a directory.
   *
   * @param workingDirectory where relative paths in {@code args} (and in a test file's rule_files) resolve
   * @param args the arguments after {@code promtool}
   * @return the exit code and output
   * @throws IOException if it cannot run or takes longer than two minutes
   */
  static Result run(Path workingDirectory, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(require("promtool").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
        .redirectErrorStream(true);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IOException(command + " did not finish in " + TIMEOUT_SECONDS + " s:\n" + output);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted running " + command);
    }
    return new Result(process.exitValue(), output);
  }

  /**
   * Checks that PromQL expressions parse, with {@code promtool check rules} on a temporary rules file
   * holding one recording rule per expression: promtool parses each one as Prometheus would, without a
   * server.
   *
   * @param dir where to write the file
   * @param expressions the expressions, in order
   * @return promtool's result; its output names the failing rule ({@code check:expr_<index>})
   * @throws IOException if the file cannot be written or promtool cannot run
   */
  static Result checkExpressions(Path dir, List<String> expressions) throws IOException {
    StringBuilder yaml = new StringBuilder("groups:\n  - name: expressions\n    rules:\n");
    for (int i = 0; i < expressions.size(); i++) {
      yaml.append("      - record: check:expr_").append(i).append('\n');
      yaml.append("        expr: |\n");
      for (String line : expressions.get(i).split("\n", -1)) {
        yaml.append("          ").append(line).append('\n');
      }
    }
    Path file = Files.writeString(dir.resolve("expressions-rules.yml"), yaml.toString());
    return run(dir, "check", "rules", file.toString());
  }
}
