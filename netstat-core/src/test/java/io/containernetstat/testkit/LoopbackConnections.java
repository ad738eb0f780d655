package io.containernetstat.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SocketHolder}'s bulk mode ({@code --connections N}): holds N established loopback TCP
 * connections, prints {@code ready N} and keeps them until its standard input closes. Run inside a fresh
 * network namespace by the benchmarks' {@code ConnectionsBenchmark}.
 *
 * <p>The two ends of the connections are held by two processes (this one accepts, a child JVM it
 * starts connects, {@code --connect PORT N}), so that each needs about N descriptors, not 2N: 10,000
 * connections fit under a hard limit of 20,000 open files (which root without CAP_SYS_RESOURCE cannot
 * raise).
 */
final class LoopbackConnections {
  private LoopbackConnections() {}

  static void main(String[] args) throws IOException, InterruptedException {
    switch (args[0]) {
      case "--connections" -> accept(Integer.parseInt(args[1]));
      case "--connect" -> connect(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      default -> throw new IllegalArgumentException("usage: SocketHolder --connections N, got " + args[0]);
    }
  }

  private static void accept(int n) throws IOException, InterruptedException {
    List<SocketChannel> held = new ArrayList<>(n);
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
          SocketHolder.class.getName(), "--connect", Integer.toString(port), Integer.toString(n))
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      for (int i = 0; i < n; i++) {
        held.add(server.accept());
      }
      String line = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      if (!("connected " + n).equals(line)) {
        child.destroyForcibly();
        throw new IllegalStateException("connecting child said " + line);
      }
      System.out.println("ready " + n);
      System.out.flush();
      SocketHolder.awaitEndOfInput();
      child.getOutputStream().close(); // the child ends too
      child.waitFor();
    } finally {
      for (SocketChannel c : held) {
        c.close();
      }
    }
  }

  private static void connect(int port, int n) throws IOException {
    List<SocketChannel> held = new ArrayList<>(n);
    InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    for (int i = 0; i < n; i++) {
      held.add(SocketChannel.open(server));
    }
    System.out.println("connected " + n);
    System.out.flush();
    SocketHolder.awaitEndOfInput();
    for (SocketChannel c : held) {
      c.close();
    }
  }
}
