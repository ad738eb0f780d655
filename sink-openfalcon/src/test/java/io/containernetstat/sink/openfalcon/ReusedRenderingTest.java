package io.containernetstat.sink.openfalcon;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Snapshot;
import io.containernetstat.sink.openfalcon.internal.FalconJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the mapper and the JSON writer keep between collections (each namespace's tags, the encoded
 * strings, the body's buffer) never shows in a later payload: a long-lived mapper and writer give the
 * bytes a fresh one gives, collection after collection, as namespaces change.
 */
class ReusedRenderingTest {
  private static final OpenFalconOptions OPTIONS = OpenFalconOptions.builder().endpoint("node-1").build();

  @Test
  void longLivedMapperAndWriterGiveAFreshOnesPayload() {
    Snapshot reference = TestSnapshots.reference();
    List<NamespaceSnapshot> ns = reference.namespaces();
    NetnsTarget pod = ns.get(1).target();
    NetnsTarget renamed = new NetnsTarget(pod.netnsInode(), pod.pid(), pod.pidStartTime(), false, null, null,
        List.of(TestSnapshots.container("ab".repeat(32), "/renamed", "busybox:1.36", null, null, false)));
    List<List<NamespaceSnapshot>> cycles = List.of(
        ns,
        List.of(ns.get(2)), // a shorter body after a longer one
        List.of(NamespaceSnapshot.read(renamed, ns.get(1).stats()), ns.get(2)), // same inode, new target
        ns);
    OpenFalconMapper mapper = new OpenFalconMapper(OPTIONS);
    FalconJson json = new FalconJson();
    for (List<NamespaceSnapshot> cycle : cycles) {
      Snapshot s = new Snapshot(reference.timestamp(), "docker", 1, 2, reference.hostNetns(), null,
          reference.files(), cycle, 0, null, List.of(), List.of());
      byte[] fresh = FalconJson.write(new OpenFalconMapper(OPTIONS).pushItems(s));
      int length = json.writeBody(mapper.pushItems(s));
      assertThat(new String(Arrays.copyOf(json.array(), length), StandardCharsets.UTF_8))
          .isEqualTo(new String(fresh, StandardCharsets.UTF_8));
    }
    assertThat(mapper.map(new Snapshot(reference.timestamp(), "docker", 1, 2, reference.hostNetns(), null,
        reference.files(), List.of(NamespaceSnapshot.read(renamed, ns.get(1).stats())), 0, null, List.of(),
        List.of())))
        .allSatisfy(i -> assertThat(i.tags()).contains("container=renamed"));
  }
}
