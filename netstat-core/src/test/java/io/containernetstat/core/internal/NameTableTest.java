package io.containernetstat.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link NameTable}: one String instance per name, bounded in entries and in bytes. */
class NameTableTest {
  private final NameTable table = new NameTable();

  /** {@return {@code name} interned with {@code prefix}, from a buffer of its own} */
  private String intern(String prefix, String name) {
    byte[] b = name.getBytes(StandardCharsets.US_ASCII);
    return table.intern(prefix, b, 0, b.length);
  }

  @Test
  void sameBytesAtAnotherOffsetGiveTheSameInstance() {
    byte[] a = "xx CurrEstab yy".getBytes(StandardCharsets.US_ASCII);
    String first = table.intern("", a, 3, 12);
    assertThat(first).isEqualTo("CurrEstab");
    assertThat(intern("", "CurrEstab")).isSameAs(first);
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void prefixIsPartOfTheNameAndComparedByReference() {
    byte[] b = "bytes".getBytes(StandardCharsets.US_ASCII);
    String rx = table.intern("receive_", b, 0, b.length);
    assertThat(rx).isEqualTo("receive_bytes");
    assertThat(intern("transmit_", "bytes")).isEqualTo("transmit_bytes");
    assertThat(intern("", "bytes")).isEqualTo("bytes");
    assertThat(table.intern("receive_", b, 0, b.length)).as("the same buffer again").isSameAs(rx);
    assertThat(table.size()).isEqualTo(3);
  }

  @Test
  void emptyNameIsInterned() {
    byte[] b = new byte[0];
    assertThat(table.intern("", b, 0, 0)).isEmpty();
    assertThat(table.intern("", b, 0, 0)).isSameAs(table.intern("", b, 0, 0));
  }

  @Test
  void namesLongerThanTheLimitAreReturnedButNeverKept() {
    byte[] huge = "k".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
    String name = table.intern("", huge, 0, huge.length);
    assertThat(name).hasSize(1 << 20);
    assertThat(table.size()).as("a 1 MB name must not be retained").isZero();
    String limit = "n".repeat(NameTable.MAX_NAME_LENGTH);
    assertThat(intern("", limit)).isSameAs(intern("", limit));
  }

  @Test
  void aFullTableStartsOverSoThatLaterNamesAreInternedAgain() {
    for (int i = 0; i < NameTable.MAX_ENTRIES + 10; i++) {
      intern("", "garbage" + i);
      assertThat(table.size()).isBetween(1, NameTable.MAX_ENTRIES);
    }
    String first = intern("", "ListenOverflows");
    assertThat(intern("", "ListenOverflows")).as("interned after the table filled up").isSameAs(first);
  }

  @Test
  void theTableStartsSmallGrowsWhenHalfFullAndKeepsEveryNameThroughGrowth() {
    assertThat(table.slots()).isEqualTo(NameTable.INITIAL_SLOTS);
    java.util.List<String> first = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      first.add(intern(i % 2 == 0 ? "" : "Ip6", "TcpExt" + i));
      assertThat(2 * table.size()).as("at most half full").isLessThanOrEqualTo(table.slots());
    }
    assertThat(table.size()).isEqualTo(1000);
    assertThat(table.slots()).isEqualTo(2048);
    for (int i = 0; i < 1000; i++) {
      assertThat(intern(i % 2 == 0 ? "" : "Ip6", "TcpExt" + i)).as("name %d after growth", i)
          .isSameAs(first.get(i));
    }
    assertThat(table.size()).as("nothing added twice").isEqualTo(1000);
  }
}
