package io.containernetstat.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which of a container's runtime labels ({@link Container#labels()}: Docker's and podman's labels,
 * containerd's and CRI-O's annotations) a sink exports, and under which names, as cAdvisor's
 * {@code container_label_<name>}; immutable configuration, thread-safe.
 *
 * <p>The rules, in the order they apply:
 * <ol>
 *   <li>a label is selected when the regex matches its whole key ({@code com\.example\..*},
 *       {@code app|team}); {@link #none()} selects nothing (the default everywhere);</li>
 *   <li>its name is {@value #PREFIX} followed by the key with every character outside
 *       {@code [a-zA-Z0-9_]} replaced by {@code _} ({@code com.docker.compose.service} is
 *       {@code container_label_com_docker_compose_service}); the prefix keeps these names apart from every
 *       label name of this project's own;</li>
 *   <li>when several selected keys read the same once sanitised ({@code app.name}, {@code app_name}), the
 *       first key in {@link String#compareTo} order gives the value, the others are left out;</li>
 *   <li>at most {@link #maxLabels()} labels per container are kept, the first names in sorted order, and
 *       a value longer than {@link #maxValueLength()} characters is cut to that length. The first time
 *       either happens, the listener given to {@link #onFirstCut} is told (once per selection, however
 *       many collections follow).</li>
 * </ol>
 * A network namespace takes the labels of its {@linkplain NetnsTarget#representative() representative}
 * container, the one that names it ({@link #select(NetnsTarget)}); the host's own namespace takes none.
 *
 * <p>Performance: the decision for each key (selected, and its name) is remembered, up to
 * {@value #MAX_REMEMBERED_KEYS} keys, so a collection of many containers with the same keys matches the
 * regex once per key.
 */
public final class LabelSelection {
  /** What every exported label name starts with, as cAdvisor's. */
  public static final String PREFIX = "container_label_";
  /** The most labels kept per container, by default. */
  public static final int DEFAULT_MAX_LABELS = 32;
  /** The longest value kept, in characters, by default; longer values are cut to it. */
  public static final int DEFAULT_MAX_VALUE_LENGTH = 256;
  static final int MAX_REMEMBERED_KEYS = 4096;
  private static final String NOT_SELECTED = "";
  private static final LabelSelection NONE = new LabelSelection(null, DEFAULT_MAX_LABELS, DEFAULT_MAX_VALUE_LENGTH,
      null);

  private final Pattern keys;
  private final int maxLabels;
  private final int maxValueLength;
  private final Consumer<String> firstCut;
  private final AtomicBoolean cutReported = new AtomicBoolean();
  private final Map<String, String> names = new ConcurrentHashMap<>();

  private LabelSelection(Pattern keys, int maxLabels, int maxValueLength, Consumer<String> firstCut) {
    this.keys = keys;
    this.maxLabels = maxLabels;
    this.maxValueLength = maxValueLength;
    this.firstCut = firstCut;
  }

  /** One exported label; immutable. @param name the exported name @param key the runtime's key @param value its value */
  public record Label(String name, String key, String value) {}

  /** {@return the selection of no label at all} */
  public static LabelSelection none() {
    return NONE;
  }

  /**
   * {@return the selection of the labels whose whole key {@code keys} matches, with the default limits}
   *
   * @throws NullPointerException if {@code keys} is null
   */
  public static LabelSelection matching(Pattern keys) {
    Objects.requireNonNull(keys, "keys == null");
    return new LabelSelection(keys, DEFAULT_MAX_LABELS, DEFAULT_MAX_VALUE_LENGTH, null);
  }

  /**
   * {@return the selection of the labels whose whole key {@code regex} matches, with the default limits}
   *
   * @throws IllegalArgumentException if {@code regex} does not compile; the message says where
   */
  public static LabelSelection matching(String regex) {
    Objects.requireNonNull(regex, "regex == null");
    try {
      return matching(Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("container label regex does not compile: " + e.getMessage(), e);
    }
  }

  /**
   * {@return this selection with other limits}
   *
   * @param maxLabels the most labels kept per container, at least 1
   * @param maxValueLength the longest value kept, in characters, at least 1
   * @throws IllegalArgumentException if a limit is below 1
   */
  public LabelSelection withLimits(int maxLabels, int maxValueLength) {
    if (maxLabels < 1 || maxValueLength < 1) {
      throw new IllegalArgumentException("maxLabels < 1 or maxValueLength < 1: " + maxLabels + ", " + maxValueLength);
    }
    return new LabelSelection(keys, maxLabels, maxValueLength, firstCut);
  }

  /**
   * {@return this selection, telling {@code listener} (once, on the thread that selects) the first time a
   * container's labels are cut by the limits}
   *
   * @param listener takes one line saying which container and what was cut
   */
  public LabelSelection onFirstCut(Consumer<String> listener) {
    Objects.requireNonNull(listener, "listener == null");
    return new LabelSelection(keys, maxLabels, maxValueLength, listener);
  }

  /** {@return whether any label can be selected (false for {@link #none()})} */
  public boolean enabled() {
    return keys != null;
  }

  /** {@return the regex matched against whole keys; empty for {@link #none()}} */
  public Optional<Pattern> keys() {
    return Optional.ofNullable(keys);
  }

  /** {@return the most labels kept per container} */
  public int maxLabels() {
    return maxLabels;
  }

  /** {@return the longest value kept, in characters} */
  public int maxValueLength() {
    return maxValueLength;
  }

  /**
   * {@return the labels of the namespace's representative container (see {@link #select(Container)});
   * none for the host's own namespace or a namespace without container}
   */
  public List<Label> select(NetnsTarget target) {
    if (keys == null || target.hostNetwork()) {
      return List.of();
    }
    return target.representative().map(this::select).orElse(List.of());
  }

  /** {@return the selected labels of {@code c}, sorted by name, at most {@link #maxLabels()}} */
  public List<Label> select(Container c) {
    if (keys == null || c.labels().isEmpty()) {
      return List.of();
    }
    TreeMap<String, Label> byKey = new TreeMap<>();
    for (Map.Entry<String, String> e : c.labels().entrySet()) {
      String name = nameOf(e.getKey());
      if (name != null) {
        byKey.put(e.getKey(), new Label(name, e.getKey(), e.getValue()));
      }
    }
    if (byKey.isEmpty()) {
      return List.of();
    }
    TreeMap<String, Label> byName = new TreeMap<>();
    for (Label l : byKey.values()) {
      byName.putIfAbsent(l.name(), l); // keys in sorted order: the first key of a name wins
    }
    List<Label> out = new ArrayList<>(Math.min(byName.size(), maxLabels));
    int valuesCut = 0;
    for (Label l : byName.values()) {
      if (out.size() == maxLabels) {
        break;
      }
      if (l.value().length() > maxValueLength) {
        out.add(new Label(l.name(), l.key(), cut(l.value(), maxValueLength)));
        valuesCut++;
      } else {
        out.add(l);
      }
    }
    if ((valuesCut > 0 || byName.size() > maxLabels) && firstCut != null && cutReported.compareAndSet(false, true)) {
      firstCut.accept("container " + c.name() + " (" + c.id() + "): " + byName.size() + " labels selected, "
          + Math.min(byName.size(), maxLabels) + " kept (at most " + maxLabels + " per container); " + valuesCut
          + " values cut to " + maxValueLength + " characters; later cuts are not reported");
    }
    return List.copyOf(out);
  }

  /**
   * {@return the exported name of a key: {@value #PREFIX} and the key with every character outside
   * {@code [a-zA-Z0-9_]} replaced by {@code _}}
   */
  public static String name(String key) {
    StringBuilder out = new StringBuilder(PREFIX.length() + key.length()).append(PREFIX);
    for (int i = 0; i < key.length(); i += Character.charCount(key.codePointAt(i))) {
      char ch = key.charAt(i);
      boolean allowed = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
      out.append(allowed ? ch : '_'); // one code point, one replacement, as cAdvisor replaces runes
    }
    return out.toString();
  }

  /** {@return the name of a selected key, or null} */
  private String nameOf(String key) {
    String name = names.get(key);
    if (name == null) {
      name = keys.matcher(key).matches() ? name(key) : NOT_SELECTED;
      if (names.size() < MAX_REMEMBERED_KEYS) {
        names.put(key, name);
      }
    }
    return name.isEmpty() ? null : name;
  }

  /** Cuts at a character boundary, never between the two halves of a surrogate pair. */
  private static String cut(String value, int length) {
    int end = Character.isLowSurrogate(value.charAt(length)) && Character.isHighSurrogate(value.charAt(length - 1))
        ? length - 1 : length;
    return value.substring(0, end);
  }

  /** Equal when the regexes are the same text with the same flags and the limits are the same. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LabelSelection other)) {
      return false;
    }
    return Objects.equals(keys == null ? null : keys.pattern(), other.keys == null ? null : other.keys.pattern())
        && (keys == null || keys.flags() == other.keys.flags())
        && maxLabels == other.maxLabels && maxValueLength == other.maxValueLength;
  }

  @Override
  public int hashCode() {
    return Objects.hash(keys == null ? null : keys.pattern(), maxLabels, maxValueLength);
  }

  @Override
  public String toString() {
    return keys == null ? "LabelSelection{none}"
        : "LabelSelection{keys=" + keys.pattern() + ", maxLabels=" + maxLabels + ", maxValueLength=" + maxValueLength
            + '}';
  }
}
