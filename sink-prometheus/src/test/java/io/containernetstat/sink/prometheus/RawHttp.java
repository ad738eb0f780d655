package io.containernetstat.sink.prometheus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A client that speaks HTTP by hand over a socket to loopback, to behave as browsers and scrapers do
 * not: send half a request, pipeline, never read. Not thread-safe; closes its socket.
 */
final class RawHttp implements AutoCloseable {
  final Socket socket;

  RawHttp(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
  }

  /** A socket with a small receive buffer, for a client that reads slowly. */
  static RawHttp withReceiveBuffer(int port, int bytes) throws IOException {
    RawHttp raw = new RawHttp();
    raw.socket.setReceiveBufferSize(bytes);
    raw.socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    return raw;
  }

  private RawHttp() {
    socket = new Socket();
  }

  RawHttp send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /**
   * Reads until the server closes the connection or {@code millis} pass without a byte.
   *
   * @return what was read, as ISO-8859-1 text
   */
  String readUntilClosed(int millis) throws IOException {
    socket.setSoTimeout(millis);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      return out.toString(StandardCharsets.ISO_8859_1) + "<still open>";
    } catch (java.net.SocketException e) { // reset by the server: closed too
      return out.toString(StandardCharsets.ISO_8859_1);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** {@return whether the server closed the connection within {@code millis} (reading and dropping what it sent)} */
  boolean closedWithin(int millis) throws IOException {
    return !readUntilClosed(millis).endsWith("<still open>");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
