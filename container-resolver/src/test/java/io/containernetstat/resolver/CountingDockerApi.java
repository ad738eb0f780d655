package io.containernetstat.resolver;

import io.containernetstat.resolver.internal.DockerApi;
import io.containernetstat.resolver.internal.DockerCallException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the calls a resolver makes to a real {@link DockerApi}. */
final class CountingDockerApi implements DockerApi {
  final DockerApi delegate;
  final AtomicInteger lists = new AtomicInteger();
  final Map<String, AtomicInteger> inspects = new ConcurrentHashMap<>();

  CountingDockerApi(DockerApi delegate) {
    this.delegate = delegate;
  }

  int inspects(String id) {
    AtomicInteger n = inspects.get(id);
    return n == null ? 0 : n.get();
  }

  @Override
  public String host() {
    return delegate.host();
  }

  @Override
  public void ping() throws DockerCallException {
    delegate.ping();
  }

  @Override
  public List<Summary> listRunning() throws DockerCallException {
    lists.incrementAndGet();
    return delegate.listRunning();
  }

  @Override
  public Details inspect(String id) throws DockerCallException {
    inspects.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    return delegate.inspect(id);
  }

  @Override
  public void watchEvents(EventListener listener) throws DockerCallException {
    delegate.watchEvents(listener);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
