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

    /** {@return the layout {@code counters} share with every parse of the same header} */
    CounterLayout layout(Counters counters);

    /** {@return the counters of {@code file} in {@code stats}, or null: {@code file()} without an Optional} */
    Counters file(NetnsStats stats, ProcNetFile file);
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

  /**
   * {@return the layout of {@code counters}: the same instance for every namespace parsed with the same
   * header, so that renderers can map its fields once per layout instead of once per namespace}
   */
  public static CounterLayout layout(Counters counters) {
    return get().layout(counters);
  }

  /** {@return the counters of {@code file} in {@code stats}, or null when absent; allocates nothing} */
  public static Counters file(NetnsStats stats, ProcNetFile file) {
    return get().file(stats, file);
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
