package io.containernetstat.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link BoltFile} on the libpod database of podman 4.3.1 ({@code src/test/resources/podman-4.3.1}). */
class BoltFileTest {
  private static final String POD = "8ec0bde9bd035bfafce15e371d0fa73fb576fe45e6bf48d89f94dff606723b1d";
  private static final String A = "2ed421b2d97fe407b023dc10852a31c71218d973476bfabe94717fd237412e3d";

  private static byte[] real() throws Exception {
    return Files.readAllBytes(Path.of(BoltFileTest.class.getResource("/podman-4.3.1/libpod/bolt_state.db").toURI()));
  }

  @Test
  void nestedBucketsAndValuesOfLibpodsStateAreRead() throws Exception {
    BoltFile db = BoltFile.of(real());

    String config = new String(db.bucket("ctr").bucket(A).get("config"), StandardCharsets.UTF_8);
    assertThat(config).contains("\"name\":\"cnt-pod-a\"", "\"pod\":\"" + POD + "\"");
    assertThat(new String(db.bucket("pod").bucket(POD).get("config"), StandardCharsets.UTF_8))
        .contains("\"name\":\"cnt-pod\"");
    assertThat(new String(db.bucket("id-registry").get(POD), StandardCharsets.UTF_8)).isEqualTo("cnt-pod");
  }

  @Test
  void missingKeysAndBucketsAreNullAndABucketIsNoValue() throws Exception {
    BoltFile db = BoltFile.of(real());

    assertThat(db.bucket("no-such-bucket")).isNull();
    assertThat(db.bucket("ctr").bucket("0".repeat(64))).isNull();
    assertThat(db.bucket("ctr").get(A)).as("a bucket, not a value").isNull();
    assertThat(db.bucket("ctr").bucket(A).bucket("config")).as("a value, not a bucket").isNull();
  }

  @Test
  void aFileWithoutAValidMetaPageIsMalformed() {
    assertThatThrownBy(() -> BoltFile.of(new byte[0])).isInstanceOf(BoltFile.MalformedException.class);
    assertThatThrownBy(() -> BoltFile.of(new byte[8192])).isInstanceOf(BoltFile.MalformedException.class)
        .hasMessageContaining("meta page");
  }

  @Test
  void aChecksumMismatchInvalidatesAMetaPage() throws Exception {
    byte[] bytes = real();
    bytes[16 + 20] ^= 1; // page 0's root bucket page id: its checksum no longer matches
    bytes[4096 + 16 + 20] ^= 1; // and page 1's
    assertThatThrownBy(() -> BoltFile.of(bytes)).isInstanceOf(BoltFile.MalformedException.class);
  }

  @Test
  void pagesBeyondATruncatedFileAreMalformedNotAnIndexError() throws Exception {
    BoltFile db = BoltFile.of(Arrays.copyOf(real(), 8192));
    assertThatThrownBy(() -> db.bucket("ctr")).isInstanceOf(BoltFile.MalformedException.class)
        .hasMessageContaining("outside the file");
  }
}
