package io.containernetstat.core.internal;

import io.containernetstat.core.Counters;
import io.containernetstat.core.NetnsStats;
import io.containernetstat.core.ProcNetFile;
import java.util.Set;

/**
 * Lets the parsers and the reader build the model's values through constructors the model keeps out of
 * its public API (they take internal types, or arrays they do not copy). Not API.
 */
public final class ModelAccess {
  /** What the model's package grants this one. */
  public interface Grant {
    /** {@return counters over {@code values}, which are not copied} */
    Counters counters(CounterLayout layout, long[] values);

    /** {@return the stats of one namespace over {@code byFile} (indexed by ordinal), not copied} */
    NetnsStats stats(Counters[] byFile, Set<ProcNetFile> requested);
  }

  private static volatile Grant grant;

  private ModelAccess() {}

  /**
   * Called once, by the model's package as it loads.
   *
   * @throws IllegalStateException if called twice or from elsewhere
   */
  public static void grant(Grant g) {
    if (grant != null || !g.getClass().getPackageName().equals(Counters.class.getPackageName())) {
      throw new IllegalStateException("the model's access is granted once, by io.containernetstat.core");
    }
    grant = g;
  }

  static Grant get() {
    Grant g = grant;
    if (g == null) {
      try {
        Class.forName(Counters.class.getName(), true, Counters.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
      g = grant;
    }
    return g;
  }
}
