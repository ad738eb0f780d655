package io.containernetstat.fsstat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.core.kernel.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real statvfs through JNA, checked against what Java's FileStore and coreutils' {@code stat -f}
 * report for the same path. The tmpfs case needs root (to mount): it skips locally without it and fails
 * on CI ({@link Environment}).
 */
class JnaStatvfsTest {
  private static final long MIB = 1 << 20;

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
        .hasMessageContaining("ENOENT")
        .satisfies(e -> assertThat(((NoSuchFileException) e).getFile()).isEqualTo(missing.toString()));
  }

  @Test
  void aPathThroughAFileIsNotADirectory() throws Exception {
    Path file = Files.writeString(tmp.resolve("f"), "x");

    assertThatThrownBy(() -> StatvfsFunction.jna().statvfs(file + "/below"))
        .isExactlyInstanceOf(FileSystemException.class)
        .hasMessageContaining(file + "/below")
        .hasMessageContaining("ENOTDIR");
  }

  @Test
  void pseudoFilesystemsAnswerWithZeroBlocks() throws Exception {
    // /proc itself is read-write; statvfs works on any filesystem, pseudo ones included.
    Statvfs proc = StatvfsFunction.jna().statvfs("/proc");

    assertThat(proc.blocks()).isZero();
  }

  @Test
  void theRootFilesystemMatchesStatDashF() throws Exception {
    Statvfs s = StatvfsFunction.jna().statvfs("/");
    long[] stat = statDashF("/");

    // "/" is in use: only the figures that do not move with writes are compared.
    assertStaticFieldsMatch("/", s, stat);
    assertThat(s.blocksAvailable()).isBetween(0L, s.blocks());
    assertThat(s.filesFree()).isBetween(0L, s.files());
  }

  @Test
  void procMatchesStatDashF() throws Exception {
    Statvfs s = StatvfsFunction.jna().statvfs("/proc");
    long[] stat = statDashF("/proc");

    assertStaticFieldsMatch("/proc", s, stat);
    assertFreeFieldsMatch("/proc", s, stat);
  }

  @Test
  void aTmpfsOfKnownSizeMatchesStatDashFFieldByField() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("tmpfs"));
    mountTmpfs(dir);
    try {
      Files.write(dir.resolve("a"), new byte[100 << 10]);
      Files.createDirectory(dir.resolve("d"));
      Files.writeString(dir.resolve("d/b"), "b");

      Statvfs s = StatvfsFunction.jna().statvfs(dir.toString());
      long[] stat = statDashF(dir.toString());

      assertStaticFieldsMatch(dir.toString(), s, stat);
      assertFreeFieldsMatch(dir.toString(), s, stat);
      assertThat(s.sizeBytes()).as("size=1m").isEqualTo(MIB);
      assertThat(s.files()).as("nr_inodes=1000").isEqualTo(1000);
      assertThat(s.filesFree()).as("root, a, d, d/b").isEqualTo(1000 - 4);
      assertThat(s.filesAvailable()).as("f_favail").isEqualTo(s.filesFree());
      assertThat(s.blocksFree()).as("100 KiB written").isLessThanOrEqualTo(s.blocks() - (100 << 10) / s.unit());
      assertThat(s.blocksAvailable()).as("tmpfs reserves nothing for root").isEqualTo(s.blocksFree());
      assertThat(s.readOnly()).isFalse();
    } finally {
      run("umount", dir.toString());
    }
  }

  @Test
  void aReadOnlyTmpfsHasTheReadOnlyFlag() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("ro"));
    mountTmpfs(dir);
    try {
      run("mount", "-o", "remount,ro", dir.toString());

      Statvfs s = StatvfsFunction.jna().statvfs(dir.toString());

      assertThat(s.readOnly()).as("f_flag at offset 72 has ST_RDONLY").isTrue();
      assertThat(s.files()).as("nr_inodes=1000").isEqualTo(1000);
    } finally {
      run("umount", dir.toString());
    }
  }

  @Test
  void threadsDoNotShareTheNativeBuffer() throws Exception {
    StatvfsFunction statvfs = StatvfsFunction.jna();
    Statvfs proc = statvfs.statvfs("/proc");
    Statvfs here = statvfs.statvfs(tmp.toString());
    assertThat(here.blocks()).as("a disk, unlike /proc").isPositive();

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        boolean procFirst = t % 2 == 0;
        runs.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            boolean onProc = procFirst == (i % 2 == 0);
            Statvfs s = statvfs.statvfs(onProc ? "/proc" : tmp.toString());
            assertThat(s.blocks()).isEqualTo(onProc ? proc.blocks() : here.blocks());
            assertThat(s.files()).isEqualTo(onProc ? proc.files() : here.files());
            assertThat(s.fragmentSize()).isEqualTo(onProc ? proc.fragmentSize() : here.fragmentSize());
          }
          return null;
        }));
      }
      for (Future<?> run : runs) {
        run.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Fundamental block size, block size, total blocks and total inodes: fixed for a mounted filesystem. */
  private static void assertStaticFieldsMatch(String path, Statvfs s, long[] stat) {
    assertThat(s.fragmentSize()).as("%s f_frsize (%%S)", path).isEqualTo(stat[0]);
    assertThat(s.blockSize()).as("%s f_bsize (%%s)", path).isEqualTo(stat[1]);
    assertThat(s.blocks()).as("%s f_blocks (%%b)", path).isEqualTo(stat[2]);
    assertThat(s.files()).as("%s f_files (%%c)", path).isEqualTo(stat[5]);
  }

  private static void assertFreeFieldsMatch(String path, Statvfs s, long[] stat) {
    assertThat(s.blocksFree()).as("%s f_bfree (%%f)", path).isEqualTo(stat[3]);
    assertThat(s.blocksAvailable()).as("%s f_bavail (%%a)", path).isEqualTo(stat[4]);
    assertThat(s.filesFree()).as("%s f_ffree (%%d)", path).isEqualTo(stat[6]);
  }

  /**
   * {@return {@code stat -f -c '%S %s %b %f %a %c %d'} of {@code path}: f_frsize, f_bsize, f_blocks,
   * f_bfree, f_bavail, f_files, f_ffree}
   */
  private static long[] statDashF(String path) throws Exception {
    Environment.requireOrSkip(Environment.executable("stat").isPresent(),
        "needs coreutils' stat (Debian: apt-get install coreutils)");
    String out = run("stat", "-f", "-c", "%S %s %b %f %a %c %d", path).trim();
    String[] fields = out.split(" ");
    assertThat(fields).as("stat -f output %s", out).hasSize(7);
    long[] values = new long[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = Long.parseUnsignedLong(fields[i]);
    }
    return values;
  }

  /** Mounts a 1 MiB tmpfs of 1000 inodes on {@code dir}; skips or fails ({@link Environment}) without root. */
  private static void mountTmpfs(Path dir) throws Exception {
    Environment.requireOrSkip(Environment.isRoot(), "mounting a tmpfs needs root (uid 0)");
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m,nr_inodes=1000", "tmpfs",
        dir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Environment.requireOrSkip(p.waitFor() == 0,
        "mount -t tmpfs failed (a container needs CAP_SYS_ADMIN, e.g. docker run --privileged): " + out.trim());
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
    return out;
  }
}
