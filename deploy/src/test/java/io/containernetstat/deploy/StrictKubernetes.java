package io.containernetstat.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads Kubernetes objects into fabric8's API types (generated from the Kubernetes OpenAPI schema, and
 * the Prometheus Operator's CRDs for {@link PodMonitor} and {@link ServiceMonitor}) and rejects what the API server would reject as
 * a field error; stateless, thread-safe.
 *
 * <p>fabric8's types do not fail on an unknown field: each object keeps unknown keys in its
 * {@code additionalProperties} map. So after reading, {@link #unknownFields} walks the whole object tree
 * and reports every non-empty {@code additionalProperties} with its path: {@code hostPid: true} comes out
 * as {@code spec.template.spec: unknown field hostPid}. Scalars are not coerced: {@code "true"} for a
 * boolean or {@code 1} for a string fail, as they do in the API server's strict decoding.
 */
final class StrictKubernetes {
  /** The kinds deploy/kubernetes and the Helm chart may contain; anything else fails until its type is added here. */
  static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
      "v1/Namespace", Namespace.class,
      "v1/ServiceAccount", ServiceAccount.class,
      "v1/Secret", Secret.class,
      "v1/Service", Service.class,
      "apps/v1/DaemonSet", DaemonSet.class,
      "monitoring.coreos.com/v1/PodMonitor", PodMonitor.class,
      "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

  private static final ObjectMapper MAPPER = strictMapper();

  private StrictKubernetes() {}

  private static ObjectMapper strictMapper() {
    JsonMapper m = JsonMapper.builder()
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .build();
    // a number or a boolean where the API wants a string ("value: 1" in an env entry) is an error there
    m.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return m;
  }

  /**
   * Reads one object into its API type.
   *
   * @throws IllegalArgumentException if the kind is not known here, or a value has the wrong type (the
   *     message names the object and Jackson's path)
   */
  static HasMetadata read(JsonNode object) {
    String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    Class<? extends HasMetadata> type = TYPES.get(key);
    if (type == null) {
      throw new IllegalArgumentException(Kustomize.id(object) + ": no API type known for " + key
          + " (StrictKubernetes.TYPES)");
    }
    try {
      return MAPPER.treeToValue(object, type);
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      StringBuilder path = new StringBuilder();
      for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : e.getPath()) {
        path.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
      }
      throw new IllegalArgumentException(Kustomize.id(object) + " " + path + ": " + e.getOriginalMessage(), e);
    } catch (Exception e) {
      throw new IllegalArgumentException(Kustomize.id(object) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every field the API types do not know, as {@code path: unknown field name}; empty when all are known.
   * Also every resource quantity that does not parse.
   */
  static List<String> unknownFields(HasMetadata object) {
    List<String> problems = new ArrayList<>();
    walk(object, "", problems);
    return problems;
  }

  private static void walk(Object value, String path, List<String> problems) {
    if (value == null) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "[" + k + "]", problems));
      return;
    }
    if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object o : list) {
        walk(o, path + "[" + i++ + "]", problems);
      }
      return;
    }
    if (value instanceof Quantity q) {
      try {
        Quantity.getAmountInBytes(q);
      } catch (RuntimeException e) {
        problems.add(path + ": '" + q + "' is not a quantity (" + e.getMessage() + ")");
      }
      return;
    }
    Class<?> type = value.getClass();
    if (!type.getName().startsWith("io.fabric8.")) {
      return;   // String, Integer, Boolean, ...
    }
    for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
          continue;
        }
        Object v = fieldValue(f, value);
        if (f.getName().equals("additionalProperties")) {
          if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
            for (Object name : extra.keySet()) {
              problems.add((path.isEmpty() ? "." : path) + ": unknown field " + name + " (in "
                  + type.getSimpleName() + ")");
            }
          }
          continue;
        }
        walk(v, path + "." + jsonName(f), problems);
      }
    }
  }

  private static Object fieldValue(Field f, Object owner) {
    try {
      f.setAccessible(true);
      return f.get(owner);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + f + ": " + e, e);
    }
  }

  private static String jsonName(Field f) {
    JsonProperty p = f.getAnnotation(JsonProperty.class);
    return p != null && !p.value().isEmpty() ? p.value() : f.getName();
  }
}
