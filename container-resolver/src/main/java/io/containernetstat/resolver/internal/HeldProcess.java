package io.containernetstat.resolver.internal;

import io.containernetstat.core.Container;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.internal.HeldStat;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * A container's chosen process as a resolver keeps it between cycles: its {@code stat} file held open
 * (checking it each cycle costs one {@code pread}) and the member it made. The part of a resolver's
 * per-container entry that the cgroup scan and the Docker resolver share; one caller at a time. Not API.
 */
public class HeldProcess {
  private HeldStat stat;
  private NetnsGrouper.Member member;
  /** Whether the collector found the held process gone or out of its namespace since it was held. */
  private boolean lost;

  /** Creates an entry that holds no process yet. */
  protected HeldProcess() {}

  /** {@return the member made from the held process, or null when none is held} */
  public final NetnsGrouper.Member member() {
    return member;
  }

  /**
   * Holds {@code id}'s stat file and the member made from it, in place of what was held.
   *
   * @param id the process, as {@link ProcFiles#identify} found it
   * @param member the container and namespace it gives
   */
  public final void hold(ProcFiles.Identity id, NetnsGrouper.Member member) {
    ProcFiles.closeQuietly(stat);
    this.stat = id.stat();
    this.member = member;
    this.lost = false;
  }

  /**
   * {@return whether a process is held, was not {@linkplain #lose lost}, and is still the same one (alive,
   * same start time), with one {@code pread} of its held stat}
   *
   * @throws IOException if the held stat cannot be read
   */
  public final boolean stillHeld(ProcFiles proc) throws IOException {
    return member != null && !lost && proc.startTime(stat) == member.container().startTime();
  }

  /**
   * Marks the held process as one the collector found gone or out of its namespace when it read it
   * ({@link io.containernetstat.core.NetnsResolver#targetGone}): it no longer holds, so the resolver
   * identifies the container's process again, reading its namespace anew, in its next cycle.
   *
   * @param pid the target's process
   * @return whether {@code pid} is the held process (and so was marked)
   */
  public final boolean lose(long pid) {
    boolean held = member != null && member.container().pid() == pid;
    lost |= held;
    return held;
  }

  /** {@return whether the held process was {@linkplain #lose lost} since it was held} */
  public final boolean lost() {
    return lost;
  }

  /** Closes the held stat file and forgets the member. */
  public final void drop() {
    ProcFiles.closeQuietly(stat);
    stat = null;
    member = null;
    lost = false;
  }

  /**
   * {@return the container failed with why: the held member's container and namespace when one is
   * held, else {@code unheld}'s container with no namespace}
   *
   * @param f what failed
   * @param unheld the container as far as it is known without a process, asked only when none is held
   */
  public final NamespaceSnapshot failure(ProcessFailure f, Supplier<Container> unheld) {
    return member != null ? f.toSnapshot(member.container(), member.netnsInode()) : f.toSnapshot(unheld.get());
  }
}
