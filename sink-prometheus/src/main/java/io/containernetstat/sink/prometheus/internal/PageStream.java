package io.containernetstat.sink.prometheus.internal;

import io.containernetstat.sink.prometheus.internal.http.Exchange;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The body of one rendered page, sent as it is written to every exchange that asked for it: each chunk
 * of {@value #CHUNK} bytes is made once and shared by all of them (no copy per client). Not thread-safe:
 * one writer. Not API.
 *
 * <p>Before each chunk the writer waits for each client to take more bytes. A page sent to one client
 * waits for it as long as its connection lives (its write timeout ends that). A page shared by several
 * waits at most {@value #SHARED_STALL_SECONDS} s for any one of them; a client that has still not read
 * by then is cut off, so that it cannot hold the others' scrapes. A client that went away is dropped;
 * when none is left the page is not rendered further.
 */
final class PageStream extends OutputStream {
  static final int CHUNK = 8192;
  static final int SHARED_STALL_SECONDS = 2;

  private final List<Exchange> clients;
  private ByteBuf buffer;
  private boolean closed;

  PageStream(List<Exchange> clients) {
    this.clients = new ArrayList<>(clients);
  }

  /** {@return the clients still being sent the page} */
  List<Exchange> clients() {
    return clients;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    while (len > 0) {
      if (buffer == null) {
        buffer = clients.get(0).alloc().heapBuffer(CHUNK, CHUNK);
      }
      int n = Math.min(len, buffer.writableBytes());
      buffer.writeBytes(b, off, n);
      off += n;
      len -= n;
      if (!buffer.isWritable()) {
        send();
      }
    }
  }

  @Override
  public void flush() throws IOException {
    if (buffer != null && buffer.isReadable()) {
      send();
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      try {
        flush();
      } finally {
        closed = true;
        if (buffer != null) {
          buffer.release();
          buffer = null;
        }
      }
    }
  }

  private void send() throws IOException {
    ByteBuf chunk = buffer;
    buffer = null;
    try {
      long stall = clients.size() == 1 ? Long.MAX_VALUE : TimeUnit.SECONDS.toNanos(SHARED_STALL_SECONDS);
      for (int i = clients.size() - 1; i >= 0; i--) {
        Exchange client = clients.get(i);
        try {
          if (client.awaitWritable(stall)) {
            continue;
          }
          client.abort(); // stalled while others wait for the same page
        } catch (IOException gone) {
          // closed: went away, or its write timeout passed
        }
        clients.remove(i);
      }
      if (clients.isEmpty()) {
        throw new IOException("every client of the page went away or stopped reading");
      }
      for (Exchange client : clients) {
        client.send(chunk.retainedDuplicate());
      }
    } finally {
      chunk.release();
    }
  }
}
