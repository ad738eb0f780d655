package io.containernetstat.resolver;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A unix-socket "daemon" that accepts every connection, reads the request, and never answers: the
 * failure docker-java's own timeouts do not bound.
 */
final class HangingDaemon implements AutoCloseable {
  final Path socket;
  final AtomicInteger accepted = new AtomicInteger();
  private final ServerSocketChannel server;
  private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  HangingDaemon(Path socket) throws IOException {
    this.socket = socket;
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    acceptor = new Thread(this::acceptForever, "hanging-daemon");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String host() {
    return "unix://" + socket;
  }

  /** Connections still open from the client side (a closed client reads EOF here). */
  int openConnections() {
    int open = 0;
    ByteBuffer buf = ByteBuffer.allocate(4096);
    for (SocketChannel c : clients) {
      try {
        c.configureBlocking(false);
        int n;
        do {
          buf.clear();
          n = c.read(buf);
        } while (n > 0);
        if (n == 0) {
          open++;
        }
      } catch (IOException e) {
        // reset by the client: closed
      }
    }
    return open;
  }

  private void acceptForever() {
    while (server.isOpen()) {
      try {
        SocketChannel c = server.accept();
        accepted.incrementAndGet();
        clients.add(c);
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (SocketChannel c : clients) {
      c.close();
    }
    Files.deleteIfExists(socket);
  }
}
