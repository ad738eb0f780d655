package io.containernetstat.core;

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
  int end;
  int next;
  int lineStart;
  int lineEnd;
  int lineNumber;
  /** Whether the last {@link #value(int, int)} was printed with a sign. */
  boolean lastSigned;

  void start(String source, byte[] buf, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buf.length);
    this.source = source;
    this.buf = buf;
    this.end = offset + length;
    this.next = offset;
    this.lineNumber = 0;
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

  /** Parses {@code buf[start, end)} as a counter value and sets {@link #lastSigned}. */
  long value(int start, int stop) {
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
}
