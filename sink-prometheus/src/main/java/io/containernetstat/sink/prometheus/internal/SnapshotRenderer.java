package io.containernetstat.sink.prometheus.internal;

import io.containernetstat.core.Container;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.Counters;
import io.containernetstat.core.LabelSelection;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.Snapshot.HostWide;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsStats;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.Snapshot;
import io.containernetstat.sink.prometheus.BuildInfo;
import io.containernetstat.sink.prometheus.PrometheusOptions;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns a {@link Snapshot} into the client's {@link MetricSnapshots}; thread-safe (its only state is
 * the family cache). Not API: use {@code ContainerNetstatCollector} or {@code PrometheusText}.
 *
 * <p>One series set per network namespace: a pod's containers share one namespace and appear once,
 * labelled by {@link TargetLabels}. Fields absent from a namespace (sockstat6 with IPv6 disabled) give
 * no series, never a 0. Filesystems are per container and mount point, node_exporter's
 * {@code node_filesystem_*} families with the {@code container_} prefix. The namespaces' sockets are
 * {@link SocketFamilies}', under the same labels.
 */
public final class SnapshotRenderer {
  /** Prefix of the agent's own metrics. */
  public static final String AGENT = "container_netstat_agent_";
  /** The agent's build, {@code _info} appended by the client: node_exporter's {@code node_exporter_build_info}. */
  public static final String BUILD_INFO = "container_netstat_build";
  /** Prefix of the host-wide sockstat fields, exported once per host. */
  public static final String HOST_SOCKSTAT = "container_netstat_host_sockstat_";
  /** Prefix of the per-container filesystem families: node_exporter's {@code node_filesystem_}. */
  public static final String FILESYSTEM = "container_filesystem_";

  /** The per-namespace files, in the order their families are filled. */
  private static final ProcNetFile[] FILES = {
      ProcNetFile.SOCKSTAT, ProcNetFile.SOCKSTAT6, ProcNetFile.SNMP, ProcNetFile.SNMP6, ProcNetFile.NETSTAT};

  /** 1 or 0 per namespace, whether it was read. */
  static final Family READ_SUCCESS = new Family(AGENT + "namespace_read_success", false,
      "1 when the network namespace was read in the collection, 0 when reading it failed "
          + "(see container_netstat_agent_errors_total)");

  private final PrometheusOptions options;
  private final FamilyCatalog catalog;
  private final DirectRenderer direct;

  /**
   * Creates a renderer.
   *
   * @param options what to export
   */
  public SnapshotRenderer(PrometheusOptions options) {
    this.options = java.util.Objects.requireNonNull(options, "options == null");
    this.catalog = new FamilyCatalog(options.netstatFields());
    this.direct = new DirectRenderer(catalog, options.hostNetwork(), options.containerLabels(), READ_SUCCESS);
  }

  /**
   * The per-namespace, per-container filesystem and host-wide families of one snapshot, before the
   * agent's own are added.
   */
  public static final class Rendered {
    final List<MetricSnapshot> families;
    final int duplicates;

    Rendered(List<MetricSnapshot> families, int duplicates) {
      this.families = families;
      this.duplicates = duplicates;
    }

    /** {@return namespaces or filesystems left out because their labels repeated an earlier one's} */
    public int duplicates() {
      return duplicates;
    }
  }

  /**
   * Renders the namespaces (their sockets included), the containers' filesystems and the host-wide
   * fields of a snapshot.
   *
   * @param snapshot the collection
   * @return the families, and how many namespaces or filesystems were left out as duplicates
   */
  public Rendered namespaces(Snapshot snapshot) {
    Map<Family, List<GaugeDataPointSnapshot>> gauges = new IdentityHashMap<>();
    Map<Family, List<CounterDataPointSnapshot>> counters = new IdentityHashMap<>();
    List<GaugeDataPointSnapshot> success = new ArrayList<>();
    Set<Labels> seen = new HashSet<>();
    Map<Long, Labels> exported = new HashMap<>();
    int duplicates = 0;
    for (NamespaceSnapshot ns : snapshot.namespaces()) {
      if (ns.target().hostNetwork() && !options.hostNetwork()) {
        continue;
      }
      Labels labels = TargetLabels.of(ns.target(), options.hostNetwork(), options.containerLabels());
      if (!seen.add(labels)) {
        // Two namespaces that cannot be told apart would make the whole scrape fail; keep the first.
        duplicates++;
        continue;
      }
      exported.put(ns.target().netnsInode(), labels);
      success.add(new GaugeDataPointSnapshot(ns.ok() ? 1 : 0, labels, null));
      if (!ns.ok()) {
        continue;
      }
      NetnsStats stats = ns.stats();
      for (ProcNetFile file : FILES) {
        Counters c = stats.file(file).orElse(null);
        if (c != null) {
          addFields(file, c, labels, gauges, counters);
        }
      }
      Counters dev = stats.file(ProcNetFile.DEV).orElse(null);
      if (dev != null) {
        addDevices(catalog, dev, labels, counters);
      }
    }

    List<MetricSnapshot> out = new ArrayList<>(gauges.size() + counters.size() + 8);
    gauges.forEach((f, points) -> out.add(new GaugeSnapshot(new MetricMetadata(f.name(), f.help()), points)));
    counters.forEach((f, points) -> out.add(new CounterSnapshot(new MetricMetadata(f.name(), f.help()), points)));
    out.add(new GaugeSnapshot(new MetricMetadata(READ_SUCCESS.name(), READ_SUCCESS.help()), success));
    return others(snapshot, exported, duplicates, out);
  }

  /**
   * As {@link #namespaces(Snapshot)}, for a page written by {@link Exposition}: the per-namespace
   * families are placeholders, their samples prepared as a {@link DirectPage} attached to {@code scrape}.
   *
   * @param snapshot the collection
   * @param scrape the scrape, which receives the page
   * @return the families, and how many namespaces or filesystems were left out as duplicates
   */
  public Rendered namespaces(Snapshot snapshot, DirectScrape scrape) {
    List<MetricSnapshot> out = new ArrayList<>(64);
    DirectRenderer.Prepared prepared = direct.prepare(snapshot, scrape.encoding(), out);
    scrape.attach(prepared.page());
    return others(snapshot, prepared.exported(), prepared.duplicates(), out);
  }

  /** Adds the sockets', filesystems' and host-wide families to {@code out}. */
  private Rendered others(Snapshot snapshot, Map<Long, Labels> exported, int duplicates, List<MetricSnapshot> out) {
    SocketFamilies.add(snapshot.sockets(), exported, out);
    duplicates += addFilesystems(snapshot, options.containerLabels(), out);
    if (options.hostWide() && snapshot.hostWide() != null) {
      addHostWide(snapshot.hostWide(), out);
    }
    return new Rendered(out, duplicates);
  }

  /**
   * Adds node_exporter's filesystem families, one series per container and mount point. As in
   * node_exporter, a mount whose figures could not be read has {@code device_error} 1 and its
   * {@code readonly}, and no size or inode series (never a 0); a container whose mount table could not
   * be read has none at all (it is counted in {@code container_netstat_agent_errors_total}). The
   * host-network setting does not apply: filesystems are not the network namespace's.
   *
   * @return filesystems left out because their labels repeated an earlier one's
   */
  private static int addFilesystems(Snapshot snapshot, LabelSelection containerLabels, List<MetricSnapshot> out) {
    if (snapshot.filesystems().isEmpty()) {
      return 0;
    }
    List<GaugeDataPointSnapshot> size = new ArrayList<>();
    List<GaugeDataPointSnapshot> free = new ArrayList<>();
    List<GaugeDataPointSnapshot> avail = new ArrayList<>();
    List<GaugeDataPointSnapshot> files = new ArrayList<>();
    List<GaugeDataPointSnapshot> filesFree = new ArrayList<>();
    List<GaugeDataPointSnapshot> readonly = new ArrayList<>();
    List<GaugeDataPointSnapshot> deviceError = new ArrayList<>();
    Set<Labels> seen = new HashSet<>();
    int duplicates = 0;
    for (ContainerFilesystems cf : snapshot.filesystems()) {
      Container c = cf.container();
      for (FilesystemStat fs : cf.filesystems()) {
        Labels labels = TargetLabels.of(c, fs, containerLabels);
        if (!seen.add(labels)) {
          duplicates++;
          continue;
        }
        readonly.add(new GaugeDataPointSnapshot(fs.readOnly() ? 1 : 0, labels, null));
        deviceError.add(new GaugeDataPointSnapshot(fs.error() != null ? 1 : 0, labels, null));
        if (fs.error() != null) {
          continue;
        }
        size.add(new GaugeDataPointSnapshot(fs.sizeBytes(), labels, null));
        free.add(new GaugeDataPointSnapshot(fs.freeBytes(), labels, null));
        avail.add(new GaugeDataPointSnapshot(fs.availBytes(), labels, null));
        files.add(new GaugeDataPointSnapshot(fs.files(), labels, null));
        filesFree.add(new GaugeDataPointSnapshot(fs.filesFree(), labels, null));
      }
    }
    String view = " (statvfs as the container sees it, through /proc/<pid>/root)";
    addGauge(out, FILESYSTEM + "size_bytes", Unit.BYTES, "Filesystem size in bytes" + view, size);
    addGauge(out, FILESYSTEM + "free_bytes", Unit.BYTES,
        "Filesystem free space in bytes, including the space reserved for root" + view, free);
    addGauge(out, FILESYSTEM + "avail_bytes", Unit.BYTES,
        "Filesystem space available to non-root users in bytes" + view, avail);
    addGauge(out, FILESYSTEM + "files", null, "Filesystem total file nodes, 0 when it has no inode limit" + view, files);
    addGauge(out, FILESYSTEM + "files_free", null, "Filesystem total free file nodes" + view, filesFree);
    addGauge(out, FILESYSTEM + "readonly", null,
        "Filesystem read-only status: 1 when the mount or its filesystem is read-only", readonly);
    addGauge(out, FILESYSTEM + "device_error", null,
        "Whether an error occurred while getting statistics for the given device (then it has no size or "
            + "file series; see container_netstat_agent_errors_total{reason=\"filesystem\"})", deviceError);
    return duplicates;
  }

  private static void addGauge(List<MetricSnapshot> out, String name, Unit unit, String help,
      List<GaugeDataPointSnapshot> points) {
    if (!points.isEmpty()) {
      out.add(new GaugeSnapshot(new MetricMetadata(name, help, unit), points));
    }
  }

  private void addFields(ProcNetFile file, Counters c, Labels labels,
      Map<Family, List<GaugeDataPointSnapshot>> gauges, Map<Family, List<CounterDataPointSnapshot>> counters) {
    for (int i = 0, n = c.size(); i < n; i++) {
      Family f = catalog.lookup(file, c.group(i), c.name(i));
      if (!f.exported()) {
        continue;
      }
      double value = c.doubleValue(i);
      if (f.counter()) {
        if (value >= 0) { // only a signed field can be negative, and a counter cannot be
          counters.computeIfAbsent(f, k -> new ArrayList<>())
              .add(new CounterDataPointSnapshot(value, labels, null, 0L));
        }
      } else {
        gauges.computeIfAbsent(f, k -> new ArrayList<>()).add(new GaugeDataPointSnapshot(value, labels, null));
      }
    }
  }

  /** Adds the net/dev counters of one namespace, one series per interface, to {@code counters}. */
  static void addDevices(FamilyCatalog catalog, Counters dev, Labels labels,
      Map<Family, List<CounterDataPointSnapshot>> counters) {
    Map<String, Labels> byDevice = new HashMap<>();
    for (int i = 0, n = dev.size(); i < n; i++) {
      Family f = catalog.lookup(ProcNetFile.DEV, dev.group(i), dev.name(i));
      if (!f.exported()) {
        continue;
      }
      Labels deviceLabels = byDevice.computeIfAbsent(dev.group(i), d -> labels.add("device", d));
      counters.computeIfAbsent(f, k -> new ArrayList<>())
          .add(new CounterDataPointSnapshot(dev.doubleValue(i), deviceLabels, null, 0L));
    }
  }

  private static void addHostWide(HostWide host, List<MetricSnapshot> out) {
    hostGauge(out, "TCP_orphan", host.tcpOrphan(), "sockstat TCP orphan: orphaned TCP sockets of the whole host");
    hostGauge(out, "TCP_alloc", host.tcpAlloc(), "sockstat TCP alloc: allocated TCP sockets of the whole host");
    hostGauge(out, "TCP_mem", host.tcpMemPages(), "sockstat TCP mem: pages used by TCP buffers on the whole host");
    hostGauge(out, "UDP_mem", host.udpMemPages(), "sockstat UDP mem: pages used by UDP buffers on the whole host");
  }

  private static void hostGauge(List<MetricSnapshot> out, String field, OptionalLong value, String help) {
    if (value.isPresent()) {
      out.add(new GaugeSnapshot(new MetricMetadata(HOST_SOCKSTAT + field,
          help + " (the same in every network namespace, so exported once per host)"),
          List.of(new GaugeDataPointSnapshot(unsigned(value.getAsLong()), Labels.EMPTY, null))));
    }
  }

  /**
   * Adds the agent's own families and assembles the result.
   *
   * @param rendered the snapshot's families
   * @param snapshot the snapshot they come from
   * @param totals the totals, already including {@code snapshot}
   * @return every family of the scrape
   */
  public MetricSnapshots assemble(Rendered rendered, Snapshot snapshot, AgentTotals totals) {
    List<MetricSnapshot> out = new ArrayList<>(rendered.families.size() + 12);
    out.addAll(rendered.families);
    out.add(gauge("collection_duration_seconds", Unit.SECONDS,
        "How long the collection took, resolution included", snapshot.durationNanos() / 1e9));
    out.add(gauge("resolve_duration_seconds", Unit.SECONDS,
        "How long finding the containers and their network namespaces took", snapshot.resolveNanos() / 1e9));
    SocketFamilies.addDuration(snapshot, out);
    BuildInfo build = options.buildInfo();
    if (build != null) {
      out.add(new InfoSnapshot(new MetricMetadata(BUILD_INFO,
          "The agent's version, the source revision it was built from, and the Java runtime it runs on"),
          List.of(new InfoDataPointSnapshot(Labels.of("version", build.version(), "revision", build.revision(),
              "java_version", build.javaVersion())))));
    }
    out.add(new InfoSnapshot(new MetricMetadata(AGENT + "resolver",
        "The resolver that found the containers (docker, cgroup, netns, ...)"),
        List.of(new InfoDataPointSnapshot(Labels.of("resolver", snapshot.resolver())))));
    int read = 0;
    int failed = 0;
    for (NamespaceSnapshot ns : snapshot.namespaces()) {
      if (ns.ok()) {
        read++;
      } else {
        failed++;
      }
    }
    out.add(new GaugeSnapshot(new MetricMetadata(AGENT + "namespaces",
        "Network namespaces in the collection, by state (read or failed)"),
        List.of(new GaugeDataPointSnapshot(failed, Labels.of("state", "failed"), null),
            new GaugeDataPointSnapshot(read, Labels.of("state", "read"), null))));
    out.add(gauge("namespaces_not_collected", null,
        "Network namespaces found but not read: the agent's namespace limit (--max-namespaces, by default what"
            + " its heap holds) was reached",
        snapshot.notCollected()));
    out.add(gauge("containers", null, "Containers in the collection's network namespaces",
        snapshot.containerCount()));
    out.add(gauge("resolver_warnings", null,
        "Problems the resolver reported in the collection without failing (see the agent's log)",
        snapshot.warnings().size()));
    out.add(counter("collections", "Collections rendered (scrapes sharing one collection count it once)",
        Labels.EMPTY, totals.collections()));
    out.add(counter("gone", "Containers or namespaces skipped because their process exited during a collection",
        Labels.EMPTY, totals.gone()));
    List<CounterDataPointSnapshot> errors = new ArrayList<>();
    totals.errors().forEach((reason, n) ->
        errors.add(new CounterDataPointSnapshot(n, Labels.of("reason", reason), null, 0L)));
    out.add(new CounterSnapshot(new MetricMetadata(AGENT + "errors",
        "Failures by reason: malformed, not_regular_file, too_large, permission_denied, read_error (a "
            + "namespace), resolver (a whole "
            + "collection), duplicate_labels (a namespace or filesystem whose labels repeated another's), "
            + "filesystem (a container's mount table or one mount), sockets (a namespace's sock_diag dump)"),
        errors));
    Instant last = totals.lastSuccess();
    if (last != null) {
      out.add(gauge("last_collection_timestamp_seconds", Unit.SECONDS,
          "When the last collection whose resolution succeeded started, in seconds since the epoch",
          last.getEpochSecond() + last.getNano() / 1e9));
    }
    return new MetricSnapshots(out);
  }

  private static GaugeSnapshot gauge(String name, Unit unit, String help, double value) {
    return new GaugeSnapshot(new MetricMetadata(AGENT + name, help, unit),
        List.of(new GaugeDataPointSnapshot(value, Labels.EMPTY, null)));
  }

  private static CounterSnapshot counter(String name, String help, Labels labels, double value) {
    return new CounterSnapshot(new MetricMetadata(AGENT + name, help),
        List.of(new CounterDataPointSnapshot(value, labels, null, 0L)));
  }

  /** HostWide keeps raw unsigned longs; same conversion as Counters.doubleValue (sticky low bit, one rounding). */
  private static double unsigned(long v) {
    return v >= 0 ? v : (double) ((v >>> 1) | (v & 1)) * 2.0;
  }
}
