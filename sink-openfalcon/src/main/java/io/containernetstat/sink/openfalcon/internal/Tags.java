package io.containernetstat.sink.openfalcon.internal;

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
 */
public final class Tags {
  /** Shortest a value is cut to: 7 characters kept, a dash and 8 hex digits of the original's CRC-32. */
  static final int MIN_CUT = 16;
  private static final int HASH_SUFFIX = 9;

  private final List<String> keys = new ArrayList<>(4);
  private final List<String> values = new ArrayList<>(4);
  private final List<Boolean> optional = new ArrayList<>(4);

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
