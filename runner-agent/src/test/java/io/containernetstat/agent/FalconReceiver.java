package io.containernetstat.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small open-falcon receiver on 127.0.0.1 (JDK HttpServer): takes {@code POST /v1/push}, checks each
 * item the way falcon's transfer does, answers {@code success} like falcon-agent; optionally slow.
 */
final class FalconReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final List<JsonNode> items = new CopyOnWriteArrayList<>();
  final List<String> invalid = new CopyOnWriteArrayList<>();
  final AtomicInteger requests = new AtomicInteger();
  private final HttpServer server;
  private final long delayMillis;

  FalconReceiver(long delayMillis) throws IOException {
    this.delayMillis = delayMillis;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "falcon-receiver");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/v1/push", exchange -> {
      requests.incrementAndGet();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      int code = 200;
      String reply = "success";
      try {
        JsonNode array = JSON.readTree(body);
        if (!array.isArray() || body.length == 0 || body[0] != '[') {
          throw new IOException("body is not a JSON array starting with [");
        }
        for (JsonNode item : array) {
          String problem = check(item);
          if (problem != null) {
            invalid.add(problem + ": " + item);
          }
          items.add(item);
        }
      } catch (IOException e) {
        code = 400;
        reply = "connot decode body";
      }
      byte[] out = reply.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(code, out.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(out);
      }
    });
    server.start();
  }

  /** falcon transfer's checks: strings set, integer step and timestamp, GAUGE/COUNTER, metric+tags <= 255. */
  static String check(JsonNode item) {
    for (String key : List.of("endpoint", "metric", "counterType")) {
      if (!item.path(key).isTextual() || item.path(key).asText().isEmpty()) {
        return key + " missing or empty";
      }
    }
    if (!item.path("tags").isTextual()) {
      return "tags not a string";
    }
    if (!item.path("value").isIntegralNumber()) {
      return "value not an integer";
    }
    if (!item.path("step").isIntegralNumber() || item.path("step").asLong() <= 0) {
      return "step not a positive integer";
    }
    if (!item.path("timestamp").isIntegralNumber()) {
      return "timestamp not an integer";
    }
    long now = System.currentTimeMillis() / 1000;
    long ts = item.path("timestamp").asLong();
    if (ts <= 0 || ts > now + 60 || ts < now - 3600) {
      return "timestamp not in Unix seconds near now";
    }
    String type = item.path("counterType").asText();
    if (!type.equals("GAUGE") && !type.equals("COUNTER")) {
      return "counterType " + type;
    }
    if (item.path("metric").asText().length() + item.path("tags").asText().length() > 255) {
      return "metric + tags longer than 255";
    }
    for (String tag : item.path("tags").asText().split(",")) {
      if (!tag.isEmpty() && !tag.matches("[a-zA-Z_][a-zA-Z0-9_]*=[a-zA-Z0-9_-]+")) {
        return "tag " + tag;
      }
    }
    return null;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/push";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
