package io.containernetstat.deploy.monitoring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server the end-to-end test starts (the agent, Prometheus): its process, its log file and its loopback
 * port. Stopped by its own PID only: SIGTERM, then SIGKILL after 15 s. Thread-safe.
 */
final class ChildProcess implements AutoCloseable {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path log;
  private final int port;

  private ChildProcess(String name, Process process, Path log, int port) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts a command with its output (stdout and stderr) in a log file.
   *
   * @param name for messages, for example {@code agent}
   * @param command the program and its arguments
   * @param log where its output goes
   * @param port the loopback port it will listen on
   * @return the running process
   * @throws IOException if it cannot start
   */
  static ChildProcess start(String name, List<String> command, Path log, int port) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    process.getOutputStream().close();
    return new ChildProcess(name, process, log, port);
  }

  /** {@return a free port on 127.0.0.1 (free now; the caller binds it soon after)} */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** {@return http://127.0.0.1:port followed by {@code path}} */
  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /**
   * GETs a path.
   *
   * @param path for example {@code /metrics}
   * @return the response
   * @throws IOException if the server does not answer within 30 s
   */
  HttpResponse<String> get(String path) throws IOException {
    try {
      return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * Waits until a GET of {@code path} answers 200.
   *
   * @param path for example {@code /-/ready}
   * @param timeout how long to wait
   * @throws IllegalStateException with the log when the process exits or the timeout passes
   */
  void awaitOk(String path, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      requireAlive();
      try {
        HttpResponse<String> r = get(path);
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(name + ": " + path + " not 200 within " + timeout + " (last: " + last + ")\n"
        + log());
  }

  /** @throws IllegalStateException with the log when the process has exited */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its log:\n" + log());
    }
  }

  /** {@return the end of the log (at most 20,000 characters)} */
  String log() {
    try {
      String text = Files.readString(log);
      return text.length() > 20_000 ? "...\n" + text.substring(text.length() - 20_000) : text;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops the process by its PID: SIGTERM, then SIGKILL if it is still running after 15 s; idempotent. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + "{pid=" + process.pid() + ", port=" + port + '}';
  }
}
