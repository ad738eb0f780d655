package io.containernetstat.sink.openfalcon;

/**
 * How open-falcon stores an item's values.
 *
 * <p>falcon's graph stores a {@code COUNTER} as a per-second rate (RRD DERIVE with minimum 0, so a counter
 * reset shows no negative spike; a counter seen only once shows nothing yet). Nightingale ignores the type
 * and stores the raw value.
 */
public enum CounterType {
  /** A current state: sockets established, in TIME_WAIT, in use; {@code Tcp CurrEstab}. */
  GAUGE,
  /** A monotonic event count since the namespace was created: segments sent, overflows, errors. */
  COUNTER
}
