package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.agent.cli.Durations;
import io.containernetstat.agent.cli.EnvironmentDefaults;
import io.containernetstat.agent.cli.ListenAddress;
import io.containernetstat.core.ProcNetFile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Model.OptionSpec;

/** The command line and its environment variables: defaults, every option, every kind of bad input. */
class OptionsTest {

  @Test
  void defaultsMatchTheDocumentedInterface() {
    Settings s = AgentCommand.parse(Map.of("HOSTNAME", "ignored-when-the-kernel-answers"), "--once");
    assertThat(s.once()).isTrue();
    assertThat(s.format()).isEqualTo(Format.TABLE);
    assertThat(s.cycles()).isZero();
    assertThat(s.procRoot().path()).isEqualTo(Path.of("/proc"));
    assertThat(s.cgroupRoot()).isEqualTo(Path.of("/sys/fs/cgroup"));
    assertThat(s.resolver()).isEqualTo(Settings.Resolver.AUTO);
    assertThat(s.dockerHost()).isNull();
    assertThat(s.dockerRoot()).as("asked of the daemon, else /var/lib/docker").isNull();
    assertThat(s.files()).isEqualTo(ProcNetFile.defaults());
    assertThat(s.maxNamespaces()).as("auto").isZero();
    assertThat(s.includeHostNetwork()).isFalse();
    assertThat(s.filesystems()).as("filesystems on by default").isTrue();
    assertThat(s.tmpfs()).as("tmpfs included by default").isTrue();
    assertThat(s.sinks()).isEmpty();
    assertThat(s.listen()).isEqualTo(new ListenAddress("0.0.0.0", 9465));
    assertThat(s.falconUrl()).isEqualTo(URI.create("http://127.0.0.1:1988/v1/push"));
    assertThat(s.interval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.endpoint()).isNotBlank();
    assertThat(s.logLevel()).isEqualTo(Settings.LogLevel.INFO);
    assertThat(s.logFormat()).as("text lines by default").isEqualTo(io.containernetstat.agent.log.LogFormat.TEXT);
    assertThat(s.sockets()).as("sockets off by default").isEqualTo(Settings.Sockets.OFF);
    assertThat(s.listenPorts()).isEqualTo(32);
    assertThat(s.netstatFields().pattern()).as("node_exporter's --collector.netstat.fields")
        .isEqualTo(io.containernetstat.sink.prometheus.PrometheusOptions.DEFAULT_NETSTAT_FIELDS);
    assertThat(s.containerLabels()).as("no container labels by default")
        .isEqualTo(io.containernetstat.core.LabelSelection.none());
  }

  @Test
  void containerLabelsGoToBothSinksAsOneSelection() {
    Settings s = AgentCommand.parse(Map.of(), "--once", "--container-labels", "com\\.example\\..*|app");
    assertThat(s.containerLabels().keys()).get().extracting(java.util.regex.Pattern::pattern)
        .isEqualTo("com\\.example\\..*|app");
    assertThat(SinkOptions.prometheus(s).containerLabels()).isSameAs(s.containerLabels());
    assertThat(SinkOptions.openFalcon(s).selection().containerLabels()).isSameAs(s.containerLabels());
  }

  @Test
  void usageDocumentsTheDefaultNetstatFieldsRegexAsItIs() throws Exception {
    assertThat(java.nio.file.Files.readString(Path.of("USAGE.md")))
        .contains("\n" + io.containernetstat.sink.prometheus.PrometheusOptions.DEFAULT_NETSTAT_FIELDS + "\n");
  }

  @Test
  void netstatFieldsSelectTheSameFieldsInBothSinks() {
    Settings s = AgentCommand.parse(Map.of(), "--once", "--netstat-fields", "Tcp_(CurrEstab|RetransSegs)");
    assertThat(SinkOptions.prometheus(s).netstatFields().pattern()).isEqualTo("Tcp_(CurrEstab|RetransSegs)");
    java.util.regex.Pattern falcon = SinkOptions.openFalcon(s).selection().fields();
    for (String key : new String[] {"Tcp_CurrEstab", "Tcp_RetransSegs", "Tcp_InSegs", "TcpExt_ListenDrops",
        "MPTcp_CurrEstab"}) {
      assertThat(falcon.matcher(key).matches()).as("open-falcon selects %s", key)
          .isEqualTo(s.netstatFields().matcher(key).find());
    }
    java.util.regex.Pattern anchored = SinkOptions.openFalcon(AgentCommand.parse(Map.of(), "--once")).selection().fields();
    assertThat(anchored.matcher("Tcp_CurrEstab").matches()).isTrue();
    assertThat(anchored.matcher("Tcp_InSegs").matches()).isTrue();
    assertThat(anchored.matcher("Tcp_RtoMin").matches()).as("not in the default").isFalse();
    assertThat(anchored.matcher("XTcp_CurrEstab").matches()).as("anchored by the default's ^").isFalse();
  }

  static Stream<Arguments> everyOption() {
    return Stream.of(
        option("--once", "true", s -> s.once(), true),
        option("--format", "json", Settings::format, Format.JSON),
        option("--cycles", "5", Settings::cycles, 5),
        option("--proc-root", "/host/proc", s -> s.procRoot().path(), Path.of("/host/proc")),
        option("--cgroup-root", "/host/sys/fs/cgroup", Settings::cgroupRoot, Path.of("/host/sys/fs/cgroup")),
        option("--resolver", "cgroup", Settings::resolver, Settings.Resolver.CGROUP),
        option("--docker-host", "tcp://10.0.0.1:2375", Settings::dockerHost, "tcp://10.0.0.1:2375"),
        option("--docker-root", "/host/docker", Settings::dockerRoot, Path.of("/host/docker")),
        option("--files", "netstat,dev", Settings::files, EnumSet.of(ProcNetFile.NETSTAT, ProcNetFile.DEV)),
        option("--netstat-fields", "^Tcp_.*$", s -> s.netstatFields().pattern(), "^Tcp_.*$"),
        option("--container-labels", "app|team", s -> s.containerLabels().keys().map(p -> p.pattern()).orElse(null),
            "app|team"),
        option("--max-namespaces", "500", Settings::maxNamespaces, 500),
        option("--include-host-network", "true", Settings::includeHostNetwork, true),
        option("--no-filesystems", "true", Settings::filesystems, false),
        option("--no-tmpfs", "true", Settings::tmpfs, false),
        option("--sockets", "states", Settings::sockets, Settings.Sockets.STATES),
        option("--listen-ports", "8", Settings::listenPorts, 8),
        option("--listen", "127.0.0.1:9100", Settings::listen, new ListenAddress("127.0.0.1", 9100)),
        option("--falcon-url", "http://falcon:1988/v1/push", Settings::falconUrl,
            URI.create("http://falcon:1988/v1/push")),
        option("--interval", "1m", Settings::interval, Duration.ofMinutes(1)),
        option("--endpoint", "node-7", Settings::endpoint, "node-7"),
        option("--log-level", "debug", Settings::logLevel, Settings.LogLevel.DEBUG),
        option("--log-format", "json", Settings::logFormat, io.containernetstat.agent.log.LogFormat.JSON));
  }

  private static Arguments option(String name, String value, Function<Settings, Object> get, Object expected) {
    return Arguments.of(name, value, get, expected);
  }

  @ParameterizedTest(name = "{0} from the command line")
  @MethodSource("everyOption")
  void everyOptionIsReadFromTheCommandLine(String name, String value, Function<Settings, Object> get,
      Object expected) {
    boolean flag = name.equals("--once") || name.equals("--include-host-network")
        || name.equals("--no-filesystems") || name.equals("--no-tmpfs");
    String[] args = name.equals("--once") ? new String[] {name}
        : flag ? new String[] {"--once", name} : new String[] {"--once", name, value};
    assertThat(get.apply(AgentCommand.parse(Map.of(), args))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} from CONTAINER_NETSTAT_<OPTION>")
  @MethodSource("everyOption")
  void everyOptionIsReadFromItsEnvironmentVariable(String name, String value, Function<Settings, Object> get,
      Object expected) {
    String variable = "CONTAINER_NETSTAT_" + name.substring(2).replace('-', '_').toUpperCase();
    Map<String, String> env = name.equals("--once")
        ? Map.of(variable, value)
        : Map.of(variable, value, "CONTAINER_NETSTAT_ONCE", "true");
    assertThat(get.apply(AgentCommand.parse(env))).as(variable).isEqualTo(expected);
  }

  @Test
  void everyOptionHasAVariableAndTheHelpListsIt() {
    Run help = Run.of("--help");
    assertThat(help.code()).isZero();
    int options = 0;
    for (OptionSpec o : AgentCommand.commandLine(Map.of(), System.out, System.err).getCommandSpec().options()) {
      if (EnvironmentDefaults.hasVariable(o)) {
        options++;
        assertThat(help.out()).as("help for %s", o.longestName())
            .contains(EnvironmentDefaults.variable(o) + " ").contains(o.longestName());
      }
    }
    assertThat(options).as("options with a variable").isEqualTo(30);
    assertThat(help.out()).contains("Exit codes:");
  }

  @Test
  void theCommandLineWinsOverTheEnvironment() {
    Settings s = AgentCommand.parse(Map.of("CONTAINER_NETSTAT_PROC_ROOT", "/env/proc", "CONTAINER_NETSTAT_ONCE", "true"),
        "--proc-root", "/cli/proc");
    assertThat(s.procRoot().path()).isEqualTo(Path.of("/cli/proc"));
  }

  @Test
  void anEmptyVariableCountsAsUnset() {
    Settings s = AgentCommand.parse(Map.of("CONTAINER_NETSTAT_INTERVAL", "", "CONTAINER_NETSTAT_ONCE", "true"));
    assertThat(s.interval()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void sinksRepeatOrComeCommaSeparatedFromTheEnvironment() {
    assertThat(AgentCommand.parse(Map.of(), "--sink", "prometheus", "--sink", "openfalcon").sinks())
        .containsExactlyInAnyOrder(Settings.Sink.PROMETHEUS, Settings.Sink.OPENFALCON);
    assertThat(AgentCommand.parse(Map.of("CONTAINER_NETSTAT_SINK", "prometheus,openfalcon")).sinks())
        .containsExactlyInAnyOrder(Settings.Sink.PROMETHEUS, Settings.Sink.OPENFALCON);
  }

  @Test
  void dockerHostFallsBackToDockerHostVariable() {
    assertThat(AgentCommand.parse(Map.of("DOCKER_HOST", "unix:///run/other.sock"), "--once").dockerHost())
        .isEqualTo("unix:///run/other.sock");
    assertThat(AgentCommand.parse(Map.of("DOCKER_HOST", "unix:///run/other.sock"), "--once", "--docker-host",
        "unix:///run/mine.sock").dockerHost()).isEqualTo("unix:///run/mine.sock");
  }

  @Test
  void versionNamesTheProject() {
    Run run = Run.of("--version");
    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("container-netstat " + io.containernetstat.agent.cli.Version.projectVersion()
        + " (revision ").doesNotStartWith("container-netstat unknown");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "--bogus                          | Unknown option: '--bogus'",
      "--once --format xml              | Invalid value for option '--format': 'xml' is not one of table, json, prometheus, openfalcon",
      "--once --files sockstat,tcp      | Invalid value for option '--files'",
      "--once --resolver kubelet        | 'kubelet' is not one of auto, docker, cgroup, netns",
      "--once --interval 60             | '60' is not a duration",
      "--once --interval 0s             | '0s' is not a positive duration",
      "--once --interval -1s            | '-1s' is not a positive duration",
      "--once --interval -PT1M          | '-PT1M' is not a positive duration",
      "--once --interval --5s           | '--5s' is not a duration",
      "--once --web-idle-timeout -5s    | '-5s' is not a positive duration",
      "--once --listen 9465             | '9465' is not HOST:PORT",
      "--once --listen 0.0.0.0:70000    | port not in 0..65535",
      "--once --listen :::9465          | write an IPv6 address in brackets",
      "--once --falcon-url ftp://x/push | is not an http(s) URL with a host",
      "--once --cycles 0                | --cycles must be at least 1",
      "--once --max-namespaces 0        | '0' is neither auto nor a count of at least 1",
      "--once --max-namespaces many     | 'many' is neither auto nor a count of at least 1",
      "--once --cycles x                | Invalid value for option '--cycles'",
      "--cycles 3                       | --cycles needs --once",
      "''                               | give --once to print one report, or --sink",
      "--sink graphite                  | 'graphite' is not one of prometheus, openfalcon",
      "--once --sockets all             | 'all' is not one of off, listen, states",
      "--once --log-format gelf         | Invalid value for option '--log-format': 'gelf' is not one of text, logfmt, json",
      "--once --listen-ports -1         | --listen-ports must be at least 0, was -1",
      "--once --listen-ports x          | Invalid value for option '--listen-ports'",
      "--once --netstat-fields Tcp_(    | Invalid value for option '--netstat-fields': 'Tcp_(' is not a regular expression: Unclosed group near index 5",
      "--once --container-labels app(   | Invalid value for option '--container-labels': 'app(' is not a regular expression: Unclosed group near index 4",
      "--once extra                     | Unmatched argument"})
  void aBadOptionExitsWithCode2AndOneLine(String args, String reason) {
    Run run = Run.of(args.isEmpty() ? new String[0] : args.split(" "));
    assertThat(run.code()).as("exit code").isEqualTo(2);
    assertThat(run.out()).as("stdout").isEmpty();
    assertThat(run.err()).as("stderr").startsWith("container-netstat: ").contains(reason).endsWith("(see --help)\n");
    assertThat(run.err().strip().lines()).as("stderr lines").hasSize(1);
  }

  @Test
  void aBadVariableNamesTheVariable() {
    Run run = Run.of(Map.of("CONTAINER_NETSTAT_INTERVAL", "soon"), "--once");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("'soon' is not a duration").contains("(from CONTAINER_NETSTAT_INTERVAL)");
    Run flag = Run.of(Map.of("CONTAINER_NETSTAT_ONCE", "yes"));
    assertThat(flag.code()).isEqualTo(2);
    assertThat(flag.err()).contains("'yes' is not a boolean").contains("(from CONTAINER_NETSTAT_ONCE)");
  }

  @Test
  void theHelpListsEveryLogLevelTraceIncluded() {
    assertThat(Run.of("--help").out().replaceAll("\\s+", " ")).contains("error, warn, info, debug or trace");
  }

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({"500ms,500", "60s,60000", "1m,60000", "1m30s,90000", "2h,7200000", "PT1M,60000", " 5s ,5000"})
  void durationsAreWrittenWithUnits(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  /** Zero and negative durations are durations, not positive ones; a sign before what is none is none. */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "60 | is not a duration", "s | is not a duration", "5x | is not a duration", "1.5s | is not a duration",
      "'' | is not a duration", "PTx | is not a duration", "- | is not a duration", "-x | is not a duration",
      "-60 | is not a duration", "--5s | is not a duration", "'- 5s' | is not a duration",
      "-5s | is not a positive duration", "-1m30s | is not a positive duration", "-500ms | is not a positive duration",
      "-PT1M | is not a positive duration", "PT-1M | is not a positive duration", "0s | is not a positive duration",
      "0ms | is not a positive duration", "-0s | is not a positive duration", "PT0S | is not a positive duration"})
  void durationsWithoutAUnitOrNotPositiveAreRefused(String text, String reason) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + text + "' " + reason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0.0.0.0:9465,0.0.0.0,9465", ":9465,0.0.0.0,9465", "[::]:9465,::,9465", "[::1]:0,::1,0",
      "localhost:80,localhost,80"})
  void listenAddressesParse(String text, String host, int port) {
    ListenAddress a = ListenAddress.parse(text);
    assertThat(a).isEqualTo(new ListenAddress(host, port));
    assertThat(ListenAddress.parse(a.toString())).isEqualTo(a);
  }

  @Test
  void shareWindowIsHalfTheIntervalAtMostFiveSeconds() {
    assertThat(Daemon.shareWindow(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(5));
    assertThat(Daemon.shareWindow(Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(2));
    assertThat(Daemon.shareWindow(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(250));
  }
}
