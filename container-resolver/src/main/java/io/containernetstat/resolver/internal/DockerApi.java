package io.containernetstat.resolver.internal;

import java.util.List;
import java.util.Map;

/**
 * The few Docker Engine API calls the Docker resolver makes, in this library's own types so that no
 * docker-java type reaches the public API. Every call returns or fails within the implementation's
 * call timeout. Called by one thread at a time, except the event listener, which runs on the events
 * stream's own thread. Not API.
 */
public interface DockerApi extends AutoCloseable {

  /** A running container as the list call gives it; immutable. */
  record Summary(String id, String name, String image, Map<String, String> labels, String networkMode) {
    /** Copies the labels. */
    public Summary {
      labels = Map.copyOf(labels);
    }
  }

  /**
   * A container as inspect gives it; immutable.
   *
   * @param running whether it runs now
   * @param pid its main process in the daemon's PID namespace, 0 when not running
   * @param startedAt when it last started, as the daemon writes it
   */
  record Details(String id, String name, String image, Map<String, String> labels, String networkMode,
      boolean running, long pid, String startedAt) {
    /** Copies the labels. */
    public Details {
      labels = Map.copyOf(labels);
    }
  }

  /** Receives the events stream's news, on the stream's own thread. */
  interface EventListener {
    /** The daemon accepted the subscription: events from now on will arrive. */
    void started();

    /**
     * A container event.
     *
     * @param action {@code start}, {@code die}, {@code destroy}, ...
     * @param id the container id
     */
    void event(String action, String id);

    /**
     * The stream ended or failed; no more events will arrive.
     *
     * @param reason why, for logs
     */
    void failed(String reason);
  }

  /** {@return the daemon's address, for messages} */
  String host();

  /**
   * Checks that the daemon answers.
   *
   * @throws DockerCallException if it does not, within the timeout
   */
  void ping() throws DockerCallException;

  /**
   * Lists the running containers.
   *
   * @return the containers
   * @throws DockerCallException if the daemon does not answer within the timeout, or fails
   */
  List<Summary> listRunning() throws DockerCallException;

  /**
   * Inspects one container.
   *
   * @param id the container id
   * @return the details, or null when there is no such container any more
   * @throws DockerCallException if the daemon does not answer within the timeout, or fails
   */
  Details inspect(String id) throws DockerCallException;

  /**
   * Starts following container events on a connection of its own; returns at once. A previous stream
   * is closed first.
   *
   * @param listener receives the events
   * @throws DockerCallException if the stream cannot even be requested
   */
  void watchEvents(EventListener listener) throws DockerCallException;

  /** Closes the connections and threads; calls in flight are abandoned. */
  @Override
  void close();
}
