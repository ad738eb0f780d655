package io.containernetstat.agent.cli;

import java.util.Locale;

/**
 * A value of an option that takes one of a few words ({@code --resolver docker}): implemented by an enum,
 * whose constants users write in lower case. {@link ChoiceConverter} reads any of them.
 */
public interface Choice {
  /** {@return the constant's name: an enum's own {@code name()}} */
  String name();

  /** {@return the value as users write it: the constant's name in lower case} */
  default String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
