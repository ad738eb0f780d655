package io.containernetstat.sink.prometheus.internal;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes client_java's text writers (Prometheus text 0.0.4, OpenMetrics 1.0.0) write for the parts of
 * a family, under one name escaping, taken from the writer itself: a family's header lines and sample
 * name, a label set's {@code {...}} block, the end of the page. The per-namespace families are written
 * from these pieces ({@link DirectPage}) and come out byte for byte as the writer would write them;
 * thread-safe. Not API.
 *
 * <p>Each piece is rendered once by the writer, on a family of one data point, and kept: a family's
 * pieces for as long as the agent runs (a bounded set), a label set's by the namespace it labels
 * ({@link DirectRenderer}).
 */
final class TextEncoding {
  /** More encodings than this (writer kinds times escaping schemes, 2 x 4 today) fall back to the writer. */
  static final int MAX = 16;

  private static final ConcurrentHashMap<List<Object>, TextEncoding> ALL = new ConcurrentHashMap<>();

  final int id;
  private final ExpositionFormatWriter writer;
  private final EscapingScheme scheme;
  private final byte[] trailer;
  /** Per family: its header lines, then its sample name (what precedes the label block). */
  private final ConcurrentHashMap<Family, byte[][]> families = new ConcurrentHashMap<>();

  private TextEncoding(int id, ExpositionFormatWriter writer, EscapingScheme scheme) {
    this.id = id;
    this.writer = writer;
    this.scheme = scheme;
    this.trailer = render(writer, scheme, MetricSnapshots.of());
  }

  /**
   * {@return the encoding of a text writer under a scheme, or null when {@code writer} is not one of
   * client_java's text writers (the protobuf format is left to the writer)}
   */
  static TextEncoding of(ExpositionFormatWriter writer, EscapingScheme scheme) {
    if (!(writer instanceof PrometheusTextFormatWriter || writer instanceof OpenMetricsTextFormatWriter)) {
      return null;
    }
    List<Object> key = List.of(writer.getClass(), scheme);
    TextEncoding e = ALL.get(key);
    if (e == null) {
      synchronized (ALL) {
        e = ALL.get(key);
        if (e == null) {
          if (ALL.size() >= MAX) {
            return null;
          }
          e = new TextEncoding(ALL.size(), writer, scheme);
          ALL.put(key, e);
        }
      }
    }
    return e;
  }

  /** {@return what the writer ends a page with: nothing, or OpenMetrics' {@code # EOF}} */
  byte[] trailer() {
    return trailer;
  }

  /** {@return the HELP and TYPE lines (and UNIT, in OpenMetrics) of {@code f}} */
  byte[] header(Family f) {
    return pieces(f)[0];
  }

  /** {@return the name a sample of {@code f} starts with ({@code _total} added to a counter's)} */
  byte[] sampleName(Family f) {
    return pieces(f)[1];
  }

  /** {@return the {@code {name="value",...}} block of {@code labels}, escaped as the writer escapes it} */
  byte[] labels(Labels labels) {
    GaugeSnapshot one = new GaugeSnapshot(new MetricMetadata("x"),
        List.of(new GaugeDataPointSnapshot(0, labels, null)));
    byte[] line = sampleLine(one);
    if (line[0] != 'x') {
      throw new IllegalStateException("unexpected sample line: " + new String(line, java.nio.charset.StandardCharsets.UTF_8));
    }
    return Arrays.copyOfRange(line, 1, line.length - " 0.0\n".length());
  }

  /**
   * Writes families with the writer, as part of a page: without the page's end.
   *
   * @param writer the page's writer (of this encoding's kind)
   * @param run families, in the page's order
   * @param scratch a buffer for the writer's output
   * @param out where the page goes
   */
  void writeRun(ExpositionFormatWriter writer, List<MetricSnapshot> run, Scratch scratch, OutputStream out)
      throws IOException {
    scratch.reset();
    writer.write(scratch, new MetricSnapshots(run), scheme);
    scratch.writeTo(out, trailer);
  }

  private byte[][] pieces(Family f) {
    byte[][] p = families.get(f);
    if (p == null) {
      MetricMetadata metadata = new MetricMetadata(f.name(), f.help());
      MetricSnapshot one = f.counter()
          ? new CounterSnapshot(metadata, List.of(new CounterDataPointSnapshot(0, Labels.EMPTY, null, 0L)))
          : new GaugeSnapshot(metadata, List.of(new GaugeDataPointSnapshot(0, Labels.EMPTY, null)));
      byte[] all = withoutTrailer(render(writer, scheme, MetricSnapshots.of(one)));
      int lineStart = all.length - 1;
      while (lineStart > 0 && all[lineStart - 1] != '\n') {
        lineStart--;
      }
      String end = " 0.0\n";
      p = new byte[][] {Arrays.copyOfRange(all, 0, lineStart),
          Arrays.copyOfRange(all, lineStart, all.length - end.length())};
      families.putIfAbsent(f, p);
    }
    return p;
  }

  private byte[] sampleLine(MetricSnapshot one) {
    byte[] all = withoutTrailer(render(writer, scheme, MetricSnapshots.of(one)));
    int lineStart = all.length - 1;
    while (lineStart > 0 && all[lineStart - 1] != '\n') {
      lineStart--;
    }
    return Arrays.copyOfRange(all, lineStart, all.length);
  }

  private byte[] withoutTrailer(byte[] all) {
    String end = " 0.0\n";
    int n = all.length - trailer.length;
    boolean ok = n >= end.length() && Arrays.equals(all, n, all.length, trailer, 0, trailer.length)
        && Arrays.equals(all, n - end.length(), n, end.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0,
            end.length());
    if (!ok) {
      throw new IllegalStateException("unexpected exposition: " + new String(all, java.nio.charset.StandardCharsets.UTF_8));
    }
    return Arrays.copyOf(all, n);
  }

  private static byte[] render(ExpositionFormatWriter writer, EscapingScheme scheme, MetricSnapshots snapshots) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      writer.write(out, snapshots, scheme);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  /** A reusable buffer whose content can be written without a copy and without the page's end. */
  static final class Scratch extends ByteArrayOutputStream {
    Scratch() {
      super(4096);
    }

    /** Writes the content to {@code out}, less {@code trailer} when it ends with it (as the writer's do). */
    void writeTo(OutputStream out, byte[] trailer) throws IOException {
      int n = count;
      if (n >= trailer.length && Arrays.equals(buf, n - trailer.length, n, trailer, 0, trailer.length)) {
        n -= trailer.length;
      } else {
        throw new IllegalStateException("the writer's output does not end as its empty page does");
      }
      out.write(buf, 0, n);
    }
  }
}
