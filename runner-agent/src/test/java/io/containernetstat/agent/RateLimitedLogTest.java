package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class RateLimitedLogTest {
  private final List<String> lines = new ArrayList<>();

  /** A logger that records what reaches {@code warn(String, Object...)} with its arguments filled in. */
  private Logger recording() {
    return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
        (proxy, method, args) -> {
          if (method.getName().equals("warn")) {
            String text = (String) args[0];
            Object[] values = args.length == 2 && args[1] instanceof Object[] ? (Object[]) args[1]
                : java.util.Arrays.copyOfRange(args, 1, args.length);
            for (Object v : values) {
              text = text.replaceFirst("\\{\\}", java.util.regex.Matcher.quoteReplacement(String.valueOf(v)));
            }
            lines.add(text);
          }
          return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
        });
  }

  @Test
  void aKindOfWarningIsLoggedOncePerPeriodWithACountOfWhatWasHeldBack() throws Exception {
    RateLimitedLog log = new RateLimitedLog(recording(), 200_000_000L);
    log.warn("resolver", "docker down");
    log.warn("resolver", "docker down");
    log.warn("resolver", "docker down");
    log.warn("namespace:malformed", "1 failed");
    assertThat(lines).containsExactly("docker down", "1 failed");
    Thread.sleep(250);
    log.warn("resolver", "docker still down");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2)).startsWith("docker still down (2 more like it in the last ");
  }
}
