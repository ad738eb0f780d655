package io.containernetstat.sink.prometheus.internal;

import io.containernetstat.sink.prometheus.internal.http.Exchange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests for the same page that wait for a request thread share one render: the first one queues a
 * render, the ones that ask for the same page (format, compression, names) before it starts join it.
 * 200 concurrent scrapes thus cost a few renders, not 200, and a scrape waits behind a few renders at
 * most. They get the same collection anyway (the collector shares one between concurrent callers).
 * Thread-safe. Not API.
 */
final class SharedRenders {
  /** A render queued, with the exchanges that will be sent its page. */
  static final class Group {
    private final String key;
    private final List<Exchange> members = new ArrayList<>();

    Group(String key, Exchange first) {
      this.key = key;
      members.add(first);
    }
  }

  private final Map<String, Group> queued = new HashMap<>();

  /**
   * Joins the queued render of the same page, or queues a new one.
   *
   * @return the new group, which the caller must have rendered; null when the exchange joined one
   */
  synchronized Group enter(String key, Exchange exchange) {
    Group g = queued.get(key);
    if (g != null) {
      g.members.add(exchange);
      return null;
    }
    g = new Group(key, exchange);
    queued.put(key, g);
    return g;
  }

  /** {@return the group's exchanges, now that its render starts: no more join it} */
  synchronized List<Exchange> start(Group g) {
    queued.remove(g.key, g);
    return List.copyOf(g.members);
  }
}
