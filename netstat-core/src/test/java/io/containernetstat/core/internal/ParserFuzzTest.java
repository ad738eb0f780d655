package io.containernetstat.core.internal;

import io.containernetstat.testkit.Bytes;

import io.containernetstat.testkit.ProcfsSamples;

import io.containernetstat.core.Counters;
import io.containernetstat.core.ProcNetFile;
import static io.containernetstat.testkit.ProcfsSamples.FIXTURE_NET;
import static io.containernetstat.testkit.ProcfsSamples.FIXTURE_PID;
import static io.containernetstat.testkit.ProcfsSamples.LIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded random mutations of the real samples: whatever the bytes, a parser either returns counters
 * that come from the input or throws {@link ProcFormatException}; no {@code IndexOutOfBoundsException},
 * {@code NumberFormatException}, {@code NullPointerException} or anything else escapes, and a failed
 * parse leaves the parser usable.
 *
 * <p>Deterministic: the seed is fixed per file, and a failure prints the iteration and the input. Set
 * the system property {@code fuzz.seed} to explore other inputs.
 */
class ParserFuzzTest {
  /** Inputs per parser (at least 10,000 asked for); the whole class runs in a few seconds. */
  private static final int INPUTS = 10_000;
  private static final int MAX_INPUT = 32 * 1024;

  private static final String[] TOKENS = {
      " ", "  ", "\t", "\n", "\n\n", ":", "-", "|", "0", "1", "-1", "-0", "007", "18446744073709551615",
      "18446744073709551616", "99999999999999999999999", "-9223372036854775808", "-9223372036854775809",
      "Tcp:", "TcpExt:", "IcmpMsg:", "TCP:", "sockets:", "inuse", "used", "Ip6", "6", "Ip6InReceives",
      "eth0:1:", "lo:", "Inter-|", " face |", "MaxConn", "pressure", "Mode: 644", "x", "\u0000", "\r", "\u00ff",
  };
  private static final byte[] INTERESTING = {
      ' ', '\t', '\n', ':', '-', '|', '0', '5', '9', 'a', 'Z', '6', 0, 0x7f, (byte) 0xff, '\r', '_',
  };

  @ParameterizedTest(name = "{0}")
  @EnumSource(ProcNetFile.class)
  void mutatedSamplesOnlyEverYieldCountersFromTheInputOrAProcFormatException(ProcNetFile file) {
    List<byte[]> seeds = seeds(file);
    long seed = Long.getLong("fuzz.seed", 0x5eed_0000L + file.ordinal());
    Random random = new Random(seed);
    ProcNetParser parser = ProcNetParser.forFile(file);
    ProcNetParser offsetParser = ProcNetParser.forFile(file);
    byte[] reference = seeds.get(0);
    Counters referenceCounters = ProcfsSamples.parse(file, "reference", reference);
    int parsed = 0;
    int rejected = 0;
    for (int iteration = 0; iteration < INPUTS; iteration++) {
      byte[] input = mutate(random, seeds, seeds.get(random.nextInt(seeds.size())));
      String source = "/fuzz/" + file.fileName();
      Outcome outcome = run(parser, source, input, 0, input.length, seed, iteration);

      // The same bytes inside a larger buffer of junk: the parser reads only its range.
      int offset = random.nextInt(64);
      byte[] padded = new byte[offset + input.length + 64];
      for (int i = 0; i < offset; i++) {
        padded[i] = INTERESTING[random.nextInt(INTERESTING.length)];
      }
      for (int i = offset + input.length; i < padded.length; i++) {
        padded[i] = INTERESTING[random.nextInt(INTERESTING.length)];
      }
      System.arraycopy(input, 0, padded, offset, input.length);
      Outcome again = run(offsetParser, source, padded, offset, input.length, seed, iteration);
      if (!again.equals(outcome)) {
        fail("iteration %d (seed %d): %s at offset %d but %s at offset 0, for input %s", iteration, seed, again, offset,
            outcome, show(input));
      }

      if (outcome.counters() != null) {
        parsed++;
        assertComesFromTheInput(file, outcome.counters(), input, iteration, seed);
      } else {
        rejected++;
        ProcFormatException e = outcome.error();
        if (!e.source().equals(source) || e.lineNumber() < 1 || e.lineNumber() > lines(input)
            || e.getMessage().length() > 600) {
          fail("iteration %d (seed %d): exception must name the source and a line of the input, briefly: %s",
              iteration, seed, e.getMessage());
        }
      }
      // A failed or odd parse never corrupts the parser's state (checked on every 8th input, for time).
      Counters afterwards = iteration % 8 != 0 ? referenceCounters
          : parser.parse("reference", reference, 0, reference.length);
      if (!afterwards.equals(referenceCounters)) {
        fail("iteration %d (seed %d): the reference sample parsed to %s after input %s", iteration, seed, afterwards,
            show(input));
      }
    }
    assertThat(parsed).as("inputs that parsed (of %d)", INPUTS).isGreaterThan(INPUTS / 20);
    assertThat(rejected).as("inputs that were rejected (of %d)", INPUTS).isGreaterThan(INPUTS / 20);
  }

  /** Either the counters or the exception of one parse. */
  record Outcome(Counters counters, ProcFormatException error) {
    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Outcome other)) {
        return false;
      }
      if (counters != null) {
        return counters.equals(other.counters);
      }
      return other.error != null && error.getMessage().equals(other.error.getMessage());
    }

    @Override
    public int hashCode() {
      return counters != null ? counters.hashCode() : error.getMessage().hashCode();
    }

    @Override
    public String toString() {
      return counters != null ? counters.toString() : "threw " + error.getMessage();
    }
  }

  private static Outcome run(ProcNetParser parser, String source, byte[] buf, int offset, int length, long seed,
      int iteration) {
    try {
      return new Outcome(parser.parse(source, buf, offset, length), null);
    } catch (ProcFormatException e) {
      return new Outcome(null, e);
    } catch (Throwable t) {
      AssertionError error = new AssertionError("iteration " + iteration + " (seed " + seed + "): "
          + t.getClass().getName() + " escaped the parser for input "
          + show(Arrays.copyOfRange(buf, offset, offset + length)), t);
      throw error;
    }
  }

  /** A successful parse never invents a value or a name: each one is in the input. */
  private static void assertComesFromTheInput(ProcNetFile file, Counters counters, byte[] input, int iteration,
      long seed) {
    String text = new String(input, StandardCharsets.ISO_8859_1);
    Set<String> words = new HashSet<>(Arrays.asList(text.split("[ \t\n]+")));
    String[] pieces = text.split("[ \t\n:|]+");
    Set<BigInteger> numbers = new HashSet<>();
    int numberCount = 0;
    for (String piece : pieces) {
      if (NUMBER.matcher(piece).matches()) {
        numbers.add(new BigInteger(piece));
        numberCount++;
      }
    }
    if (counters.size() > numberCount) {
      fail("iteration %d (seed %d): %d fields but fewer numbers in input %s", iteration, seed, counters.size(),
          show(input));
    }
    Set<String> columns = file == ProcNetFile.DEV ? new HashSet<>(Arrays.asList(text.split("[ \t\n|]+"))) : null;
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    for (int i = 0; i < counters.size(); i++) {
      String group = counters.group(i);
      String name = counters.name(i);
      BigInteger value = new BigInteger(counters.format(i));
      String broken = null;
      if (!numbers.contains(value)) {
        broken = "value " + value + " is not a number of the input";
      } else {
        boolean fromInput = switch (file) {
          // 'GROUP:' then 'name' as words of the input
          case SOCKSTAT, SOCKSTAT6, SNMP, NETSTAT -> words.contains(group + ":") && words.contains(name);
          // 'Ip6InReceives' is one word, split after its first 6
          case SNMP6 -> words.contains(group + name) && group.indexOf('6') == group.length() - 1;
          // interface name before a colon; section (lower-cased) and column from the headers
          case DEV -> text.contains(group) && devNameFromInput(name, lower, columns);
        };
        if (!fromInput) {
          broken = "group or name is not in the input";
        }
      }
      if (broken != null) {
        fail("iteration %d (seed %d), field %s %s: %s; input %s", iteration, seed, group, name, broken, show(input));
      }
    }
  }

  private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?[0-9]+");

  private static boolean devNameFromInput(String name, String lowerText, Set<String> columns) {
    for (int k = name.indexOf('_'); k >= 0; k = name.indexOf('_', k + 1)) {
      if (lowerText.contains(name.substring(0, k)) && columns.contains(name.substring(k + 1))) {
        return true;
      }
    }
    return false;
  }

  private static List<byte[]> seeds(ProcNetFile file) {
    List<String> paths = switch (file) {
      case SOCKSTAT -> List.of(LIVE + "sockstat", FIXTURE_NET + "sockstat");
      case SOCKSTAT6 -> List.of(LIVE + "sockstat6", FIXTURE_NET + "sockstat6");
      case SNMP -> List.of(LIVE + "snmp", FIXTURE_PID + "snmp");
      case SNMP6 -> List.of(LIVE + "snmp6", FIXTURE_PID + "snmp6");
      case NETSTAT -> List.of(LIVE + "netstat", FIXTURE_PID + "netstat");
      case DEV -> List.of(LIVE + "dev", FIXTURE_NET + "dev", FIXTURE_PID + "dev");
    };
    List<byte[]> out = new ArrayList<>();
    for (String path : paths) {
      out.add(ProcfsSamples.bytes(path));
    }
    return out;
  }

  private static byte[] mutate(Random random, List<byte[]> seeds, byte[] start) {
    byte[] b = start;
    int rounds = 1 + random.nextInt(4);
    for (int r = 0; r < rounds; r++) {
      b = mutateOnce(random, seeds, b);
      if (b.length > MAX_INPUT) {
        b = Arrays.copyOf(b, MAX_INPUT);
      }
    }
    return b;
  }

  private static byte[] mutateOnce(Random random, List<byte[]> seeds, byte[] b) {
    int at = random.nextInt(b.length + 1);
    switch (random.nextInt(11)) {
      case 0: // truncate
        return Arrays.copyOf(b, at);
      case 1: { // flip a byte to an interesting or a random value
        if (b.length == 0) {
          return b;
        }
        byte[] out = b.clone();
        int i = random.nextInt(b.length);
        out[i] = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
        return out;
      }
      case 2: { // change a digit to another digit: the most likely mutation to still parse
        byte[] out = b.clone();
        for (int tries = 0; tries < 20 && b.length > 0; tries++) {
          int i = random.nextInt(b.length);
          if (Ascii.isDigit(out[i])) {
            out[i] = (byte) ('0' + random.nextInt(10));
            break;
          }
        }
        return out;
      }
      case 3: // insert a token
        return splice(b, at, at, TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.ISO_8859_1));
      case 4: { // delete a short range, often exactly one token
        int end = Math.min(b.length, at + 1 + random.nextInt(12));
        if (random.nextBoolean()) {
          while (at < b.length && at > 0 && !Ascii.isSpace(b[at - 1])) {
            at--;
          }
          end = at;
          while (end < b.length && !Ascii.isSpace(b[end]) && b[end] != '\n') {
            end++;
          }
        }
        return splice(b, at, end, new byte[0]);
      }
      case 5: { // duplicate or delete a line
        int[] line = lineAround(b, at);
        byte[] text = Arrays.copyOfRange(b, line[0], line[1]);
        return random.nextBoolean() ? splice(b, line[0], line[0], text) : splice(b, line[0], line[1], new byte[0]);
      }
      case 6: { // swap a line with the next
        int[] first = lineAround(b, at);
        if (first[1] >= b.length) {
          return b;
        }
        int[] second = lineAround(b, first[1]);
        byte[] one = Arrays.copyOfRange(b, first[0], first[1]);
        byte[] two = Arrays.copyOfRange(b, second[0], second[1]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, first[0]);
        out.writeBytes(two);
        out.writeBytes(one);
        out.write(b, second[1], b.length - second[1]);
        return out.toByteArray();
      }
      case 7: { // random bytes, sometimes from a procfs-like alphabet
        byte[] out = new byte[random.nextInt(300)];
        if (random.nextBoolean()) {
          random.nextBytes(out);
        } else {
          byte[] alphabet = "0123456789 \n\t:-|aZ6TcpIUDP".getBytes(StandardCharsets.US_ASCII);
          for (int i = 0; i < out.length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
          }
        }
        return out;
      }
      case 8: { // splice two samples
        byte[] other = seeds.get(random.nextInt(seeds.size()));
        int from = random.nextInt(other.length + 1);
        return splice(Arrays.copyOf(b, at), at, at, Arrays.copyOfRange(other, from, other.length));
      }
      case 9: { // repeat a region many times: long lines and long tokens
        int end = Math.min(b.length, at + 1 + random.nextInt(8));
        byte[] region = Arrays.copyOfRange(b, at, end);
        int times = 1 + random.nextInt(random.nextInt(10) == 0 ? 4000 : 40);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < times && out.size() < MAX_INPUT; i++) {
          out.writeBytes(region);
        }
        return splice(b, at, at, out.toByteArray());
      }
      default: { // drop or add the final newline
        if (b.length > 0 && b[b.length - 1] == '\n') {
          return Arrays.copyOf(b, b.length - 1);
        }
        return splice(b, b.length, b.length, new byte[] {'\n'});
      }
    }
  }

  private static int[] lineAround(byte[] b, int at) {
    int start = Math.min(at, b.length);
    while (start > 0 && b[start - 1] != '\n') {
      start--;
    }
    int end = Math.min(at, b.length);
    while (end < b.length && b[end] != '\n') {
      end++;
    }
    return new int[] {start, Math.min(b.length, end + 1)};
  }

  private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    byte[] out = new byte[b.length - (to - from) + insert.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(b, to, out, from + insert.length, b.length - to);
    return out;
  }

  private static int lines(byte[] b) {
    return 1 + Bytes.count(b, '\n');
  }

  /** The input as an escaped Java string literal, cut to a readable length. */
  private static String show(byte[] b) {
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0; i < b.length && s.length() < 2000; i++) {
      int c = b[i] & 0xff;
      if (c == '\n') {
        s.append("\\n");
      } else if (c == '\t') {
        s.append("\\t");
      } else if (c == '"' || c == '\\') {
        s.append('\\').append((char) c);
      } else if (c < 0x20 || c >= 0x7f) {
        s.append(String.format("\\u%04x", c));
      } else {
        s.append((char) c);
      }
    }
    return s.append(b.length > 2000 ? "\"... (" + b.length + " bytes)" : "\"").toString();
  }
}
