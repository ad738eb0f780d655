package io.containernetstat.sink.prometheus.internal.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * HTTP basic authentication against bcrypt hashes, as exporter-toolkit checks {@code basic_auth_users};
 * thread-safe.
 *
 * <p>A bcrypt check costs tens of milliseconds of CPU by design (cost 10 is about 70 ms), so it never
 * runs on the server's I/O thread or its request threads: a request whose credentials were not seen
 * before waits for one check on this class's own thread. Outcomes are remembered (keyed by a SHA-256 of
 * user and password, never the password itself; the last {@value #CACHE} of them), so a scraper pays
 * once; concurrent requests with the same credentials share one check; and at most {@value #QUEUE}
 * checks wait, so a flood of wrong passwords is answered "busy" instead of queueing CPU work without
 * bound. An unknown user is checked against a fixed hash, so that timing does not tell which users
 * exist. Not API.
 */
public final class BasicAuth implements Closeable {
  /** What a request's credentials come to. */
  public enum Verdict {
    /** A configured user with the right password. */
    ALLOWED,
    /** No credentials, malformed ones, an unknown user or a wrong password. */
    DENIED,
    /** Too many checks waiting: try again. */
    BUSY
  }

  static final int CACHE = 256;
  static final int QUEUE = 32;
  /** exporter-toolkit's hash of "fakepassword", checked for unknown users. */
  private static final String FAKE = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi";

  private final Map<String, byte[]> users = new HashMap<>();
  private final BCrypt.Verifyer bcrypt = BCrypt.verifyer(null, LongPasswordStrategies.none());
  private final ThreadPoolExecutor checker;
  private final Map<String, Boolean> outcomes = new LinkedHashMap<>(CACHE, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > CACHE;
    }
  };
  private final Map<String, List<Consumer<Verdict>>> pending = new HashMap<>();

  /**
   * @param users bcrypt hashes by user name, already checked
   */
  public BasicAuth(Map<String, String> users) {
    users.forEach((user, hash) -> this.users.put(user, hash.getBytes(StandardCharsets.US_ASCII)));
    checker = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(r, "prometheus-auth");
      t.setDaemon(true);
      return t;
    });
    checker.allowCoreThreadTimeOut(true);
  }

  /** The user and password of an {@code Authorization: Basic} header. */
  private record Credentials(String user, byte[] password, String key) {}

  /**
   * Judges a request's {@code Authorization} header, calling {@code then} with the verdict: at once
   * (on the calling thread) when no bcrypt check is needed, else on this class's thread.
   *
   * @param authorization the header, or null
   * @param then takes the verdict
   */
  public void check(String authorization, Consumer<Verdict> then) {
    Credentials c = parse(authorization);
    if (c == null) {
      then.accept(Verdict.DENIED);
      return;
    }
    Verdict now;
    synchronized (this) {
      Boolean known = outcomes.get(c.key);
      if (known != null) {
        now = known ? Verdict.ALLOWED : Verdict.DENIED;
      } else {
        List<Consumer<Verdict>> waiting = pending.get(c.key);
        if (waiting != null) {
          waiting.add(then);
          return;
        }
        waiting = new ArrayList<>();
        waiting.add(then);
        pending.put(c.key, waiting);
        try {
          checker.execute(() -> verify(c));
          return;
        } catch (RejectedExecutionException e) {
          pending.remove(c.key);
          now = Verdict.BUSY;
        }
      }
    }
    then.accept(now);
  }

  private void verify(Credentials c) {
    byte[] hash = users.get(c.user);
    boolean ok;
    try {
      ok = bcrypt.verify(c.password, hash != null ? hash : FAKE.getBytes(StandardCharsets.US_ASCII)).verified
          && hash != null;
    } catch (RuntimeException e) { // hashes were checked at start; a failure here is a refusal, not a hang
      ok = false;
    }
    List<Consumer<Verdict>> waiting;
    synchronized (this) {
      outcomes.put(c.key, ok);
      waiting = pending.remove(c.key);
    }
    for (Consumer<Verdict> w : waiting) {
      w.accept(ok ? Verdict.ALLOWED : Verdict.DENIED);
    }
  }

  private static Credentials parse(String header) {
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(header.substring(6).trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = -1;
    for (int i = 0; i < decoded.length; i++) {
      if (decoded[i] == ':') {
        colon = i;
        break;
      }
    }
    if (colon < 0) {
      return null;
    }
    String user = new String(decoded, 0, colon, StandardCharsets.UTF_8);
    byte[] password = java.util.Arrays.copyOfRange(decoded, colon + 1, decoded.length);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(decoded, 0, colon);
      sha.update((byte) 0);
      sha.update(password);
      return new Credentials(user, password, Base64.getEncoder().encodeToString(sha.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Stops the check thread; checks waiting are dropped. */
  @Override
  public void close() {
    checker.shutdownNow();
  }
}
