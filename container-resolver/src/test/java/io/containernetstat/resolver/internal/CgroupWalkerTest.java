package io.containernetstat.resolver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.containernetstat.core.kernel.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the walk lists in each cycle, on a real directory tree, and what it finds. */
class CgroupWalkerTest {
  private static final String POD = "pod1f3c2a9e-7b4d-4c1e-9a2b-3c4d5e6f7a8b";

  @TempDir Path root;

  private final List<String> listed = new ArrayList<>();
  private final Set<String> notHeld = new HashSet<>();
  private final List<String> found = new ArrayList<>();

  private final CgroupWalker.Sink sink = new CgroupWalker.Sink() {
    @Override
    public void container(File parent, String name, CgroupNames.Kind kind, String podUid, String guess) {
      found.add(parent.getName() + "/" + name);
    }

    @Override
    public boolean stillHeld(String name) {
      return !notHeld.contains(name);
    }
  };

  private CgroupWalker walker(CgroupWalker.LinkCount links) {
    return new CgroupWalker(dir -> {
      String[] names = dir.list();
      if (names != null) {
        listed.add(root.relativize(dir.toPath()).toString());
      }
      return names;
    }, links);
  }

  @Test
  void inSteadyStateAPodsDirectoryIsStattedNotListed() throws IOException {
    String a = container(POD, 'a');
    CgroupWalker walker = walker(CgroupWalker.LinkCount.STAT);

    walk(walker);
    assertThat(listed).contains("kubepods/besteffort/" + POD);
    assertThat(found).containsExactly(POD + "/" + a);

    walk(walker);
    assertThat(listed).containsExactly("kubepods", "kubepods/besteffort");
    assertThat(found).containsExactly(POD + "/" + a);
  }

  @Test
  void aPodsDirectoryIsListedAgainWhenItsSubdirectoriesChangeInNumber() throws IOException {
    String a = container(POD, 'a');
    CgroupWalker walker = walkedOnce();

    String b = container(POD, 'b');
    walk(walker);
    assertThat(listed).contains("kubepods/besteffort/" + POD);
    assertThat(found).containsExactlyInAnyOrder(POD + "/" + a, POD + "/" + b);

    Files.delete(root.resolve("kubepods/besteffort/" + POD + "/" + a));
    walk(walker);
    assertThat(found).containsExactly(POD + "/" + b);
  }

  @Test
  void aPodsDirectoryIsListedAgainWhenOneOfItsContainersLostItsProcess() throws IOException {
    String a = container(POD, 'a');
    CgroupWalker walker = walkedOnce();

    notHeld.add(a);
    walk(walker);

    assertThat(listed).contains("kubepods/besteffort/" + POD);
    assertThat(found).containsExactly(POD + "/" + a);
  }

  @Test
  void aLinkCountBelowTwoMeansAListingEveryCycle() throws IOException {
    container(POD, 'a');
    CgroupWalker walker = walker(dir -> 1); // btrfs counts 1 for every directory

    walk(walker);
    walk(walker);

    assertThat(listed).contains("kubepods/besteffort/" + POD);
  }

  @Test
  void aPodGoneAndBackIsListedAfresh() throws IOException {
    String a = container(POD, 'a');
    CgroupWalker walker = walkedOnce();
    Path pod = root.resolve("kubepods/besteffort/" + POD);
    Files.delete(pod.resolve(a));
    Files.delete(pod);
    walk(walker);
    assertThat(found).isEmpty();

    String b = container(POD, 'b');
    walk(walker);

    assertThat(found).containsExactly(POD + "/" + b);
  }

  @Test
  void aPodmanPodsOtherDirectoriesAreNotContainers() throws IOException {
    String podId = "c".repeat(64);
    Path pod = root.resolve("libpod_parent/" + podId);
    Files.createDirectories(pod.resolve("conmon"));
    Files.createDirectories(pod.resolve("d".repeat(64))); // a bare id in a podman pod is no container
    Files.createDirectories(pod.resolve("libpod-" + "e".repeat(64)));
    CgroupWalker walker = walker(CgroupWalker.LinkCount.STAT);

    walk(walker);
    walk(walker);

    assertThat(found).containsExactly(podId + "/libpod-" + "e".repeat(64));
    assertThat(listed).containsExactly("libpod_parent");
  }

  @Test
  void onCgroupfsAContainerMadeInAPodChangesItsLinkCountAndIsFound() throws IOException {
    // The kernel's side of the rule: kernfs keeps a directory's mtime but counts its subdirectories.
    Path hierarchy = writableCgroupHierarchy();
    Environment.requireOrSkip(hierarchy != null, "needs root and a cgroup hierarchy mounted under /sys/fs/cgroup"
        + " where a cgroup can be made");
    Path top = hierarchy.resolve("container-netstat-test-" + ProcessHandle.current().pid());
    Path pod = top.resolve("kubepods/besteffort/" + POD);
    List<Path> made = new ArrayList<>(List.of(top, top.resolve("kubepods"), top.resolve("kubepods/besteffort"), pod));
    try {
      for (Path p : made) {
        Files.createDirectory(p);
      }
      String a = "a".repeat(64);
      made.add(Files.createDirectory(pod.resolve(a)));
      CgroupWalker walker = walker(CgroupWalker.LinkCount.STAT);
      root = top;
      walk(walker);
      walk(walker);
      assertThat(listed).doesNotContain("kubepods/besteffort/" + POD);

      String b = "b".repeat(64);
      made.add(Files.createDirectory(pod.resolve(b)));
      walk(walker);

      assertThat(listed).contains("kubepods/besteffort/" + POD);
      assertThat(found).containsExactlyInAnyOrder(POD + "/" + a, POD + "/" + b);
    } finally {
      for (int i = made.size() - 1; i >= 0; i--) {
        Files.deleteIfExists(made.get(i)); // rmdir: a cgroup's control files go with it
      }
    }
  }

  /** {@return a cgroup hierarchy (v2, else v1 pids or memory) where this process may make a cgroup, or null} */
  private static Path writableCgroupHierarchy() {
    for (String candidate : List.of("/sys/fs/cgroup", "/sys/fs/cgroup/unified", "/sys/fs/cgroup/pids",
        "/sys/fs/cgroup/memory")) {
      Path p = Path.of(candidate);
      try {
        String type = Files.getFileStore(p).type();
        if ((type.equals("cgroup2") || type.equals("cgroup")) && Files.isWritable(p)) {
          return p;
        }
      } catch (IOException e) {
        // not mounted here: try the next
      }
    }
    return null;
  }

  /** {@return a walker that counts links with stat, after its first walk} */
  private CgroupWalker walkedOnce() {
    CgroupWalker walker = walker(CgroupWalker.LinkCount.STAT);
    walk(walker);
    return walker;
  }

  private void walk(CgroupWalker walker) {
    listed.clear();
    found.clear();
    walker.walk(root.toFile(), sink);
  }

  /** Creates a container cgroup in a besteffort pod; returns its name. */
  private String container(String pod, char hex) throws IOException {
    String id = String.valueOf(hex).repeat(64);
    Path dir = root.resolve("kubepods/besteffort/" + pod + "/" + id);
    Files.createDirectories(dir);
    return id;
  }
}
