package io.containernetstat.core.internal;

/**
 * Thrown when a procfs file's content is malformed: it names the file, the line number and the line.
 *
 * <p>This is one of three outcomes a reader keeps apart: the file is absent (not an error: for example
 * {@code sockstat6} when IPv6 is disabled), the content is malformed (this exception), the read failed
 * ({@link java.io.IOException}). A caller collecting many namespaces fails only the namespace whose file
 * was malformed.
 */
public final class ProcFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_QUOTED_LINE = 120;

  private final String source;
  private final int lineNumber;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param source the file that was parsed, for example {@code /proc/123/net/snmp}
   * @param lineNumber the 1-based line number of the offending line
   * @param line the offending line's text; quoted in the message, shortened when long
   * @param reason what is wrong with it
   */
  public ProcFormatException(String source, int lineNumber, String line, String reason) {
    super(source + ":" + lineNumber + ": " + reason + ": \"" + shorten(line) + "\"");
    this.source = source;
    this.lineNumber = lineNumber;
    this.reason = reason;
  }

  /** {@return the file that was parsed} */
  public String source() {
    return source;
  }

  /** {@return the 1-based number of the offending line} */
  public int lineNumber() {
    return lineNumber;
  }

  /** {@return what is wrong, without the file name and line} */
  public String reason() {
    return reason;
  }

  private static String shorten(String line) {
    StringBuilder out = new StringBuilder(Math.min(line.length(), MAX_QUOTED_LINE) + 8);
    int i = 0;
    for (; i < line.length() && out.length() < MAX_QUOTED_LINE; i++) {
      char c = line.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"') {
        out.append(c);
      } else {
        out.append("\\x").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
      }
    }
    if (i < line.length()) {
      // Escapes can fill the budget before MAX_QUOTED_LINE characters of the line: mark any cut.
      out.append("...");
    }
    return out.toString();
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();
}
