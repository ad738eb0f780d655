package io.containernetstat.sink.openfalcon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenFalconOptionsTest {
  private static final HttpUrl URL = HttpUrl.get(OpenFalconOptions.DEFAULT_URL);
  private static final Duration S1 = Duration.ofSeconds(1);

  @Test
  void defaultsAreFalconAgentOnThisHost() {
    OpenFalconOptions o = OpenFalconOptions.builder().build();
    assertThat(o.endpoint().url()).hasToString("http://127.0.0.1:1988/v1/push");
    assertThat(o.endpoint().name()).isNotBlank();
    assertThat(o.endpoint().stepSeconds()).isEqualTo(60);
    assertThat(o.selection().fields().pattern()).isEqualTo(OpenFalconOptions.DEFAULT_FIELDS);
    assertThat(o.selection().includeHostNetwork()).isFalse();
    assertThat(o.selection().hostWide()).isFalse();
    assertThat(o.batching().batchSize()).isEqualTo(500);
    assertThat(o.batching().queueCapacity()).isEqualTo(8);
    assertThat(o.batching().closeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.transport().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.transport().writeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.transport().readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.transport().responseCheck()).isEqualTo(ResponseCheck.ANY);
    assertThat(o.transport().headers()).isEmpty();
    assertThat(o.retry().maxAttempts()).isEqualTo(3);
    assertThat(o.retry().initialBackoff()).isEqualTo(S1);
    assertThat(o.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.selection()).isEqualTo(Selection.DEFAULTS);
    assertThat(o.batching()).isEqualTo(Batching.DEFAULTS);
    assertThat(o.transport()).isEqualTo(Transport.DEFAULTS);
    assertThat(o.retry()).isEqualTo(Retry.DEFAULTS);
    assertThat(Endpoint.thisHost()).isEqualTo(o.endpoint());
  }

  @Test
  void toBuilderKeepsEverySetting() {
    OpenFalconOptions o = OpenFalconOptions.builder().url("http://n9e:17000/openfalcon/push").endpoint("h1")
        .step(Duration.ofSeconds(30)).fields("Tcp_.*").includeHostNetwork(true).hostWide(true).batchSize(7)
        .queueCapacity(3).connectTimeout(Duration.ofMillis(100)).writeTimeout(Duration.ofMillis(200))
        .readTimeout(Duration.ofMillis(300)).maxAttempts(5).backoff(Duration.ofMillis(1), Duration.ofMillis(2))
        .closeTimeout(Duration.ZERO).responseCheck(ResponseCheck.NIGHTINGALE).header("Authorization", "Basic eDp5")
        .build();
    assertThat(o.toBuilder().build()).usingRecursiveComparison().isEqualTo(o);
    assertThat(o.toString()).contains("Authorization").doesNotContain("eDp5");
    assertThat(o.transport().toString()).contains("Authorization").doesNotContain("eDp5");
  }

  @Test
  void theBuilderSetsEachSettingInItsGroup() {
    OpenFalconOptions o = OpenFalconOptions.builder().url("https://n9e/openfalcon/push").endpoint("h1")
        .step(Duration.ofSeconds(30)).fields("Tcp_.*").includeHostNetwork(true).hostWide(true).batchSize(7)
        .queueCapacity(3).closeTimeout(Duration.ZERO).connectTimeout(Duration.ofMillis(100))
        .writeTimeout(Duration.ofMillis(200)).readTimeout(Duration.ofMillis(300))
        .responseCheck(ResponseCheck.NIGHTINGALE).header("X-B", "2").header("X-A", "1").header("X-B", "3")
        .maxAttempts(5).backoff(Duration.ofMillis(1), Duration.ofMillis(2)).build();
    assertThat(o.endpoint()).isEqualTo(new Endpoint(HttpUrl.get("https://n9e/openfalcon/push"), "h1", 30));
    assertThat(o.selection().fields().pattern()).isEqualTo("Tcp_.*");
    assertThat(o.selection()).extracting(Selection::includeHostNetwork, Selection::hostWide)
        .containsExactly(true, true);
    assertThat(o.batching()).isEqualTo(new Batching(7, 3, Duration.ZERO));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-B", "3");
    headers.put("X-A", "1");
    assertThat(o.transport()).isEqualTo(new Transport(Duration.ofMillis(100), Duration.ofMillis(200),
        Duration.ofMillis(300), headers, ResponseCheck.NIGHTINGALE));
    assertThat(o.transport().headers().keySet()).as("in the order first given").containsExactly("X-B", "X-A");
    assertThat(o.retry()).isEqualTo(new Retry(5, Duration.ofMillis(1), Duration.ofMillis(2)));
  }

  @Test
  void invalidSettingsAreRefusedWithTheBrokenCondition() {
    OpenFalconOptions.Builder b = OpenFalconOptions.builder();
    assertThatThrownBy(() -> b.step(Duration.ofMillis(1500))).hasMessageContaining("whole number of seconds");
    assertThatThrownBy(() -> b.step(Duration.ZERO)).hasMessageContaining("whole number of seconds");
    assertThatThrownBy(() -> b.batchSize(0)).hasMessage("batchSize < 1: 0");
    assertThatThrownBy(() -> b.queueCapacity(0)).hasMessage("queueCapacity < 1: 0");
    assertThatThrownBy(() -> b.maxAttempts(0)).hasMessage("maxAttempts < 1: 0");
    assertThatThrownBy(() -> b.readTimeout(Duration.ZERO)).hasMessage("readTimeout <= 0: PT0S");
    assertThatThrownBy(() -> b.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("0 <= initial <= max");
    assertThatThrownBy(() -> b.endpoint("my host")).hasMessageContaining("endpoint has a character");
    assertThatThrownBy(() -> b.url("ftp://x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.header("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
  }

  /** Each group's constructor refuses what its setter in the builder refuses, with the same message. */
  static Stream<Arguments> invalidGroups() {
    Duration minus = Duration.ofSeconds(-1);
    return Stream.of(
        refused("step 0", () -> new Endpoint(URL, "h", 0), "stepSeconds < 1: 0"),
        refused("endpoint empty", () -> new Endpoint(URL, "", 60), "endpoint is empty"),
        refused("endpoint with a quote", () -> new Endpoint(URL, "a'b", 60), "endpoint has a character"),
        refused("step 1.5 s", () -> Endpoint.toStepSeconds(Duration.ofMillis(1500)),
            "step is not a whole number of seconds >= 1: PT1.5S"),
        refused("step too long", () -> Endpoint.toStepSeconds(Duration.ofSeconds(1L << 31)),
            "step is not a whole number of seconds >= 1"),
        refused("batch 0", () -> new Batching(0, 8, S1), "batchSize < 1: 0"),
        refused("queue 0", () -> new Batching(500, 0, S1), "queueCapacity < 1: 0"),
        refused("close -1 s", () -> new Batching(500, 8, minus), "closeTimeout < 0: PT-1S"),
        refused("connect 0", () -> new Transport(Duration.ZERO, S1, S1, Map.of(), ResponseCheck.ANY),
            "connectTimeout <= 0: PT0S"),
        refused("write -1 s", () -> new Transport(S1, minus, S1, Map.of(), ResponseCheck.ANY),
            "writeTimeout <= 0: PT-1S"),
        refused("read 0", () -> new Transport(S1, S1, Duration.ZERO, Map.of(), ResponseCheck.ANY),
            "readTimeout <= 0: PT0S"),
        refused("header name", () -> new Transport(S1, S1, S1, Map.of("Bad Name", "v"), ResponseCheck.ANY),
            "Bad Name"),
        refused("header value", () -> Transport.DEFAULTS.withHeader("X", "a\nb"), "X"),
        refused("attempts 0", () -> new Retry(0, S1, S1), "maxAttempts < 1: 0"),
        refused("backoff -1 s", () -> new Retry(3, minus, S1), "backoff is not 0 <= initial <= max: PT-1S, PT1S"),
        refused("backoff max < initial", () -> new Retry(3, Duration.ofSeconds(2), S1),
            "backoff is not 0 <= initial <= max: PT2S, PT1S"));
  }

  private static Arguments refused(String what, Executable construct, String message) {
    return Arguments.of(what, construct, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidGroups")
  void invalidGroupsAreRefusedWithTheBrokenCondition(String what, Executable construct, String message) {
    assertThatThrownBy(construct::execute).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  /** Nothing may be missing: every group and setting is required. */
  static Stream<Arguments> missingSettings() {
    return Stream.of(
        refused("url", () -> new Endpoint(null, "h", 60), "url == null"),
        refused("name", () -> new Endpoint(URL, null, 60), "endpoint == null"),
        refused("fields", () -> new Selection(null, false, false), "regex == null"),
        refused("close timeout", () -> new Batching(1, 1, null), "closeTimeout == null"),
        refused("connect timeout", () -> new Transport(null, S1, S1, Map.of(), ResponseCheck.ANY),
            "connectTimeout == null"),
        refused("response check", () -> new Transport(S1, S1, S1, Map.of(), null), "check == null"),
        refused("headers", () -> new Transport(S1, S1, S1, null, ResponseCheck.ANY), ""),
        refused("initial backoff", () -> new Retry(1, null, S1), "initialBackoff == null"),
        refused("max backoff", () -> new Retry(1, S1, null), "maxBackoff == null"),
        refused("endpoint group", () -> new OpenFalconOptions(null, Selection.DEFAULTS, Batching.DEFAULTS,
            Transport.DEFAULTS, Retry.DEFAULTS), "endpoint == null"),
        refused("retry group", () -> new OpenFalconOptions(new Endpoint(URL, "h", 60), Selection.DEFAULTS,
            Batching.DEFAULTS, Transport.DEFAULTS, null), "retry == null"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missingSettings")
  void missingSettingsAreRefused(String what, Executable construct, String message) {
    assertThatThrownBy(construct::execute).isInstanceOf(NullPointerException.class);
    if (!message.isEmpty()) {
      assertThatThrownBy(construct::execute).hasMessage(message);
    }
  }

  @Test
  void theGroupsKeepTheLimitsThemselves() {
    assertThat(new Endpoint(URL, "h", 1).stepSeconds()).isEqualTo(1);
    assertThat(Endpoint.toStepSeconds(Duration.ofMinutes(2))).isEqualTo(120);
    assertThat(new Batching(1, 1, Duration.ZERO).closeTimeout()).isZero();
    assertThat(new Retry(1, Duration.ZERO, Duration.ZERO).maxBackoff()).isZero();
    Map<String, String> headers = new LinkedHashMap<>(Map.of("X", "1"));
    Transport t = new Transport(S1, S1, S1, headers, ResponseCheck.ANY);
    headers.put("Y", "2");
    assertThat(t.headers()).as("copied").containsOnlyKeys("X");
    assertThatThrownBy(() -> t.headers().put("Z", "3")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(new Selection(Pattern.compile(".*"), true, false).includeHostNetwork()).isTrue();
  }
}
