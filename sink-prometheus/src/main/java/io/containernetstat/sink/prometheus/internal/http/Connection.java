package io.containernetstat.sink.prometheus.internal.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One client connection's life: the deadlines that keep a client from holding it, and the hand-over of
 * each whole request to the router. Its state is touched on the connection's event loop only, except
 * where a method says otherwise. Not API.
 *
 * <p>Three states, each with its deadline:
 * <ul>
 *   <li>waiting for a request head (from the connection's accept, or from the first byte of a
 *       kept-alive connection's next request): the TLS handshake, the request line and the headers
 *       must arrive within the header timeout;</li>
 *   <li>answering: nothing more is read; once the answer has started it must be written within the
 *       write timeout;</li>
 *   <li>idle between requests of a kept-alive connection: the idle timeout.</li>
 * </ul>
 * A deadline that passes closes the connection. One request is answered at a time; a client that sends
 * the next before the answer (pipelining) or sends a body gets its answer and then a closed connection.
 */
final class Connection {
  private enum State { HEAD, BUSY, IDLE }

  private final Channel channel;
  private final ServerSettings settings;
  private final Consumer<Exchange> router;
  private final Object writable = new Object();
  private State state = State.HEAD;
  private boolean closeAfter;
  private ScheduledFuture<?> deadline;
  private long epoch;
  private volatile String closedBecause;

  Connection(Channel channel, ServerSettings settings, Consumer<Exchange> router) {
    this.channel = channel;
    this.settings = settings;
    this.router = router;
  }

  /** Starts the header deadline; called as the connection is set up, on its event loop. */
  void accepted() {
    arm(settings.headerTimeoutNanos(), "no whole request head within the header timeout");
  }

  /** {@return the handler that goes before the HTTP codec: it sees the first byte of each request} */
  ChannelHandler bytes() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.IDLE) {
          state = State.HEAD;
          arm(settings.headerTimeoutNanos(), "no whole request head within the header timeout");
        }
        ctx.fireChannelRead(msg);
      }
    };
  }

  /** {@return the handler that goes after the HTTP codec: it takes whole requests} */
  ChannelHandler messages() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
          if (msg instanceof HttpRequest) {
            request((HttpRequest) msg);
          }
        } finally {
          ReferenceCountUtil.release(msg);
        }
      }

      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        wakeWriter();
        ctx.fireChannelWritabilityChanged();
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        wakeWriter();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a hostile or broken client: not worth a log line each (that would be a way to flood the log)
        ctx.close();
      }
    };
  }

  private void request(HttpRequest request) {
    if (state == State.BUSY) {
      closeAfter = true; // a pipelined request: answer the first, then close
      return;
    }
    disarm();
    state = State.BUSY;
    channel.config().setAutoRead(false);
    boolean body = HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
    closeAfter |= body || request.headers().contains(HttpHeaderNames.EXPECT);
    Throwable failure = request.decoderResult().cause();
    if (failure != null) {
      closeAfter = true;
      int status = failure instanceof TooLongHttpLineException ? 414
          : failure instanceof TooLongHttpHeaderException ? 431 : failure instanceof TooLongFrameException ? 413 : 400;
      new Exchange(channel, this, request, false, settings.headers()).respond(status,
          "bad request: " + failure.getMessage() + "\n");
      return;
    }
    Exchange exchange = new Exchange(channel, this, request, HttpUtil.isKeepAlive(request) && !closeAfter,
        settings.headers());
    try {
      router.accept(exchange);
    } catch (RuntimeException e) {
      exchange.respond(500, "internal error: " + e + "\n");
    }
  }

  /** An answer has started; its write deadline runs from now. Any thread. */
  void responseStarted() {
    channel.eventLoop().execute(() -> arm(settings.writeTimeoutNanos(),
        "the client did not read the answer within the write timeout"));
  }

  /** The answer is written; called on the event loop (a write listener). */
  void responseDone(boolean keepAlive) {
    disarm();
    if (!keepAlive || closeAfter || !channel.isActive()) {
      channel.close();
      return;
    }
    state = State.IDLE;
    arm(settings.idleTimeoutNanos(), "idle longer than the idle timeout");
    channel.config().setAutoRead(true);
  }

  /**
   * Waits until the connection takes more bytes; called by the writer of a streamed answer, never on
   * the event loop.
   *
   * @param stallNanos how long to wait at most
   * @return false if the connection was still not writable after {@code stallNanos}
   * @throws IOException if the connection closed (the client went away, or a deadline passed)
   */
  boolean awaitWritable(long stallNanos) throws IOException {
    if (!channel.eventLoop().inEventLoop()) {
      long deadline = System.nanoTime() + stallNanos;
      synchronized (writable) {
        while (channel.isActive() && !channel.isWritable()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          try {
            writable.wait(Math.max(1, Math.min(100, left / 1_000_000)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the client was reading", e);
          }
        }
      }
    }
    if (!channel.isActive()) {
      String why = closedBecause;
      throw new IOException(why != null ? why : "the client closed the connection");
    }
    return true;
  }

  private void wakeWriter() {
    synchronized (writable) {
      writable.notifyAll();
    }
  }

  private void arm(long nanos, String why) {
    disarm();
    long mine = ++epoch;
    deadline = channel.eventLoop().schedule(() -> {
      if (epoch == mine && channel.isActive()) {
        closedBecause = why;
        channel.close();
      }
    }, nanos, TimeUnit.NANOSECONDS);
  }

  private void disarm() {
    epoch++;
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
