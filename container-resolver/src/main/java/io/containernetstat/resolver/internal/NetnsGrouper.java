package io.containernetstat.resolver.internal;

import io.containernetstat.core.Container;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Container.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Groups resolved containers by network namespace and picks each namespace's owner; stateless.
 *
 * <p>Owner, in order: the pod sandbox (the earliest started if several, as in the host namespace
 * shared by host-network pods); else the container that the others joined
 * ({@code --network container:X}); else the earliest started container. The target is read through
 * the owner's PID. These are facts of resolution time (which container is a sandbox, which joined
 * which); the target carries the owner's id, and {@link NetnsTarget#representative()}, the one rule for
 * which container names a namespace, names it after that owner. Not API.
 */
public final class NetnsGrouper {
  /**
   * One container with its namespace; immutable.
   *
   * @param container the container
   * @param netnsInode its network namespace inode, read through its PID
   * @param joined the container whose namespace it joined (Docker's {@code container:<ref>}: an id, an id
   *     prefix or a name), or null
   * @param hostMode whether its runtime says it uses host networking
   */
  public record Member(Container container, long netnsInode, String joined, boolean hostMode) {
    /** Validates. */
    public Member {
      Objects.requireNonNull(container, "container == null");
    }

    /**
     * {@return the member for a container whose runtime gives its network mode}
     *
     * @param container the container
     * @param netnsInode its network namespace inode
     * @param networkMode Docker's network mode: {@code container:<ref>} (joined), {@code host}, another
     *     mode, or null when unknown
     */
    public static Member of(Container container, long netnsInode, String networkMode) {
      String joined = networkMode != null && networkMode.startsWith(JOINED)
          ? networkMode.substring(JOINED.length()) : null;
      return new Member(container, netnsInode, joined, "host".equals(networkMode));
    }
  }

  private static final String JOINED = "container:";

  private static final Comparator<Container> BY_START =
      Comparator.comparingLong(Container::startTime).thenComparingLong(Container::pid).thenComparing(Container::id);

  private NetnsGrouper() {}

  /**
   * Groups members by namespace.
   *
   * @param members the containers found
   * @param hostInode the host namespace inode, or -1 when unknown
   * @return one target per namespace, ordered by inode
   */
  public static List<NetnsTarget> group(List<Member> members, long hostInode) {
    Map<Long, List<Member>> byInode = new LinkedHashMap<>();
    for (Member m : members) {
      byInode.computeIfAbsent(m.netnsInode(), k -> new ArrayList<>(2)).add(m);
    }
    List<NetnsTarget> targets = new ArrayList<>(byInode.size());
    for (Map.Entry<Long, List<Member>> e : byInode.entrySet()) {
      targets.add(target(e.getKey(), e.getValue(), hostInode));
    }
    targets.sort(Comparator.comparingLong(NetnsTarget::netnsInode));
    return targets;
  }

  private static NetnsTarget target(long inode, List<Member> members, long hostInode) {
    Set<String> joinedRefs = new HashSet<>();
    boolean hostMode = false;
    List<Container> containers = new ArrayList<>(members.size());
    for (Member m : members) {
      if (m.joined() != null) {
        joinedRefs.add(m.joined());
      }
      hostMode |= m.hostMode();
      containers.add(m.container());
    }
    containers.sort(BY_START);
    Container owner = first(containers, Container::sandbox);
    if (owner == null) {
      owner = first(containers, c -> isJoined(joinedRefs, c));
    }
    if (owner == null) {
      owner = containers.get(0);
    }
    // Owner first, as NetnsTarget's contract says: representative() is then the owner.
    containers.remove(owner);
    containers.add(0, owner);
    boolean host = hostInode >= 0 ? inode == hostInode : hostMode;
    return new NetnsTarget(inode, owner.pid(), owner.startTime(), host, owner.id(), commonPod(containers, owner),
        containers);
  }

  /** {@return the earliest started container that matches, or null} */
  private static Container first(List<Container> byStart, Predicate<Container> which) {
    for (Container c : byStart) {
      if (which.test(c)) {
        return c;
      }
    }
    return null;
  }

  private static boolean isJoined(Set<String> refs, Container c) {
    for (String ref : refs) {
      if (c.id().equals(ref) || c.name().equals(ref) || (ref.length() >= 12 && c.id().startsWith(ref))) {
        return true;
      }
    }
    return false;
  }

  /** The owner's pod when no container in the namespace belongs to another pod; else null. */
  private static Pod commonPod(List<Container> containers, Container owner) {
    Pod pod = owner.pod();
    for (Container c : containers) {
      if (c.pod() == null) {
        continue;
      }
      if (pod == null) {
        pod = c.pod();
      } else if (!samePod(pod, c.pod())) {
        return null;
      }
    }
    return pod;
  }

  private static boolean samePod(Pod a, Pod b) {
    if (!a.uid().isEmpty() && !b.uid().isEmpty()) {
      return a.uid().equals(b.uid());
    }
    return a.namespace().equals(b.namespace()) && a.name().equals(b.name());
  }
}
