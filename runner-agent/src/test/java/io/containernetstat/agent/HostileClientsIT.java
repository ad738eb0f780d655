package io.containernetstat.agent;

import io.containernetstat.testkit.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar's endpoint (a minimised jar: a class the tests of sink-prometheus reach but this jar
 * lost would show here) against clients that misbehave: half-sent requests by the hundred, more
 * connections than allowed, oversized heads, bodies, pipelining. Scrapes keep being answered.
 */
class HostileClientsIT {
  @TempDir
  Path dir;

  @Test
  void theJarsEndpointKeepsAnsweringScrapesWhatEverClientsDo() throws Exception {
    int port = PrometheusProcess.freePort();
    Path proc = FixtureProc.standard(dir);
    Process agent = new ProcessBuilder(AgentJar.command(AgentJar.path(), "--sink", "prometheus",
        "--listen", "127.0.0.1:" + port, "--interval", "1s", "--resolver", "netns", "--proc-root", proc.toString(),
        "--no-filesystems", "--web-max-connections", "120", "--web-header-timeout", "3s")).start();
    agent.getOutputStream().close();
    CompletableFuture<String> err = AgentJar.read(agent.getErrorStream());
    AgentJar.read(agent.getInputStream());
    List<Socket> held = new ArrayList<>();
    try {
      DaemonTest.await("the agent's /healthz", () -> {
        try {
          return exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200");
        } catch (IOException e) {
          return false;
        }
      });
      for (int i = 0; i < 100; i++) {
        Socket s = connect(port);
        s.getOutputStream().write("GET /metr".getBytes(StandardCharsets.US_ASCII));
        held.add(s);
      }
      String scrape = exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n"
          + "Connection: close\r\n\r\n");
      assertThat(scrape).as("a scrape under 100 slowloris connections").startsWith("HTTP/1.1 200")
          .contains("container_sockstat_TCP_inuse{");
      for (int i = 0; i < 25; i++) { // 125 open: over the limit of 120
        held.add(connect(port));
      }
      Thread.sleep(300);
      assertThat(exchange(port, "")).as("a connection over the limit").startsWith("HTTP/1.1 503");
      for (Socket s : held) {
        s.close();
      }
      held.clear();
      Thread.sleep(500);
      assertThat(exchange(port, "GET /metrics HTTP/1.1\r\nX: " + "a".repeat(40_000) + "\r\n\r\n"))
          .startsWith("HTTP/1.1 431");
      assertThat(exchange(port, "POST /metrics HTTP/1.1\r\nContent-Length: 9999\r\n\r\nabc")).startsWith("HTTP/1.1 405");
      String pipelined = exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(pipelined).startsWith("HTTP/1.1 200").contains("container_sockstat").doesNotContain("\r\n\r\nok\n");
      assertThat(exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
    } finally {
      for (Socket s : held) {
        s.close();
      }
      AgentJar.stop(agent);
    }
    assertThat(err.join()).doesNotContain("Exception").doesNotContain("NoClassDefFoundError").doesNotContain(" ERROR ");
  }

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    return s;
  }

  /** Sends a request and reads until the server closes (at most 10 s without a byte). */
  private static String exchange(int port, String request) throws IOException {
    return RawHttp.exchange(port, request);
  }
}
