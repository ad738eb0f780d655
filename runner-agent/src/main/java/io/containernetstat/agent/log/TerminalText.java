package io.containernetstat.agent.log;

/**
 * Makes text from the host (process commands, container and pod names, mount points, file paths, error
 * messages that quote them) safe to print on an operator's terminal; stateless and thread-safe.
 *
 * <p>A process can name itself {@code x\n\e[2J\e[31mFORGED 1}: printed as is, it would end the table
 * row, clear the screen, and forge a row (or a log line) of its own. Escaped, it stays on its line:
 * <ul>
 *   <li>{@code \n}, {@code \r}, {@code \t} as those two characters;</li>
 *   <li>every other C0 control, DEL and the C1 controls (U+0080 to U+009F, which some terminals obey as
 *       escape sequences: U+009B is CSI) as {@code \xHH}, as is a format character up to U+00FF
 *       (the soft hyphen);</li>
 *   <li>Unicode format characters (bidi overrides and isolates such as U+202E, which reorder what
 *       follows them on the line; zero-width characters), the line and paragraph separators U+2028 and
 *       U+2029, and unpaired surrogates as <code>&#92;uHHHH</code> (above U+FFFF as
 *       <code>&#92;U00HHHHHH</code>);</li>
 *   <li>the backslash itself as {@code \\}, so that an escape in the output always means an escaped
 *       character, never a name that happened to contain one.</li>
 * </ul>
 * Everything else, including printable non-ASCII, is kept. Text that needs no escaping is returned as
 * is (no copy).
 */
public final class TerminalText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private TerminalText() {}

  /**
   * Escapes {@code text} for a terminal.
   *
   * @param text any text, or null
   * @return the escaped text; {@code "null"} for null, as string concatenation would print it
   */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    int i = 0;
    while (i < text.length() && !needsEscape(text.codePointAt(i))) {
      i += Character.charCount(text.codePointAt(i));
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
    appendEscaped(text, i, out);
    return out.toString();
  }

  /**
   * Appends {@code text}, escaped, to {@code out}.
   *
   * @param text the text
   * @param out where it goes
   */
  public static void appendEscaped(CharSequence text, StringBuilder out) {
    appendEscaped(text, 0, out);
  }

  /** {@return the number of terminal columns of escaped text: one per code point} */
  public static int width(String escaped) {
    return escaped.codePointCount(0, escaped.length());
  }

  private static void appendEscaped(CharSequence text, int from, StringBuilder out) {
    for (int i = from; i < text.length(); ) {
      int cp = Character.codePointAt(text, i);
      i += Character.charCount(cp);
      if (!needsEscape(cp)) {
        out.appendCodePoint(cp);
      } else if (cp == '\\') {
        out.append("\\\\");
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (cp == '\t') {
        out.append("\\t");
      } else if (cp <= 0xff) {
        out.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xf]);
      } else if (cp <= 0xffff) {
        out.append("\\u");
        hex(cp, 4, out);
      } else {
        out.append("\\U");
        hex(cp, 8, out);
      }
    }
  }

  private static void hex(int value, int digits, StringBuilder out) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      out.append(HEX[(value >> shift) & 0xf]);
    }
  }

  static boolean needsEscape(int cp) {
    if (cp < 0x20 || cp == '\\' || (cp >= 0x7f && cp <= 0x9f)) {
      return true;
    }
    if (cp < 0xa0) {
      return false;
    }
    switch (Character.getType(cp)) {
      case Character.FORMAT:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SURROGATE:
      case Character.CONTROL:
        return true;
      default:
        return false;
    }
  }
}
