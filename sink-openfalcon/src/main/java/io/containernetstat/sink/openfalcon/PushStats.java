package io.containernetstat.sink.openfalcon;

import java.time.Instant;

/**
 * What an {@link OpenFalconPusher} has done since it started, for self-metrics; immutable. Counters only
 * grow. Every submitted item ends up in exactly one of sent, failed and dropped, or is still queued or in
 * flight.
 *
 * @param itemsSent items in batches the receiver took
 * @param batchesSent batches the receiver took
 * @param itemsFailed items in batches given up on (attempts exhausted, or a reply that no retry would fix)
 * @param batchesFailed batches given up on
 * @param itemsDropped items never delivered because the queue was full (oldest dropped), the pusher was
 *     closing and its time ran out, or they were submitted after {@link OpenFalconPusher#close()}
 * @param batchesDropped batches dropped for the same reasons
 * @param retries attempts beyond the first of each batch
 * @param itemsRejected items that a receiver which took the batch reported refusing one by one
 *     (Nightingale's {@code fail}, transfer's {@code Invalid}; falcon-agent never reports them); also in
 *     {@code itemsSent}
 * @param queuedBatches batches waiting now (the one in flight not included)
 * @param queuedItems items in those batches
 * @param lastError the last failure or refusal, null if none yet
 * @param lastErrorTime when it happened, null if none yet
 * @param lastSuccessTime when a batch was last delivered, null if never
 */
public record PushStats(
    long itemsSent,
    long batchesSent,
    long itemsFailed,
    long batchesFailed,
    long itemsDropped,
    long batchesDropped,
    long retries,
    long itemsRejected,
    int queuedBatches,
    int queuedItems,
    String lastError,
    Instant lastErrorTime,
    Instant lastSuccessTime) {}
