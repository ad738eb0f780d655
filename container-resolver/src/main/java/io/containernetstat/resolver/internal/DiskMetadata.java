package io.containernetstat.resolver.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a container's metadata in the files its runtime keeps on disk, with no runtime API; immutable
 * configuration, thread-safe.
 *
 * <pre>
 * containerd  ROOT/NAMESPACE/ID/config.json          OCI spec; annotations io.kubernetes.cri.*
 *             (ROOT = /run/containerd/io.containerd.runtime.v2.task, or Docker's own containerd at
 *             /run/docker/containerd/daemon/io.containerd.runtime.v2.task; NAMESPACE k8s.io, moby, ...)
 * CRI-O       ROOT/ID/userdata/config.json            OCI spec; annotations io.kubernetes.pod.*
 *             (ROOT = /run/containers/storage/overlay-containers)
 * podman      ROOT/ID/userdata/config.json            annotation io.container.manager=libpod; the rest
 *             from libpod's state beside ROOT ({@link PodmanStorage}; ROOT = /var/lib/containers/storage/
 *             overlay-containers)
 * Docker      DATA/containers/ID/config.v2.json       Name, Config.Image, Config.Labels
 *             DATA/containers/ID/hostconfig.json      NetworkMode
 * </pre>
 * Not API.
 */
public final class DiskMetadata {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Path> containerdRoots;
  private final List<Path> crioRoots;
  private final Path dockerDataRoot;
  private final List<PodmanStorage> podman;

  /**
   * Creates a reader.
   *
   * @param containerdRoots containerd task roots ({@code .../io.containerd.runtime.v2.task})
   * @param crioRoots CRI-O / podman {@code overlay-containers} directories
   * @param dockerDataRoot Docker's data root ({@code /var/lib/docker}), or null to skip
   */
  public DiskMetadata(List<Path> containerdRoots, List<Path> crioRoots, Path dockerDataRoot) {
    this.containerdRoots = List.copyOf(containerdRoots);
    this.crioRoots = List.copyOf(crioRoots);
    this.dockerDataRoot = dockerDataRoot;
    this.podman = this.crioRoots.stream().map(PodmanStorage::new).toList();
  }

  /**
   * Looks up a container's metadata. Costs a few file existence checks and one JSON parse: call it once
   * per container id and cache the result.
   *
   * @param id the 64-hex container id
   * @param kind what the cgroup name says about the runtime
   * @param podFromPath the pod that the cgroup path names (a Kubernetes pod UID, or a podman pod id), or
   *     null
   * @return the metadata, or {@link ContainerMeta#UNKNOWN}
   * @throws IOException if a file exists but cannot be read or parsed; the message names the file
   */
  public ContainerMeta lookup(String id, CgroupNames.Kind kind, String podFromPath) throws IOException {
    ContainerMeta meta;
    switch (kind) {
      case DOCKER:
        meta = docker(id);
        return meta != null ? meta : orUnknown(containerd(id));
      case CONTAINERD:
        return orUnknown(containerd(id));
      case CRIO:
      case PODMAN:
        meta = crio(id, kind == CgroupNames.Kind.CRIO ? "cri-o" : "podman", podFromPath);
        return meta != null ? meta : orUnknown(containerd(id));
      case BARE_ID:
      default:
        meta = docker(id);
        if (meta == null) {
          meta = containerd(id);
        }
        if (meta == null) {
          meta = crio(id, "cri-o", podFromPath);
        }
        return orUnknown(meta);
    }
  }

  private static ContainerMeta orUnknown(ContainerMeta meta) {
    return meta == null ? ContainerMeta.UNKNOWN : meta;
  }

  private ContainerMeta containerd(String id) throws IOException {
    for (Path root : containerdRoots) {
      String[] namespaces = root.toFile().list();
      if (namespaces == null) {
        continue;
      }
      for (String ns : namespaces) {
        Path config = root.resolve(ns).resolve(id).resolve("config.json");
        JsonNode spec = readJson(config);
        if (spec != null) {
          Map<String, String> annotations = strings(spec.get("annotations"));
          // Docker runs its containers through its own containerd, in namespace "moby".
          String runtime = ns.equals("moby") ? "docker" : "containerd";
          String name = annotations.get("io.kubernetes.cri.container-name");
          if ("sandbox".equals(annotations.get("io.kubernetes.cri.container-type"))) {
            name = annotations.get("io.kubernetes.cri.sandbox-name");
          }
          String image = annotations.getOrDefault("io.kubernetes.cri.image-name", "");
          return ContainerMeta.of(runtime, name, image, annotations, null, config.toString());
        }
      }
    }
    return null;
  }

  /**
   * Drops what was read for a batch of lookups (podman's state files); call it once per resolution
   * cycle, after the lookups.
   */
  public void forget() {
    for (PodmanStorage p : podman) {
      p.forget();
    }
  }

  private ContainerMeta crio(String id, String runtime, String podFromPath) throws IOException {
    for (int i = 0; i < crioRoots.size(); i++) {
      Path config = crioRoots.get(i).resolve(id).resolve("userdata").resolve("config.json");
      JsonNode spec = readJson(config);
      if (spec != null) {
        Map<String, String> annotations = strings(spec.get("annotations"));
        if ("libpod".equals(annotations.get(PodmanStorage.MANAGER))) {
          // podman marks its pod members with CRI-O's ContainerType annotation too: the manager decides.
          return podman.get(i).lookup(id, annotations, config, podFromPath);
        }
        String name = annotations.get("io.kubernetes.cri-o.Name");
        if (name == null) {
          name = annotations.get("io.kubernetes.container.name");
        }
        String image = annotations.get("io.kubernetes.cri-o.ImageName");
        if (image == null) {
          image = annotations.getOrDefault("io.kubernetes.cri-o.Image", "");
        }
        // CRI-O and podman share this layout; CRI-O marks its containers with its annotations.
        String found = annotations.containsKey("io.kubernetes.cri-o.ContainerType") ? "cri-o" : runtime;
        return ContainerMeta.of(found, name, image, annotations, null, config.toString());
      }
    }
    return null;
  }

  private ContainerMeta docker(String id) throws IOException {
    if (dockerDataRoot == null) {
      return null;
    }
    Path dir = dockerDataRoot.resolve("containers").resolve(id);
    Path config = dir.resolve("config.v2.json");
    JsonNode state = readJson(config);
    if (state == null) {
      return null;
    }
    String name = text(state.get("Name"));
    if (name != null && name.startsWith("/")) {
      name = name.substring(1);
    }
    JsonNode cfg = state.get("Config");
    String image = cfg == null ? null : text(cfg.get("Image"));
    Map<String, String> labels = cfg == null ? Map.of() : strings(cfg.get("Labels"));
    JsonNode host = readJson(dir.resolve("hostconfig.json"));
    String networkMode = host == null ? null : text(host.get("NetworkMode"));
    return ContainerMeta.of("docker", name, image == null ? "" : image, labels, networkMode, config.toString());
  }

  /** {@return the parsed file, or null when it does not exist} */
  private static JsonNode readJson(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (java.nio.file.FileSystemException e) {
      if (e.getMessage() != null && e.getMessage().contains("Not a directory")) {
        return null;
      }
      throw e;
    }
    JsonNode node = parse(bytes, file);
    if (!node.isObject()) {
      throw new IOException(file + ": not a JSON object");
    }
    return node;
  }

  /** {@return the JSON value in {@code bytes}, read from {@code file}} @throws IOException if malformed */
  static JsonNode parse(byte[] bytes, Path file) throws IOException {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new IOException(file + ": empty JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": malformed JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String text(JsonNode node) {
    return node == null || !node.isTextual() ? null : node.asText();
  }

  static Map<String, String> strings(JsonNode node) {
    if (node == null || !node.isObject()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getValue().isTextual()) {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }
}
