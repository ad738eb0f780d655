package io.containernetstat.core.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output of {@code ss -s} (iproute2 6.x), parsed; immutable. The test oracle for the library's
 * per-namespace figures.
 *
 * <pre>
 * Total: 55
 * TCP:   1 (estab 0, closed 0, orphaned 0, timewait 0)
 *
 * Transport Total     IP        IPv6
 * RAW	  0         0         0
 * UDP	  0         0         0
 * TCP	  1         1         0
 * INET	  1         1         0
 * FRAG	  0         0         0
 * </pre>
 *
 * <p>Where the numbers come from ({@code misc/ss.c}, {@code print_summary}): {@code Total} is sockstat
 * {@code sockets used}; the {@code TCP:} figure is {@code alloc + tw} and {@code closed} is
 * {@code alloc - (inuse + inuse6 - tw)}, both built on the host-wide {@code alloc}; {@code orphaned} is the
 * host-wide {@code orphan}; {@code estab} is snmp {@code Tcp CurrEstab}; {@code timewait} is {@code tw};
 * the Transport rows are sockstat {@code inuse} (IP) and sockstat6 {@code inuse} (IPv6), INET their sum
 * over RAW, UDP and TCP.
 *
 * @param total {@code Total:} (sockets used)
 * @param tcpTotal the number after {@code TCP:} (alloc + tw; host-wide)
 * @param estab {@code estab} (Tcp CurrEstab)
 * @param closed {@code closed} (derived from the host-wide alloc)
 * @param orphaned {@code orphaned} (host-wide)
 * @param timewait {@code timewait} (tw)
 * @param transport the Transport table by row label ({@code RAW}, {@code UDP}, {@code TCP}, {@code INET},
 *     {@code FRAG}), in output order
 */
public record SsSummary(
    long total,
    long tcpTotal,
    long estab,
    long closed,
    long orphaned,
    long timewait,
    Map<String, Row> transport) {

  /** The rows every {@code ss -s} prints. */
  public static final List<String> ROWS = List.of("RAW", "UDP", "TCP", "INET", "FRAG");

  /**
   * One Transport row.
   *
   * @param total the Total column (IP + IPv6)
   * @param ip the IP column (sockstat)
   * @param ipv6 the IPv6 column (sockstat6)
   */
  public record Row(long total, long ip, long ipv6) {}

  /** Copies the table. */
  public SsSummary {
    transport = Collections.unmodifiableMap(new LinkedHashMap<>(transport));
  }

  /**
   * Returns a Transport row.
   *
   * @param label {@code RAW}, {@code UDP}, {@code TCP}, {@code INET} or {@code FRAG}
   * @return the row
   * @throws IllegalArgumentException if the output had no such row
   */
  public Row row(String label) {
    Row row = transport.get(label);
    if (row == null) {
      throw new IllegalArgumentException("ss -s printed no '" + label + "' row; rows: " + transport.keySet());
    }
    return row;
  }

  /**
   * Parses the output of {@code ss -s}.
   *
   * @param output the whole output
   * @return the summary
   * @throws IllegalArgumentException if a line or row is missing or malformed; the message quotes the output
   */
  public static SsSummary parse(String output) {
    Long total = null;
    long[] tcp = null;
    Map<String, Row> transport = new LinkedHashMap<>();
    boolean inTable = false;
    for (String raw : output.split("\n")) {
      String line = raw.trim();
      if (line.startsWith("Total:")) {
        total = number(line.substring("Total:".length()), output);
      } else if (line.startsWith("TCP:")) {
        tcp = tcpLine(line, output);
      } else if (line.startsWith("Transport")) {
        inTable = true;
      } else if (inTable && !line.isEmpty()) {
        String[] cells = line.split("\\s+");
        if (cells.length != 4) {
          throw bad("Transport row '" + raw + "' does not have a label and 3 numbers", output);
        }
        transport.put(cells[0], new Row(number(cells[1], output), number(cells[2], output),
            number(cells[3], output)));
      }
    }
    if (total == null) {
      throw bad("no 'Total:' line", output);
    }
    if (tcp == null) {
      throw bad("no 'TCP:' line", output);
    }
    for (String row : ROWS) {
      if (!transport.containsKey(row)) {
        throw bad("no '" + row + "' row in the Transport table", output);
      }
    }
    return new SsSummary(total, tcp[0], tcp[1], tcp[2], tcp[3], tcp[4], transport);
  }

  /** {@code TCP:   6 (estab 0, closed 6, orphaned 0, timewait 0)} -> total, estab, closed, orphaned, timewait. */
  private static long[] tcpLine(String line, String output) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      throw bad("'TCP:' line '" + line + "' has no '(...)'", output);
    }
    long[] out = new long[5];
    out[0] = number(line.substring("TCP:".length(), open), output);
    String[] wanted = {"estab", "closed", "orphaned", "timewait"};
    List<String> seen = new ArrayList<>();
    for (String part : line.substring(open + 1, close).split(",")) {
      String[] kv = part.trim().split("\\s+");
      if (kv.length != 2) {
        throw bad("'TCP:' line '" + line + "': cannot read '" + part + "'", output);
      }
      seen.add(kv[0]);
      for (int i = 0; i < wanted.length; i++) {
        if (wanted[i].equals(kv[0])) {
          out[i + 1] = number(kv[1], output);
        }
      }
    }
    if (!seen.containsAll(List.of(wanted))) {
      throw bad("'TCP:' line '" + line + "' lacks one of " + List.of(wanted), output);
    }
    return out;
  }

  private static long number(String text, String output) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw bad("'" + text.trim() + "' is not a number", output);
    }
  }

  private static IllegalArgumentException bad(String what, String output) {
    return new IllegalArgumentException("cannot parse ss -s output: " + what + "; output was:\n" + output);
  }
}
