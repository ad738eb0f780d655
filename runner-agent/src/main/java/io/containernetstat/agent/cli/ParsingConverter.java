package io.containernetstat.agent.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An option's converter made of a parse method: its {@link IllegalArgumentException} becomes picocli's
 * {@link TypeConversionException} with the same message, which picocli prefixes with the option
 * ({@code Invalid value for option '--interval': '60' is not a duration ...}). Stateless.
 *
 * @param <T> the option's type
 */
public abstract class ParsingConverter<T> implements ITypeConverter<T> {
  /** For subclasses. */
  protected ParsingConverter() {}

  /**
   * Reads an option's text.
   *
   * @param text the text as given on the command line or in the variable
   * @return the value
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  protected abstract T parse(String text);

  @Override
  public final T convert(String value) {
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
