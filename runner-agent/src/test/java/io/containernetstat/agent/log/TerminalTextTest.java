package io.containernetstat.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TerminalTextTest {
  /** The process name of the issue: ends the row, clears the screen, turns red and forges a row. */
  static final String HOSTILE = "x\n\u001b[2J\u001b[31mFORGED 1";

  static Stream<Arguments> escapes() {
    return Stream.of(
        Arguments.of("the hostile process name", HOSTILE, "x\\n\\x1b[2J\\x1b[31mFORGED 1"),
        Arguments.of("newline, carriage return and tab", "a\nb\rc\td", "a\\nb\\rc\\td"),
        Arguments.of("NUL, BEL and the other C0 controls", "\u0000\u0007\u001f", "\\x00\\x07\\x1f"),
        Arguments.of("DEL", "a\u007fb", "a\\x7fb"),
        Arguments.of("C1 controls, CSI among them", "\u0080\u009b31m\u009f", "\\x80\\x9b31m\\x9f"),
        Arguments.of("a backslash, so that escapes are unambiguous", "a\\nb", "a\\\\nb"),
        Arguments.of("a right-to-left override", "abc\u202eexe.txt", "abc\\u202eexe.txt"),
        Arguments.of("bidi isolates and marks", "\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
            "\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c"),
        Arguments.of("bidi embeddings", "\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),
        Arguments.of("line and paragraph separators", "a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        Arguments.of("a zero-width space", "a\u200bb", "a\\u200bb"),
        Arguments.of("a lone surrogate", "a\ud800b", "a\\ud800b"),
        Arguments.of("a format character above U+FFFF", "a\udb40\udc01b", "a\\U000e0001b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("escapes")
  void controlAndReorderingCharactersAreEscaped(String what, String text, String escaped) {
    assertThat(TerminalText.escape(text)).isEqualTo(escaped);
    StringBuilder out = new StringBuilder("> ");
    TerminalText.appendEscaped(text, out);
    assertThat(out).hasToString("> " + escaped);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("escapes")
  void escapedTextHoldsOnlyPrintableAsciiAndIsOneLine(String what, String text, String escaped) {
    assertThat(TerminalText.escape(text).chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  @Test
  void printableTextIsReturnedAsIsWithoutACopy() {
    String plain = "shop/web-0 [host network] (+1)";
    assertThat(TerminalText.escape(plain)).isSameAs(plain);
    String unicode = "café 数据库 \ud83d\ude00";
    assertThat(TerminalText.escape(unicode)).isSameAs(unicode);
    assertThat(TerminalText.escape(null)).isEqualTo("null");
  }

  @Test
  void widthCountsCodePointsNotCharsOfEscapedText() {
    assertThat(TerminalText.width(TerminalText.escape(HOSTILE))).isEqualTo(26);
    assertThat(TerminalText.width("a\ud83d\ude00")).isEqualTo(2);
  }
}
