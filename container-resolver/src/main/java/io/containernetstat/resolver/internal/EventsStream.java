package io.containernetstat.resolver.internal;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.Closeable;
import java.io.IOException;

/**
 * Docker's events stream, on a client of its own (an idle stream must not be cut by a response
 * timeout), read on the worker thread that runs it: each container event goes to the listener as it
 * arrives. Closing it closes the answer and the client, which ends the read; a stream closed on purpose
 * reports nothing more. Not API.
 */
final class EventsStream implements Runnable, Closeable {
  /** Container events only: {@code filters={"type":["container"]}}. */
  static final String PATH = "/events?filters=%7B%22type%22%3A%5B%22container%22%5D%7D";

  private final DockerHttpClient client;
  private final DockerApi.EventListener listener;
  private volatile boolean closed;
  private volatile DockerHttpClient.Response response;

  /**
   * Creates the stream; nothing is requested until it runs.
   *
   * @param client the stream's own client, closed with the stream
   * @param listener receives the events, on the thread that runs the stream
   */
  EventsStream(DockerHttpClient client, DockerApi.EventListener listener) {
    this.client = client;
    this.listener = listener;
  }

  @Override
  public void run() {
    try (DockerHttpClient.Response r = client.execute(DockerJavaApi.get(PATH))) {
      response = r;
      if (closed) {
        return;
      }
      if (r.getStatusCode() != 200) {
        listener.failed(DockerJavaApi.statusError(r).getMessage());
        return;
      }
      listener.started();
      try (DockerJson.EventReader events = DockerJson.events(r.getBody())) {
        for (DockerJson.Event e = events.next(); e != null && !closed; e = events.next()) {
          if (e.id() != null) {
            listener.event(e.action() == null ? "" : e.action(), e.id());
          }
        }
      }
      if (!closed) {
        listener.failed("the daemon ended the events stream");
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        listener.failed(DockerJavaApi.describe(e));
      }
    } finally {
      DockerJavaApi.closeQuietly(client);
    }
  }

  /** Ends the stream: the read in progress fails, quietly. */
  @Override
  public void close() {
    closed = true;
    DockerHttpClient.Response r = response;
    if (r != null) {
      DockerJavaApi.closeQuietly(r);
    }
    DockerJavaApi.closeQuietly(client);
  }
}
