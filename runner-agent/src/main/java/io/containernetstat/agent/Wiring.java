package io.containernetstat.agent;

import io.containernetstat.core.Collector;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.fsstat.MountFilter;
import io.containernetstat.fsstat.StatvfsFilesystemProbe;
import io.containernetstat.fsstat.StatvfsProbeBuilder;
import io.containernetstat.resolver.AutoResolver;
import io.containernetstat.resolver.ResolverKind;
import io.containernetstat.resolver.ResolverOptions;
import io.containernetstat.resolver.Resolvers;
import io.containernetstat.sockdiag.DumpKind;
import io.containernetstat.sockdiag.SockDiag;
import io.containernetstat.sockdiag.SockDiagProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the library objects the settings ask for. Stateless. */
final class Wiring {
  private static final Logger LOG = LoggerFactory.getLogger("container-netstat");

  private Wiring() {}

  /**
   * Creates the resolver, told how many collections will run ({@code --once} runs {@code 1 + cycles});
   * the resolver options decide from that whether Docker's events stream is followed.
   */
  static NetnsResolver resolver(Settings s) {
    ResolverOptions.Builder options = ResolverOptions.builder()
        .procRoot(s.procRoot())
        .cgroupRoot(s.cgroupRoot())
        .mode(s.once() ? ResolverOptions.Mode.of(1L + s.cycles()) : ResolverOptions.Mode.CONTINUOUS);
    if (s.dockerHost() != null) {
      options.dockerHost(s.dockerHost());
    }
    if (s.dockerRoot() != null) {
      options.dockerDataRoot(s.dockerRoot());
    }
    return Resolvers.create(ResolverKind.parse(s.resolver().text()), options.build());
  }

  /**
   * {@return the resolver that ran, as the once mode's stderr and the daemon's start line name it: with
   * {@code --resolver auto}, which one it chose and why ({@code netns (auto: Docker daemon at ... is
   * unreachable ...; the cgroup scan ... found 0 containers; every process's network namespace is
   * reported)}); else its name}
   */
  static String resolverChoice(NetnsResolver resolver) {
    if (resolver instanceof AutoResolver auto && auto.chosen() != ResolverKind.AUTO) {
      return auto.name() + " (auto: " + auto.reason() + ")";
    }
    return resolver.name();
  }

  /** {@return the namespace limit of {@code --max-namespaces} for this JVM} */
  static NamespaceLimit namespaceLimit(Settings s) {
    // A held sock_diag socket and its process's stat cost two descriptors per namespace, like two more files.
    return NamespaceLimit.forThisProcess(s.maxNamespaces(),
        s.files().size() + (s.sockets() == Settings.Sockets.OFF ? 0 : 2),
        s.sinks().contains(Settings.Sink.OPENFALCON));
  }

  /**
   * Creates the collector over the resolver, with the filesystem probe unless {@code --no-filesystems};
   * closing it closes the resolver and the probe and releases descriptors.
   */
  static Collector collector(Settings s, NetnsResolver resolver, NamespaceLimit limit) {
    SockDiagProbe sockets;
    try {
      sockets = socketProbe(s);
    } catch (RuntimeException e) {
      resolver.close();
      throw e;
    }
    // build() closes the resolver and the probes if it fails.
    return Collector.builder(resolver).procRoot(s.procRoot()).files(s.files()).maxNamespaces(limit::forFound)
        .socketProbe(sockets).filesystemProbe(s.filesystems() ? filesystemProbe(s) : null).build();
  }

  /** {@return the sock_diag probe {@code --sockets} asks for, or null for {@code off}} */
  static SockDiagProbe socketProbe(Settings s) {
    return switch (s.sockets()) {
      case OFF -> null;
      case LISTEN -> new SockDiagProbe(s.procRoot(), DumpKind.LISTEN, s.listenPorts(), s.includeHostNetwork());
      case STATES -> new SockDiagProbe(s.procRoot(), DumpKind.STATES, s.listenPorts(), s.includeHostNetwork());
    };
  }

  /**
   * {@return null when {@code --sockets} is off or can work here; else why not, naming the capability}
   * Checked once at start, so that a DaemonSet without {@code CAP_SYS_ADMIN} fails at once instead of
   * reporting every namespace as failed.
   */
  static String socketsProblem(Settings s) {
    if (s.sockets() == Settings.Sockets.OFF) {
      return null;
    }
    return SockDiag.checkPrivilege().map(p -> "--sockets " + s.sockets().text() + ": " + p
        + " (add it to the container, e.g. the DaemonSet's sockets component, or use --sockets off)").orElse(null);
  }

  /** {@return the probe, or null (after one warning) when {@code statvfs} cannot be called here} */
  static StatvfsFilesystemProbe filesystemProbe(Settings s) {
    StatvfsProbeBuilder.Availability available = StatvfsFilesystemProbe.builder()
        .procRoot(s.procRoot())
        .filter(MountFilter.builder().includeTmpfs(s.tmpfs()).build())
        .tryBuild();
    if (available.probe().isEmpty()) {
      LOG.warn("filesystems are not measured: {}", available.reason());
    }
    return available.probe().orElse(null);
  }
}
