package io.containernetstat.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Engine API calls against a daemon that gives canned answers over a unix socket. */
@Timeout(60)
class DockerJavaApiTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String ID_A = "a".repeat(64);
  private static final String ID_B = "b".repeat(64);

  @TempDir Path tmp;

  @Test
  void listsInspectsAndAsksForTheDataRoot() throws Exception {
    try (CannedDaemon daemon = new CannedDaemon(tmp.resolve("d.sock"));
        DockerJavaApi api = new DockerJavaApi(daemon.host(), TIMEOUT)) {
      daemon.answer("/_ping", 200, "OK")
          .answer("/info", 200, "{\"ID\":\"x\",\"DockerRootDir\":\"/data/docker\",\"Plugins\":{\"Volume\":[\"local\"]}}")
          .answer("/containers/json", 200, "[{\"Id\":\"" + ID_A + "\",\"Names\":[\"/web\"],\"Image\":\"nginx:1\","
              + "\"Labels\":{\"app\":\"web\",\"n\":null},\"HostConfig\":{\"NetworkMode\":\"default\"},"
              + "\"NetworkSettings\":{\"Networks\":{\"bridge\":{\"IPAMConfig\":null}}},\"Ports\":[]},"
              + "{\"Id\":\"" + ID_B + "\",\"Names\":null,\"Image\":null,\"Labels\":null,\"HostConfig\":"
              + "{\"NetworkMode\":\"container:" + ID_A + "\"},\"Future\":[1,{\"x\":[]}]}]")
          .answer("/containers/" + ID_A + "/json", 200, "{\"Id\":\"" + ID_A + "\",\"Name\":\"/web\","
              + "\"State\":{\"Status\":\"running\",\"Running\":true,\"Pid\":4242,\"StartedAt\":\"2026-12-04T02:00:00Z\"},"
              + "\"Config\":{\"Image\":\"nginx:1\",\"Labels\":{\"app\":\"web\"},\"Env\":[\"A=1\"]},"
              + "\"HostConfig\":{\"NetworkMode\":\"default\"},\"Mounts\":[]}");
      api.ping();
      assertThat(api.dataRoot()).isEqualTo("/data/docker");

      List<DockerApi.Summary> list = api.listRunning();
      assertThat(list).containsExactly(
          new DockerApi.Summary(ID_A, "web", "nginx:1", Map.of("app", "web"), "default"),
          new DockerApi.Summary(ID_B, ID_B.substring(0, 12), "", Map.of(), "container:" + ID_A));

      assertThat(api.inspect(ID_A)).isEqualTo(new DockerApi.Details(ID_A, "web", "nginx:1", Map.of("app", "web"),
          "default", true, 4242, "2026-12-04T02:00:00Z"));
      assertThat(api.inspect(ID_B)).as("no such container (404)").isNull();
      assertThat(daemon.requests).contains("/_ping", "/info", "/containers/json", "/containers/" + ID_B + "/json");
    }
  }

  /** Plain HTTP to a {@code tcp://} daemon when no TLS is configured, as {@code docker -H tcp://...} does. */
  @Test
  void aTcpDaemonWithoutTlsIsCalledOverPlainHttp() throws Exception {
    try (CannedDaemon daemon = CannedDaemon.tcp();
        DockerJavaApi api = new DockerJavaApi(daemon.host(), TIMEOUT)) {
      daemon.answer("/_ping", 200, "OK").answer("/containers/json", 200, "[]");
      api.ping();
      assertThat(api.listRunning()).isEmpty();
      assertThat(daemon.requests).containsExactly("/_ping", "/containers/json");
    }
  }

  @Test
  void anErrorAnswerIsAFailedCallWithTheDaemonsMessage() throws Exception {
    try (CannedDaemon daemon = new CannedDaemon(tmp.resolve("d.sock"));
        DockerJavaApi api = new DockerJavaApi(daemon.host(), TIMEOUT)) {
      daemon.answer("/containers/json", 500, "{\"message\":\"layer store is broken\"}")
          .answer("/_ping", 503, "not ready");
      DockerCallException list = catchThrowableOfType(DockerCallException.class, api::listRunning);
      assertThat(list.kind()).isEqualTo(DockerCallException.Kind.FAILED);
      assertThat(list).hasMessage("Docker daemon at " + daemon.host()
          + " failed 'list containers': HTTP 500: layer store is broken");
      DockerCallException ping = catchThrowableOfType(DockerCallException.class, api::ping);
      assertThat(ping.kind()).isEqualTo(DockerCallException.Kind.FAILED);
      assertThat(ping).hasMessageEndingWith("'ping': HTTP 503: not ready");
    }
  }

  @Test
  void anAnswerThatIsNotTheEngineApisIsAFailedCallThatSaysSo() throws Exception {
    try (CannedDaemon daemon = new CannedDaemon(tmp.resolve("d.sock"));
        DockerJavaApi api = new DockerJavaApi(daemon.host(), TIMEOUT)) {
      daemon.answer("/containers/json", 200, "<html>proxy</html>")
          .answer("/containers/" + ID_A + "/json", 200, "[]")
          .answer("/info", 200, "{\"DockerRootDir\":\"/var/lib/docker\"");
      for (var call : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(api::listRunning,
          () -> api.inspect(ID_A), api::dataRoot)) {
        DockerCallException e = catchThrowableOfType(DockerCallException.class, call);
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(DockerCallException.Kind.FAILED);
        assertThat(e).hasMessageContaining("gave a malformed answer to");
      }
      // A container without an id is malformed too, not a container named "".
      daemon.answer("/containers/json", 200, "[{\"Names\":[\"/x\"]}]");
      assertThat(catchThrowableOfType(DockerCallException.class, api::listRunning))
          .hasMessageContaining("without \"Id\"");
    }
  }

  @Test
  void eventsArriveNewAndOldStyleThenTheEndOfTheStreamIsReported() throws Exception {
    try (CannedDaemon daemon = new CannedDaemon(tmp.resolve("d.sock"));
        DockerJavaApi api = new DockerJavaApi(daemon.host(), TIMEOUT)) {
      daemon.events(List.of(
          "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"" + ID_A + "\",\"Attributes\":{\"image\":\"x\"}},"
              + "\"scope\":\"local\",\"time\":1,\"timeNano\":1}",
          "{\"status\":\"die\",\"id\":\"" + ID_B + "\",\"from\":\"x\"}",
          "{\"Type\":\"container\",\"Action\":\"exec_create: sh\",\"Actor\":{\"Attributes\":{}}}"), true);
      Recorder r = new Recorder();
      api.watchEvents(r);
      assertThat(r.next()).isEqualTo("started");
      assertThat(r.next()).isEqualTo("start " + ID_A);
      assertThat(r.next()).isEqualTo("die " + ID_B);
      assertThat(r.next()).isEqualTo("failed the daemon ended the events stream");
      assertThat(daemon.requests).contains(EventsStream.PATH);
    }
  }

  @Test
  void closingAQuietStreamClosesItsConnectionAndReportsNothing() throws Exception {
    try (CannedDaemon daemon = new CannedDaemon(tmp.resolve("d.sock"))) {
      daemon.events(List.of(), false);
      Recorder r = new Recorder();
      DockerJavaApi api = new DockerJavaApi(daemon.host(), TIMEOUT);
      api.watchEvents(r);
      assertThat(r.next()).isEqualTo("started");
      api.close();
      assertThat(daemon.awaitEventsClosed(10)).as("the daemon saw the stream's connection closed").isTrue();
      assertThat(r.events.poll(500, TimeUnit.MILLISECONDS)).as("nothing reported after a deliberate close").isNull();
    }
  }

  @Test
  void aStreamRefusedByTheDaemonIsReportedWithItsMessage() throws Exception {
    try (CannedDaemon daemon = new CannedDaemon(tmp.resolve("d.sock"));
        DockerJavaApi api = new DockerJavaApi(daemon.host(), TIMEOUT)) {
      Recorder r = new Recorder();
      try (DockerJavaApi refused = new DockerJavaApi("unix://" + tmp.resolve("missing.sock"), TIMEOUT)) {
        refused.watchEvents(r);
        assertThat(r.next()).startsWith("failed ");
      }
      assertThat(api.host()).isEqualTo(daemon.host());
    }
  }

  /** Records what the stream reports, in order. */
  private static final class Recorder implements DockerApi.EventListener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void started() {
      events.add("started");
    }

    @Override
    public void event(String action, String id) {
      events.add(action + " " + id);
    }

    @Override
    public void failed(String reason) {
      events.add("failed " + reason);
    }

    String next() throws InterruptedException {
      String e = events.poll(10, TimeUnit.SECONDS);
      assertThat(e).as("an event within 10 s").isNotNull();
      return e;
    }
  }
}
