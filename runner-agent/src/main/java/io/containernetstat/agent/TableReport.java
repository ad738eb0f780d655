package io.containernetstat.agent;

import io.containernetstat.core.HostWide;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.Summary;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Writes a {@link Report} as the table of {@code --once --format table}: one row per network namespace,
 * then a footer. Stateless.
 *
 * <pre>
 * POD/CONTAINER        PID  ESTAB  TCP_INUSE  TIME_WAIT  UDP_INUSE  SOCKETS
 * default/web-0      12345      6          5          1          2       12
 * redis              23456      0          1          0          0        1
 *
 * 2 network namespaces, 4 containers; resolver docker; collected in 1.52 ms (resolve 0.40 ms) at ...
 * host-wide (not per container): TCP orphan 0, alloc 10, mem 1 pages; UDP mem 0 pages
 * </pre>
 *
 * A figure whose file was not read is {@code -}, never 0.
 */
final class TableReport {
  private static final String[] HEADERS = {
      "POD/CONTAINER", "PID", "ESTAB", "TCP_INUSE", "TIME_WAIT", "UDP_INUSE", "SOCKETS"};

  private TableReport() {}

  static void write(Report report, PrintStream out) {
    Snapshot s = report.snapshot();
    List<NamespaceSnapshot> shown = report.namespaces();
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADERS);
    for (NamespaceSnapshot ns : shown) {
      rows.add(row(ns));
    }
    int[] widths = new int[HEADERS.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        if (c == 0) {
          line.append(row[c]).append(" ".repeat(widths[c] - row[c].length()));
        } else {
          line.append("  ").append(" ".repeat(widths[c] - row[c].length())).append(row[c]);
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.println();
    for (NamespaceSnapshot ns : shown) {
      if (!ns.ok()) {
        out.println("failed: " + name(ns.target()) + " (pid " + ns.target().pid() + "): " + ns.error());
      }
    }
    out.println(footer(report, shown));
    if (report.cycles() != null) {
      CycleStats c = report.cycles();
      out.println(c.count() + " more cycle" + (c.count() == 1 ? "" : "s") + ": median "
          + Durations.millis(c.medianNanos()) + ", min " + Durations.millis(c.minNanos()) + ", max "
          + Durations.millis(c.maxNanos()));
    }
    if (s.hostWide() != null) {
      HostWide h = s.hostWide();
      out.println("host-wide (not per container): TCP orphan " + text(h.tcpOrphan()) + ", alloc "
          + text(h.tcpAlloc()) + ", mem " + text(h.tcpMemPages()) + " pages; UDP mem " + text(h.udpMemPages())
          + " pages");
    }
    out.flush();
  }

  private static String[] row(NamespaceSnapshot ns) {
    NetnsTarget t = ns.target();
    String[] row = {name(t), Long.toString(t.pid()), "-", "-", "-", "-", "-"};
    if (ns.ok()) {
      Summary m = ns.stats().summary();
      row[2] = text(m.tcpEstablished());
      row[3] = text(m.tcpInuse());
      row[4] = text(m.tcpTimewait());
      row[5] = text(m.udpInuse());
      row[6] = text(m.socketsUsed());
    }
    return row;
  }

  /** The namespace's name, with how many more containers share it and whether it is the host's. */
  private static String name(NetnsTarget t) {
    String name = t.displayName();
    int others = t.containers().size() - 1;
    if (t.pod() == null && others > 0) {
      name += " (+" + others + ")";
    }
    return t.hostNetwork() ? name + " [host network]" : name;
  }

  private static String footer(Report report, List<NamespaceSnapshot> shown) {
    Snapshot s = report.snapshot();
    int containers = 0;
    int failed = 0;
    for (NamespaceSnapshot ns : shown) {
      containers += ns.target().containers().size();
      failed += ns.ok() ? 0 : 1;
    }
    StringBuilder f = new StringBuilder();
    f.append(shown.size()).append(" network namespace").append(shown.size() == 1 ? "" : "s");
    f.append(", ").append(containers).append(" container").append(containers == 1 ? "" : "s");
    if (failed > 0) {
      f.append(", ").append(failed).append(" failed");
    }
    int hidden = s.namespaces().size() - shown.size();
    if (hidden > 0) {
      f.append(" (host network not shown: --include-host-network)");
    }
    if (s.gone() > 0) {
      f.append("; ").append(s.gone()).append(" exited during the collection");
    }
    f.append("; resolver ").append(s.resolver());
    f.append("; collected in ").append(Durations.millis(s.durationNanos()));
    f.append(" (resolve ").append(Durations.millis(s.resolveNanos())).append(") at ")
        .append(s.timestamp().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    return f.toString();
  }

  private static String text(OptionalLong v) {
    return v.isPresent() ? Long.toString(v.getAsLong()) : "-";
  }
}
