package io.containernetstat.testkit;

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
public final class RawHttp implements AutoCloseable {
  /** What {@link #readUntilClosed(int)} appends when the server kept the connection open. */
  public static final String STILL_OPEN = "<still open>";

  /** The connected socket, for tests that set its options or read it themselves. */
  public final Socket socket;

  /**
   * Connects to {@code 127.0.0.1:port} (at most 5 s).
   *
   * @throws IOException if the connection fails
   */
  public RawHttp(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
  }

  /**
   * Sends {@code request} on a connection of its own and reads until the server closes it, resets it or
   * stays silent for 10 s: what was read is the answer, empty when the server reset the connection before
   * the request was written.
   *
   * @return the answer, as ISO-8859-1 text
   * @throws IOException if the answer cannot be read for another reason
   */
  public static String exchange(int port, String request) throws IOException {
    try (RawHttp raw = new RawHttp(port)) {
      String answer = raw.send(request).readUntilClosed(10_000);
      return answer.endsWith(STILL_OPEN) ? answer.substring(0, answer.length() - STILL_OPEN.length()) : answer;
    } catch (java.net.SocketException e) {
      return "";
    }
  }

  /**
   * Connects with a small receive buffer, for a client that reads slowly.
   *
   * @return the client
   * @throws IOException if the connection fails
   */
  public static RawHttp withReceiveBuffer(int port, int bytes) throws IOException {
    RawHttp raw = new RawHttp();
    raw.socket.setReceiveBufferSize(bytes);
    raw.socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    return raw;
  }

  private RawHttp() {
    socket = new Socket();
  }

  /**
   * Writes {@code text} (ISO-8859-1) and flushes.
   *
   * @return this client
   * @throws IOException if the write fails
   */
  public RawHttp send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /**
   * Reads until the server closes the connection or {@code millis} pass without a byte.
   *
   * @return what was read, as ISO-8859-1 text, followed by {@link #STILL_OPEN} when {@code millis} passed
   * @throws IOException if reading fails otherwise
   */
  public String readUntilClosed(int millis) throws IOException {
    socket.setSoTimeout(millis);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      return out.toString(StandardCharsets.ISO_8859_1) + STILL_OPEN;
    } catch (java.net.SocketException e) { // reset by the server: closed too
      return out.toString(StandardCharsets.ISO_8859_1);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * Reads and drops what the server sends until it closes the connection or {@code millis} pass.
   *
   * @return whether the server closed the connection within {@code millis}
   * @throws IOException if reading fails otherwise
   */
  public boolean closedWithin(int millis) throws IOException {
    return !readUntilClosed(millis).endsWith(STILL_OPEN);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
