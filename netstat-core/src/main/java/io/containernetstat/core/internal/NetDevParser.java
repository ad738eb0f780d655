package io.containernetstat.core.internal;

import io.containernetstat.core.Counters;
import java.util.Arrays;
import java.util.Locale;

/**
 * Parses {@code /proc/<pid>/net/dev}: receive and transmit counters per interface. Not thread-safe.
 *
 * <pre>
 * Inter-|   Receive                                                |  Transmit
 *  face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
 *     lo:    1266      20    0    0    0     0          0         0     1266      20    0    0    0     0       0          0
 * </pre>
 * The group of each field is the interface name; field names come from the two header lines as
 * {@code <section>_<column>} in lower case ({@code receive_bytes}, {@code transmit_colls}, ...), the
 * names node_exporter uses. The interface name ends at the line's last {@code ':'}, since alias names
 * such as {@code eth0:1} contain one. The two header lines without any interface parse to no fields;
 * an empty file, a value with a sign and an interface listed twice are malformed.
 */
public final class NetDevParser implements ProcNetParser {
  private final NameTable names = new NameTable();
  private final CountersBuilder out = new CountersBuilder();
  private final LineCursor line = new LineCursor();
  private byte[] lastSections = new byte[0];
  private String[] sectionPrefixes = new String[0];
  private String[] columns = new String[32];

  /** Creates a parser with an empty name cache. */
  public NetDevParser() {}

  @Override
  public Counters parse(String source, byte[] buf, int offset, int length) {
    out.reset();
    line.start(source, buf, offset, length);
    line.nextLine(); // start() refused an empty content: there is a first line
    sections(buf);
    if (!line.nextLine()) {
      throw line.fail("the column header line is missing");
    }
    int count = columns(buf);
    while (line.nextLine()) {
      if (!line.blank()) {
        device(buf, count);
      }
    }
    return out.build(line);
  }

  /** Line 1, {@code Inter-|   Receive   |  Transmit}: the section names, cached while unchanged. */
  private void sections(byte[] buf) {
    int len = line.lineEnd - line.lineStart;
    if (Arrays.equals(buf, line.lineStart, line.lineEnd, lastSections, 0, lastSections.length)) {
      return;
    }
    String[] parts = line.text(line.lineStart, line.lineEnd).split("\\|", -1);
    if (parts.length < 2) {
      throw line.fail("expected a header like 'Inter-|   Receive   |  Transmit'");
    }
    String[] prefixes = new String[parts.length - 1];
    for (int i = 1; i < parts.length; i++) {
      String name = parts[i].trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        throw line.fail("empty section name in the header");
      }
      prefixes[i - 1] = (name + "_").intern();
    }
    sectionPrefixes = prefixes;
    lastSections = Arrays.copyOfRange(buf, line.lineStart, line.lineStart + len);
  }

  /** Line 2, {@code face |bytes packets ...|bytes packets ...}: the column names of each section. */
  private int columns(byte[] buf) {
    int count = 0;
    int section = -1;
    int p = line.lineStart;
    while (p < line.lineEnd) {
      int stop = p;
      while (stop < line.lineEnd && buf[stop] != '|') {
        stop++;
      }
      if (section >= 0) {
        if (section >= sectionPrefixes.length) {
          throw line.fail("more column groups than the " + sectionPrefixes.length + " sections of line 1");
        }
        for (int t = skip(p, stop); t < stop; t = skip(t, stop)) {
          int e = t;
          while (e < stop && !Ascii.isSpace(buf[e])) {
            e++;
          }
          if (count == columns.length) {
            columns = Arrays.copyOf(columns, count * 2);
          }
          columns[count++] = names.intern(sectionPrefixes[section], buf, t, e);
          t = e;
        }
      }
      section++;
      p = stop + 1;
    }
    if (count == 0) {
      throw line.fail("expected column names like ' face |bytes packets ...|bytes packets ...'");
    }
    return count;
  }

  private int skip(int from, int stop) {
    int i = from;
    while (i < stop && Ascii.isSpace(line.buf[i])) {
      i++;
    }
    return i;
  }

  private void device(byte[] buf, int count) {
    int colon = line.lineEnd - 1;
    while (colon >= line.lineStart && buf[colon] != ':') {
      colon--;
    }
    int nameStart = line.skipSpaces(line.lineStart);
    if (colon < nameStart + 1) {
      throw line.fail("expected 'interface: counters'");
    }
    int nameEnd = colon;
    while (nameEnd > nameStart && Ascii.isSpace(buf[nameEnd - 1])) {
      nameEnd--;
    }
    String device = names.intern("", buf, nameStart, nameEnd);
    int i = 0;
    for (int p = line.skipSpaces(colon + 1); p < line.lineEnd; p = line.skipSpaces(p)) {
      int t = line.tokenEnd(p);
      if (i == count) {
        throw line.fail("more values than the " + count + " columns of the header");
      }
      long value = line.value(p, t);
      out.add(device, columns[i], value, false, line.lineNumber);
      i++;
      p = t;
    }
    if (i != count) {
      throw line.fail(i + " values for the " + count + " columns of the header");
    }
  }
}
