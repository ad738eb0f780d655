package io.containernetstat.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CgroupNamesTest {
  private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      ID + ", BARE_ID",
      "docker-" + ID + ".scope, DOCKER",
      "cri-containerd-" + ID + ".scope, CONTAINERD",
      "crio-" + ID + ", CRIO",
      "crio-" + ID + ".scope, CRIO",
      "libpod-" + ID + ", PODMAN",
      "libpod-" + ID + ".scope, PODMAN",
  })
  void containerCgroupNamesGiveTheirRuntimeAndId(String name, CgroupNames.Kind kind) {
    assertThat(CgroupNames.containerKind(name)).isEqualTo(kind);
    assertThat(CgroupNames.containerId(name, kind)).isEqualTo(ID);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "crio-conmon-" + ID, "crio-conmon-" + ID + ".scope", "libpod-conmon-" + ID, "libpod-conmon-" + ID + ".scope",
      "docker-" + ID, "docker-" + ID + ".mount", ID + ".mount", "cri-containerd-" + ID,
      "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", "docker.service", "cgroup.procs",
      "pids.max", "tasks", "kubepods", "besteffort", "pod" + "1f3c2a9e-7b4d-4c1e-9a2b-3c4d5e6f7a8b",
      "crio-" + ID + ".scope.x", "abc",
  })
  void otherNamesAreNotContainers(String name) {
    assertThat(CgroupNames.containerKind(name)).isNull();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "pod1f3c2a9e-7b4d-4c1e-9a2b-3c4d5e6f7a8b, 1f3c2a9e-7b4d-4c1e-9a2b-3c4d5e6f7a8b",
      "kubepods-pod1f3c2a9e_7b4d_4c1e_9a2b_3c4d5e6f7a8b.slice, 1f3c2a9e-7b4d-4c1e-9a2b-3c4d5e6f7a8b",
      "kubepods-besteffort-pod1f3c2a9e_7b4d_4c1e_9a2b_3c4d5e6f7a8b.slice, 1f3c2a9e-7b4d-4c1e-9a2b-3c4d5e6f7a8b",
      "kubepods-burstable-pod1f3c2a9e_7b4d_4c1e_9a2b_3c4d5e6f7a8b.slice, 1f3c2a9e-7b4d-4c1e-9a2b-3c4d5e6f7a8b",
  })
  void podCgroupNamesGiveThePodUid(String name, String uid) {
    assertThat(CgroupNames.podUid(name)).isEqualTo(uid);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pod", "podman", "kubepods-besteffort.slice", "kubepods-burstable.slice",
      "kubepods.slice", "kubepods-other-pod1234.slice", "pods", "kubepods-pod.slice"})
  void otherNamesAreNotPods(String name) {
    assertThat(CgroupNames.podUid(name)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"besteffort", "burstable", "kubepods-besteffort.slice", "kubepods-burstable.slice"})
  void qosLevelsAreRecognised(String name) {
    assertThat(CgroupNames.isQosLevel(name)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {ID, "machine-libpod_pod_" + ID + ".slice"})
  void podmanPodCgroupNamesGiveThePodId(String name) {
    assertThat(CgroupNames.podmanPodId(name)).isEqualTo(ID);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"conmon", "libpod-" + ID, "machine-libpod_pod_" + ID, "machine-libpod_pod_" + ID + ".scope",
      "machine-libpod_pod_0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef.slice", "0123"})
  void otherNamesAreNotPodmanPods(String name) {
    assertThat(CgroupNames.podmanPodId(name)).isNull();
  }
}
