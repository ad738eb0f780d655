package io.containernetstat.agent.log;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/** What a test's loggers print, and the settings they read; one per test. */
final class LoggerOutput {
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  final AtomicReference<LogSettings> settings = new AtomicReference<>(LogSettings.DEFAULT);

  /** {@return a logger printing here, with these settings} */
  StderrLogger logger(String name) {
    return new StderrLogger(name, settings::get, out);
  }

  String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
