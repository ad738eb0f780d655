package io.containernetstat.core.internal;

import io.containernetstat.core.Failure;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Which {@link Failure} an exception of a procfs or filesystem read is; stateless. Not API. */
public final class Failures {
  private Failures() {}

  /**
   * {@return {@code MALFORMED} for a {@link ProcFormatException}, the reason of a
   * {@link RefusedFileException}, {@code PERMISSION_DENIED} for an {@link AccessDeniedException},
   * {@code EXITED} for a {@link NoSuchFileException} (the process or mount went away), else
   * {@code READ_ERROR}}
   */
  public static Failure of(Throwable e) {
    if (e instanceof ProcFormatException) {
      return Failure.MALFORMED;
    }
    if (e instanceof RefusedFileException) {
      return ((RefusedFileException) e).reason();
    }
    if (e instanceof AccessDeniedException) {
      return Failure.PERMISSION_DENIED;
    }
    if (e instanceof NoSuchFileException) {
      return Failure.EXITED;
    }
    return Failure.READ_ERROR;
  }

  /**
   * {@return the exception's message and its causes', each once, joined by {@code ": "} on one line (a
   * message-less exception by its class's simple name)}
   */
  public static String describe(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (out.indexOf(m) < 0) {
        out.append(out.length() == 0 ? "" : ": ").append(m);
      }
    }
    return out.toString().replace('\n', ' ');
  }
}
