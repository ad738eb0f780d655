package io.containernetstat.resolver;

import io.containernetstat.resolver.internal.DockerApi;
import io.containernetstat.resolver.internal.DockerCallException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A scripted Docker daemon that counts the calls made to it. */
final class FakeDockerApi implements DockerApi {
  final Map<String, Details> containers = new LinkedHashMap<>();
  int lists;
  int inspects;
  int pings;
  DockerCallException failure;
  EventListener listener;
  boolean eventsAnswer = true;

  FakeDockerApi run(String id, String name, long pid, String startedAt, Map<String, String> labels, String mode) {
    containers.put(id, new Details(id, name, "busybox:latest", labels, mode, true, pid, startedAt));
    return this;
  }

  FakeDockerApi stop(String id) {
    containers.remove(id);
    return this;
  }

  void down(DockerCallException.Kind kind) {
    failure = new DockerCallException(kind, "Docker daemon at " + host() + " is unreachable: refused", null);
    if (listener != null) {
      listener.failed("connection closed");
    }
  }

  void up() {
    failure = null;
  }

  void event(String action, String id) {
    listener.event(action, id);
  }

  @Override
  public String host() {
    return "unix:///fake/docker.sock";
  }

  @Override
  public void ping() throws DockerCallException {
    pings++;
    check();
  }

  @Override
  public List<Summary> listRunning() throws DockerCallException {
    lists++;
    check();
    List<Summary> out = new ArrayList<>();
    for (Details d : containers.values()) {
      out.add(new Summary(d.id(), d.name(), d.image(), d.labels(), d.networkMode()));
    }
    return out;
  }

  @Override
  public Details inspect(String id) throws DockerCallException {
    inspects++;
    check();
    return containers.get(id);
  }

  @Override
  public void watchEvents(EventListener listener) throws DockerCallException {
    check();
    this.listener = listener;
    if (eventsAnswer) {
      listener.started();
    }
  }

  @Override
  public void close() {}

  private void check() throws DockerCallException {
    if (failure != null) {
      throw failure;
    }
  }
}
