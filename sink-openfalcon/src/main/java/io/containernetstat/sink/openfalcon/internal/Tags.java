package io.containernetstat.sink.openfalcon.internal;

import io.containernetstat.core.Container;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.LabelSelection;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Builds a falcon {@code tags} string: {@code key=value} pairs joined by {@code ,}, values sanitised to
 * {@code [a-zA-Z0-9_-]} and the whole kept within a budget of characters. Not API.
 *
 * <p>falcon has no escaping: it removes spaces, splits on {@code ,} and at the first {@code =}, and graph
 * drops names holding {@code ' " >}; its maintainers advise {@code [a-zA-Z0-9_-]} only. Every other
 * character becomes {@code _} (so {@code team.a} and {@code team_a} read the same: the price of a value
 * that survives every receiver).
 *
 * <p>The static methods spell out a namespace, a container, a filesystem or a listener as their model
 * says it ({@link NetnsTarget#pod()}, {@link NetnsTarget#representative()}, {@link Container#pod()}); they
 * decide nothing about which container names a namespace.
 */
public final class Tags {
  /** Shortest a value is cut to: 7 characters kept, a dash and 8 hex digits of the original's CRC-32. */
  static final int MIN_CUT = 16;
  private static final int HASH_SUFFIX = 9;

  private final List<String> keys = new ArrayList<>(4);
  private final List<String> values = new ArrayList<>(4);
  private final List<Boolean> optional = new ArrayList<>(4);

  /**
   * {@return the tags of a namespace within {@code budget}: {@code namespace=<ns>,pod=<pod>} for a pod's,
   * else its representative container's ({@link #container}), else {@code netns=<inode>}}
   *
   * @param target the namespace (the caller tells the host's own apart)
   * @param budget the most characters of the result, unless it is {@code netns=<inode>}
   */
  public static String namespace(NetnsTarget target, int budget) {
    return namespace(target, budget, LabelSelection.none());
  }

  /**
   * {@return the tags of a namespace ({@link #namespace(NetnsTarget, int)}), then its representative
   * container's selected labels as {@code container_label_<name>=<value>}, dropped first when over budget
   * (the last name first)}
   *
   * @param target the namespace (the caller tells the host's own apart)
   * @param budget the most characters of the result, unless it is {@code netns=<inode>}
   * @param containerLabels which runtime labels to add
   */
  public static String namespace(NetnsTarget target, int budget, LabelSelection containerLabels) {
    Tags tags = new Tags();
    if (target.pod() != null) {
      tags.pod(target.pod());
    } else {
      target.representative().ifPresent(tags::container);
    }
    tags.labels(containerLabels.select(target));
    String built = tags.build(budget);
    return built.isEmpty() ? "netns=" + target.netnsInode() : built;
  }

  /**
   * {@return the tags of one container within {@code budget}: for a pod's container
   * {@code namespace=<ns>,pod=<pod>,container=<its name in the pod>}; for a plain container
   * {@code container=<name>,id=<12 hex>,image=<image>}, the image dropped first when over budget}
   *
   * @param c the container
   * @param budget the most characters of the result
   */
  public static String container(Container c, int budget) {
    return new Tags().container(c).build(budget);
  }

  /**
   * {@return the tags of one filesystem of a container within {@code budget}:
   * {@code mount=<mount point>,fstype=<type>}, then the container's ({@link #container})}
   *
   * @param c the container
   * @param fs one of its filesystems
   * @param budget the most characters of the result
   */
  public static String filesystem(Container c, FilesystemStat fs, int budget) {
    return filesystem(c, fs, budget, LabelSelection.none());
  }

  /**
   * {@return the tags of one filesystem ({@link #filesystem(Container, FilesystemStat, int)}), then its
   * container's selected labels, dropped first when over budget}
   *
   * @param c the container
   * @param fs one of its filesystems
   * @param budget the most characters of the result
   * @param containerLabels which runtime labels to add
   */
  public static String filesystem(Container c, FilesystemStat fs, int budget, LabelSelection containerLabels) {
    return new Tags().add("mount", fs.mountPoint(), false).add("fstype", fs.fsType(), false).container(c)
        .labels(containerLabels.select(c)).build(budget);
  }

  /**
   * {@return the tags of one listening port of a namespace: {@code port=<port>}, then
   * {@code address=<address>} when given, then the namespace's tags as its other items carry them}
   *
   * @param port the port, or a word standing for several ports ({@code other})
   * @param address the local address, or null to leave it out
   * @param namespaceTags the namespace's tags ({@link #namespace}, or the host's), not empty
   * @param budget the most characters of the result; the namespace's tags are kept whole, the port and
   *     address cut if they do not fit beside them
   */
  public static String listener(String port, String address, String namespaceTags, int budget) {
    Tags own = new Tags().add("port", port, false);
    if (address != null) {
      own.add("address", address, false);
    }
    String built = own.build(budget - namespaceTags.length() - 1);
    return built.isEmpty() ? namespaceTags : built + ',' + namespaceTags;
  }

  /** Adds the labels as optional tags: their names are {@code container_label_[a-zA-Z0-9_]*}, valid keys. */
  private Tags labels(List<LabelSelection.Label> labels) {
    for (LabelSelection.Label l : labels) {
      add(l.name(), l.value(), true);
    }
    return this;
  }

  private Tags pod(Pod pod) {
    return add("namespace", pod.namespace(), false).add("pod", pod.name(), false);
  }

  private Tags container(Container c) {
    if (c.pod() != null) {
      return pod(c.pod()).add("container", c.podContainer() != null ? c.podContainer() : stripSlash(c.name()), false);
    }
    return add("container", stripSlash(c.name()), false).add("id", shortId(c.id()), false)
        .add("image", c.image(), true);
  }

  /** Docker reports names as {@code /web}. */
  private static String stripSlash(String name) {
    return name.startsWith("/") ? name.substring(1) : name;
  }

  /** The first 12 characters, as {@code docker ps} shows a 64-hex id; a shorter id (a PID) is kept whole. */
  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  /**
   * Adds a tag; an empty value (after sanitising) adds nothing.
   *
   * @param key a key of {@code [a-zA-Z_][a-zA-Z0-9_]*} (not checked here: keys are constants)
   * @param value the raw value, sanitised here
   * @param dropFirst whether the tag is dropped before any value is cut when the budget is exceeded
   * @return this
   */
  public Tags add(String key, String value, boolean dropFirst) {
    String v = sanitise(value);
    if (!v.isEmpty()) {
      keys.add(key);
      values.add(v);
      optional.add(dropFirst);
    }
    return this;
  }

  /**
   * Joins the tags within {@code budget} characters. Over budget, optional tags are dropped (last added
   * first); then the longest value is cut and ends with {@code -} and the CRC-32 of what it was, so two
   * long names that differ only at the end still differ; as a last resort tags are dropped from the end.
   *
   * @param budget the most characters of the result
   * @return the tags, possibly empty, never longer than {@code budget}
   */
  public String build(int budget) {
    List<String> k = new ArrayList<>(keys);
    List<String> v = new ArrayList<>(values);
    List<Boolean> opt = new ArrayList<>(optional);
    for (int i = k.size() - 1; i >= 0 && length(k, v) > budget; i--) {
      if (opt.get(i)) {
        k.remove(i);
        v.remove(i);
        opt.remove(i);
      }
    }
    while (length(k, v) > budget) {
      int longest = -1;
      for (int i = 0; i < v.size(); i++) {
        if (v.get(i).length() > MIN_CUT && (longest < 0 || v.get(i).length() > v.get(longest).length())) {
          longest = i;
        }
      }
      if (longest < 0) {
        break;
      }
      String value = v.get(longest);
      int cutTo = Math.max(MIN_CUT, value.length() - (length(k, v) - budget));
      v.set(longest, cut(value, cutTo));
    }
    while (length(k, v) > budget) {
      k.remove(k.size() - 1);
      v.remove(v.size() - 1);
    }
    return join(k, v);
  }

  /**
   * {@return {@code value} with every character outside {@code [a-zA-Z0-9_-]} replaced by {@code _}}
   */
  public static String sanitise(String value) {
    int i = 0;
    while (i < value.length() && isAllowed(value.charAt(i))) {
      i++;
    }
    if (i == value.length()) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length()).append(value, 0, i);
    for (; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++; // one code point, one replacement
      }
      out.append(isAllowed(c) ? c : '_');
    }
    return out.toString();
  }

  /** {@return {@code value} cut to {@code length} characters, ending with {@code -} and its CRC-32 in hex} */
  static String cut(String value, int length) {
    CRC32 crc = new CRC32();
    crc.update(value.getBytes(StandardCharsets.UTF_8));
    String hash = Long.toHexString(0x1_0000_0000L | crc.getValue()).substring(1); // 8 digits, zero-padded
    return value.substring(0, length - HASH_SUFFIX) + '-' + hash;
  }

  private static boolean isAllowed(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }

  private static int length(List<String> k, List<String> v) {
    int n = Math.max(0, k.size() - 1);
    for (int i = 0; i < k.size(); i++) {
      n += k.get(i).length() + 1 + v.get(i).length();
    }
    return n;
  }

  private static String join(List<String> k, List<String> v) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < k.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(k.get(i)).append('=').append(v.get(i));
    }
    return out.toString();
  }
}
