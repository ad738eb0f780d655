package io.containernetstat.fsstat;

import io.containernetstat.testkit.TestResources;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Loads the mountinfo captures under {@code src/test/resources/mountinfo/} (see the README there). */
final class Fixtures {
  /** Docker container with a bind mount, a named volume, a read-only bind and a --tmpfs. */
  static final String DOCKER_VOLUMES = "docker-volumes";
  /** Docker --read-only container joined to another's netns, a path with spaces, a file bind. */
  static final String DOCKER_READONLY = "docker-readonly-root-joined-netns";
  /** Docker container with the host's /dev bind-mounted: devtmpfs and stacked mounts. */
  static final String DOCKER_HOST_DEV = "docker-host-dev-bind";
  /** The host's own mount table (the test machine), with stacked /dev/shm and nsfs binds. */
  static final String HOST = "host";

  static final List<String> ALL = List.of(DOCKER_VOLUMES, DOCKER_READONLY, DOCKER_HOST_DEV, HOST);

  private Fixtures() {}

  static byte[] bytes(String name) {
    return TestResources.bytes(Fixtures.class, "/mountinfo/" + name);
  }

  static List<MountInfo> parse(String name) {
    byte[] b = bytes(name);
    return MountInfoParser.parse(name, b, 0, b.length);
  }

  static List<MountInfo> parse(String source, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return MountInfoParser.parse(source, b, 0, b.length);
  }
}
