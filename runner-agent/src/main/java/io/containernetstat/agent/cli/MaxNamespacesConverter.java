package io.containernetstat.agent.cli;

/** {@code --max-namespaces}: a count of at least 1, or {@code auto} (any case) as 0. */
public final class MaxNamespacesConverter extends ParsingConverter<Integer> {
  /** Made by picocli, from the option's {@code converter} attribute. */
  public MaxNamespacesConverter() {}

  @Override
  protected Integer parse(String value) {
    String v = value.trim();
    if (v.equalsIgnoreCase("auto")) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException("'" + value + "' is neither auto nor a count of at least 1");
  }
}
