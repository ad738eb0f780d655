package io.containernetstat.core.internal;

import io.containernetstat.core.Counters;
import io.containernetstat.core.ProcNetFile;

/**
 * A parser of one {@code /proc/<pid>/net/} file: a pure function from bytes to {@link Counters}.
 *
 * <p>Instances keep a cache of the names they have seen (so that parsing the same kernel's files again
 * allocates no names) and are therefore <b>not thread-safe</b>: use one per thread. Get one with
 * {@link #forFile(ProcNetFile)}.
 */
public interface ProcNetParser {

  /**
   * Parses the content of one file.
   *
   * @param source the file's name for error messages, for example {@code /proc/123/net/snmp}
   * @param buf the bytes
   * @param offset where the content starts in {@code buf}
   * @param length how many bytes the content has; a missing final newline is accepted
   * @return the counters, each under the kernel's own names
   * @throws ProcFormatException if the content is malformed; the message names the file and the line,
   *     and quotes it shortened. Malformed includes an empty content (or one of blank lines only: a
   *     missing file is absent, which the caller decides, but a present one is never "no counters"), a
   *     field that appears twice, and a negative value in an unsigned field (every field but
   *     {@code Tcp MaxConn}). Nothing else is thrown for any content: not a number that overflows, not
   *     a NUL byte, not a 1 MB line
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not fit {@code buf}
   */
  Counters parse(String source, byte[] buf, int offset, int length);

  /**
   * Returns a new parser for {@code file}.
   *
   * @param file which file the parser reads
   * @return a new, not thread-safe, parser
   */
  static ProcNetParser forFile(ProcNetFile file) {
    switch (file) {
      case SOCKSTAT:
      case SOCKSTAT6:
        return new SockstatParser();
      case SNMP:
        return new SnmpParser();
      case NETSTAT:
        return new NetstatParser();
      case SNMP6:
        return new Snmp6Parser();
      case DEV:
        return new NetDevParser();
      default:
        throw new IllegalArgumentException("no parser for " + file);
    }
  }
}
