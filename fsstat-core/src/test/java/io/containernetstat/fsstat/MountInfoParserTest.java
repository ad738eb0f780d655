package io.containernetstat.fsstat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.containernetstat.core.internal.ProcFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

class MountInfoParserTest {
  private static final String OVERLAY_LINE = "72 48 0:39 / / rw,relatime master:2 - overlay overlay rw,lowerdir=/l";

  @ParameterizedTest
  @FieldSource("io.containernetstat.fsstat.Fixtures#ALL")
  void everyCaptureParsesOneRecordPerLine(String name) {
    byte[] bytes = Fixtures.bytes(name);
    long lines = new String(bytes, StandardCharsets.UTF_8).lines().count();

    List<MountInfo> mounts = MountInfoParser.parse(name, bytes, 0, bytes.length);

    assertThat(mounts).hasSize((int) lines);
    assertThat(mounts).allSatisfy(m -> assertThat(m.mountPoint()).startsWith("/"));
  }

  @Test
  void dockerRootOverlayHasItsOptionalFieldAndBothOptionFields() {
    MountInfo root = Fixtures.parse(Fixtures.DOCKER_VOLUMES).get(0);

    assertThat(root.mountId()).isEqualTo(72);
    assertThat(root.parentId()).isEqualTo(48);
    assertThat(root.device()).isEqualTo("0:39");
    assertThat(root.root()).isEqualTo("/");
    assertThat(root.mountPoint()).isEqualTo("/");
    assertThat(root.mountOptions()).isEqualTo("rw,relatime");
    assertThat(root.optionalFields()).containsExactly("master:2");
    assertThat(root.fsType()).isEqualTo("overlay");
    assertThat(root.source()).isEqualTo("overlay");
    assertThat(root.superOptions()).startsWith("rw,lowerdir=/var/lib/container-netstat-test-env/docker/overlay2/l/");
    assertThat(root.readOnly()).isFalse();
    assertThat(root.wholeFilesystem()).isTrue();
  }

  @Test
  void dockerVolumeAndReadOnlyBindAreBindsOfTheHostDisk() {
    List<MountInfo> mounts = Fixtures.parse(Fixtures.DOCKER_VOLUMES);

    MountInfo vol = byPoint(mounts, "/vol");
    assertThat(vol.device()).isEqualTo("254:0");
    assertThat(vol.root()).isEqualTo("/var/lib/container-netstat-test-env/docker/volumes/fsstat-capvol/_data");
    assertThat(vol.source()).isEqualTo("/dev/vda");
    assertThat(vol.wholeFilesystem()).isFalse();
    assertThat(byPoint(mounts, "/ro").readOnly()).as("/ro mounted with :ro").isTrue();
    assertThat(byPoint(mounts, "/data").readOnly()).isFalse();
    MountInfo shm = byPoint(mounts, "/dev/shm");
    assertThat(shm.fsType()).isEqualTo("tmpfs");
    assertThat(shm.source()).isEqualTo("shm");
    assertThat(shm.optionalFields()).isEmpty();
  }

  @Test
  void octalEscapesInRootAndMountPointAreDecoded() {
    MountInfo spaced = byPoint(Fixtures.parse(Fixtures.DOCKER_READONLY), "/data with space");

    assertThat(spaced.root()).isEqualTo("/tmp/fsstat-cap/dir with space");
  }

  @Test
  void readOnlyRootIsReadOnlyFromItsMountOptions() {
    MountInfo root = byPoint(Fixtures.parse(Fixtures.DOCKER_READONLY), "/");

    assertThat(root.mountOptions()).startsWith("ro,");
    assertThat(root.superOptions()).startsWith("rw,");
    assertThat(root.readOnly()).isTrue();
  }

  @Test
  void nsfsBindKeepsItsNamespaceRoot() {
    MountInfo netns = Fixtures.parse(Fixtures.HOST).stream()
        .filter(m -> m.fsType().equals("nsfs")).findFirst().orElseThrow();

    assertThat(netns.root()).startsWith("net:[");
    assertThat(netns.source()).isEqualTo("nsfs");
  }

  static Stream<Arguments> singleLines() {
    return Stream.of(
        line("every escape the kernel writes is decoded in root, mount point, type and source",
            "1 0 8:1 /a\\134b /x\\011y\\012z\\040w rw - fuse\\040x sr\\040c rw\n", m -> {
              assertThat(m.root()).isEqualTo("/a\\b");
              assertThat(m.mountPoint()).isEqualTo("/x\ty\nz w");
              assertThat(m.fsType()).isEqualTo("fuse x");
              assertThat(m.source()).isEqualTo("sr c");
            }),
        line("non-ASCII paths are read as UTF-8", "1 0 8:1 / /données rw - ext4 /dev/sda1 rw\n",
            m -> assertThat(m.mountPoint()).isEqualTo("/données")),
        line("several optional fields are kept in order",
            "5 1 0:3 / /m rw shared:1 master:2 propagate_from:3 unbindable - tmpfs tmpfs rw", m -> {
              assertThat(m.optionalFields()).containsExactly("shared:1", "master:2", "propagate_from:3", "unbindable");
              assertThat(m.fsType()).isEqualTo("tmpfs");
            }),
        line("an empty source parses to an empty string", "5 1 0:3 / /m rw - tmpfs  rw,size=4k\n", m -> {
          assertThat(m.source()).isEmpty();
          assertThat(m.superOptions()).isEqualTo("rw,size=4k");
        }),
        line("read-only in the superblock options counts too",
            "5 1 0:3 / /m rw,relatime - squashfs /dev/loop0 ro,relatime", m -> assertThat(m.readOnly()).isTrue()),
        line("an option that only starts with ro is not read-only",
            "5 1 0:3 / /m rw,rootcontext=x - ext4 /dev/x rw,ro_compat", m -> assertThat(m.readOnly()).isFalse()));
  }

  private static Arguments line(String what, String line, Consumer<MountInfo> check) {
    return Arguments.of(what, line, check);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleLines")
  void aSingleLineParsesToItsFields(String what, String line, Consumer<MountInfo> check) {
    List<MountInfo> mounts = Fixtures.parse("t", line);

    assertThat(mounts).hasSize(1);
    check.accept(mounts.get(0));
  }

  @Test
  void emptyContentIsAnEmptyTable() {
    assertThat(MountInfoParser.parse("t", new byte[0], 0, 0)).isEmpty();
  }

  @Test
  void aLastLineWithoutNewlineIsParsed() {
    assertThat(Fixtures.parse("t", OVERLAY_LINE)).hasSize(1);
  }

  @Test
  void parsesOnlyTheGivenRangeOfTheBuffer() {
    byte[] line = (OVERLAY_LINE + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] buf = new byte[line.length + 20];
    Arrays.fill(buf, (byte) 'x');
    System.arraycopy(line, 0, buf, 10, line.length);

    assertThat(MountInfoParser.parse("t", buf, 10, line.length)).hasSize(1);
  }

  static Stream<Arguments> broken() {
    String good = "89 72 254:0 /tmp/b /data rw,relatime - ext4 /dev/vda rw";
    return Stream.of(
        Arguments.of("a line cut after the mount point", "89 72 254:0 /tmp/b /data", "no mount options"),
        Arguments.of("a line cut in the optional fields", "89 72 254:0 /tmp/b /data rw master:1", "no '-' separator"),
        Arguments.of("no separator", "89 72 254:0 /tmp/b /data rw ext4 /dev/vda rw", "no '-' separator"),
        Arguments.of("nothing after the separator", "89 72 254:0 /tmp/b /data rw -", "no filesystem type"),
        Arguments.of("no superblock options", "89 72 254:0 /tmp/b /data rw - ext4 /dev/vda", "no superblock options"),
        Arguments.of("an extra field", good + " extra", "unexpected field after the superblock options"),
        Arguments.of("a mount id that is not a number", "x9 72 254:0 /tmp/b /data rw - ext4 /dev/vda rw", "mount id is not a number"),
        Arguments.of("a huge parent id", "89 99999999999 254:0 / /d rw - ext4 /dev/vda rw", "parent id out of range"),
        Arguments.of("no colon in the device", "89 72 2540 /tmp/b /data rw - ext4 /dev/vda rw", "expected 'major:minor'"),
        Arguments.of("an empty minor", "89 72 254: /tmp/b /data rw - ext4 /dev/vda rw", "empty minor"),
        Arguments.of("a relative mount point", "89 72 254:0 /tmp/b data rw - ext4 /dev/vda rw", "is not absolute"),
        Arguments.of("an empty root", "89 72 254:0  /data rw - ext4 /dev/vda rw", "empty root"),
        Arguments.of("a short escape", "89 72 254:0 /tmp/b /data\\04 rw - ext4 /dev/vda rw", "bad escape in mount point"),
        Arguments.of("a non-octal escape", "89 72 254:0 /tmp\\9ab /data rw - ext4 /dev/vda rw", "bad escape in root"),
        Arguments.of("an escape above 0377", "89 72 254:0 /tmp/b /d\\400 rw - ext4 /dev/vda rw", "bad escape"),
        Arguments.of("two spaces in the optional fields", "89 72 254:0 /tmp/b /data rw  - ext4 /dev/vda rw", "empty optional field"),
        Arguments.of("a NUL byte", "89 72 254:0 /tmp/b /da\0ta rw - ext4 /dev/vda rw", "unexpected NUL byte"),
        Arguments.of("garbage", "\u00ff\u00fe garbage", "mount id is not a number"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void malformedLineNamesTheFileAndTheLine(String what, String line, String reason) {
    String content = OVERLAY_LINE + "\n" + line + "\n" + OVERLAY_LINE + "\n";
    byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> MountInfoParser.parse("/proc/42/mountinfo", bytes, 0, bytes.length))
        .isInstanceOfSatisfying(ProcFormatException.class, e -> {
          assertThat(e.source()).isEqualTo("/proc/42/mountinfo");
          assertThat(e.lineNumber()).as("line number").isEqualTo(2);
          assertThat(e.reason()).contains(reason);
          assertThat(e.getMessage()).startsWith("/proc/42/mountinfo:2: ");
        });
  }

  @Test
  void anEmptyLineInTheMiddleIsMalformed() {
    byte[] bytes = (OVERLAY_LINE + "\n\n" + OVERLAY_LINE + "\n").getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> MountInfoParser.parse("f", bytes, 0, bytes.length))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageContaining("f:2: empty line");
  }

  @Test
  void aCaptureTruncatedMidLineFailsOnItsLastLine() {
    byte[] full = Fixtures.bytes(Fixtures.DOCKER_VOLUMES);
    int cut = indexOfNthNewline(full, 5) + 20;

    assertThatThrownBy(() -> MountInfoParser.parse("f", full, 0, cut))
        .isInstanceOfSatisfying(ProcFormatException.class, e -> assertThat(e.lineNumber()).isEqualTo(6));
  }

  private static int indexOfNthNewline(byte[] b, int n) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\n' && --n == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException();
  }

  static MountInfo byPoint(List<MountInfo> mounts, String point) {
    return mounts.stream().filter(m -> m.mountPoint().equals(point)).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no mount at " + point + " in " + mounts));
  }
}
