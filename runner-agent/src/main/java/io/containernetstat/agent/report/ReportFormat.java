package io.containernetstat.agent.report;

import java.io.IOException;
import java.io.PrintStream;

/**
 * One way to print the report of {@code --once}: the table, the JSON document, or what a sink would send
 * for the same collection. An implementation is configured when it is made (the sinks' options) and then
 * only writes; the command line chooses it by the name of {@code --format}. To add a format, implement
 * this and give it a name in the agent's {@code Format}.
 */
public interface ReportFormat {
  /**
   * Writes one report. A text format prints in {@code out}'s charset; a byte format writes its own
   * encoding (UTF-8). Leaves {@code out} open.
   *
   * @param report the collection and what to show of it
   * @param out where the report goes (standard output)
   * @throws IOException if writing fails
   */
  void write(Report report, PrintStream out) throws IOException;
}
