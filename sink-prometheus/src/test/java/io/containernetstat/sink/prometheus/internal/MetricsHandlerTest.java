package io.containernetstat.sink.prometheus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a scraper gets when the page fails half-way: a broken response, never a short complete one. */
class MetricsHandlerTest {
  @Test
  void aPageThatFailsAfterItsFirstByteLeavesTheExchangeOpenForTheServerToDrop() throws Exception {
    for (String encoding : List.of("", "gzip")) {
      Exchange exchange = new Exchange("GET", "/metrics", encoding, 4096);
      assertThatThrownBy(() -> new MetricsHandler(bigRegistry()).handle(exchange))
          .as("encoding '%s'", encoding)
          .isInstanceOf(IOException.class).hasMessageContaining("/metrics failed after the response started");
      assertThat(exchange.status).isEqualTo(200);
      assertThat(exchange.written).as("the page had started").isPositive();
      assertThat(exchange.closed).as("a closed exchange would end the chunked stream as if complete").isFalse();
    }
  }

  @Test
  void aShortAnswerIsClosed() throws Exception {
    Exchange exchange = new Exchange("POST", "/metrics", "", Integer.MAX_VALUE);
    new MetricsHandler(bigRegistry()).handle(exchange);
    assertThat(exchange.status).isEqualTo(405);
    assertThat(exchange.closed).isTrue();
  }

  @Test
  void gzipIsAcceptedUnlessRefused() {
    assertThat(MetricsHandler.acceptsGzip(List.of("gzip, deflate"))).isTrue();
    assertThat(MetricsHandler.acceptsGzip(List.of("br;q=1.0, GZIP;q=0.5"))).isTrue();
    assertThat(MetricsHandler.acceptsGzip(List.of("gzip;q=0"))).isFalse();
    assertThat(MetricsHandler.acceptsGzip(List.of("gzip;q=0.000"))).isFalse();
    assertThat(MetricsHandler.acceptsGzip(List.of("identity", "x-gzip"))).isFalse();
    assertThat(MetricsHandler.acceptsGzip(null)).isFalse();
  }

  private static PrometheusRegistry bigRegistry() {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(() -> {
      GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name("container_test_gauge");
      for (int i = 0; i < 5000; i++) {
        gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
            .labels(Labels.of("id", "namespace-" + i)).value(i).build());
      }
      return new MetricSnapshots(gauge.build());
    });
    return registry;
  }

  /** An exchange whose response body fails once {@code limit} bytes were written (the client went away). */
  private static final class Exchange extends HttpExchange {
    final Headers requestHeaders = new Headers();
    final Headers responseHeaders = new Headers();
    final String method;
    final URI uri;
    final int limit;
    int status;
    int written;
    boolean closed;

    Exchange(String method, String path, String acceptEncoding, int limit) {
      this.method = method;
      this.uri = URI.create(path);
      this.limit = limit;
      if (!acceptEncoding.isEmpty()) {
        requestHeaders.add("Accept-Encoding", acceptEncoding);
      }
    }

    @Override public Headers getRequestHeaders() {
      return requestHeaders;
    }

    @Override public Headers getResponseHeaders() {
      return responseHeaders;
    }

    @Override public URI getRequestURI() {
      return uri;
    }

    @Override public String getRequestMethod() {
      return method;
    }

    @Override public HttpContext getHttpContext() {
      return null;
    }

    @Override public void close() {
      closed = true;
    }

    @Override public InputStream getRequestBody() {
      return new ByteArrayInputStream(new byte[0]);
    }

    @Override public OutputStream getResponseBody() {
      return new OutputStream() {
        @Override public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
          if (written + len > limit) {
            written = limit; // part of it went out
            throw new IOException("Broken pipe");
          }
          written += len;
        }
      };
    }

    @Override public void sendResponseHeaders(int rCode, long responseLength) {
      status = rCode;
    }

    @Override public InetSocketAddress getRemoteAddress() {
      return InetSocketAddress.createUnresolved("client", 1);
    }

    @Override public int getResponseCode() {
      return status;
    }

    @Override public InetSocketAddress getLocalAddress() {
      return InetSocketAddress.createUnresolved("agent", 9465);
    }

    @Override public String getProtocol() {
      return "HTTP/1.1";
    }

    @Override public Object getAttribute(String name) {
      return null;
    }

    @Override public void setAttribute(String name, Object value) {
    }

    @Override public void setStreams(InputStream i, OutputStream o) {
    }

    @Override public HttpPrincipal getPrincipal() {
      return null;
    }
  }
}
