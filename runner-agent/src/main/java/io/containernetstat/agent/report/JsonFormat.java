package io.containernetstat.agent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.Counters;
import io.containernetstat.core.LabelSelection;
import io.containernetstat.core.Snapshot.HostWide;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsStats;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.NetnsStats.Summary;
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.core.sockets.SocketStats;
import io.containernetstat.core.sockets.TcpState;
import io.containernetstat.core.sockets.UdpStats;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code --once --format json}: a {@link Report} as one JSON object. Stateless.
 *
 * <pre>
 * {"host": "node-1", "timestamp": 1764193800000, "resolver": "docker", "durationMicros": 2410, "notCollected": 0,
 *  "hostWide": {"tcpOrphan": 0, "tcpAlloc": 10, "tcpMemPages": 1, "udpMemPages": 0},
 *  "namespaces": [{"netns": 4026532177, "pid": 2917, "hostNetwork": false, "pod": null,
 *    "containers": [...], "summary": {"tcpEstablished": 6, ...},
 *    "sockstat": {"sockets": {"used": 12}, "TCP": {"inuse": 5, ...}, ...}, "snmp": {...}}]}
 * </pre>
 *
 * <p>Raw maps carry every field as the kernel named and printed it (unsigned 64-bit values stay exact;
 * {@code Tcp MaxConn} stays -1); a file that was not requested or does not exist has no key. A figure
 * of our own that is absent (its file was not read) is {@code null}, never 0. A namespace that failed
 * has {@code error} instead of figures. {@code notCollected} counts the namespaces found but not read
 * because the namespace limit ({@code --max-namespaces}) was reached.
 *
 * <p>Each container object has {@code filesystems} (one object per mount: {@code mountPoint},
 * {@code fsType}, {@code source}, {@code device}, {@code readOnly}, then the figures, or {@code error}
 * instead of them for a mount that failed), or {@code filesystemsError} when its mount table could not
 * be read; neither key when its filesystems were not measured (a pod's sandbox, {@code --no-filesystems}).
 *
 * <p>With {@code --sockets}, the top level has {@code socketsMicros} (the time the dumps took) and each
 * namespace dumped has {@code sockets}:
 *
 * <pre>
 * "sockets": {"tcpStates": {"established": 4, ..., "close_wait": 3, ...},
 *   "udpStates": {"listen": 2, "dropped": 5, "rxqueued": 768, "txqueued": 512},
 *   "listenerCount": 4, "listeners": [{"address": "0.0.0.0", "port": 8080, "queue": 3, "limit": 5}, ...],
 *   "listenersLeftOut": {"count": 1, "queue": 2, "limit": 10}, "establishedHash": "shared", "error": null}
 * </pre>
 *
 * {@code tcpStates} and {@code udpStates} only with {@code --sockets states}; {@code listeners} at most
 * {@code --listen-ports}, lowest ports first, the rest in {@code listenersLeftOut}. A namespace whose dump
 * failed has {@code "sockets": {"error": "..."}} only.
 *
 * <p>With {@code --container-labels}, each container object has {@code labels}: the selected runtime
 * labels under their own keys ({@code {"com.example.team": "shop"}}), as many and as long as the sinks
 * export them ({@link LabelSelection}); without it, no such key.
 */
public final class JsonFormat implements ReportFormat {
  /** The raw maps in the documented order. */
  private static final ProcNetFile[] FILES = {
      ProcNetFile.SOCKSTAT, ProcNetFile.SOCKSTAT6, ProcNetFile.SNMP, ProcNetFile.NETSTAT, ProcNetFile.SNMP6,
      ProcNetFile.DEV};

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();

  private final LabelSelection containerLabels;

  /** A format without container labels. */
  public JsonFormat() {
    this(LabelSelection.none());
  }

  /** @param containerLabels the runtime labels each container object lists, or none for no {@code labels} key */
  public JsonFormat(LabelSelection containerLabels) {
    this.containerLabels = java.util.Objects.requireNonNull(containerLabels, "containerLabels == null");
  }

  /** Writes the report and a final newline; leaves {@code out} open. */
  @Override
  public void write(Report report, PrintStream out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.setPrettyPrinter(prettyPrinter());
      write(report, g);
    }
    out.write('\n');
    out.flush();
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    return new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
  }

  private void write(Report report, JsonGenerator g) throws IOException {
    Snapshot s = report.snapshot();
    g.writeStartObject();
    g.writeStringField("host", report.host());
    g.writeNumberField("timestamp", s.timestamp().toEpochMilli());
    g.writeStringField("resolver", s.resolver());
    g.writeNumberField("durationMicros", s.durationNanos() / 1000);
    g.writeNumberField("notCollected", s.notCollected());
    CycleStats cycles = report.cycles();
    if (cycles != null) {
      g.writeObjectFieldStart("cycleMicros");
      g.writeNumberField("median", cycles.medianNanos() / 1000);
      g.writeNumberField("min", cycles.minNanos() / 1000);
      g.writeNumberField("max", cycles.maxNanos() / 1000);
      g.writeNumberField("count", cycles.count());
      g.writeEndObject();
    }
    if (!s.sockets().isEmpty() || s.socketNanos() > 0) {
      g.writeNumberField("socketsMicros", s.socketNanos() / 1000);
    }
    writeHostWide(s.hostWide(), g);
    Map<Long, NamespaceSockets> sockets = report.socketsByNetns();
    Map<String, ContainerFilesystems> filesystems = new HashMap<>();
    for (ContainerFilesystems c : s.filesystems()) {
      filesystems.put(c.container().id(), c);
    }
    g.writeArrayFieldStart("namespaces");
    for (NamespaceSnapshot ns : report.namespaces()) {
      writeNamespace(ns, filesystems, sockets.get(ns.target().netnsInode()), g);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeHostWide(HostWide hostWide, JsonGenerator g) throws IOException {
    writeObject(g, "hostWide", hostWide, h -> {
      writeOptional(g, "tcpOrphan", h.tcpOrphan());
      writeOptional(g, "tcpAlloc", h.tcpAlloc());
      writeOptional(g, "tcpMemPages", h.tcpMemPages());
      writeOptional(g, "udpMemPages", h.udpMemPages());
    });
  }

  private void writeNamespace(NamespaceSnapshot ns, Map<String, ContainerFilesystems> filesystems,
      NamespaceSockets sockets, JsonGenerator g) throws IOException {
    NetnsTarget target = ns.target();
    g.writeStartObject();
    g.writeNumberField("netns", target.netnsInode());
    g.writeNumberField("pid", target.pid());
    g.writeBooleanField("hostNetwork", target.hostNetwork());
    writePod(target.pod(), g);
    writeArray(g, "containers", target.containers(), c -> {
      g.writeStringField("id", c.id());
      g.writeStringField("name", c.name());
      g.writeStringField("image", c.image());
      g.writeStringField("runtime", c.runtime());
      g.writeNumberField("pid", c.pid());
      g.writeStringField("podContainer", c.podContainer());
      if (containerLabels.enabled()) {
        g.writeObjectFieldStart("labels");
        for (LabelSelection.Label l : containerLabels.select(c)) {
          g.writeStringField(l.key(), l.value());
        }
        g.writeEndObject();
      }
      writeFilesystems(filesystems.get(c.id()), g);
    });
    NetnsStats stats = ns.stats();
    if (stats != null) {
      writeSummary(stats.summary(), g);
      for (ProcNetFile file : FILES) {
        if (stats.file(file).isPresent()) {
          writeCounters(file.fileName(), stats.file(file).get(), g);
        }
      }
    } else {
      g.writeStringField("error", ns.error());
    }
    if (sockets != null) {
      writeSockets(sockets, g);
    }
    g.writeEndObject();
  }

  private static void writeSockets(NamespaceSockets sockets, JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("sockets");
    SocketStats stats = sockets.stats();
    if (stats != null) {
      if (stats.hasStates()) {
        g.writeObjectFieldStart("tcpStates");
        for (TcpState state : TcpState.values()) {
          g.writeNumberField(state.label(), stats.tcp(state));
        }
        g.writeEndObject();
      }
      if (stats.udp().isPresent()) {
        UdpStats udp = stats.udp().get();
        g.writeObjectFieldStart("udpStates");
        g.writeNumberField("listen", udp.listen());
        g.writeNumberField("dropped", udp.dropped());
        g.writeNumberField("rxqueued", udp.rxQueued());
        g.writeNumberField("txqueued", udp.txQueued());
        g.writeEndObject();
      }
      g.writeNumberField("listenerCount", stats.listenerCount());
      writeArray(g, "listeners", stats.listeners(), l -> {
        g.writeStringField("address", l.address());
        g.writeNumberField("port", l.port());
        g.writeNumberField("queue", l.queue());
        g.writeNumberField("limit", l.limit());
      });
      g.writeObjectFieldStart("listenersLeftOut");
      g.writeNumberField("count", stats.leftOut().count());
      g.writeNumberField("queue", stats.leftOut().queue());
      g.writeNumberField("limit", stats.leftOut().limit());
      g.writeEndObject();
      g.writeStringField("establishedHash", stats.establishedHash().label());
    }
    g.writeStringField("error", sockets.error());
    g.writeEndObject();
  }

  /** Nothing when the container's filesystems were not measured. */
  private static void writeFilesystems(ContainerFilesystems c, JsonGenerator g) throws IOException {
    if (c == null) {
      return;
    }
    if (c.error() != null) {
      g.writeStringField("filesystemsError", c.error());
      return;
    }
    writeArray(g, "filesystems", c.filesystems(), fs -> {
      g.writeStringField("mountPoint", fs.mountPoint());
      g.writeStringField("fsType", fs.fsType());
      g.writeStringField("source", fs.source());
      g.writeStringField("device", fs.device());
      g.writeBooleanField("readOnly", fs.readOnly());
      if (fs.error() != null) {
        g.writeStringField("error", fs.error());
      } else {
        g.writeNumberField("sizeBytes", fs.sizeBytes());
        g.writeNumberField("freeBytes", fs.freeBytes());
        g.writeNumberField("availBytes", fs.availBytes());
        g.writeNumberField("files", fs.files());
        g.writeNumberField("filesFree", fs.filesFree());
      }
    });
  }

  private static void writePod(Pod pod, JsonGenerator g) throws IOException {
    writeObject(g, "pod", pod, p -> {
      g.writeStringField("namespace", p.namespace());
      g.writeStringField("name", p.name());
      g.writeStringField("uid", p.uid());
    });
  }

  private static void writeSummary(Summary summary, JsonGenerator g) throws IOException {
    writeObject(g, "summary", summary, m -> {
      writeOptional(g, "tcpEstablished", m.tcpEstablished());
      writeOptional(g, "tcpInuse", m.tcpInuse());
      writeOptional(g, "tcpTimewait", m.tcpTimewait());
      writeOptional(g, "udpInuse", m.udpInuse());
      writeOptional(g, "socketsUsed", m.socketsUsed());
    });
  }

  /** The fields of one object. */
  private interface Fields<T> {
    void write(T value) throws IOException;
  }

  /** {@code "name": {fields}}, or {@code "name": null} for a null value. */
  private static <T> void writeObject(JsonGenerator g, String name, T value, Fields<T> fields) throws IOException {
    if (value == null) {
      g.writeNullField(name);
      return;
    }
    g.writeObjectFieldStart(name);
    fields.write(value);
    g.writeEndObject();
  }

  /** {@code "name": [{fields}, ...]}: one object per value. */
  private static <T> void writeArray(JsonGenerator g, String name, List<T> values, Fields<T> fields)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (T value : values) {
      g.writeStartObject();
      fields.write(value);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** One object per group ({@code TCP}, {@code Tcp}, an interface), fields in the file's order. */
  private static void writeCounters(String key, Counters counters, JsonGenerator g) throws IOException {
    Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
    for (int i = 0; i < counters.size(); i++) {
      byGroup.computeIfAbsent(counters.group(i), k -> new ArrayList<>()).add(i);
    }
    g.writeObjectFieldStart(key);
    for (Map.Entry<String, List<Integer>> group : byGroup.entrySet()) {
      g.writeObjectFieldStart(group.getKey());
      for (int i : group.getValue()) {
        g.writeFieldName(counters.name(i));
        g.writeNumber(counters.format(i));
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeOptional(JsonGenerator g, String name, OptionalLong value) throws IOException {
    if (value.isPresent()) {
      g.writeNumberField(name, value.getAsLong());
    } else {
      g.writeNullField(name);
    }
  }
}
