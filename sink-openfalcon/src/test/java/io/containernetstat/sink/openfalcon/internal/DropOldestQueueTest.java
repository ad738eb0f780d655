package io.containernetstat.sink.openfalcon.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DropOldestQueueTest {

  @Test
  void offerBeyondCapacityEvictsAndReturnsTheOldest() {
    DropOldestQueue<String> q = new DropOldestQueue<>(2);
    assertThat(q.offer("a")).isNull();
    assertThat(q.offer("b")).isNull();
    assertThat(q.offer("c")).isEqualTo("a");
    assertThat(q.offer("d")).isEqualTo("b");
    assertThat(q.snapshot()).containsExactly("c", "d");
    assertThat(q.size()).isEqualTo(2);
  }

  @Test
  void takeWaitsForAnElementAndReturnsNullOnceClosedAndEmpty() throws Exception {
    DropOldestQueue<String> q = new DropOldestQueue<>(4);
    CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> {
      try {
        return q.take();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(50);
    assertThat(taken).isNotDone();
    q.offer("x");
    assertThat(taken.get(5, TimeUnit.SECONDS)).isEqualTo("x");

    q.offer("left");
    q.close();
    assertThat(q.take()).as("what is left is still handed out after close").isEqualTo("left");
    assertThat(q.take()).isNull();
  }

  @Test
  void drainEmptiesTheQueueOldestFirst() {
    DropOldestQueue<Integer> q = new DropOldestQueue<>(3);
    for (int i = 0; i < 5; i++) {
      q.offer(i);
    }
    assertThat(q.drain()).containsExactly(2, 3, 4);
    assertThat(q.size()).isZero();
  }

  @Test
  void capacityBelowOneIsRefused() {
    assertThatThrownBy(() -> new DropOldestQueue<>(0)).hasMessage("capacity < 1: 0");
  }
}
