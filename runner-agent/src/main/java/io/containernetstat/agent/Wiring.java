package io.containernetstat.agent;

import io.containernetstat.core.Collector;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.fsstat.MountFilter;
import io.containernetstat.fsstat.StatvfsFilesystemProbe;
import io.containernetstat.fsstat.StatvfsProbeBuilder;
import io.containernetstat.resolver.ResolverKind;
import io.containernetstat.resolver.ResolverOptions;
import io.containernetstat.resolver.Resolvers;
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
    return Resolvers.create(ResolverKind.parse(s.resolver().text()), options.build());
  }

  /** {@return the namespace limit of {@code --max-namespaces} for this JVM} */
  static NamespaceLimit namespaceLimit(Settings s) {
    return NamespaceLimit.forThisProcess(s.maxNamespaces(), s.files().size(),
        s.sinks().contains(Settings.Sink.OPENFALCON));
  }

  /**
   * Creates the collector over the resolver, with the filesystem probe unless {@code --no-filesystems};
   * closing it closes the resolver and the probe and releases descriptors.
   */
  static Collector collector(Settings s, NetnsResolver resolver, NamespaceLimit limit) {
    // build() closes the resolver and the probe if it fails.
    return Collector.builder(resolver).procRoot(s.procRoot()).files(s.files()).maxNamespaces(limit::forFound)
        .filesystemProbe(s.filesystems() ? filesystemProbe(s) : null).build();
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
