package io.containernetstat.resolver;

import java.util.Locale;

/** The resolvers this module offers, as the runner's {@code --resolver} option names them. */
public enum ResolverKind {
  /** Docker when its socket answers, else the cgroup scan when it finds containers, else the netns scan. */
  AUTO("auto"),
  /** The Docker Engine API: {@link DockerResolver}. */
  DOCKER(DockerResolver.NAME),
  /** The cgroup scan, no API: {@link CgroupScanResolver}. */
  CGROUP(CgroupScanResolver.NAME),
  /** Every process's namespace: {@link NetnsScanResolver}. */
  NETNS(NetnsScanResolver.NAME);

  private final String id;

  ResolverKind(String id) {
    this.id = id;
  }

  /** {@return the name used on the command line and in reports: auto, docker, cgroup or netns} */
  public String id() {
    return id;
  }

  /**
   * Parses a name.
   *
   * @param name {@code auto}, {@code docker}, {@code cgroup} or {@code netns}, in any case
   * @return the kind
   * @throws IllegalArgumentException if the name is none of these; the message lists them
   */
  public static ResolverKind parse(String name) {
    String lower = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (ResolverKind k : values()) {
      if (k.id.equals(lower)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown resolver '" + name + "': expected auto, docker, cgroup or netns");
  }

  @Override
  public String toString() {
    return id;
  }
}
