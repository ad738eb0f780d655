package io.containernetstat.sockdiag;

import io.containernetstat.core.sockets.Listener;
import io.containernetstat.core.sockets.SocketStats;
import io.containernetstat.core.sockets.TcpState;
import io.containernetstat.core.sockets.UdpStats;
import io.containernetstat.core.kernel.NetnsFixture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What {@code ss} prints inside a fixture's namespace, parsed independently of the library. */
final class SsOracle {
  private SsOracle() {}

  /** One line of {@code ss -ltnH}: the local port, Recv-Q and Send-Q. */
  record Row(String state, int port, long recvQ, long sendQ) {}

  /** {@return the rows of {@code ss <options>} ({@code -H}: no header) in the namespace} */
  static List<Row> rows(NetnsFixture ns, String... options) throws IOException {
    String[] command = new String[options.length + 1];
    command[0] = "ss";
    System.arraycopy(options, 0, command, 1, options.length);
    List<Row> rows = new ArrayList<>();
    for (String line : ns.runInside(command).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      String local = f[3];
      rows.add(new Row(f[0], Integer.parseInt(local.substring(local.lastIndexOf(':') + 1)),
          Long.parseLong(f[1]), Long.parseLong(f[2])));
    }
    return rows;
  }

  /** {@return how many lines {@code ss -tanH state <state>} prints in the namespace} */
  static long tcpInState(NetnsFixture ns, String ssState) throws IOException {
    return ns.runInside("ss", "-tanH", "state", ssState).lines().filter(l -> !l.isBlank()).count();
  }

  /** {@return the sum of the {@code drops} column (the last) of {@code /proc/<pid>/net/udp} and {@code udp6}} */
  static long udpDrops(NetnsFixture ns) throws IOException {
    long drops = 0;
    for (String file : new String[] {"udp", "udp6"}) {
      List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Long.toString(ns.pid()),
          "net", file));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        drops += Long.parseLong(f[f.length - 1]);
      }
    }
    return drops;
  }

  /** {@return the name {@code ss} uses in a state filter for {@code state}} */
  static String ssName(TcpState state) {
    switch (state) {
      case FIN_WAIT1: return "fin-wait-1";
      case FIN_WAIT2: return "fin-wait-2";
      case CLOSE: return "closed";
      case LISTEN: return "listening";
      default: return state.label().replace('_', '-');
    }
  }
}
