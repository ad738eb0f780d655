package io.containernetstat.deploy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset deploy/kubernetes uses;
 * stateless.
 *
 * <p>Supported: {@code resources} (files, and directories holding a kustomization), {@code components}
 * (directories holding a {@code kind: Component}), and {@code patches} given as a {@code path} to an
 * RFC 6902 JSON patch with a {@code target} of group, version, kind and name. Order as kustomize's: a
 * resource directory is rendered whole first, then components in order, then this kustomization's own
 * patches. Any other key fails, so nobody extends the manifests past what this test can render without
 * noticing. {@code ManifestsTest} compares the result with {@code kubectl kustomize} where kubectl is
 * installed.
 */
final class Kustomize {
  /** Strict YAML reading: a key given twice is an error, as it is for the API server. */
  static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static final Set<String> KUSTOMIZATION_KEYS = Set.of("apiVersion", "kind", "resources", "components", "patches");
  private static final Set<String> PATCH_KEYS = Set.of("path", "target");
  private static final Set<String> TARGET_KEYS = Set.of("group", "version", "kind", "name");

  /** What a rendering read: the objects, and every file it used (for the no-orphan check). */
  record Result(List<ObjectNode> objects, Set<Path> filesRead) {}

  private final Set<Path> filesRead = new LinkedHashSet<>();

  private Kustomize() {}

  /**
   * Renders a kustomization directory, with components added on top as a kustomization listing
   * {@code resources: [dir]} and {@code components: [...]} would.
   *
   * @throws IllegalArgumentException naming the file and key when something is not supported or wrong
   */
  static Result render(Path dir, List<Path> extraComponents) {
    Kustomize k = new Kustomize();
    List<ObjectNode> objects = k.kustomization(dir, "Kustomization");
    for (Path component : extraComponents) {
      k.component(component, objects);
    }
    return new Result(objects, Set.copyOf(k.filesRead));
  }

  private List<ObjectNode> kustomization(Path dir, String expectedKind) {
    Path file = dir.resolve("kustomization.yaml");
    JsonNode k = readOne(file);
    checkKeys(file, k, KUSTOMIZATION_KEYS);
    String kind = k.path("kind").asText();
    if (!kind.equals(expectedKind)) {
      throw new IllegalArgumentException(file + ": kind is '" + kind + "', expected " + expectedKind);
    }
    String apiVersion = k.path("apiVersion").asText();
    String expectedApi = expectedKind.equals("Component")
        ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1";
    if (!apiVersion.equals(expectedApi)) {
      throw new IllegalArgumentException(file + ": apiVersion is '" + apiVersion + "', expected " + expectedApi);
    }
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode r : k.path("resources")) {
      Path p = dir.resolve(r.asText()).normalize();
      if (Files.isDirectory(p)) {
        objects.addAll(kustomization(p, "Kustomization"));
      } else {
        objects.addAll(readObjects(p));
      }
    }
    for (JsonNode c : k.path("components")) {
      component(dir.resolve(c.asText()).normalize(), objects);
    }
    applyPatches(file, k, objects);
    return objects;
  }

  private void component(Path dir, List<ObjectNode> objects) {
    Path file = dir.resolve("kustomization.yaml");
    JsonNode k = readOne(file);
    // a component's own resources are added, then its patches apply to everything accumulated so far
    List<ObjectNode> own = kustomizationWithoutPatches(dir, k);
    objects.addAll(own);
    applyPatches(file, k, objects);
  }

  private List<ObjectNode> kustomizationWithoutPatches(Path dir, JsonNode k) {
    Path file = dir.resolve("kustomization.yaml");
    checkKeys(file, k, KUSTOMIZATION_KEYS);
    if (!k.path("kind").asText().equals("Component")
        || !k.path("apiVersion").asText().equals("kustomize.config.k8s.io/v1alpha1")) {
      throw new IllegalArgumentException(file + ": not a kustomize.config.k8s.io/v1alpha1 Component");
    }
    if (k.has("components")) {
      throw new IllegalArgumentException(file + ": nested components are not supported by this renderer");
    }
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode r : k.path("resources")) {
      objects.addAll(readObjects(dir.resolve(r.asText()).normalize()));
    }
    return objects;
  }

  private void applyPatches(Path file, JsonNode k, List<ObjectNode> objects) {
    for (JsonNode p : k.path("patches")) {
      checkKeys(file, p, PATCH_KEYS);
      JsonNode target = p.path("target");
      checkKeys(file, target, TARGET_KEYS);
      Path patchFile = file.getParent().resolve(p.path("path").asText()).normalize();
      JsonNode patch = readOne(patchFile);
      if (!patch.isArray()) {
        throw new IllegalArgumentException(patchFile + ": not an RFC 6902 JSON patch (a list of operations);"
            + " strategic merge patches are not supported by this renderer");
      }
      int matched = 0;
      for (int i = 0; i < objects.size(); i++) {
        ObjectNode o = objects.get(i);
        if (matches(target, o)) {
          try {
            objects.set(i, (ObjectNode) JsonPatch.apply(patch, o));
          } catch (RuntimeException e) {
            throw new IllegalArgumentException(patchFile + ": does not apply to " + id(o) + ": " + e.getMessage(), e);
          }
          matched++;
        }
      }
      if (matched == 0) {
        throw new IllegalArgumentException(file + ": patch " + patchFile.getFileName() + " matches no object");
      }
    }
  }

  private static boolean matches(JsonNode target, JsonNode o) {
    String apiVersion = o.path("apiVersion").asText();
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    return target.path("group").asText("").equals(group)
        && target.path("version").asText(version).equals(version)
        && target.path("kind").asText().equals(o.path("kind").asText())
        && target.path("name").asText().equals(o.path("metadata").path("name").asText());
  }

  /** Objects by {@link #id}, sorted. */
  static Map<String, JsonNode> byId(List<? extends JsonNode> objects) {
    Map<String, JsonNode> m = new TreeMap<>();
    for (JsonNode o : objects) {
      if (m.put(id(o), o) != null) {
        throw new IllegalArgumentException("rendered twice: " + id(o));
      }
    }
    return m;
  }

  static String id(JsonNode o) {
    return o.path("kind").asText() + " " + o.path("metadata").path("namespace").asText("") + "/"
        + o.path("metadata").path("name").asText();
  }

  private static void checkKeys(Path file, JsonNode node, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(file + ": key '" + key + "' is not supported by this renderer (only "
            + allowed + "); extend Kustomize.java, and check it against kubectl kustomize");
      }
    }
  }

  private JsonNode readOne(Path file) {
    List<JsonNode> docs = readDocuments(file);
    if (docs.size() != 1) {
      throw new IllegalArgumentException(file + ": expected one YAML document, found " + docs.size());
    }
    return docs.get(0);
  }

  private List<ObjectNode> readObjects(Path file) {
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode d : readDocuments(file)) {
      if (!d.isObject()) {
        throw new IllegalArgumentException(file + ": a document is not an object");
      }
      objects.add((ObjectNode) d);
    }
    return objects;
  }

  /** Every non-empty document of a YAML file, read strictly. */
  List<JsonNode> readDocuments(Path file) {
    filesRead.add(file.toAbsolutePath().normalize());
    return readYamlDocuments(file);
  }

  static List<JsonNode> readYamlDocuments(Path file) {
    try {
      return readYamlDocuments(YAML.createParser(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Every non-empty document of a YAML text (a Helm rendering), read strictly. */
  static List<JsonNode> readYamlDocuments(String yaml, String source) {
    try {
      return readYamlDocuments(YAML.createParser(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": " + e.getMessage(), e);
    }
  }

  private static List<JsonNode> readYamlDocuments(com.fasterxml.jackson.core.JsonParser parser) throws IOException {
    try (parser) {
      List<JsonNode> docs = new ArrayList<>();
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && !d.isNull() && !d.isMissingNode()) {
          docs.add(d);
        }
      }
      return docs;
    }
  }
}
