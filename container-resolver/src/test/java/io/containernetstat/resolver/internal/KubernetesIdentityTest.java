package io.containernetstat.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Container.Pod;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesIdentityTest {
  @Test
  void containerdSandboxAndContainer() {
    Map<String, String> sandbox = Map.of("io.kubernetes.cri.container-type", "sandbox",
        "io.kubernetes.cri.sandbox-name", "web-0", "io.kubernetes.cri.sandbox-namespace", "shop",
        "io.kubernetes.cri.sandbox-uid", "u1");
    assertThat(KubernetesIdentity.from(sandbox, null))
        .isEqualTo(new KubernetesIdentity(new Pod("shop", "web-0", "u1"), null, true));

    Map<String, String> app = Map.of("io.kubernetes.cri.container-type", "container",
        "io.kubernetes.cri.sandbox-name", "web-0", "io.kubernetes.cri.sandbox-namespace", "shop",
        "io.kubernetes.cri.container-name", "nginx");
    assertThat(KubernetesIdentity.from(app, "from-path"))
        .as("the path's uid fills in a missing annotation")
        .isEqualTo(new KubernetesIdentity(new Pod("shop", "web-0", "from-path"), "nginx", false));
  }

  @Test
  void crioInfraContainerIsNamedPod() {
    Map<String, String> infra = Map.of("io.kubernetes.pod.name", "web-0", "io.kubernetes.pod.namespace", "shop",
        "io.kubernetes.pod.uid", "u1", "io.kubernetes.container.name", "POD");
    assertThat(KubernetesIdentity.from(infra, null).sandbox()).isTrue();
    assertThat(KubernetesIdentity.from(infra, null).podContainer()).isNull();
  }

  @Test
  void dockerPodSandboxLabel() {
    Map<String, String> labels = Map.of("io.kubernetes.pod.name", "web-0", "io.kubernetes.pod.namespace", "shop",
        "io.kubernetes.pod.uid", "u1", "io.kubernetes.container.name", "POD",
        "io.kubernetes.docker.type", "podsandbox");
    assertThat(KubernetesIdentity.from(labels, null))
        .isEqualTo(new KubernetesIdentity(new Pod("shop", "web-0", "u1"), null, true));
  }

  @Test
  void noLabelsNoPod() {
    assertThat(KubernetesIdentity.from(Map.of("app", "x"), null)).isEqualTo(KubernetesIdentity.NONE);
    assertThat(KubernetesIdentity.from(Map.of(), "u2"))
        .isEqualTo(new KubernetesIdentity(new Pod("", "", "u2"), null, false));
  }
}
