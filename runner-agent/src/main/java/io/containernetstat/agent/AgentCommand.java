package io.containernetstat.agent;

import io.containernetstat.agent.cli.ChoiceConverter;
import io.containernetstat.agent.cli.DurationConverter;
import io.containernetstat.agent.cli.EnvironmentDefaults;
import io.containernetstat.agent.cli.EnvironmentHelp;
import io.containernetstat.agent.cli.FileConverter;
import io.containernetstat.agent.cli.HostName;
import io.containernetstat.agent.cli.ListenAddress;
import io.containernetstat.agent.cli.ListenConverter;
import io.containernetstat.agent.cli.MaxNamespacesConverter;
import io.containernetstat.agent.cli.RegexConverter;
import io.containernetstat.agent.cli.UrlConverter;
import io.containernetstat.agent.cli.UsageError;
import io.containernetstat.agent.cli.Version;
import io.containernetstat.agent.log.LogFormat;
import io.containernetstat.agent.log.TerminalText;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.sink.prometheus.EndpointOptions;
import io.containernetstat.sink.prometheus.PrometheusOptions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line: options, their environment variables, checks, and the choice between one report
 * and the daemon. One instance per run; not thread-safe.
 */
@Command(
    name = "container-netstat",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
        "Reports TCP/UDP figures per container network namespace, read from each namespace's procfs "
            + "counters (sockstat, snmp, netstat, ...). With --once it prints one report; with --sink it runs "
            + "as a daemon that serves Prometheus and/or pushes to open-falcon.",
        ""},
    footer = "",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        " 0:the collection ran (namespaces that failed are reported in the output)",
        " 1:nothing could be read at all (for example not root), or the daemon could not start",
        " 2:an option is invalid"})
final class AgentCommand implements Callable<Integer> {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;
  /** picocli's system property: regular expressions of the types whose built-in converters it does not load. */
  static final String PICOCLI_CONVERTER_EXCLUDES = "picocli.converters.excludes";

  @Spec
  CommandSpec spec;

  @Option(names = "--once", description = "Collect once, print the report and exit.")
  boolean once;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "With --once: table, json, prometheus or openfalcon (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--cycles", paramLabel = "N",
      description = "With --once: collect N more times after the first and report the median, minimum "
          + "and maximum cycle time.")
  Integer cycles;

  @Option(names = "--proc-root", paramLabel = "DIR", defaultValue = "/proc",
      description = "Where the host's procfs is mounted (default: ${DEFAULT-VALUE}).")
  Path procRoot;

  @Option(names = "--cgroup-root", paramLabel = "DIR", defaultValue = "/sys/fs/cgroup",
      description = "Where the host's cgroup hierarchy is mounted (default: ${DEFAULT-VALUE}).")
  Path cgroupRoot;

  @Option(names = "--resolver", paramLabel = "NAME", defaultValue = "auto",
      description = "How namespaces are found: auto, docker, cgroup or netns (default: ${DEFAULT-VALUE}).")
  Settings.Resolver resolver;

  @Option(names = "--docker-host", paramLabel = "URI",
      description = "The Docker daemon (default: $DOCKER_HOST, else unix:///var/run/docker.sock).")
  String dockerHost;

  @Option(names = "--docker-root", paramLabel = "DIR",
      description = "Docker's data root, where the cgroup scan reads container names (containers/<id>/"
          + "config.v2.json); in a container, where the host's is mounted (default: the daemon's DockerRootDir "
          + "when it answers, else /var/lib/docker).")
  Path dockerRoot;

  @Option(names = "--files", paramLabel = "LIST", split = ",", defaultValue = "sockstat,sockstat6,snmp",
      converter = FileConverter.class,
      description = "Files read in each namespace, from sockstat, sockstat6, snmp, netstat, snmp6, dev "
          + "(default: ${DEFAULT-VALUE}).")
  List<ProcNetFile> files;

  @Option(names = "--netstat-fields", paramLabel = "REGEX", defaultValue = PrometheusOptions.DEFAULT_NETSTAT_FIELDS,
      converter = RegexConverter.class,
      description = "The snmp, snmp6 and netstat fields both sinks export: those whose <Group>_<Field> key "
          + "(Tcp_CurrEstab, TcpExt_ListenOverflows) the regex is found in, as node_exporter's "
          + "--collector.netstat.fields; .* for all (default: node_exporter's, ${DEFAULT-VALUE}).")
  Pattern netstatFields;

  @Option(names = "--container-labels", paramLabel = "REGEX", converter = RegexConverter.class,
      description = "Copy the runtime labels (Docker, podman; containerd and CRI-O annotations) whose whole key the "
          + "regex matches to container_label_<key, [^a-zA-Z0-9_] as _> labels and open-falcon tags, as "
          + "cAdvisor does: com\\.example\\..*|app for some, .* for all; at most 32 per container, values cut "
          + "to 256 characters (default: none).")
  Pattern containerLabels;

  @Option(names = "--max-namespaces", paramLabel = "N|auto", defaultValue = "auto",
      converter = MaxNamespacesConverter.class,
      description = "The most network namespaces one collection reads; the rest are reported as not collected. "
          + "auto: as many as the heap and the open-file limit hold (default: ${DEFAULT-VALUE}).")
  int maxNamespaces;

  @Option(names = "--include-host-network",
      description = "Report the host's own network namespace (host-network containers) too; its figures "
          + "are the host's totals.")
  boolean includeHostNetwork;

  @Option(names = "--no-filesystems",
      description = "Do not measure the containers' filesystems (size, free, inodes of each mount).")
  boolean noFilesystems;

  @Option(names = "--no-tmpfs", description = "Leave tmpfs mounts out of the filesystems measured.")
  boolean noTmpfs;

  @Option(names = "--sockets", paramLabel = "WHAT", defaultValue = "off",
      description = "Dump each namespace's sockets through netlink sock_diag: off, listen (listeners and "
          + "their accept queues; cheap) or states (every TCP state and UDP, listeners included; walks the "
          + "host's established connections per namespace). Needs CAP_SYS_ADMIN (default: ${DEFAULT-VALUE}).")
  Settings.Sockets sockets;

  @Option(names = "--listen-ports", paramLabel = "N", defaultValue = "32",
      description = "With --sockets: the most listening ports reported one by one per namespace, lowest "
          + "first; the listeners of the rest are summed as port \"other\" (default: ${DEFAULT-VALUE}).")
  int listenPorts;

  @Option(names = "--sink", paramLabel = "SINK", split = ",",
      description = "Daemon mode: prometheus and/or openfalcon (repeatable, or comma-separated).")
  List<Settings.Sink> sinks = new ArrayList<>();

  @Option(names = {"--listen", "--web.listen-address"}, paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:9465",
      converter = ListenConverter.class,
      description = "Where the prometheus sink serves its metrics, /healthz and a landing page at / (as "
          + "node_exporter's --web.listen-address; default: ${DEFAULT-VALUE}).")
  ListenAddress listen;

  @picocli.CommandLine.Mixin
  WebOptions web = new WebOptions();

  @Option(names = "--falcon-url", paramLabel = "URL", defaultValue = "http://127.0.0.1:1988/v1/push",
      converter = UrlConverter.class,
      description = "Where the openfalcon sink pushes: falcon-agent, or Nightingale's /openfalcon/push "
          + "(default: ${DEFAULT-VALUE}).")
  URI falconUrl;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
      description = "How often the daemon collects and pushes: 500ms, 60s, 1m, ... (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--endpoint", paramLabel = "NAME",
      description = "The host name reported (open-falcon endpoint, JSON host; default: this host's name).")
  String endpoint;

  @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
      description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}; debug logs every cycle, trace "
          + "also the libraries' details).")
  Settings.LogLevel logLevel;

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (for people), logfmt or json (one object per line), for log pipelines "
          + "(default: ${DEFAULT-VALUE}).")
  LogFormat logFormat;

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  private AgentCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  /**
   * Builds the command line for one run.
   *
   * @param env the environment ({@code System.getenv()}, or a test's)
   * @param out where reports, help and version go
   * @param err where errors go
   */
  static CommandLine commandLine(Map<String, String> env, PrintStream out, PrintStream err) {
    AgentCommand command = new AgentCommand(env, out, err);
    // picocli registers its built-in converters of java.sql and java.time types by reflection: ~100 classes
    // (DriverManager, Timestamp, LocalDateTime, ...) in every start, about 1 MB of class metadata resident.
    // No option needs them (durations have their own converter). The shaded jar relocates this name with
    // picocli's own.
    if (System.getProperty(PICOCLI_CONVERTER_EXCLUDES) == null) {
      System.setProperty(PICOCLI_CONVERTER_EXCLUDES, "java\\.sql\\..*,java\\.time\\..*");
    }
    CommandLine cl = new CommandLine(command);
    // the options of these types take no converter attribute: one converter reads every choice
    ChoiceConverter.register(cl, Format.class, Settings.Resolver.class, Settings.Sink.class, Settings.LogLevel.class,
        Settings.Sockets.class, LogFormat.class);
    cl.setDefaultValueProvider(new EnvironmentDefaults(env));
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setParameterExceptionHandler(new UsageError(EXIT_USAGE));
    cl.setExecutionExceptionHandler((e, c, parsed) -> {
      command.err.println("container-netstat: " + TerminalText.escape(io.containernetstat.core.internal.Failures.describe(e)));
      return EXIT_FAILED;
    });
    EnvironmentHelp.install(cl);
    return cl;
  }

  /**
   * Parses and checks a command line without running it (for tests and tools).
   *
   * @throws ParameterException if an option is invalid
   */
  static Settings parse(Map<String, String> env, String... args) {
    CommandLine cl = commandLine(env, System.out, System.err);
    cl.parseArgs(args);
    return ((AgentCommand) cl.getCommand()).settings();
  }

  @Override
  public Integer call() {
    Settings settings = settings();
    Logging.configure(settings.logLevel(), settings.logFormat());
    String sockets = Wiring.socketsProblem(settings);
    if (sockets != null) {
      err.println("container-netstat: " + sockets);
      return EXIT_FAILED;
    }
    return settings.once() ? OnceMode.run(settings, out, err) : new DaemonMode(settings, err).run();
  }

  /** Checks the combinations that single options cannot, and freezes the result. */
  Settings settings() {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    if (cycles != null && !once && parsed != null && parsed.hasMatchedOption("--cycles")) {
      throw usage("--cycles needs --once");
    }
    if (cycles != null && cycles < 1) {
      throw usage("--cycles must be at least 1, was " + cycles);
    }
    if (!once && sinks.isEmpty()) {
      throw usage("give --once to print one report, or --sink prometheus and/or --sink openfalcon to run as a daemon");
    }
    if (listenPorts < 0) {
      throw usage("--listen-ports must be at least 0, was " + listenPorts);
    }
    String host = endpoint != null ? endpoint : HostName.local(env);
    EndpointOptions webOptions;
    try {
      // with --once the daemon's options are ignored: a DaemonSet's file need not be readable by kubectl exec
      webOptions = once || !sinks.contains(Settings.Sink.PROMETHEUS) ? EndpointOptions.defaults()
          : web.endpointOptions().withBuildInfo(Version.buildInfo());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    String docker = dockerHost != null ? dockerHost : nonEmpty(env.get("DOCKER_HOST"));
    return new Settings(once, format, cycles == null ? 0 : cycles, new ProcRoot(procRoot), cgroupRoot, resolver,
        docker, dockerRoot, EnumSet.copyOf(files), netstatFields, SinkOptions.containerLabels(containerLabels), maxNamespaces, includeHostNetwork, !noFilesystems, !noTmpfs,
        sockets, listenPorts, once || sinks.isEmpty() ? EnumSet.noneOf(Settings.Sink.class) : EnumSet.copyOf(sinks),
        listen, webOptions, falconUrl, interval, host, logLevel, logFormat);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
