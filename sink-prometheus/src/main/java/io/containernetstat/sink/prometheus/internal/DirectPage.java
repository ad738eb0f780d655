package io.containernetstat.sink.prometheus.internal;

import io.containernetstat.core.Counters;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.util.IdentityHashMap;

/**
 * The per-namespace families of one scrape, written straight into the page from the snapshot's counters
 * and each namespace's encoded labels; immutable once made ({@link DirectRenderer} makes it under its
 * lock, the page is written after). Not API.
 *
 * <p>In the scrape's {@code MetricSnapshots} each of these families is an empty placeholder with the
 * family's metadata, so the registry sorts and filters it by name as any other; {@link Exposition}
 * writes the page in that order, these families from here, the others with the writer.
 */
final class DirectPage {
  /** The size of the buffer {@link #write} fills before handing it to the stream. */
  static final int BUFFER = 8 * 1024;

  /** One per-namespace family of the page. */
  record Slot(Family family, int id, int file, boolean readSuccess) {}

  private final TextEncoding encoding;
  private final IdentityHashMap<MetricSnapshot, Slot> slots;
  /** The namespaces exported, in the order of their label sets, and their label blocks. */
  private final byte[][] labels;
  private final boolean[] ok;
  /** Per namespace and file ({@code row * files + file}): the counters, and the layout's field per family id. */
  private final Counters[] counters;
  private final int[][] fieldOf;
  private final int files;

  DirectPage(TextEncoding encoding, IdentityHashMap<MetricSnapshot, Slot> slots, byte[][] labels,
      boolean[] ok, Counters[] counters, int[][] fieldOf, int files) {
    this.encoding = encoding;
    this.slots = slots;
    this.labels = labels;
    this.ok = ok;
    this.counters = counters;
    this.fieldOf = fieldOf;
    this.files = files;
  }

  /** {@return whether {@code family} is one of this page's placeholders} */
  boolean holds(MetricSnapshot family) {
    return slots.containsKey(family);
  }

  /** {@return the encoding the page was prepared for} */
  TextEncoding encoding() {
    return encoding;
  }

  /**
   * Writes one family of the page.
   *
   * @param family its placeholder ({@link #holds})
   * @param out where the page goes
   * @param buf a buffer of {@link #BUFFER} bytes, reused between families
   */
  void write(MetricSnapshot family, OutputStream out, byte[] buf) throws IOException {
    Slot slot = slots.get(family);
    byte[] header = encoding.header(slot.family());
    out.write(header);
    byte[] name = encoding.sampleName(slot.family());
    boolean counter = slot.family().counter();
    int pos = 0;
    for (int row = 0; row < labels.length; row++) {
      long value;
      boolean signed;
      if (slot.readSuccess()) {
        value = ok[row] ? 1 : 0;
        signed = false;
      } else {
        int at = row * files + slot.file();
        Counters c = counters[at];
        if (c == null) {
          continue;
        }
        int[] fields = fieldOf[at];
        int field = slot.id() < fields.length ? fields[slot.id()] : -1;
        if (field < 0) {
          continue;
        }
        value = c.value(field);
        signed = c.isSigned(field);
        if (counter && signed && value < 0) {
          continue; // only a signed field can be negative, and a counter cannot be
        }
      }
      byte[] block = labels[row];
      if (pos + name.length + block.length + 2 + NumberText.MAX_LENGTH > buf.length) {
        out.write(buf, 0, pos);
        pos = 0;
      }
      if (name.length + block.length + 2 + NumberText.MAX_LENGTH > buf.length) {
        out.write(name); // a label set larger than the buffer
        out.write(block);
      } else {
        System.arraycopy(name, 0, buf, pos, name.length);
        pos += name.length;
        System.arraycopy(block, 0, buf, pos, block.length);
        pos += block.length;
      }
      buf[pos++] = ' ';
      pos = NumberText.write(buf, pos, value, signed);
      buf[pos++] = '\n';
    }
    out.write(buf, 0, pos);
  }
}
