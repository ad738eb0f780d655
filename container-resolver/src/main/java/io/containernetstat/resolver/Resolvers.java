package io.containernetstat.resolver;

import io.containernetstat.core.NetnsResolver;
import java.util.Objects;

/** Creates this module's resolvers; stateless. */
public final class Resolvers {
  private Resolvers() {}

  /**
   * Creates a resolver. Nothing is read or connected until its first {@code resolve()}.
   *
   * @param kind which resolver
   * @param options where it looks and how long it waits
   * @return the resolver; close it when done
   */
  public static NetnsResolver create(ResolverKind kind, ResolverOptions options) {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(options, "options == null");
    switch (kind) {
      case DOCKER:
        return new DockerResolver(options);
      case CGROUP:
        return new CgroupScanResolver(options);
      case NETNS:
        return new NetnsScanResolver(options);
      case AUTO:
      default:
        return new AutoResolver(options);
    }
  }

  /**
   * Creates a resolver by name, as {@code --resolver auto|docker|cgroup|netns} gives it.
   *
   * @param kind {@code auto}, {@code docker}, {@code cgroup} or {@code netns}
   * @param options where it looks and how long it waits
   * @return the resolver; close it when done
   * @throws IllegalArgumentException if the name is unknown
   */
  public static NetnsResolver create(String kind, ResolverOptions options) {
    return create(ResolverKind.parse(kind), options);
  }
}
