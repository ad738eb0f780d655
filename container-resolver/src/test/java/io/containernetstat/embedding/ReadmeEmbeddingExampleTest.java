package io.containernetstat.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Collector;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.ProcRoot;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.kernel.Environment;
import io.containernetstat.resolver.ResolverKind;
import io.containernetstat.resolver.ResolverOptions;
import io.containernetstat.resolver.Resolvers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's "Embedding the libraries" example, kept compiling and running: the code between the
 * markers below is the README's block, line for line, and it runs here from a package outside the
 * project's own, with nothing but the public API.
 */
class ReadmeEmbeddingExampleTest {
  private static final String BEGIN = "// README begin";
  private static final String END = "// README end";

  /** The example, with {@code out} standing for {@code System.out}. */
  static void example(PrintStream out) throws Exception {
    Environment.requireOrSkip(Environment.isRoot(), "the netns scan of the real /proc needs root (or CAP_SYS_PTRACE) to read other processes' namespaces");
    // README begin
    ProcRoot proc = ProcRoot.of("/proc");
    try (NetnsResolver resolver = Resolvers.create(ResolverKind.NETNS,
             ResolverOptions.builder().procRoot(proc).build());
         Collector collector = Collector.builder(resolver)
             .procRoot(proc)
             .files(ProcNetFile.defaults())
             .build()) {
      Snapshot snapshot = collector.collect();
      for (NamespaceSnapshot ns : snapshot.namespaces()) {
        if (ns.ok()) {
          out.println(ns.target().displayName() + " " + ns.stats().summary());
        } else {
          out.println(ns.target().displayName() + " failed (" + ns.failure().label() + "): " + ns.error());
        }
      }
    }
    // README end
  }

  @Test
  void theReadmeShowsThisCode() throws IOException {
    String readme = Files.readString(repositoryRoot().resolve("README.md"));
    Matcher m = Pattern.compile("## Embedding the libraries\\s+```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("README.md has a java block under '## Embedding the libraries'").isTrue();
    String test = Files.readString(repositoryRoot()
        .resolve("container-resolver/src/test/java/io/containernetstat/embedding/ReadmeEmbeddingExampleTest.java"));
    String body = test.substring(test.indexOf(BEGIN + "\n") + BEGIN.length() + 1, test.indexOf("    " + END));
    assertThat(normalise(m.group(1))).isEqualTo(normalise(body.replace("out.println", "System.out.println")));
  }

  @Test
  void theExampleRunsAndPrintsEveryNamespace() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      example(out);
    }
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    // This process's own namespace is always found; read, or failed with its reason (unprivileged).
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).matches(".+ (Summary\\[.*\\]|failed \\(\\w+\\): .+)"));
  }

  private static String normalise(String code) {
    List<String> lines = code.lines().collect(Collectors.toList());
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
        .min().orElse(0);
    return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n")).strip();
  }

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !(Files.exists(p.resolve("README.md")) && Files.exists(p.resolve("ARCHITECTURE.md")))) {
      p = p.getParent();
    }
    assertThat(p).as("the repository's root (README.md beside ARCHITECTURE.md) above " + Path.of("").toAbsolutePath())
        .isNotNull();
    return p;
  }
}
