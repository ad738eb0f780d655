package io.containernetstat.sink.prometheus.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request and its answer: either a short one ({@link #respond}) or a streamed body ({@link #begin},
 * chunks sent with {@link #send} when {@link #awaitWritable} allows, then {@link #finish} or
 * {@link #abort}). Any thread may answer, once. Not API.
 *
 * <p>A streamed body is chunked (HTTP/1.1) and written as it is produced; its writer waits while the
 * client's connection has {@value HttpServer#HIGH_WATER} bytes unsent, so a slow reader costs that much
 * memory at most; the connection's write timeout cuts it off if the client does not read.
 */
public final class Exchange {
  private final Channel channel;
  private final Connection connection;
  private final HttpRequest request;
  private final boolean keepAlive;
  private final Map<String, String> extraHeaders;
  private final AtomicBoolean answered = new AtomicBoolean();
  private final QueryStringDecoder uri;

  Exchange(Channel channel, Connection connection, HttpRequest request, boolean keepAlive,
      Map<String, String> extraHeaders) {
    this.channel = channel;
    this.connection = connection;
    this.request = request;
    this.keepAlive = keepAlive;
    this.extraHeaders = extraHeaders;
    this.uri = new QueryStringDecoder(request.uri());
  }

  /** {@return the method, as sent ({@code GET})} */
  public String method() {
    return request.method().name();
  }

  /** {@return whether the method is {@code HEAD}} */
  public boolean head() {
    return "HEAD".equals(request.method().name());
  }

  /** {@return the decoded path ({@code /metrics})} */
  public String path() {
    return uri.path();
  }

  /** {@return the raw query after {@code ?}, or null} */
  public String rawQuery() {
    String raw = uri.rawQuery();
    return raw.isEmpty() && !request.uri().contains("?") ? null : raw;
  }

  /** {@return the first value of a request header, or null} */
  public String header(String name) {
    return request.headers().get(name);
  }

  /** {@return every value of a request header, empty if none} */
  public List<String> headers(String name) {
    return request.headers().getAll(name);
  }

  /**
   * Answers with a short {@code text/plain} body (the headers alone for {@code HEAD}).
   *
   * @param status the status code
   * @param body the body
   * @param headers more response headers, name then value
   */
  public void respond(int status, String body, String... headers) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(status), head() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
    HttpHeaders h = response.headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    boolean keep = keepAlive && status < 500;
    decorate(response, headers, keep);
    channel.writeAndFlush(response).addListener((ChannelFutureListener) f -> connection.responseDone(f.isSuccess() && keep));
  }

  /**
   * Starts a streamed answer: the status and headers; the body follows in chunks ({@link #send}).
   *
   * @param status the status code
   * @param headers response headers, name then value ({@code Content-Type} among them)
   * @throws IllegalStateException if the exchange was answered already
   */
  public void begin(int status, String... headers) {
    if (!answered.compareAndSet(false, true)) {
      throw new IllegalStateException("already answered");
    }
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
    boolean chunked = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
    if (chunked) {
      response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    // HTTP/1.0 has no chunks: the body ends where the connection does
    decorate(response, headers, keepAlive && chunked);
    connection.responseStarted();
    channel.write(response);
  }

  /**
   * Waits until the client's connection takes more bytes (it has less than the high-water mark unsent);
   * never call it on the event loop.
   *
   * @param stallNanos how long to wait at most; the connection's write timeout closes it in any case
   * @return false if the client still had not read enough when {@code stallNanos} passed
   * @throws IOException if the connection is closed: the client went away, or its write timeout passed
   */
  public boolean awaitWritable(long stallNanos) throws IOException {
    return connection.awaitWritable(stallNanos);
  }

  /**
   * Sends a chunk of a streamed answer's body; takes over the caller's reference to it.
   *
   * @param chunk the bytes
   */
  public void send(ByteBuf chunk) {
    channel.writeAndFlush(new DefaultHttpContent(chunk), channel.voidPromise());
  }

  /** {@return the allocator of the client's connection} */
  public ByteBufAllocator alloc() {
    return channel.alloc();
  }

  /** Ends a streamed answer properly: the last chunk; the connection is kept for the next request if it may be. */
  public void finish() {
    boolean keep = keepAlive && request.protocolVersion().equals(HttpVersion.HTTP_1_1);
    channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
        .addListener((ChannelFutureListener) f -> connection.responseDone(f.isSuccess() && keep));
  }

  /**
   * Cuts a streamed answer off: the connection is closed without the last chunk, so the client sees a
   * broken response, never a complete short one.
   */
  public void abort() {
    channel.close();
  }

  private void decorate(HttpResponse response, String[] headers, boolean keep) {
    HttpHeaders h = response.headers();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      h.set(headers[i], headers[i + 1]);
    }
    extraHeaders.forEach(h::set);
    if (!keep) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!request.protocolVersion().isKeepAliveDefault()) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }
}
