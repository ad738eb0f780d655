package io.containernetstat.testkit;

import io.containernetstat.core.kernel.NetnsFixture;
import io.containernetstat.core.kernel.SocketSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A program that opens a known set of sockets in its (fresh) network namespace, prints
 * {@code READY <pid>} and holds them until its standard input closes or it is killed. Started by
 * {@link NetnsFixture}; not used in-process. The READY line is {@code READY <pid> <baseline sockets>}.
 *
 * <p>Usage: {@code SocketHolder <spec>} where {@code <spec>} is {@link SocketSpec#toArgument()}. Loopback
 * must already be up (the fixture runs {@code ip link set lo up} before exec'ing the JVM).
 *
 * <p>Before READY the holder waits until its own {@code /proc/self/net/tcp} and {@code tcp6} show the
 * intended states and nothing in transit (FIN_WAIT, CLOSE_WAIT, LAST_ACK, CLOSING): the namespace is then
 * quiescent and every reader sees the same numbers. It reads those files as plain text, independent of
 * the library's parsers. On any failure it prints {@code FAILED <reason>} and exits with status 2.
 *
 * <p>It exits by itself when standard input reaches end of file, which happens when the JVM that started
 * it dies without cleaning up: a killed test run never leaves namespaces behind.
 *
 * <p>Second use, for the benchmarks: {@code SocketHolder --connections N} holds N established loopback
 * TCP connections instead (see {@link LoopbackConnections}), prints {@code ready N} and keeps them until
 * standard input closes.
 */
public final class SocketHolder {
  /** Printed, followed by a space and the holder's PID, once every socket is in place. */
  public static final String READY = "READY";
  /** Printed, followed by the reason, when the socket set could not be made. */
  public static final String FAILED = "FAILED";

  private static final long SETTLE_TIMEOUT_MILLIS = 5_000;

  /** The sockets this JVM holds before opening any of the spec's; see {@link NetnsFixture#baselineSockets()}. */
  private static long baseline;

  /** Keeps every channel reachable for the life of the process. */
  private static final List<Channel> HELD = new ArrayList<>();

  private SocketHolder() {}

  /**
   * Opens the sockets and holds them.
   *
   * @param args one argument, a {@link SocketSpec#toArgument()}; or {@code --connections N} (or
   *     {@code --connect PORT N}, the connecting child) for {@link LoopbackConnections}
   * @throws IOException if {@link LoopbackConnections} cannot open a socket
   * @throws InterruptedException if {@link LoopbackConnections} is interrupted waiting for its child
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length > 0 && args[0].startsWith("--")) {
      LoopbackConnections.main(args);
      return;
    }
    try {
      if (args.length != 1) {
        throw new IllegalArgumentException("usage: SocketHolder <spec>, got " + args.length + " arguments");
      }
      SocketSpec spec = SocketSpec.parse(args[0]);
      baseline = socketsUsed();
      open(spec);
      awaitSettled(spec);
    } catch (Exception | Error e) {
      System.out.println(FAILED + " " + e);
      System.out.flush();
      System.exit(2);
    }
    System.out.println(READY + " " + ProcessHandle.current().pid() + " " + baseline);
    System.out.flush();
    try {
      awaitEndOfInput();
    } catch (IOException e) {
      // same as EOF
    }
    System.exit(0);
  }

  /** Blocks until standard input closes: the parent closed it, or died. Nothing is ever written. */
  static void awaitEndOfInput() throws IOException {
    while (System.in.read() >= 0) {
      // the parent never writes; EOF means the JVM that started us is gone
    }
  }

  private static void open(SocketSpec spec) throws IOException {
    InetAddress v4 = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    InetAddress v6 = InetAddress.getByAddress("localhost", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    StandardProtocolFamily inet = StandardProtocolFamily.INET;
    StandardProtocolFamily inet6 = StandardProtocolFamily.INET6;

    for (int i = 0; i < spec.tcp4Listeners(); i++) {
      HELD.add(listen(inet, v4, 50));
    }
    for (int i = 0; i < spec.tcp6Listeners(); i++) {
      HELD.add(listen(inet6, v6, 50));
    }
    established(inet, v4, spec.tcp4Established());
    established(inet6, v6, spec.tcp6Established());
    timeWait(inet, v4, spec.tcp4TimeWait());
    timeWait(inet6, v6, spec.tcp6TimeWait());
    for (int i = 0; i < spec.udp4(); i++) {
      HELD.add(DatagramChannel.open(inet).bind(new InetSocketAddress(v4, 0)));
    }
    for (int i = 0; i < spec.udp6(); i++) {
      HELD.add(DatagramChannel.open(inet6).bind(new InetSocketAddress(v6, 0)));
    }
    if (spec.listenOverflow() > 0) {
      overflow(v4, spec.listenOverflow());
    }
  }

  private static ServerSocketChannel listen(ProtocolFamily family, InetAddress address, int backlog)
      throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(family);
    server.bind(new InetSocketAddress(address, 0), backlog);
    return server;
  }

  private static void established(ProtocolFamily family, InetAddress address, int pairs) throws IOException {
    if (pairs == 0) {
      return;
    }
    try (ServerSocketChannel listener = listen(family, address, pairs)) {
      for (int i = 0; i < pairs; i++) {
        SocketChannel client = SocketChannel.open(family);
        client.connect(listener.getLocalAddress());
        HELD.add(client);
        HELD.add(listener.accept());
      }
    }
  }

  /** The client closes first, so the client end (only) goes through FIN_WAIT2 into TIME_WAIT. */
  private static void timeWait(ProtocolFamily family, InetAddress address, int count) throws IOException {
    if (count == 0) {
      return;
    }
    try (ServerSocketChannel listener = listen(family, address, count)) {
      ByteBuffer scratch = ByteBuffer.allocate(16);
      for (int i = 0; i < count; i++) {
        SocketChannel client = SocketChannel.open(family);
        client.connect(listener.getLocalAddress());
        try (SocketChannel server = listener.accept()) {
          client.close();
          // Wait for the client's FIN before closing: closing earlier would make it a simultaneous close
          // and could leave both ends in TIME_WAIT.
          while (server.read(scratch.clear()) >= 0) {
            // the client sent nothing; read returns -1 at its FIN
          }
        }
      }
    }
  }

  /**
   * Fills a backlog-1 listener's accept queue (the kernel queues backlog + 1), then connects without
   * blocking: the kernel drops each further SYN and counts it in ListenOverflows and ListenDrops.
   */
  private static void overflow(InetAddress v4, int extra) throws IOException {
    ServerSocketChannel listener = listen(StandardProtocolFamily.INET, v4, SocketSpec.OVERFLOW_BACKLOG);
    HELD.add(listener);
    for (int i = 0; i < SocketSpec.OVERFLOW_QUEUED; i++) {
      SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
      client.connect(listener.getLocalAddress());
      HELD.add(client);
    }
    for (int i = 0; i < extra; i++) {
      SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
      client.configureBlocking(false);
      client.connect(listener.getLocalAddress());
      HELD.add(client);
    }
  }

  // ---- waiting for a quiescent namespace --------------------------------------------------------

  private static void awaitSettled(SocketSpec spec) throws IOException, InterruptedException {
    Map<String, Integer> want = new TreeMap<>();
    int overflowListener = spec.listenOverflow() > 0 ? 1 : 0;
    put(want, "LISTEN", spec.tcp4Listeners() + spec.tcp6Listeners() + overflowListener);
    put(want, "ESTABLISHED", (int) spec.expectedCurrEstab());
    put(want, "TIME_WAIT", (int) spec.expectedTimeWait());
    put(want, "SYN_SENT", spec.listenOverflow());
    long wantUsed = baseline + spec.expectedSocketsUsed();
    long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MILLIS;
    while (true) {
      Map<String, Integer> seen = tcpStates();
      long used = socketsUsed();
      if (seen.equals(want) && used == wantUsed) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("sockets did not settle in " + SETTLE_TIMEOUT_MILLIS
            + " ms: /proc/self/net/tcp{,6} states " + seen + ", expected " + want + "; sockstat sockets used "
            + used + ", expected " + wantUsed + " (" + baseline + " of the JVM's own)");
      }
      Thread.sleep(10);
    }
  }

  /**
   * Reads {@code sockets: used} of this namespace as text. Reading a file initialises the JDK's NIO
   * file dispatcher, which (JDK 17, Linux) creates its "pre-close" socketpair, so those sockets already
   * exist when the number is taken.
   */
  private static long socketsUsed() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/net/sockstat"))) {
      if (line.startsWith("sockets: used ")) {
        return Long.parseLong(line.substring("sockets: used ".length()).trim());
      }
    }
    throw new IllegalStateException("no 'sockets: used' line in /proc/self/net/sockstat");
  }

  private static void put(Map<String, Integer> map, String state, int count) {
    if (count > 0) {
      map.put(state, count);
    }
  }

  private static final String[] STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
      "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV",
      "BOUND_INACTIVE"};

  /** Counts the sockets of this namespace by state, from {@code /proc/self/net/tcp} and {@code tcp6}. */
  private static Map<String, Integer> tcpStates() throws IOException {
    Map<String, Integer> states = new TreeMap<>();
    for (String file : new String[] {"tcp", "tcp6"}) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of("/proc/self/net", file));
      } catch (NoSuchFileException e) {
        continue; // tcp6 without IPv6
      }
      for (int i = 1; i < lines.size(); i++) {
        String[] fields = lines.get(i).trim().split("\\s+");
        int state = Integer.parseInt(fields[3], 16);
        String name = state < STATES.length ? STATES[state] : "0x" + fields[3];
        states.merge(name, 1, Integer::sum);
      }
    }
    return states;
  }
}
