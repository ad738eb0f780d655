package io.containernetstat.agent.log;

import org.slf4j.event.Level;

/**
 * Writes one log event as one logfmt or JSON line; stateless and thread-safe.
 *
 * <p>Strings are escaped as JSON escapes them ({@code \"}, {@code \\}, {@code \n}, {@code \r},
 * {@code \t}, other controls as <code>&#92;u0000</code>), and so are the characters that {@link TerminalText}
 * escapes for a terminal (DEL, the C1 controls, bidi overrides, line separators, unpaired surrogates), as
 * <code>&#92;uXXXX</code>: the value read back is the same, and a line shown in a terminal ({@code kubectl logs})
 * cannot be reordered or driven by a name from the host. logfmt's quoted values use the same escaping, as
 * go-logfmt does.
 */
final class EventLine {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private EventLine() {}

  /**
   * Appends {@code ts=... level=... logger=... msg=...} and, with a stack trace, {@code exception=...}.
   *
   * @param trace the throwable's stack trace, or null
   */
  static void logfmt(long epochMillis, Level level, String logger, String msg, String trace, StringBuilder out) {
    out.append("ts=");
    IsoTime.appendUtc(epochMillis, out);
    out.append(" level=").append(levelName(level));
    out.append(" logger=");
    logfmtValue(logger, out);
    out.append(" msg=");
    logfmtValue(msg, out);
    if (trace != null) {
      out.append(" exception=");
      logfmtValue(trace, out);
    }
  }

  /**
   * Appends {@code {"ts":"...","level":"...","logger":"...","msg":"..."}}, with {@code "exception"} when
   * there is a stack trace.
   *
   * @param trace the throwable's stack trace, or null
   */
  static void json(long epochMillis, Level level, String logger, String msg, String trace, StringBuilder out) {
    out.append("{\"ts\":\"");
    IsoTime.appendUtc(epochMillis, out);
    out.append("\",\"level\":\"").append(levelName(level)).append("\",\"logger\":");
    jsonString(logger, out);
    out.append(",\"msg\":");
    jsonString(msg, out);
    if (trace != null) {
      out.append(",\"exception\":");
      jsonString(trace, out);
    }
    out.append('}');
  }

  /** {@code info}, {@code warn}, ...: the lower-case level, as go-kit's and zap's. */
  static String levelName(Level level) {
    return switch (level) {
      case ERROR -> "error";
      case WARN -> "warn";
      case INFO -> "info";
      case DEBUG -> "debug";
      case TRACE -> "trace";
    };
  }

  /** A logfmt value: bare when it can be, else quoted with JSON's escaping. */
  static void logfmtValue(String value, StringBuilder out) {
    String v = value == null ? "null" : value;
    boolean bare = !v.isEmpty();
    for (int i = 0; i < v.length() && bare; i++) {
      char c = v.charAt(i);
      bare = c != ' ' && c != '=' && c != '"' && !escaped(v, i);
    }
    if (bare) {
      out.append(v);
    } else {
      jsonString(v, out);
    }
  }

  /** A JSON string, quotes included. */
  static void jsonString(String value, StringBuilder out) {
    String v = value == null ? "null" : value;
    out.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (escaped(v, i)) {
            out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Whether the UTF-16 unit at {@code i} is written as <code>&#92;uXXXX</code>: a character {@link TerminalText}
   * escapes (each half of a pair whose code point it escapes, and an unpaired surrogate), the backslash
   * and the quote aside.
   */
  private static boolean escaped(String v, int i) {
    char c = v.charAt(i);
    if (c == '\\' || c == '"') {
      return false;
    }
    if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
      return TerminalText.needsEscape(Character.toCodePoint(c, v.charAt(i + 1)));
    }
    if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(v.charAt(i - 1))) {
      return TerminalText.needsEscape(Character.toCodePoint(v.charAt(i - 1), c));
    }
    return TerminalText.needsEscape(c);
  }
}
