package io.containernetstat.agent.cli;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * The converter of every {@link Choice} enum: the text users write, any case, to its constant; a text that
 * is none of them is refused naming those that are ({@code 'xml' is not one of table, json, ...}).
 * Registered by type ({@link #register}), so an option of a choice type needs no {@code converter}
 * attribute. Stateless.
 *
 * @param <E> the enum
 */
public final class ChoiceConverter<E extends Enum<E> & Choice> extends ParsingConverter<E> {
  private final Class<E> type;

  /**
   * Makes the converter of one enum.
   *
   * @param type the enum
   */
  public ChoiceConverter(Class<E> type) {
    this.type = Objects.requireNonNull(type, "type == null");
  }

  @Override
  protected E parse(String text) {
    return choose(type, text);
  }

  /**
   * Registers a converter for each enum with the command line (and its subcommands).
   *
   * @param commandLine the command line, before it parses
   * @param types the enums, each implementing {@link Choice}
   */
  @SafeVarargs
  public static void register(CommandLine commandLine, Class<? extends Choice>... types) {
    for (Class<? extends Choice> type : types) {
      registerOne(commandLine, type);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void registerOne(CommandLine commandLine, Class<? extends Choice> type) {
    if (!type.isEnum()) {
      throw new IllegalArgumentException("not an enum: " + type.getName());
    }
    commandLine.registerConverter((Class) type, new ChoiceConverter(type));
  }

  /**
   * Finds a choice by the text users write, ignoring case and surrounding white space.
   *
   * @param type the enum
   * @param text the option's text
   * @return the constant whose {@link Choice#text()} it is
   * @throws IllegalArgumentException naming the accepted values, if {@code text} is none of them
   */
  public static <E extends Enum<E> & Choice> E choose(Class<E> type, String text) {
    Objects.requireNonNull(text, "text == null");
    for (E e : type.getEnumConstants()) {
      if (e.text().equalsIgnoreCase(text.trim())) {
        return e;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of "
        + Arrays.stream(type.getEnumConstants()).map(Choice::text).collect(Collectors.joining(", ")));
  }
}
