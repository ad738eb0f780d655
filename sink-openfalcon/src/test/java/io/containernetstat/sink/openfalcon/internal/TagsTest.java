package io.containernetstat.sink.openfalcon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Container;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.LabelSelection;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TagsTest {

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      web-7d9f8b6c4-x2x9z        | web-7d9f8b6c4-x2x9z
      shop.prod                  | shop_prod
      my app                     | my_app
      a,b=c                      | a_b_c
      `it's "quoted" >`          | it_s__quoted___
      nginx:1.25@sha256:abc      | nginx_1_25_sha256_abc
      `über`                     | _ber
      `a😀b`                     | a_b
      UPPER_lower-09             | UPPER_lower-09
      """)
  void sanitiseKeepsOnlyLettersDigitsUnderscoreAndDash(String raw, String expected) {
    assertThat(Tags.sanitise(raw)).isEqualTo(expected);
  }

  @Test
  void controlCharactersAreReplacedToo() {
    assertThat(Tags.sanitise("a\r\nb\tc\u0000")).isEqualTo("a__b_c_");
  }

  @Test
  void emptyValuesAddNoTag() {
    assertThat(new Tags().add("a", "", false).add("b", "x", false).build(100)).isEqualTo("b=x");
  }

  @Test
  void withinBudgetTagsAreJoinedInOrder() {
    String tags = new Tags().add("namespace", "kube-system", false).add("pod", "coredns-1", false).build(200);
    assertThat(tags).isEqualTo("namespace=kube-system,pod=coredns-1");
  }

  @Test
  void optionalTagsAreDroppedBeforeAnyValueIsCut() {
    Tags tags = new Tags().add("container", "web", false).add("id", "0123456789ab", false)
        .add("image", "registry/" + "x".repeat(100), true);
    assertThat(tags.build(40)).isEqualTo("container=web,id=0123456789ab");
  }

  @Test
  void theLongestValueIsCutToExactlyTheBudgetAndEndsWithItsHash() {
    String longName = "p".repeat(300);
    String tags = new Tags().add("namespace", "default", false).add("pod", longName, false).build(159);
    assertThat(tags).hasSize(159).startsWith("namespace=default,pod=ppp").matches(".*-[0-9a-f]{8}$");
  }

  @Test
  void valuesThatDifferOnlyAtTheEndStayDistinctAfterCutting() {
    String a = new Tags().add("pod", "q".repeat(300) + "1", false).build(50);
    String b = new Tags().add("pod", "q".repeat(300) + "2", false).build(50);
    assertThat(a).hasSize(50);
    assertThat(b).hasSize(50);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void aBudgetTooSmallForAnyTagGivesNoTagsRatherThanTooMany() {
    String tags = new Tags().add("namespace", "n".repeat(40), false).add("pod", "p".repeat(40), false).build(10);
    assertThat(tags).isEmpty();
    String one = new Tags().add("namespace", "n".repeat(40), false).add("pod", "p".repeat(40), false).build(30);
    assertThat(one).hasSizeLessThanOrEqualTo(30).startsWith("namespace=");
  }

  @Test
  void theHashSuffixIsTheCrc32InEightHexDigitsLeadingZerosIncluded() {
    int small = 0;
    for (int i = 0; i < 2_000; i++) {
      String value = "pod-name-" + i + "-" + "x".repeat(40);
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (crc.getValue() < 0x1000_0000L) {
        small++;
      }
      assertThat(Tags.cut(value, 30)).hasSize(30)
          .endsWith("-" + String.format("%08x", crc.getValue())).startsWith(value.substring(0, 21));
    }
    assertThat(small).as("values whose CRC has a leading zero digit").isPositive();
  }

  private static final Pod POD = new Pod("shop", "web-1", "uid");
  private static final String ID = "0123456789abcdef".repeat(4);

  private static Container plain(String id, String name) {
    return new Container(id, name, "nginx:1.25", "docker", 1, 1, Map.of(), null, null, false);
  }

  private static Container inPod(String name, String podContainer, boolean sandbox) {
    return new Container(ID, name, "img", "containerd", 1, 1, Map.of(), POD, podContainer, sandbox);
  }

  private static NetnsTarget target(String owner, Pod pod, Container... containers) {
    return new NetnsTarget(4026531999L, 1, 1, false, owner, pod, List.of(containers));
  }

  @Test
  void aNamespaceIsSpelledAsItsPodOrItsRepresentativeOrItsInode() {
    Container sandbox = inPod("k8s_POD_web-1", null, true);
    assertThat(Tags.namespace(target(null, POD, inPod("k8s_app", "app", false), sandbox), 200))
        .as("a pod: its name only, whichever container represents it").isEqualTo("namespace=shop,pod=web-1");
    Container owner = plain("2".repeat(64), "/owner");
    Container joiner = plain("1".repeat(64), "/joiner");
    assertThat(Tags.namespace(target(owner.id(), null, joiner, owner), 200))
        .as("NetnsTarget.representative(): the owner, not the first")
        .isEqualTo("container=owner,id=222222222222,image=nginx_1_25");
    assertThat(Tags.namespace(target(null, null, joiner, owner), 200)).startsWith("container=joiner,");
    assertThat(Tags.namespace(target(null, null), 200)).isEqualTo("netns=4026531999");
    assertThat(Tags.namespace(target(null, null, plain("3", "/...")), 200))
        .as("a container whose name and id read empty").isEqualTo("container=___,id=3,image=nginx_1_25");
  }

  @Test
  void aContainerIsSpelledByItsPodOrByItself() {
    assertThat(Tags.container(inPod("k8s_app_web-1", "app", false), 200))
        .isEqualTo("namespace=shop,pod=web-1,container=app");
    assertThat(Tags.container(inPod("/k8s_app_web-1", null, false), 200))
        .as("no name in the pod: the runtime's, without its slash")
        .isEqualTo("namespace=shop,pod=web-1,container=k8s_app_web-1");
    assertThat(Tags.container(plain(ID, "/web"), 200)).isEqualTo("container=web,id=0123456789ab,image=nginx_1_25");
    assertThat(Tags.container(plain(ID, "/web"), 40)).as("the image goes first")
        .isEqualTo("container=web,id=0123456789ab");
  }

  @Test
  void aFilesystemIsItsMountThenItsContainer() {
    FilesystemStat fs = new FilesystemStat("/var/lib", "ext4", "/dev/vda", "254:0", false, 1, 1, 1, 1, 1, null, null);
    assertThat(Tags.filesystem(plain(ID, "/web"), fs, 200))
        .isEqualTo("mount=_var_lib,fstype=ext4,container=web,id=0123456789ab,image=nginx_1_25");
  }

  @Test
  void aListenerIsItsPortAndAddressThenTheNamespacesTagsWhole() {
    assertThat(Tags.listener("8080", null, "netns=host", 200)).isEqualTo("port=8080,netns=host");
    assertThat(Tags.listener("8080", "::", "netns=host", 200)).as("':' reads '_' like every other value")
        .isEqualTo("port=8080,address=__,netns=host");
    assertThat(Tags.listener("443", "10.0.0.7", "namespace=shop,pod=web-1", 200))
        .isEqualTo("port=443,address=10_0_0_7,namespace=shop,pod=web-1");
    String cut = Tags.listener("443", "fe80:0:0:0:0:0:0:1".repeat(3), "netns=host", 50);
    assertThat(cut).as("the address is cut, the namespace's tags kept").hasSizeLessThanOrEqualTo(50)
        .startsWith("port=443,address=fe80_").endsWith(",netns=host");
  }

  private static final LabelSelection TEAM_AND_APP = LabelSelection.matching("team|app\\..*");

  @Test
  void aNamespaceTakesItsRepresentativesSelectedLabelsAfterItsOwnTags() {
    Container web = new Container(ID, "/web", "nginx:1.25", "docker", 1, 1,
        Map.of("team", "shop.front", "app.tier", "edge", "other", "x"), null, null, false);
    assertThat(Tags.namespace(target(ID, null, web), 200, TEAM_AND_APP)).isEqualTo(
        "container=web,id=0123456789ab,image=nginx_1_25,container_label_app_tier=edge,container_label_team=shop_front");
    assertThat(Tags.namespace(target(ID, null, web), 200, LabelSelection.none()))
        .isEqualTo(Tags.namespace(target(ID, null, web), 200));
  }

  @Test
  void overBudgetTheLabelsGoFirstTheLastNameFirstThenTheImage() {
    Container web = new Container(ID, "/web", "nginx:1.25", "docker", 1, 1,
        Map.of("team", "shop", "app.tier", "edge"), null, null, false);
    String all = "container=web,id=0123456789ab,image=nginx_1_25,container_label_app_tier=edge,container_label_team=shop";
    assertThat(Tags.namespace(target(ID, null, web), all.length(), TEAM_AND_APP)).isEqualTo(all);
    assertThat(Tags.namespace(target(ID, null, web), all.length() - 1, TEAM_AND_APP))
        .isEqualTo("container=web,id=0123456789ab,image=nginx_1_25,container_label_app_tier=edge");
    assertThat(Tags.namespace(target(ID, null, web), 46, TEAM_AND_APP))
        .isEqualTo("container=web,id=0123456789ab,image=nginx_1_25");
    assertThat(Tags.namespace(target(ID, null, web), 45, TEAM_AND_APP)).isEqualTo("container=web,id=0123456789ab");
  }

  @Test
  void aPodsNamespaceTakesItsSandboxsLabelsAndAFilesystemItsContainers() {
    Container sandbox = new Container(ID, "k8s_POD_web-1", "pause", "containerd", 1, 1, Map.of("team", "pod"), POD,
        null, true);
    Container app = new Container("f".repeat(64), "k8s_app", "img", "containerd", 2, 1, Map.of("team", "app"), POD,
        "app", false);
    assertThat(Tags.namespace(target(null, POD, app, sandbox), 200, TEAM_AND_APP))
        .isEqualTo("namespace=shop,pod=web-1,container_label_team=pod");
    FilesystemStat fs = new FilesystemStat("/", "overlay", "overlay", "0:1", false, 1, 1, 1, 1, 1, null, null);
    assertThat(Tags.filesystem(app, fs, 200, TEAM_AND_APP))
        .isEqualTo("mount=_,fstype=overlay,namespace=shop,pod=web-1,container=app,container_label_team=app");
  }
}
