package io.containernetstat.agent.cli;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Java regular expression, compiled: {@code --netstat-fields}. What is wrong with a bad one is said on
 * one line (the JDK's own message spans three, with a caret under the fault).
 */
public final class RegexConverter extends ParsingConverter<Pattern> {
  /** Made by picocli, from the option's {@code converter} attribute. */
  public RegexConverter() {}

  @Override
  protected Pattern parse(String text) {
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("'" + text + "' is not a regular expression: " + e.getDescription()
          + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""), e);
    }
  }
}
