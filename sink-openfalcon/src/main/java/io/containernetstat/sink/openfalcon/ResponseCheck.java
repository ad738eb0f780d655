package io.containernetstat.sink.openfalcon;

/**
 * Which replies count as a delivered batch. A non-2xx status is always a failure.
 *
 * <p>The receivers reply differently:
 * <ul>
 *   <li>falcon-agent {@code POST /v1/push}: 200 with the body {@code success} (whatever transfer later
 *       does with the items: invalid ones are dropped silently downstream);</li>
 *   <li>Nightingale {@code POST /openfalcon/push}: 200 with {@code {"succ":n,"fail":m,"msg":"received"}};
 *       {@code fail} items were refused one by one (bad name, bad value) and are counted in
 *       {@link PushStats#itemsRejected()};</li>
 *   <li>falcon transfer {@code POST /api/push}: 200 with {@code {"msg":"success","data":{"Invalid":m,...}}};
 *       {@code Invalid} is counted the same way.</li>
 * </ul>
 */
public enum ResponseCheck {
  /** 2xx and a body that is exactly {@code success} (surrounding whitespace ignored). */
  FALCON_AGENT,
  /** 2xx and a JSON object with a numeric {@code succ}. */
  NIGHTINGALE,
  /** 2xx and a JSON object with {@code "msg":"success"}. */
  FALCON_TRANSFER,
  /** 2xx and any of the bodies above: the default, so one setting fits every receiver. */
  ANY
}
