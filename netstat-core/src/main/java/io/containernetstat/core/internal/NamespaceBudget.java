package io.containernetstat.core.internal;

import io.containernetstat.core.NetnsTarget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Picks the namespaces a collection reads when more were found than it may read, the same ones from one
 * cycle to the next. Not thread-safe: the collector calls it under its own lock.
 *
 * <p>Order of preference: the host's own namespace, then the namespaces chosen in the previous cycle
 * (so a namespace that is collected stays collected, and its series do not come and go as others
 * appear), then new ones in the resolver's order. A namespace that goes frees its place for the next
 * cycle's first new one.
 */
public final class NamespaceBudget {
  private final IntUnaryOperator limit;
  private final boolean unlimited;
  private Set<Long> chosen = Set.of();

  /**
   * Creates a budget.
   *
   * @param limit the most namespaces one collection reads, given how many were found (less than 1 counts
   *     as 1)
   * @param unlimited whether {@code limit} never limits (then nothing is remembered between cycles)
   */
  public NamespaceBudget(IntUnaryOperator limit, boolean unlimited) {
    this.limit = java.util.Objects.requireNonNull(limit, "limit == null");
    this.unlimited = unlimited;
  }

  /**
   * Chooses this cycle's namespaces.
   *
   * @param found every namespace the resolver found, in its order
   * @return {@code found} itself when it fits, else the chosen ones, in the resolver's order
   */
  public List<NetnsTarget> choose(List<NetnsTarget> found) {
    int max = unlimited ? Integer.MAX_VALUE : Math.max(1, limit.applyAsInt(found.size()));
    if (found.size() <= max) {
      if (!unlimited) {   // remembered so that, once they no longer fit, these stay
        Set<Long> next = new HashSet<>(found.size() * 2);
        for (NetnsTarget t : found) {
          next.add(t.netnsInode());
        }
        chosen = next;
      }
      return found;
    }
    boolean[] take = new boolean[found.size()];
    int taken = 0;
    for (int pass = 0; pass < 3 && taken < max; pass++) {
      for (int i = 0; i < take.length && taken < max; i++) {
        NetnsTarget t = found.get(i);
        boolean wanted = switch (pass) {
          case 0 -> t.hostNetwork();
          case 1 -> chosen.contains(t.netnsInode());
          default -> true;
        };
        if (!take[i] && wanted) {
          take[i] = true;
          taken++;
        }
      }
    }
    List<NetnsTarget> out = new ArrayList<>(taken);
    Set<Long> next = new HashSet<>(taken * 2);
    for (int i = 0; i < take.length; i++) {
      if (take[i]) {
        out.add(found.get(i));
        next.add(found.get(i).netnsInode());
      }
    }
    chosen = next;
    return out;
  }
}
