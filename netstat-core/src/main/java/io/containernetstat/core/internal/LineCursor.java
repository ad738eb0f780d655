package io.containernetstat.core.internal;

import java.util.Objects;

/**
 * Walks the lines and tokens of one procfs file in a byte buffer, and builds the error for the current
 * line. Not thread-safe; reused by one parser across calls.
 *
 * <p>Tokens are separated by spaces and tabs. Any other control byte, or a byte outside printable
 * ASCII, makes the line malformed: procfs counter files are plain ASCII, so such a byte means the input
 * is not what the parser was given to read.
 */
final class LineCursor {
  String source;
  byte[] buf;
  int offset;
  int end;
  int next;
  int lineStart;
  int lineEnd;
  int lineNumber;
  /** Whether the last {@link #signedValue(int, int)} was printed with a sign. */
  boolean lastSigned;

  /**
   * Starts on a file's content.
   *
   * @throws ProcFormatException if the content is empty or only blank lines: every counter file the
   *     kernel writes has content, so an empty one was cut or replaced, and reading it as "no counters"
   *     would show, for example, a namespace's TCP sockets as only its IPv6 ones
   */
  void start(String source, byte[] buf, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buf.length);
    this.source = source;
    this.buf = buf;
    this.offset = offset;
    this.end = offset + length;
    this.next = offset;
    this.lineNumber = 0;
    int i = offset;
    // Stops at the first byte of a real file: no cost worth measuring.
    while (i < end && (Ascii.isSpace(buf[i]) || buf[i] == '\n')) {
      i++;
    }
    if (i == end) {
      lineStart = offset;
      lineEnd = offset;
      while (lineEnd < end && buf[lineEnd] != '\n') {
        lineEnd++;
      }
      lineNumber = 1;
      throw fail(length == 0 ? "empty file" : "empty file (blank lines only)");
    }
  }

  /** Advances to the next line; returns false at the end of the content. */
  boolean nextLine() {
    if (next >= end) {
      return false;
    }
    lineStart = next;
    int i = next;
    while (i < end && buf[i] != '\n') {
      byte b = buf[i];
      if ((b < ' ' && b != '\t') || b >= 0x7f) {
        lineNumber++;
        while (i < end && buf[i] != '\n') {
          i++;
        }
        lineEnd = i;
        throw fail(String.format("unexpected byte 0x%02x", b & 0xff));
      }
      i++;
    }
    lineEnd = i;
    next = i + 1;
    lineNumber++;
    return true;
  }

  /** Returns whether the current line holds only spaces. */
  boolean blank() {
    return skipSpaces(lineStart) == lineEnd;
  }

  int skipSpaces(int from) {
    int i = from;
    while (i < lineEnd && Ascii.isSpace(buf[i])) {
      i++;
    }
    return i;
  }

  int tokenEnd(int from) {
    int i = from;
    while (i < lineEnd && !Ascii.isSpace(buf[i])) {
      i++;
    }
    return i;
  }

  /**
   * Parses {@code buf[start, end)} as the value of an unsigned field: every counter except the few that
   * are signed by definition ({@link #signedValue}). The kernel prints these with {@code %u}/{@code %lu}
   * (or as an int that cannot go below 0), so a sign means the file is not what a kernel wrote.
   */
  long value(int start, int stop) {
    try {
      if (start < stop && buf[start] == '-') {
        Ascii.parseNegative(buf, start, stop); // a malformed or out-of-range number says so first
        throw fail("negative value '" + quote(start, stop) + "' for an unsigned field");
      }
      return Ascii.parseUnsigned(buf, start, stop);
    } catch (NumberFormatException e) {
      throw fail(e.getMessage());
    }
  }

  /** Parses {@code buf[start, end)} as a field that may be negative and sets {@link #lastSigned}. */
  long signedValue(int start, int stop) {
    try {
      if (start < stop && buf[start] == '-') {
        lastSigned = true;
        return Ascii.parseNegative(buf, start, stop);
      }
      lastSigned = false;
      return Ascii.parseUnsigned(buf, start, stop);
    } catch (NumberFormatException e) {
      throw fail(e.getMessage());
    }
  }

  String text(int start, int stop) {
    return Ascii.text(buf, start, stop);
  }

  /** {@return {@code buf[start, stop)} for an error message: shortened, since a token can be 1 MB long} */
  String quote(int start, int stop) {
    return Ascii.quote(buf, start, stop);
  }

  /** Builds the exception for the current line; the caller throws it. */
  ProcFormatException fail(String reason) {
    return new ProcFormatException(source, lineNumber, Ascii.text(buf, lineStart, lineEnd), reason);
  }

  /**
   * Builds the exception for line {@code number} (1-based) of the content, found again from the start:
   * for a fault seen only once the whole file is read, such as a repeated field.
   */
  ProcFormatException failAt(int number, String reason) {
    int start = offset;
    for (int n = 1; n < number && start < end; n++) {
      while (start < end && buf[start] != '\n') {
        start++;
      }
      start++;
    }
    start = Math.min(start, end);
    int stop = start;
    while (stop < end && buf[stop] != '\n') {
      stop++;
    }
    return new ProcFormatException(source, number, Ascii.text(buf, start, stop), reason);
  }
}
