package io.containernetstat.agent.log;

import io.containernetstat.agent.cli.Choice;

/** How a log event is written, {@code --log-format}: one line per event in each. */
public enum LogFormat implements Choice {
  /**
   * For people: {@code 2026-11-27T00:46:32.093Z INFO <message>}, the message escaped for a terminal
   * ({@link TerminalText}), a throwable's stack trace on the lines that follow.
   */
  TEXT,
  /**
   * For log pipelines (Loki, Vector, Fluent Bit's logfmt parser), as go-kit and the Prometheus exporters
   * write it: {@code ts=2026-11-27T00:46:32.093Z level=info logger=container-netstat msg="..."}, then
   * {@code exception="..."} with the stack trace. A value is quoted when it is empty or holds a space,
   * {@code =}, {@code "} or a character that is escaped; inside quotes the escaping is JSON's
   * ({@link EventLine}).
   */
  LOGFMT,
  /**
   * For log pipelines: one JSON object per line, {@code {"ts":"...","level":"info","logger":"...","msg":"..."}},
   * then {@code "exception"} with the stack trace; strings escaped as JSON, control and bidi characters
   * as <code>&#92;uXXXX</code>.
   */
  JSON
}
