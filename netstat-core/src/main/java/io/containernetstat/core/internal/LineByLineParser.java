package io.containernetstat.core.internal;

import io.containernetstat.core.Counters;

/**
 * The layout shared by {@code net/sockstat}, {@code sockstat6} and {@code snmp6}: each non-blank line
 * stands on its own. Subclasses parse one line at a time into {@link #out}. Not thread-safe.
 */
abstract class LineByLineParser implements ProcNetParser {
  final NameTable names = new NameTable();
  final CountersBuilder out = new CountersBuilder();
  final LineCursor line = new LineCursor();

  @Override
  public final Counters parse(String source, byte[] buf, int offset, int length) {
    out.reset();
    line.start(source, buf, offset, length);
    while (line.nextLine()) {
      if (!line.blank()) {
        parseLine(buf);
      }
    }
    return out.build(line);
  }

  /** Parses the current line of {@link #line}, adding its fields to {@link #out}. */
  abstract void parseLine(byte[] buf);
}
