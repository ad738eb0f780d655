package io.containernetstat.agent;

import io.containernetstat.core.Collector;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.resolver.ResolverKind;
import io.containernetstat.resolver.ResolverOptions;
import io.containernetstat.resolver.Resolvers;

/** Builds the library objects the settings ask for. Stateless. */
final class Wiring {
  private Wiring() {}

  /**
   * Creates the resolver. Docker's events stream is followed only when more than one collection will
   * use it: a single {@code --once} costs one list call instead.
   */
  static NetnsResolver resolver(Settings s) {
    ResolverOptions.Builder options = ResolverOptions.builder()
        .procRoot(s.procRoot())
        .cgroupRoot(s.cgroupRoot())
        .dockerEvents(!s.once() || s.cycles() > 0);
    if (s.dockerHost() != null) {
      options.dockerHost(s.dockerHost());
    }
    return Resolvers.create(ResolverKind.parse(s.resolver().text()), options.build());
  }

  /** Creates the collector over the resolver; closing it closes the resolver and releases descriptors. */
  static Collector collector(Settings s, NetnsResolver resolver) {
    return Collector.builder(resolver).procRoot(s.procRoot()).files(s.files()).build();
  }
}
