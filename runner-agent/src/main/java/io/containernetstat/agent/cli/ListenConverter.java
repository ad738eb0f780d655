package io.containernetstat.agent.cli;

/** {@code --listen}: a {@code HOST:PORT}, as {@link ListenAddress#parse} reads it. */
public final class ListenConverter extends ParsingConverter<ListenAddress> {
  /** Makes the converter (picocli does, from the option's {@code converter} attribute). */
  public ListenConverter() {
    super(ListenAddress::parse);
  }
}
