package io.containernetstat.sink.prometheus.internal.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * A small HTTP/1.1 server on Netty that no client can starve; thread-safe, closeable. Not API: the
 * endpoint is {@code PrometheusEndpoint}.
 *
 * <p>One thread accepts connections and does nothing else; one event-loop thread reads and writes
 * every connection without blocking, so a client that connects and sends nothing, or trickles its
 * request, holds no thread and a few hundred bytes of memory until its header deadline (see
 * {@link Connection}). Whole requests go to the router, on the event loop; the router answers short
 * requests at once and hands the others to its own threads. Buffers are unpooled heap buffers: the
 * pooled allocator's 16 MiB arenas would be most of this agent's memory.
 */
public final class HttpServer implements Closeable {
  /** The longest request line: {@code /metrics?name[]=...} with many names. */
  static final int MAX_LINE = 8192;
  /** The most header bytes a request may send (Prometheus sends a few hundred). */
  static final int MAX_HEADERS = 16384;
  /** Unsent bytes of a connection above which its writer waits (the write-buffer high-water mark). */
  public static final int HIGH_WATER = 64 * 1024;
  /** Unsent bytes below which a waiting writer goes on. */
  static final int LOW_WATER = 32 * 1024;

  private final Channel server;
  private final EventLoopGroup accept;
  private final EventLoopGroup io;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private HttpServer(Channel server, EventLoopGroup accept, EventLoopGroup io) {
    this.server = server;
    this.accept = accept;
    this.io = io;
  }

  /**
   * Binds and starts.
   *
   * @param address where to listen
   * @param settings limits, timeouts, TLS and extra headers
   * @param router takes each whole request, on the event loop; must not block
   * @return the running server
   * @throws IOException if the address cannot be bound
   */
  public static HttpServer start(InetSocketAddress address, ServerSettings settings, Consumer<Exchange> router)
      throws IOException {
    EventLoopGroup accept = new NioEventLoopGroup(1, new DefaultThreadFactory("prometheus-accept", true));
    EventLoopGroup io = new NioEventLoopGroup(1, new DefaultThreadFactory("prometheus-io", true));
    AtomicInteger open = new AtomicInteger();
    ByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(accept, io)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.ALLOCATOR, alloc)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.ALLOCATOR, alloc)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 1024, 16384))
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(LOW_WATER, HIGH_WATER))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (open.incrementAndGet() > settings.maxConnections()) {
              open.decrementAndGet();
              refuse(ch, settings.ssl() == null);
              return;
            }
            ch.closeFuture().addListener(f -> open.decrementAndGet());
            pipeline(ch, settings, router);
          }
        });
    try {
      Channel server = bootstrap.bind(address).syncUninterruptibly().channel();
      return new HttpServer(server, accept, io);
    } catch (RuntimeException e) {
      shutdown(accept, io);
      if (e.getCause() instanceof IOException) {
        throw (IOException) e.getCause();
      }
      throw e;
    } catch (Exception e) { // bind's checked exceptions (BindException) are thrown unchecked by Netty
      shutdown(accept, io);
      if (e instanceof IOException) {
        throw (IOException) e;
      }
      throw new IOException(e.toString(), e);
    }
  }

  private static void pipeline(SocketChannel ch, ServerSettings settings, Consumer<Exchange> router) {
    ChannelPipeline p = ch.pipeline();
    Connection connection = new Connection(ch, settings, router);
    if (settings.ssl() != null) {
      p.addLast(new PlainHttpOnTls());
      SslHandler tls = settings.ssl().newHandler(ch.alloc());
      tls.setHandshakeTimeout(settings.headerTimeout().toMillis(), TimeUnit.MILLISECONDS);
      SSLEngine engine = tls.engine();
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setUseCipherSuitesOrder(settings.preferServerCipherSuites());
      engine.setSSLParameters(parameters);
      p.addLast(tls);
    }
    p.addLast(connection.bytes());
    p.addLast(new HttpServerCodec(new HttpDecoderConfig()
        .setMaxInitialLineLength(MAX_LINE)
        .setMaxHeaderSize(MAX_HEADERS)
        .setMaxChunkSize(8192)));
    p.addLast(connection.messages());
    connection.accepted();
  }

  /** Closes a connection over the limit: plain-HTTP clients first read why. */
  private static void refuse(SocketChannel ch, boolean plain) {
    if (!plain) {
      ch.close();
      return;
    }
    byte[] answer = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + "Connection: close\r\nRetry-After: 1\r\nContent-Length: 21\r\n\r\ntoo many connections\n")
        .getBytes(StandardCharsets.US_ASCII);
    ch.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE);
  }

  /** {@return the port the server listens on} */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Stops (once; later calls do nothing): the port is free and every connection closed when this returns; answers in progress are cut off. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.close().syncUninterruptibly();
    shutdown(accept, io);
  }

  private static void shutdown(EventLoopGroup accept, EventLoopGroup io) {
    accept.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    io.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    accept.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    io.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
