package io.containernetstat.agent.cli;

/** {@code --listen}: a {@code HOST:PORT}, as {@link ListenAddress#parse} reads it. */
public final class ListenConverter extends ParsingConverter<ListenAddress> {
  /** Made by picocli, from the option's {@code converter} attribute. */
  public ListenConverter() {}

  @Override
  protected ListenAddress parse(String text) {
    return ListenAddress.parse(text);
  }
}
