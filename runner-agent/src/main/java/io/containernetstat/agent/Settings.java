package io.containernetstat.agent;

import io.containernetstat.agent.cli.Choice;
import io.containernetstat.agent.cli.ListenAddress;
import io.containernetstat.agent.log.LogFormat;
import io.containernetstat.core.LabelSelection;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.internal.Require;
import io.containernetstat.sink.prometheus.EndpointOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The agent's configuration once the command line and the environment are parsed and checked;
 * immutable.
 *
 * @param once collect once, print, exit (else run as a daemon)
 * @param format what {@code --once} prints
 * @param cycles how many more collections {@code --once} times after the first; 0 for none
 * @param procRoot where the host's procfs is mounted
 * @param cgroupRoot where the host's cgroup hierarchy is mounted
 * @param resolver which resolver finds the namespaces
 * @param dockerHost the Docker daemon's URI, or null for the resolver's default
 * @param dockerRoot Docker's data root read by the cgroup scan, or null to ask the daemon (else
 *     {@code /var/lib/docker})
 * @param files the files read in each namespace
 * @param netstatFields the snmp, snmp6 and netstat fields both sinks export: those whose
 *     {@code <Group>_<Field>} key the regex is found in ({@code --netstat-fields})
 * @param containerLabels the runtime labels both sinks and the JSON report export ({@code --container-labels});
 *     one instance per run, so that a cut by its limits is logged once
 * @param maxNamespaces the most namespaces a collection reads, or 0 for as many as the heap and the
 *     open-file limit hold ({@link NamespaceLimit})
 * @param includeHostNetwork whether the host's own network namespace is reported like a container's
 * @param filesystems whether each container's filesystems are measured
 * @param tmpfs whether tmpfs mounts are among them
 * @param sockets what netlink sock_diag dumps in each namespace ({@code --sockets})
 * @param listenPorts the most listening ports reported one by one per namespace ({@code --listen-ports})
 * @param sinks the daemon's sinks; empty with {@code --once}
 * @param listen where the Prometheus endpoint listens
 * @param web the Prometheus endpoint's timeouts, limits, TLS and authentication
 * @param falconUrl where open-falcon items are pushed
 * @param interval how often the daemon collects and pushes
 * @param endpoint the host name reported (open-falcon's {@code endpoint}, the JSON's {@code host})
 * @param logLevel the logging threshold
 * @param logFormat how log events are written: text, logfmt or JSON lines
 */
record Settings(
    boolean once,
    Format format,
    int cycles,
    ProcRoot procRoot,
    Path cgroupRoot,
    Resolver resolver,
    String dockerHost,
    Path dockerRoot,
    Set<ProcNetFile> files,
    Pattern netstatFields,
    LabelSelection containerLabels,
    int maxNamespaces,
    boolean includeHostNetwork,
    boolean filesystems,
    boolean tmpfs,
    Sockets sockets,
    int listenPorts,
    Set<Sink> sinks,
    ListenAddress listen,
    EndpointOptions web,
    URI falconUrl,
    Duration interval,
    String endpoint,
    LogLevel logLevel,
    LogFormat logFormat) {

  /** Validates and copies. */
  Settings {
    Objects.requireNonNull(format, "format == null");
    Objects.requireNonNull(procRoot, "procRoot == null");
    Objects.requireNonNull(cgroupRoot, "cgroupRoot == null");
    Objects.requireNonNull(resolver, "resolver == null");
    Objects.requireNonNull(listen, "listen == null");
    Objects.requireNonNull(web, "web == null");
    Objects.requireNonNull(falconUrl, "falconUrl == null");
    Objects.requireNonNull(endpoint, "endpoint == null");
    Objects.requireNonNull(logLevel, "logLevel == null");
    Objects.requireNonNull(logFormat, "logFormat == null");
    Objects.requireNonNull(sockets, "sockets == null");
    Objects.requireNonNull(netstatFields, "netstatFields == null");
    Objects.requireNonNull(containerLabels, "containerLabels == null");
    Require.atLeast(listenPorts, 0, "listenPorts");
    Require.atLeast(cycles, 0, "cycles");
    Require.positive(interval, "interval");
    Require.atLeast(maxNamespaces, 0, "maxNamespaces");
    if (files.isEmpty()) {
      throw new IllegalArgumentException("files is empty");
    }
    files = Collections.unmodifiableSet(EnumSet.copyOf(files));
    sinks = sinks.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(sinks));
  }

  /** {@return the files as users write them, in the library's order: {@code sockstat,sockstat6,snmp}} */
  String filesText() {
    return files.stream().map(ProcNetFile::fileName).collect(Collectors.joining(","));
  }

  /** Which resolver finds the namespaces. */
  enum Resolver implements Choice { AUTO, DOCKER, CGROUP, NETNS }

  /** What {@code --sockets} dumps through netlink sock_diag in each namespace. */
  enum Sockets implements Choice {
    /** Nothing: only the counter files are read (needs no more than {@code CAP_SYS_PTRACE}). */
    OFF,
    /** TCP listeners and their accept queues: walks only the listening hash. */
    LISTEN,
    /** Every TCP state and UDP socket, listeners included: walks the established hash. */
    STATES
  }

  /** Where the daemon delivers. */
  enum Sink implements Choice { PROMETHEUS, OPENFALCON }

  /** The logging threshold. */
  enum LogLevel implements Choice { ERROR, WARN, INFO, DEBUG, TRACE }
}
