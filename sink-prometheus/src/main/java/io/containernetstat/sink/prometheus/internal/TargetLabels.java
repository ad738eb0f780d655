package io.containernetstat.sink.prometheus.internal;

import io.containernetstat.core.Container;
import io.containernetstat.core.LabelSelection;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Container.Pod;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;

/**
 * The labels of one network namespace's series, with cAdvisor's label names; stateless. Not API.
 *
 * <p>Every per-namespace series carries the same label names, empty where not applicable (as cAdvisor
 * does; Prometheus treats an empty label as absent):
 * <ul>
 *   <li>{@code namespace}, {@code pod}: the Kubernetes pod whose namespace this is;</li>
 *   <li>{@code name}, {@code id}, {@code image}: the container that owns the namespace (the pod sandbox,
 *       or the container others joined with {@code --network container:X});</li>
 *   <li>{@code container}: that container's name within its pod, when known (empty for a sandbox);</li>
 *   <li>{@code host_network}: only when the host's namespace is exported, {@code "true"} on its series
 *       and {@code "false"} on the others.</li>
 * </ul>
 * The host's own namespace is shared by every host-network container, so none of them is named on its
 * series. A process namespace (the netns scan's {@link Container#process}) is named like a container: its
 * inode in {@code id}, its command in {@code name}. A namespace without any container (one that failed
 * before its process could be named) is named {@code pid <pid>} in {@code name}.
 *
 * <p>With a {@link LabelSelection} (off by default) a series also carries the selected runtime labels
 * of the container it names, as {@code container_label_<name>}: only those that container has, so two
 * namespaces' series may carry different names (Prometheus reads a missing label as empty). The names
 * and values depend on the namespace's target alone, like the others: a cache of a namespace's labels
 * stays right as long as its target and the selection do.
 */
public final class TargetLabels {
  static final String[] NAMES = {"container", "id", "image", "name", "namespace", "pod"};
  static final String[] NAMES_WITH_HOST = {"container", "host_network", "id", "image", "name", "namespace", "pod"};
  static final String[] FILESYSTEM_NAMES =
      {"container", "device", "fstype", "id", "image", "mountpoint", "name", "namespace", "pod"};

  private TargetLabels() {}

  /**
   * Labels a namespace.
   *
   * @param target the namespace
   * @param withHostNetwork whether to add the {@code host_network} label
   * @return the labels
   */
  public static Labels of(NetnsTarget target, boolean withHostNetwork) {
    return of(target, withHostNetwork, LabelSelection.none());
  }

  /**
   * Labels a namespace, with the selected runtime labels of its representative container.
   *
   * @param target the namespace
   * @param withHostNetwork whether to add the {@code host_network} label
   * @param containerLabels which runtime labels to add ({@link LabelSelection#select(NetnsTarget)})
   * @return the labels
   */
  public static Labels of(NetnsTarget target, boolean withHostNetwork, LabelSelection containerLabels) {
    String container = "";
    String id = "";
    String image = "";
    String name = "";
    String namespace = "";
    String pod = "";
    if (!target.hostNetwork()) {
      Pod p = target.pod();
      if (p != null) {
        namespace = p.namespace();
        pod = p.name();
      }
      Container owner = target.representative().orElse(null);
      if (owner != null) {
        id = owner.id();
        name = owner.name();
        image = owner.image();
        container = owner.podContainer() == null ? "" : owner.podContainer();
      } else if (p == null) {
        name = target.displayName();
      }
    }
    List<LabelSelection.Label> selected = containerLabels.select(target);
    if (withHostNetwork) {
      return labels(NAMES_WITH_HOST,
          new String[] {container, Boolean.toString(target.hostNetwork()), id, image, name, namespace, pod}, selected);
    }
    return labels(NAMES, new String[] {container, id, image, name, namespace, pod}, selected);
  }

  /**
   * Labels one filesystem of one container. Filesystems are per container, not per network namespace
   * (each container of a pod has its own mount namespace), so the container itself is named, as
   * cAdvisor labels its per-container series: {@code id}, {@code name}, {@code image}, {@code namespace}
   * and {@code pod} of its pod, {@code container} its name within the pod (empty outside a pod). Then
   * node_exporter's {@code device} (the mount source, as node_exporter's {@code device} is the
   * {@code /proc/mounts} source), {@code fstype} and {@code mountpoint} (as the container sees it).
   * No {@code host_network}: a host-network container has its own filesystems all the same.
   *
   * @param c the container
   * @param fs one of its filesystems
   * @return the labels
   */
  public static Labels of(Container c, FilesystemStat fs) {
    return of(c, fs, LabelSelection.none());
  }

  /**
   * Labels one filesystem of one container ({@link #of(Container, FilesystemStat)}), with the container's
   * selected runtime labels.
   *
   * @param c the container
   * @param fs one of its filesystems
   * @param containerLabels which runtime labels to add ({@link LabelSelection#select(Container)})
   * @return the labels
   */
  public static Labels of(Container c, FilesystemStat fs, LabelSelection containerLabels) {
    String namespace = "";
    String pod = "";
    if (c.pod() != null) {
      namespace = c.pod().namespace();
      pod = c.pod().name();
    }
    String container = c.podContainer() == null ? "" : c.podContainer();
    return labels(FILESYSTEM_NAMES, new String[] {container, fs.source(), fs.fsType(), c.id(), c.image(),
        fs.mountPoint(), c.name(), namespace, pod}, containerLabels.select(c));
  }

  /** Our labels, then the selected ones: their {@code container_label_} prefix keeps the names apart. */
  private static Labels labels(String[] names, String[] values, List<LabelSelection.Label> selected) {
    if (selected.isEmpty()) {
      return Labels.of(names, values);
    }
    String[] n = java.util.Arrays.copyOf(names, names.length + selected.size());
    String[] v = java.util.Arrays.copyOf(values, values.length + selected.size());
    for (int i = 0; i < selected.size(); i++) {
      n[names.length + i] = selected.get(i).name();
      v[values.length + i] = selected.get(i).value();
    }
    return Labels.of(n, v);
  }
}
