package io.containernetstat.resolver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.containernetstat.core.Container.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What podman (libpod) keeps on disk about its containers and pods in one storage root, read without
 * its API; not thread-safe (the cgroup scan's thread only).
 *
 * <p>Measured with Debian's podman 4.3.1 (rootful, graph root {@code /var/lib/containers/storage}):
 * <pre>
 * ROOT/overlay-containers/ID/userdata/config.json  OCI spec: annotations io.container.manager=libpod; a pod
 *                         member has io.kubernetes.cri-o.ContainerType=container and
 *                         io.kubernetes.cri-o.SandboxID=INFRA (its infra container); no name, image or pod
 * ROOT/overlay-containers/containers.json   containers/storage: [{id, names[], metadata: "{image-name, name}"}]
 * ROOT/libpod/bolt_state.db      libpod's state (bbolt): bucket ctr/ID/config = {name, pod, rootfsImageName,
 *                                labels, netNsCtr, pause (true for a pod's infra container)};
 *                                bucket pod/PODID/config = {id, name, labels}
 * </pre>
 * Names, image and labels come from the bolt database; without it (podman 5 keeps its state in SQLite,
 * {@code ROOT/db.sql}, not read here) or when it cannot be read, name and image come from
 * {@code containers.json}, the pod from the cgroup path (its id, no name) and the infra container is
 * the pod member without a {@code ContainerType} annotation. The files are read once per batch of
 * lookups and kept until {@link #forget()} (the end of a resolution cycle): one read however many
 * containers start together. Not API.
 */
final class PodmanStorage {
  /** libpod's annotation on every container it creates; CRI-O's is {@code cri-o}. */
  static final String MANAGER = "io.container.manager";
  private static final String CONTAINER_TYPE = "io.kubernetes.cri-o.ContainerType";
  private static final String SANDBOX_ID = "io.kubernetes.cri-o.SandboxID";

  private final Path bolt;
  private final Path containersJson;
  private BoltFile db;
  private boolean dbRead;
  private JsonNode containers;

  /** @param overlayContainers {@code ROOT/overlay-containers} */
  PodmanStorage(Path overlayContainers) {
    Path root = overlayContainers.getParent();
    this.bolt = root == null ? null : root.resolve("libpod").resolve("bolt_state.db");
    this.containersJson = overlayContainers.resolve("containers.json");
  }

  /**
   * {@return the metadata of podman container {@code id}}
   *
   * @param annotations its config.json's annotations
   * @param config the config.json, for messages
   * @param podFromCgroup the pod id that its cgroup path names, or null
   * @throws IOException if containers.json exists but cannot be read or parsed
   */
  ContainerMeta lookup(String id, Map<String, String> annotations, Path config, String podFromCgroup)
      throws IOException {
    ContainerMeta meta = fromDatabase(id);
    return meta != null ? meta : fromStorage(id, annotations, config, podFromCgroup);
  }

  /** Drops what was read: the next lookup reads the files again. */
  void forget() {
    db = null;
    dbRead = false;
    containers = null;
  }

  /** Reads the database again once when it changed under the read (podman writes it in place). */
  private ContainerMeta fromDatabase(String id) {
    for (int attempt = 0; attempt < 2; attempt++) {
      BoltFile file = database();
      if (file == null) {
        return null;
      }
      try {
        return fromDatabase(file, id);
      } catch (BoltFile.MalformedException | IOException e) {
        forget();
      }
    }
    // Changed under both reads: containers.json still names the container.
    dbRead = true;
    return null;
  }

  private ContainerMeta fromDatabase(BoltFile file, String id) throws BoltFile.MalformedException, IOException {
    JsonNode c = config(file, "ctr", id);
    if (c == null) {
      return null;
    }
    Map<String, String> labels = DiskMetadata.strings(c.get("labels"));
    String name = DiskMetadata.text(c.get("name"));
    String image = DiskMetadata.text(c.get("rootfsImageName"));
    String podId = DiskMetadata.text(c.get("pod"));
    String joined = DiskMetadata.text(c.get("netNsCtr"));
    KubernetesIdentity identity = KubernetesIdentity.NONE;
    if (podId != null && !podId.isEmpty()) {
      JsonNode p = config(file, "pod", podId);
      String podName = p == null ? null : DiskMetadata.text(p.get("name"));
      boolean infra = c.path("pause").asBoolean(false);
      identity = new KubernetesIdentity(new Pod("", podName == null ? "" : podName, podId),
          infra ? null : name, infra);
    }
    return new ContainerMeta("podman", name, image == null ? "" : image, labels,
        joined == null || joined.isEmpty() ? null : "container:" + joined, bolt.toString(), identity);
  }

  private ContainerMeta fromStorage(String id, Map<String, String> annotations, Path config, String podFromCgroup)
      throws IOException {
    String name = null;
    String image = "";
    for (JsonNode c : storage()) {
      if (id.equals(DiskMetadata.text(c.get("id")))) {
        JsonNode names = c.get("names");
        name = names != null && names.size() > 0 ? DiskMetadata.text(names.get(0)) : null;
        String metadata = DiskMetadata.text(c.get("metadata"));
        if (metadata != null && !metadata.isEmpty()) {
          byte[] bytes = metadata.getBytes(StandardCharsets.UTF_8);
          String img = DiskMetadata.text(DiskMetadata.parse(bytes, containersJson).get("image-name"));
          image = img == null ? "" : img;
        }
        break;
      }
    }
    String sandboxId = annotations.get(SANDBOX_ID);
    KubernetesIdentity identity = KubernetesIdentity.NONE;
    if (podFromCgroup != null) {
      boolean infra = !annotations.containsKey(CONTAINER_TYPE);
      identity = new KubernetesIdentity(new Pod("", "", podFromCgroup), infra ? null : name, infra);
    }
    return new ContainerMeta("podman", name, image, annotations,
        sandboxId == null ? null : "container:" + sandboxId, config.toString(), identity);
  }

  /** {@return the {@code config} JSON in bucket {@code top/id}, or null when there is none} */
  private JsonNode config(BoltFile file, String top, String id) throws BoltFile.MalformedException, IOException {
    BoltFile.Bucket b = file.bucket(top);
    b = b == null ? null : b.bucket(id);
    byte[] config = b == null ? null : b.get("config");
    return config == null ? null : DiskMetadata.parse(config, bolt);
  }

  private BoltFile database() {
    if (!dbRead) {
      dbRead = true;
      try {
        db = bolt == null ? null : BoltFile.of(Files.readAllBytes(bolt));
      } catch (NoSuchFileException e) {
        db = null;
      } catch (IOException | BoltFile.MalformedException e) {
        db = null; // unreadable, or not a bbolt file: containers.json is the fallback
      }
    }
    return db;
  }

  private JsonNode storage() throws IOException {
    if (containers == null) {
      try {
        containers = DiskMetadata.parse(Files.readAllBytes(containersJson), containersJson);
      } catch (NoSuchFileException e) {
        containers = JsonNodeFactory.instance.arrayNode();
      }
      if (!containers.isArray()) {
        throw new IOException(containersJson + ": not a JSON array");
      }
    }
    return containers;
  }
}
