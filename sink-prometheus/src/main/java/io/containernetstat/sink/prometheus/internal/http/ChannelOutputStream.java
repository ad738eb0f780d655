package io.containernetstat.sink.prometheus.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The body of a streamed answer: bytes go out in chunks of {@value #CHUNK} as they are written, and
 * the writer waits while the connection has more than {@value #HIGH_WATER} bytes unsent (the client
 * reads slower than the page is rendered). Not thread-safe: one writer. Not API.
 */
final class ChannelOutputStream extends OutputStream {
  static final int CHUNK = 8192;
  /** Unsent bytes above which the writer waits (the channel's write-buffer high-water mark). */
  static final int HIGH_WATER = 64 * 1024;
  /** Unsent bytes below which a waiting writer goes on. */
  static final int LOW_WATER = 32 * 1024;

  private final Channel channel;
  private final Connection connection;
  private ByteBuf buffer;
  private boolean closed;

  ChannelOutputStream(Channel channel, Connection connection) {
    this.channel = channel;
    this.connection = connection;
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
        buffer = channel.alloc().heapBuffer(CHUNK, CHUNK);
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
        release();
      }
    }
  }

  private void send() throws IOException {
    ByteBuf chunk = buffer;
    buffer = null;
    try {
      connection.awaitWritable();
    } catch (IOException e) {
      chunk.release();
      throw e;
    }
    channel.writeAndFlush(new DefaultHttpContent(chunk));
  }

  private void release() {
    if (buffer != null) {
      buffer.release();
      buffer = null;
    }
  }
}
