package io.containernetstat.sink.openfalcon.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded FIFO queue whose {@link #offer} never blocks: when full it evicts the oldest element and
 * hands it back so the caller can count it. Thread-safe. Not API.
 *
 * <p>Dropping the oldest rather than the newest suits metrics: falcon keeps only the first point per step
 * and drops points older than the last one stored, so the newest figures are the ones worth delivering.
 *
 * @param <T> the element type
 */
public final class DropOldestQueue<T> {
  private final ArrayDeque<T> elements;
  private int capacity;
  private boolean closed;

  /**
   * Creates an empty queue.
   *
   * @param capacity the most elements held, at least 1
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public DropOldestQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity < 1: " + capacity);
    }
    this.capacity = capacity;
    this.elements = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  /**
   * Appends an element without blocking.
   *
   * @param element the element
   * @return the oldest element, evicted to make room, or null when there was room
   */
  public synchronized T offer(T element) {
    T evicted = elements.size() == capacity ? elements.pollFirst() : null;
    elements.addLast(element);
    notifyAll();
    return evicted;
  }

  /**
   * Raises the capacity to at least {@code atLeast}; never lowers it.
   *
   * @param atLeast the capacity wanted
   */
  public synchronized void ensureCapacity(int atLeast) {
    capacity = Math.max(capacity, atLeast);
  }

  /** {@return the most elements held now} */
  public synchronized int capacity() {
    return capacity;
  }

  /**
   * Takes the oldest element, waiting for one while the queue is open.
   *
   * @return the element, or null once the queue is closed and empty
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public synchronized T take() throws InterruptedException {
    while (elements.isEmpty() && !closed) {
      wait();
    }
    return elements.pollFirst();
  }

  /** Closes the queue: {@link #take()} then returns what is left, and null once it is empty. */
  public synchronized void close() {
    closed = true;
    notifyAll();
  }

  /** {@return every element left, oldest first; the queue is empty afterwards} */
  public synchronized List<T> drain() {
    List<T> out = new ArrayList<>(elements);
    elements.clear();
    return out;
  }

  /** {@return the elements held now, oldest first} */
  public synchronized List<T> snapshot() {
    return new ArrayList<>(elements);
  }

  /** {@return the number of elements held} */
  public synchronized int size() {
    return elements.size();
  }
}
