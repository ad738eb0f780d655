package io.containernetstat.agent.log;

import java.io.PrintStream;
import java.util.function.Supplier;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The agent's SLF4J logger: one line per event on stderr, {@code <ISO-8601 UTC time> <LEVEL> <message>},
 * then the stack trace of a throwable if one was given; or, with {@link LogFormat#LOGFMT} and
 * {@link LogFormat#JSON}, one logfmt or JSON line per event, the stack trace a field of it; thread-safe.
 *
 * <p>One event is one line whatever its arguments hold: messages carry container and process names,
 * paths and quoted file content from the host, so the formatted message and every exception message
 * are escaped ({@link TerminalText}); a name with a newline cannot forge a log line, nor a terminal
 * escape sequence drive the terminal reading the log.
 *
 * <p>Why not slf4j-simple: its timestamp goes through {@code SimpleDateFormat}, which loads the JDK's
 * locale, calendar and text machinery (about 330 classes, measured with {@code -Xlog:class+load}) into an
 * agent whose resident memory is budgeted; this logger formats the time by arithmetic.
 */
public final class StderrLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  private final transient Supplier<LogSettings> settings;
  private final transient PrintStream out;

  StderrLogger(String name, Supplier<LogSettings> settings, PrintStream out) {
    this.name = name;
    this.settings = settings;
    this.out = out;
  }

  private boolean enabled(Level level) {
    return level.toInt() >= settings.get().threshold(name).toInt();
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
      Throwable throwable) {
    LogFormat format = settings.get().format();
    long now = System.currentTimeMillis();
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    StringBuilder line = new StringBuilder(128);
    if (format == LogFormat.TEXT) {
      IsoTime.appendUtc(now, line);
      line.append(' ').append(level.name()).append(' ');
      TerminalText.appendEscaped(message, line);
    } else {
      String trace = throwable == null ? null : stackTrace(throwable);
      if (format == LogFormat.JSON) {
        EventLine.json(now, level, name, message, trace, line);
      } else {
        EventLine.logfmt(now, level, name, message, trace, line);
      }
    }
    synchronized (out) {
      out.println(line);
      if (throwable != null && format == LogFormat.TEXT) {
        printStackTrace(throwable, out);
      }
      out.flush();
    }
  }

  /** {@return the JDK's stack trace of a throwable, unescaped: logfmt and JSON escape it as a value} */
  static String stackTrace(Throwable throwable) {
    java.io.StringWriter trace = new java.io.StringWriter();
    throwable.printStackTrace(new java.io.PrintWriter(trace));
    return trace.toString().stripTrailing();
  }

  /**
   * {@link Throwable#printStackTrace()} with each exception's text escaped: its frames come from code,
   * its message may come from the host. Causes follow as {@code Caused by:}, suppressed exceptions as
   * {@code Suppressed:}, each printed once.
   */
  static void printStackTrace(Throwable throwable, PrintStream out) {
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    print(throwable, "", "", seen, out);
  }

  private static void print(Throwable t, String caption, String indent, java.util.Set<Throwable> seen,
      PrintStream out) {
    if (!seen.add(t)) {
      out.println(indent + caption + "[CIRCULAR REFERENCE: " + TerminalText.escape(t.toString()) + "]");
      return;
    }
    out.println(indent + caption + TerminalText.escape(t.toString()));
    for (StackTraceElement frame : t.getStackTrace()) {
      out.println(indent + "\tat " + TerminalText.escape(frame.toString()));
    }
    for (Throwable s : t.getSuppressed()) {
      print(s, "Suppressed: ", indent + "\t", seen, out);
    }
    if (t.getCause() != null) {
      print(t.getCause(), "Caused by: ", indent, seen, out);
    }
  }
}
