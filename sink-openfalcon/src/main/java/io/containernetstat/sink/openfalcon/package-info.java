/**
 * Pushes per-network-namespace figures to open-falcon's agent ({@code POST /v1/push}) or to Nightingale
 * ({@code POST /openfalcon/push}), which accept the same JSON.
 *
 * <ul>
 *   <li>{@link io.containernetstat.sink.openfalcon.OpenFalconMapper}: a pure mapping from a
 *       {@link io.containernetstat.core.Snapshot} to {@link io.containernetstat.sink.openfalcon.FalconItem}s;</li>
 *   <li>{@link io.containernetstat.sink.openfalcon.OpenFalconPusher}: batches, queues (never blocking the
 *       caller, dropping the oldest batches when full) and delivers them on one thread;</li>
 *   <li>{@link io.containernetstat.sink.openfalcon.OpenFalconOptions}: the settings of both, in five
 *       validated groups: {@link io.containernetstat.sink.openfalcon.Endpoint},
 *       {@link io.containernetstat.sink.openfalcon.Selection},
 *       {@link io.containernetstat.sink.openfalcon.Batching},
 *       {@link io.containernetstat.sink.openfalcon.Transport} and
 *       {@link io.containernetstat.sink.openfalcon.Retry}.</li>
 * </ul>
 *
 * <p>Metric names and tag rules are listed in this module's {@code README.md}. The package
 * {@code io.containernetstat.sink.openfalcon.internal} is implementation detail, not API.
 */
package io.containernetstat.sink.openfalcon;
