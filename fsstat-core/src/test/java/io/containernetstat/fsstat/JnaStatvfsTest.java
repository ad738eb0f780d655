package io.containernetstat.fsstat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real statvfs through JNA, checked against what Java's FileStore reports for the same path. */
class JnaStatvfsTest {
  @TempDir Path tmp;

  @Test
  void sizeMatchesTheFileStoreTotalAndInodesAreThere() throws Exception {
    Statvfs s = StatvfsFunction.jna().statvfs(tmp.toString());
    FileStore store = Files.getFileStore(tmp);

    assertThat(s.sizeBytes()).as("f_blocks * f_frsize").isEqualTo(store.getTotalSpace());
    assertThat(s.unit()).isPositive();
    assertThat(s.files()).as("f_files").isPositive();
    assertThat(s.filesFree()).isBetween(0L, s.files());
    assertThat(s.availBytes()).isBetween(0L, s.freeBytes());
  }

  @Test
  void aMissingPathIsNoSuchFile() {
    Path missing = tmp.resolve("missing");

    assertThatThrownBy(() -> StatvfsFunction.jna().statvfs(missing.toString()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("ENOENT");
  }

  @Test
  void aPathThroughAFileIsNotADirectory() throws Exception {
    Path file = Files.writeString(tmp.resolve("f"), "x");

    assertThatThrownBy(() -> StatvfsFunction.jna().statvfs(file + "/below"))
        .hasMessageContaining("ENOTDIR");
  }

  @Test
  void pseudoFilesystemsAnswerWithZeroBlocks() throws Exception {
    // /proc itself is read-write; statvfs works on any filesystem, pseudo ones included.
    Statvfs proc = StatvfsFunction.jna().statvfs("/proc");

    assertThat(proc.blocks()).isZero();
  }
}
