package io.containernetstat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The one converter of the command line's enums. */
class ChoiceConverterTest {
  enum Colour implements Choice { RED, DARK_BLUE }

  @Test
  void readsTheLowerCaseNameInAnyCaseAndSpacing() throws Exception {
    ChoiceConverter<Colour> converter = new ChoiceConverter<>(Colour.class);
    assertThat(converter.convert("red")).isEqualTo(Colour.RED);
    assertThat(converter.convert(" Dark_Blue ")).isEqualTo(Colour.DARK_BLUE);
    assertThat(Colour.DARK_BLUE.text()).isEqualTo("dark_blue");
  }

  @Test
  void refusesOtherTextNamingTheChoices() {
    assertThatThrownBy(() -> new ChoiceConverter<>(Colour.class).convert("green"))
        .isInstanceOf(TypeConversionException.class).hasMessage("'green' is not one of red, dark_blue");
  }

  @Test
  void registersOnlyEnums() {
    Choice notAnEnum = () -> "X";
    assertThatThrownBy(() -> ChoiceConverter.register(new picocli.CommandLine(picocli.CommandLine.Model.CommandSpec.create()), notAnEnum.getClass()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an enum: ");
  }
}
