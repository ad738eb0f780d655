package io.containernetstat.agent;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
}
