package io.containernetstat.agent.report;

import io.containernetstat.agent.cli.Durations;
import io.containernetstat.agent.log.TerminalText;
import io.containernetstat.core.Container;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.Snapshot.HostWide;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.NetnsStats.Summary;
import java.io.PrintStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.OptionalLong;

/**
 * {@code --once --format table}: a {@link Report} as a table, one row per network namespace, then a
 * footer. Stateless.
 *
 * <pre>
 * POD/CONTAINER        PID       NETNS  ESTAB  TCP_INUSE  TIME_WAIT  UDP_INUSE  SOCKETS
 * default/web-0      12345  4026532301      6          5          1          2       12
 * redis              23456  4026532377      0          1          0          0        1
 *
 * 2 network namespaces, 4 containers; resolver docker; collected in 1.52 ms (resolve 0.40 ms) at ...
 * host-wide (not per container): TCP orphan 0, alloc 10, mem 1 pages; UDP mem 0 pages
 * </pre>
 *
 * {@code NETNS} is the namespace's inode ({@code readlink /proc/<pid>/ns/net}, {@code ip netns identify}),
 * {@code -} when unknown. A figure whose file was not read is {@code -}, never 0. With {@code --sockets} the table gains
 * {@code LISTEN_Q}, the fullest accept queue ({@code q 3/5 :8080}: 3 connections waiting of a limit of 5
 * on port 8080), and with {@code --sockets states} {@code CLOSE_WAIT}; then {@code ESTAB} is sock_diag's
 * count of ESTABLISHED sockets, exact on every kernel (see {@link SocketColumns}).
 *
 * <p>Then, when filesystems were measured, a second section with one row per container and mount, as
 * {@code df -h} and {@code df -i} would show them inside the container:
 *
 * <pre>
 * CONTAINER         MOUNT  TYPE     SIZE  USED%  INODES_USED%
 * redis             /      overlay   59G    43%            9%
 * redis             /data  tmpfs    64M     1%            1%
 * shop/web-0/app    /      overlay   59G    43%            9%
 * shop/web-0/app    /nfs   nfs       error: statvfs did not answer within 2 s
 * </pre>
 *
 * {@code SIZE} is 1024-based; {@code USED%} is df's: used = size - free, rounded up as a share of used +
 * available; {@code INODES_USED%} likewise, {@code -} for a filesystem without an inode count.
 *
 * <p>Every text from the host (names, mount points, types, errors) is escaped with {@link TerminalText}:
 * a process named {@code x\n\e[2J...} stays in its own row, as {@code x\n\x1b[2J...}, and columns are
 * aligned on the escaped text.
 */
public final class TableFormat implements ReportFormat {
  private static final String[] HEADERS = {
      "POD/CONTAINER", "PID", "NETNS", "ESTAB", "TCP_INUSE", "TIME_WAIT", "UDP_INUSE", "SOCKETS"};
  /** The column of {@code ESTAB}, which {@link SocketColumns} may replace. */
  static final int ESTAB = 3;

  @Override
  public void write(Report report, PrintStream out) {
    Snapshot s = report.snapshot();
    List<NamespaceSnapshot> shown = report.namespaces();
    SocketColumns sockets = SocketColumns.of(report);
    List<String[]> rows = new ArrayList<>();
    rows.add(sockets.headers(HEADERS));
    for (NamespaceSnapshot ns : shown) {
      rows.add(sockets.row(ns, row(ns)));
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], TerminalText.width(row[c]));
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        if (c == 0) {
          line.append(row[c]).append(pad(widths[c], row[c]));
        } else {
          line.append("  ").append(pad(widths[c], row[c])).append(row[c]);
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.println();
    for (NamespaceSnapshot ns : shown) {
      if (!ns.ok()) {
        out.println("failed: " + name(ns.target()) + " (pid " + ns.target().pid() + "): "
            + TerminalText.escape(ns.error()));
      }
      String socketError = sockets.error(ns);
      if (socketError != null) {
        out.println("sockets failed: " + name(ns.target()) + " (pid " + ns.target().pid() + "): "
            + TerminalText.escape(socketError));
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
    writeFilesystems(report, shown, out);
    out.flush();
  }

  private static final String[] FS_HEADERS = {"CONTAINER", "MOUNT", "TYPE", "SIZE", "USED%", "INODES_USED%"};

  /** The second section: nothing when no shown container's filesystems were measured. */
  private static void writeFilesystems(Report report, List<NamespaceSnapshot> shown, PrintStream out) {
    Set<String> ids = new HashSet<>();
    for (NamespaceSnapshot ns : shown) {
      for (Container c : ns.target().containers()) {
        ids.add(c.id());
      }
    }
    List<String[]> rows = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    rows.add(FS_HEADERS);
    errors.add(null);
    for (ContainerFilesystems c : report.snapshot().filesystems()) {
      if (!ids.contains(c.container().id())) {
        continue;
      }
      String name = TerminalText.escape(containerName(c.container()));
      if (c.error() != null) {
        rows.add(new String[] {name, "-", "-", "", "", ""});
        errors.add(TerminalText.escape(c.error()));
        continue;
      }
      for (FilesystemStat fs : c.filesystems()) {
        String mount = TerminalText.escape(fs.mountPoint());
        String type = TerminalText.escape(fs.fsType());
        if (fs.error() != null) {
          rows.add(new String[] {name, mount, type, "", "", ""});
          errors.add(TerminalText.escape(fs.error()));
        } else {
          long used = fs.sizeBytes() - fs.freeBytes();
          rows.add(new String[] {name, mount, type, humanSize(fs.sizeBytes()),
              percent(used, used + fs.availBytes()), percent(fs.files() - fs.filesFree(), fs.files())});
          errors.add(null);
        }
      }
    }
    if (rows.size() == 1) {
      return;
    }
    int[] widths = new int[FS_HEADERS.length];
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      for (int c = 0; c < (errors.get(r) == null ? row.length : 3); c++) {
        widths[c] = Math.max(widths[c], TerminalText.width(row[c]));
      }
    }
    out.println();
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        if (c < 3) {
          line.append(c == 0 ? "" : "  ").append(row[c]).append(pad(widths[c], row[c]));
        } else if (errors.get(r) != null) {
          line.append("  error: ").append(errors.get(r));
          break;
        } else {
          line.append("  ").append(pad(widths[c], row[c])).append(row[c]);
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** {@return the spaces that fill {@code cell} (escaped text) to {@code width} columns} */
  private static String pad(int width, String cell) {
    return " ".repeat(width - TerminalText.width(cell));
  }

  /** {@code namespace/pod/container} for a pod's container, else the container's name. */
  static String containerName(Container c) {
    if (c.pod() != null && c.podContainer() != null && !c.pod().name().isEmpty()) {
      String pod = c.pod().namespace().isEmpty() ? c.pod().name() : c.pod().namespace() + "/" + c.pod().name();
      return pod + "/" + c.podContainer();
    }
    return c.name();
  }

  private static final String UNITS = "KMGTPE";

  /**
   * {@return a size as {@code df -h} writes it, 1024-based and rounded up: {@code 512B}, {@code 4.0K},
   * {@code 64M}, {@code 1.5G}}
   */
  static String humanSize(long bytes) {
    if (bytes < 1024) {
      return bytes + "B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length() - 1) {
      value /= 1024;
      unit++;
    }
    if (value < 10) {
      double tenths = Math.ceil(value * 10 - 1e-9) / 10;
      if (tenths < 10) {
        return String.format(Locale.ROOT, "%.1f%c", tenths, UNITS.charAt(unit));
      }
      value = tenths;
    }
    long whole = (long) Math.ceil(value - 1e-9);
    if (whole >= 1024 && unit < UNITS.length() - 1) {
      return "1.0" + UNITS.charAt(unit + 1);
    }
    return whole + String.valueOf(UNITS.charAt(unit));
  }

  /** {@return {@code part * 100 / whole} rounded up, as df does, with {@code %}; {@code -} when whole is 0} */
  static String percent(long part, long whole) {
    if (whole <= 0) {
      return "-";
    }
    BigInteger[] qr = BigInteger.valueOf(part).multiply(BigInteger.valueOf(100))
        .divideAndRemainder(BigInteger.valueOf(whole));
    long p = qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
    return p + "%";
  }

  private static String[] row(NamespaceSnapshot ns) {
    NetnsTarget t = ns.target();
    String netns = t.netnsInode() > 0 ? Long.toString(t.netnsInode()) : "-";
    String[] row = {name(t), Long.toString(t.pid()), netns, "-", "-", "-", "-", "-"};
    if (ns.ok()) {
      Summary m = ns.stats().summary();
      row[ESTAB] = text(m.tcpEstablished());
      row[ESTAB + 1] = text(m.tcpInuse());
      row[ESTAB + 2] = text(m.tcpTimewait());
      row[ESTAB + 3] = text(m.udpInuse());
      row[ESTAB + 4] = text(m.socketsUsed());
    }
    return row;
  }

  /** The namespace's name, escaped, with how many more containers share it and whether it is the host's. */
  static String name(NetnsTarget t) {
    String name = TerminalText.escape(t.displayName());
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
    if (s.notCollected() > 0) {
      f.append("; ").append(s.notCollected()).append(" not collected (--max-namespaces)");
    }
    f.append("; resolver ").append(TerminalText.escape(s.resolver()));
    f.append("; collected in ").append(Durations.millis(s.durationNanos()));
    f.append(" (resolve ").append(Durations.millis(s.resolveNanos()));
    if (!s.sockets().isEmpty()) {
      f.append(", sockets ").append(Durations.millis(s.socketNanos()));
    }
    f.append(") at ")
        .append(s.timestamp().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    return f.toString();
  }

  private static String text(OptionalLong v) {
    return v.isPresent() ? Long.toString(v.getAsLong()) : "-";
  }
}
