package io.containernetstat.sink.openfalcon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small real HTTP receiver on 127.0.0.1, built on the JDK's HTTP server: it validates every item of a
 * push with {@link FalconRules} and answers like falcon-agent (200 {@code success}) or Nightingale
 * (200 {@code {"succ":n,"fail":0,"msg":"received"}}); anything invalid gets 400 with the reason.
 */
final class FalconReceiver implements AutoCloseable {
  enum Flavour { AGENT, NIGHTINGALE }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Flavour flavour;
  private final List<JsonNode> accepted = Collections.synchronizedList(new ArrayList<>());
  private final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger requests = new AtomicInteger();

  FalconReceiver(Flavour flavour, String path) throws IOException {
    this.flavour = flavour;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(path, this::handle);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  List<JsonNode> accepted() {
    synchronized (accepted) {
      return new ArrayList<>(accepted);
    }
  }

  List<String> refusals() {
    synchronized (refusals) {
      return new ArrayList<>(refusals);
    }
  }

  int requests() {
    return requests.get();
  }

  /** Validates one request body as the receiver does; null when it is accepted. */
  static String invalidReason(byte[] body, long nowSeconds) {
    if (body.length == 0) {
      return "body is blank";
    }
    if (body[0] != '[') {
      return "body does not start with '['";
    }
    JsonNode items;
    try {
      items = JSON.readTree(body);
    } catch (IOException e) {
      return "connot decode body"; // sic, falcon-agent's message
    }
    if (!items.isArray() || items.isEmpty()) {
      return "body is not a non-empty JSON array";
    }
    for (int i = 0; i < items.size(); i++) {
      String reason = FalconRules.invalidReason(items.get(i), nowSeconds);
      if (reason != null) {
        return "item " + i + ": " + reason;
      }
    }
    return null;
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String reason = !exchange.getRequestMethod().equals("POST") ? "method is not POST"
          : invalidReason(body, System.currentTimeMillis() / 1000);
      if (reason != null) {
        refusals.add(reason);
        reply(exchange, 400, reason);
        return;
      }
      JsonNode items = JSON.readTree(body);
      items.forEach(accepted::add);
      reply(exchange, 200, flavour == Flavour.AGENT ? "success"
          : "{\"succ\":" + items.size() + ",\"fail\":0,\"msg\":\"received\"}");
    }
  }

  private static void reply(HttpExchange exchange, int code, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
