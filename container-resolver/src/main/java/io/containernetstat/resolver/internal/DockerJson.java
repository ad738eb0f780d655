package io.containernetstat.resolver.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the few fields the Docker resolver uses from the Engine API's answers, with Jackson's streaming
 * parser: no object model and no data binding, so that nothing but the fields read stays in the heap
 * (docker-java's models and their deserializers held about 3 MB of a 10 MB heap). Fields not read are
 * skipped, unknown ones included; a {@code null} value reads as absent. Not API.
 */
public final class DockerJson {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** One container event: what happened and to which container. */
  record Event(String action, String id) {
  }

  private DockerJson() {
  }

  /**
   * Reads {@code GET /containers/json}.
   *
   * @param body the answer
   * @return the containers, in the daemon's order
   * @throws IOException if the answer is not a JSON array of objects, or the stream breaks
   */
  static List<DockerApi.Summary> containers(InputStream body) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      expect(p, p.nextToken(), JsonToken.START_ARRAY, "a list of containers");
      List<DockerApi.Summary> out = new ArrayList<>();
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        expect(p, t, JsonToken.START_OBJECT, "a container");
        out.add(summary(p));
      }
      return out;
    }
  }

  private static DockerApi.Summary summary(JsonParser p) throws IOException {
    Fields c = new Fields();
    fields(p, JsonToken.START_OBJECT, (field, value) -> {
      switch (field) {
        case "Id" -> c.id = p.getValueAsString();
        case "Names" -> c.name = firstString(p, value);
        case "Image" -> c.image = p.getValueAsString();
        case "Labels" -> c.labels = stringMap(p, value);
        case "HostConfig" -> c.mode = objectField(p, value, "NetworkMode");
        default -> p.skipChildren();
      }
    });
    String id = required(p, c.id, "Id");
    String shown = c.name == null ? id.substring(0, Math.min(12, id.length())) : strip(c.name);
    return new DockerApi.Summary(id, shown, nullToEmpty(c.image), c.labels, c.mode);
  }

  /**
   * Reads {@code GET /containers/{id}/json}.
   *
   * @param body the answer
   * @return the details
   * @throws IOException if the answer is not a JSON object with an {@code Id}, or the stream breaks
   */
  static DockerApi.Details container(InputStream body) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      JsonToken start = p.nextToken();
      expect(p, start, JsonToken.START_OBJECT, "a container");
      Fields c = new Fields();
      fields(p, start, (field, value) -> {
        switch (field) {
          case "Id" -> c.id = p.getValueAsString();
          case "Name" -> c.name = p.getValueAsString();
          case "HostConfig" -> c.mode = objectField(p, value, "NetworkMode");
          case "Config" -> fields(p, value, (f, v) -> {
            switch (f) {
              case "Image" -> c.image = p.getValueAsString();
              case "Labels" -> c.labels = stringMap(p, v);
              default -> p.skipChildren();
            }
          });
          case "State" -> fields(p, value, (f, v) -> {
            switch (f) {
              case "Running" -> c.running = p.getValueAsBoolean(false);
              case "Pid" -> c.pid = p.getValueAsLong(0);
              case "StartedAt" -> c.startedAt = p.getValueAsString();
              default -> p.skipChildren();
            }
          });
          default -> p.skipChildren();
        }
      });
      String id = required(p, c.id, "Id");
      return new DockerApi.Details(id, strip(c.name), nullToEmpty(c.image), c.labels, c.mode, c.running, c.pid,
          c.startedAt);
    }
  }

  /**
   * Reads {@code GET /info} for {@code DockerRootDir}.
   *
   * @param body the answer
   * @return the data root as the daemon gives it, or null when it does not
   * @throws IOException if the answer is not a JSON object, or the stream breaks
   */
  static String dockerRootDir(InputStream body) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      return objectField(p, p.nextToken(), "DockerRootDir");
    }
  }

  /**
   * The message of an error answer: {@code message} of its JSON object, else the text itself.
   *
   * @param body the first bytes of the answer
   * @param length how many of them there are
   * @return the message, never null
   */
  static String message(byte[] body, int length) {
    String text = new String(body, 0, length, StandardCharsets.UTF_8).strip();
    try (JsonParser p = JSON.createParser(body, 0, length)) {
      String m = objectField(p, p.nextToken(), "message");
      if (m != null && !m.isBlank()) {
        return m.strip();
      }
    } catch (IOException e) {
      // Not JSON (a proxy's page, a truncated answer): the text says what there is.
    }
    return text.isEmpty() ? "(no message)" : text;
  }

  /**
   * Reads the events stream, one object after another.
   *
   * @param body the stream
   * @return a reader of its events
   * @throws IOException if the parser cannot be made
   */
  static EventReader events(InputStream body) throws IOException {
    return new EventReader(JSON.createParser(body));
  }

  /** The events of one stream, read as they arrive. */
  static final class EventReader implements AutoCloseable {
    private final JsonParser p;

    private EventReader(JsonParser p) {
      this.p = p;
    }

    /**
     * Waits for the next event.
     *
     * @return it, or null when the stream ended; an event with no container id is returned with a null id
     * @throws IOException if the stream breaks or is not a sequence of JSON objects
     */
    Event next() throws IOException {
      JsonToken t = p.nextToken();
      if (t == null) {
        return null;
      }
      expect(p, t, JsonToken.START_OBJECT, "an event");
      EventFields ev = new EventFields();
      fields(p, t, (field, value) -> {
        switch (field) {
          case "Action" -> ev.action = p.getValueAsString();
          case "status" -> ev.status = p.getValueAsString();
          case "id" -> ev.id = p.getValueAsString();
          case "Actor" -> ev.actorId = objectField(p, value, "ID");
          default -> p.skipChildren();
        }
      });
      // API 1.44 and later drop the old "status" and "id"; earlier daemons send both forms.
      return new Event(ev.action != null ? ev.action : ev.status, ev.actorId != null ? ev.actorId : ev.id);
    }

    @Override
    public void close() throws IOException {
      p.close();
    }
  }

  /** Reads one field's value; it reads or skips the value the parser stands on. */
  private interface FieldReader {
    void read(String field, JsonToken value) throws IOException;
  }

  /** The fields read from one object. */
  private static final class Fields {
    String id;
    String name;
    String image;
    String mode;
    Map<String, String> labels = Map.of();
    boolean running;
    long pid;
    String startedAt;
  }

  /** The fields read from one event. */
  private static final class EventFields {
    String action;
    String status;
    String actorId;
    String id;
  }

  /**
   * Gives each field of the object the parser stands on to {@code reader}; a value that is not an object
   * (null, say) is skipped.
   */
  private static void fields(JsonParser p, JsonToken start, FieldReader reader) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      reader.read(field, p.nextToken());
    }
  }

  /** Reads one field of an object as text and skips the rest; the parser stands on the object's start. */
  private static String objectField(JsonParser p, JsonToken start, String name) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    String found = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals(name)) {
        found = p.getValueAsString();
      }
      p.skipChildren();
    }
    return found;
  }

  private static String firstString(JsonParser p, JsonToken start) throws IOException {
    if (start != JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    String first = null;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (first == null && t == JsonToken.VALUE_STRING) {
        first = p.getText();
      }
      p.skipChildren();
    }
    return first;
  }

  private static Map<String, String> stringMap(JsonParser p, JsonToken start) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      p.skipChildren();
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_STRING) {
        out.put(key, p.getText());
      } else {
        p.skipChildren();
      }
    }
    return out;
  }

  private static void expect(JsonParser p, JsonToken got, JsonToken want, String what) throws JsonParseException {
    if (got != want) {
      throw new JsonParseException(p, "expected " + what + " (" + want + "), found " + got);
    }
  }

  private static String required(JsonParser p, String value, String field) throws JsonParseException {
    if (value == null || value.isEmpty()) {
      throw new JsonParseException(p, "a container without \"" + field + "\"");
    }
    return value;
  }

  private static String strip(String name) {
    if (name == null) {
      return "";
    }
    return name.startsWith("/") ? name.substring(1) : name;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
