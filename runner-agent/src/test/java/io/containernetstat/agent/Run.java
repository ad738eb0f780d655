package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One in-process run of the agent: exit code, stdout and stderr.
 *
 * @param code the exit code
 * @param out what went to stdout
 * @param err what went to stderr through the command line's own stream (not the log)
 */
record Run(int code, String out, String err) {

  static Run of(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(env, o, e, args);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Run of(String... args) {
    return of(Map.of(), args);
  }

  /**
   * {@code --once} on a fixture tree, with the netns resolver, host {@code test-host} and no filesystems
   * (the trees have no mount tables); checks that it exits 0. Error messages name the files: the tree is
   * shown as {@code /proc} in the output.
   */
  static Run once(Path proc, String... more) {
    List<String> args = new ArrayList<>(List.of("--once", "--resolver", "netns", "--proc-root", proc.toString(),
        "--endpoint", "test-host", "--no-filesystems"));
    args.addAll(List.of(more));
    Run run = of(args.toArray(new String[0]));
    assertThat(run.code()).as("exit code; stderr: %s", run.err()).isEqualTo(0);
    return new Run(run.code(), run.out().replace(proc.toString(), "/proc"), run.err());
  }
}
