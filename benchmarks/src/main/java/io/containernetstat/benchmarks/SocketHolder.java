package io.containernetstat.benchmarks;

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
 * A process that holds N established loopback TCP connections, prints {@code ready N} and keeps them
 * until its standard input closes. Run inside a fresh network namespace by {@link ConnectionsBenchmark}.
 *
 * <p>The two ends of the connections are held by two processes (this one accepts, a child JVM it
 * starts connects), so that each needs about N descriptors, not 2N: 10,000 connections fit under a
 * hard limit of 20,000 open files (this machine's, which root without CAP_SYS_RESOURCE cannot raise).
 */
public final class SocketHolder {
  private SocketHolder() {}

  /**
   * Holds the connections.
   *
   * @param args {@code N} (accept N connections, start the connecting child), or {@code --connect PORT N}
   * @throws IOException if a socket cannot be opened (the file descriptor limit, most likely)
   * @throws InterruptedException if interrupted while waiting for the child
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args[0].equals("--connect")) {
      connect(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      return;
    }
    int n = Integer.parseInt(args[0]);
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
      awaitEndOfInput();
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
    awaitEndOfInput();
    for (SocketChannel c : held) {
      c.close();
    }
  }

  /** Blocks until standard input closes: the parent closed it, or died. Nothing is ever written. */
  private static void awaitEndOfInput() throws IOException {
    while (System.in.read() >= 0) {
      // ignore
    }
  }
}
