package io.containernetstat.resolver.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A unix-socket (or loopback TCP) HTTP server that answers each path with a canned answer, keeping connections alive as
 * the Engine API does; the events path streams its chunks and then either ends or stays open.
 */
final class CannedDaemon implements AutoCloseable {
  /** A canned answer. */
  record Answer(int status, String body) {
  }

  final Path socket;
  final List<String> requests = new CopyOnWriteArrayList<>();
  /** Counted down when an events connection is closed by the client. */
  final CountDownLatch eventsClosed = new CountDownLatch(1);
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final ServerSocketChannel server;
  private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
  private volatile List<String> events = List.of();
  private volatile boolean eventsEnd;

  CannedDaemon(Path socket) throws IOException {
    this.socket = socket;
    if (socket != null) {
      Files.deleteIfExists(socket);
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
    } else {
      server = ServerSocketChannel.open(StandardProtocolFamily.INET);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }
    Thread acceptor = new Thread(this::acceptForever, "canned-daemon");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A daemon on a loopback TCP port instead of a unix socket. */
  static CannedDaemon tcp() throws IOException {
    return new CannedDaemon(null);
  }

  String host() throws IOException {
    if (socket == null) {
      return "tcp://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
    }
    return "unix://" + socket;
  }

  CannedDaemon answer(String path, int status, String body) {
    answers.put(path, new Answer(status, body));
    return this;
  }

  /** The events stream sends these lines, then ends when {@code end}, else stays open until the client closes. */
  CannedDaemon events(List<String> lines, boolean end) {
    this.events = lines;
    this.eventsEnd = end;
    return this;
  }

  private void acceptForever() {
    while (server.isOpen()) {
      try {
        SocketChannel c = server.accept();
        clients.add(c);
        Thread t = new Thread(() -> serve(c), "canned-daemon-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(SocketChannel c) {
    try (InputStream in = Channels.newInputStream(c); OutputStream out = Channels.newOutputStream(c)) {
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String path = head.split(" ", 3)[1];
        requests.add(path);
        if (path.startsWith("/events")) {
          streamEvents(in, out);
          return;
        }
        Answer a = answers.getOrDefault(path, new Answer(404, "{\"message\":\"page not found\"}"));
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + a.status() + " X\r\nContent-Type: application/json\r\nContent-Length: " + body.length
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private void streamEvents(InputStream in, OutputStream out) throws IOException {
    out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    for (String line : events) {
      byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
      out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(b);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.flush();
    if (eventsEnd) {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return;
    }
    // Idle, as a quiet daemon is, until the client closes the connection.
    while (in.read() >= 0) {
      // nothing is expected from the client
    }
    eventsClosed.countDown();
  }

  /** Reads one request's head; null at the end of the connection. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toString(StandardCharsets.US_ASCII);
      }
    }
    return null;
  }

  boolean awaitEventsClosed(long seconds) throws InterruptedException {
    return eventsClosed.await(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (SocketChannel c : clients) {
      c.close();
    }
    if (socket != null) {
      Files.deleteIfExists(socket);
    }
  }
}
