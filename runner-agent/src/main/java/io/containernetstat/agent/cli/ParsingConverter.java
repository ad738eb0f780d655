package io.containernetstat.agent.cli;

import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An option's converter made of a parse function: the function's {@link IllegalArgumentException} becomes
 * picocli's {@link TypeConversionException} with the same message, which picocli prefixes with the
 * option ({@code Invalid value for option '--interval': '60' is not a duration ...}). Stateless.
 *
 * @param <T> the option's type
 */
public class ParsingConverter<T> implements ITypeConverter<T> {
  private final Function<String, T> parse;

  /**
   * Makes a converter of {@code parse}.
   *
   * @param parse reads an option's text, throwing {@link IllegalArgumentException} saying what is wrong
   */
  protected ParsingConverter(Function<String, T> parse) {
    this.parse = Objects.requireNonNull(parse, "parse == null");
  }

  @Override
  public final T convert(String value) {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
