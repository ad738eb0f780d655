package io.containernetstat.core.filesystem;

import io.containernetstat.core.Collector;
import io.containernetstat.core.NetnsTarget;
import java.util.List;

/**
 * Measures the filesystems of containers; called once per collection by one thread. Implemented
 * outside netstat-core (it needs {@code statvfs}), plugged into a {@link Collector}.
 */
public interface FilesystemProbe extends AutoCloseable {

  /**
   * Measures the filesystems of every container of the resolved namespaces.
   *
   * @param namespaces the namespaces of this collection
   * @return one entry per container; never throws for a single container's failure
   */
  List<ContainerFilesystems> probe(List<NetnsTarget> namespaces);

  /** Releases what the probe holds. The default does nothing. */
  @Override
  default void close() {}
}
