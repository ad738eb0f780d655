package io.containernetstat.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.containernetstat.core.kernel.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * deploy/helm/container-netstat rendered and linted by Helm's own engine: helm-java carries Helm (Go) as a
 * native library, so {@code helm template} and {@code helm lint} run here as they do on a user's machine,
 * values.schema.json included, without a helm binary or a cluster. Stateless; each call is one Helm run.
 */
final class HelmChart {
  static final Path CHART = Path.of("helm", "container-netstat").toAbsolutePath().normalize();
  /** The release and namespace the kustomize manifests' names correspond to. */
  static final String RELEASE = "container-netstat";
  static final String NAMESPACE = "container-netstat";
  /** The API the objects are validated against (fabric8's kubernetes-model 7.5); Helm's offline default is 1.20. */
  static final String KUBERNETES_VERSION = "1.34.0";

  private static final Pattern SOURCE = Pattern.compile("^# Source: container-netstat/(\\S+)$", Pattern.MULTILINE);
  private static Optional<String> unavailable;

  /** One rendering: its objects, and the templates that produced any (from Helm's {@code # Source:} lines). */
  record Rendering(List<ObjectNode> objects, Set<String> templates) {}

  private HelmChart() {}

  /**
   * Skips the calling test where Helm's native library cannot be loaded (an OS or architecture helm-java
   * ships none for); under CI=true fails instead, so that CI never passes without rendering the chart.
   */
  static void requireHelm() {
    Optional<String> why = whyUnavailable();
    Environment.requireOrSkip(why.isEmpty(), why.orElse(""));
  }

  private static synchronized Optional<String> whyUnavailable() {
    if (unavailable == null) {
      try {
        String version = Helm.version().call();
        unavailable = version == null || version.isBlank() ? Optional.of("helm-java answered no version") : Optional.empty();
      } catch (LinkageError | RuntimeException e) {
        unavailable = Optional.of("Helm's native library (helm-java) does not load here: " + e);
      }
    }
    return unavailable;
  }

  /** {@code helm template RELEASE CHART -n NAMESPACE -f values}, its output read strictly. */
  static Rendering render(String values) {
    return render(RELEASE, values);
  }

  static Rendering render(String release, String values) {
    Path file = valuesFile(values);
    try {
      String out = new Helm(CHART).template().withName(release).withNamespace(NAMESPACE)
          .withKubeVersion(KUBERNETES_VERSION).withValuesFile(file).call();
      List<ObjectNode> objects = new ArrayList<>();
      for (JsonNode d : Kustomize.readYamlDocuments(out, "helm template with " + values)) {
        if (!d.isObject()) {
          throw new IllegalArgumentException("helm template: a document is not an object: " + d);
        }
        objects.add((ObjectNode) d);
      }
      Set<String> templates = new TreeSet<>();
      Matcher m = SOURCE.matcher(out);
      while (m.find()) {
        templates.add(m.group(1));
      }
      return new Rendering(objects, templates);
    } finally {
      delete(file);
    }
  }

  /** The error Helm renders these values with: schema violations and the chart's own {@code fail}s. */
  static String renderingError(String values) {
    try {
      render(values);
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
    throw new AssertionError("helm template accepted the values:\n" + values);
  }

  /** {@code helm lint --strict}: warnings count as failures. */
  static LintResult lintStrict() {
    return new Helm(CHART).lint().strict().call();
  }

  private static Path valuesFile(String values) {
    try {
      Path dir = Files.createDirectories(CHART.getParent().getParent().resolve("target"));
      Path file = Files.createTempFile(dir, "helm-values-", ".yaml");
      return Files.writeString(file, values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
