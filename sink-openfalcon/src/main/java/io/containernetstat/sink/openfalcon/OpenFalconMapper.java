package io.containernetstat.sink.openfalcon;

import io.containernetstat.core.Container;
import io.containernetstat.core.filesystem.ContainerFilesystems;
import io.containernetstat.core.Counters;
import io.containernetstat.core.filesystem.ContainerFilesystems.FilesystemStat;
import io.containernetstat.core.Snapshot.HostWide;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.LabelSelection;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.NetnsStats.Summary;
import io.containernetstat.core.sockets.NamespaceSockets;
import io.containernetstat.core.sockets.TcpState;
import io.containernetstat.sink.openfalcon.internal.FieldSelection;
import io.containernetstat.sink.openfalcon.internal.NamespaceTagsCache;
import io.containernetstat.sink.openfalcon.internal.SocketItems;
import io.containernetstat.sink.openfalcon.internal.Tags;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Maps a {@link Snapshot} to open-falcon items; thread-safe and pure (the same snapshot and options
 * always give the same items, in the same order).
 *
 * <p>One item set per network namespace, never one per container: a pod's containers share its
 * namespace, so its figures appear once, tagged by the pod. Namespaces whose read failed push nothing
 * (their absence is visible in the runner's self-metrics). For each namespace that was read, in order:
 * <ul>
 *   <li>the summary, as GAUGEs, under falcon-agent's {@code ss.*} names:
 *       {@value #ESTAB} (snmp {@code Tcp CurrEstab}), {@value #TIMEWAIT} (sockstat {@code TCP tw}),
 *       {@value #TCP_INUSE} ({@code TCP inuse} + {@code TCP6 inuse}), {@value #UDP_INUSE}
 *       ({@code UDP inuse} + {@code UDP6 inuse}), {@value #SOCKETS_USED} ({@code sockets used}); a figure
 *       whose file was not read is absent, not zero;</li>
 *   <li>the selected snmp, snmp6 and netstat fields, in file order, as
 *       {@code container.<Group>.<Field>}: {@code container.Tcp.RetransSegs},
 *       {@code container.TcpExt.ListenOverflows}, {@code container.Ip6.InOctets}; GAUGE for states
 *       ({@code Tcp CurrEstab}, {@code Ip Forwarding}, {@code Ip DefaultTTL}, {@code Tcp Rto*},
 *       {@code Tcp MaxConn}), COUNTER for every other (monotonic) field.</li>
 * </ul>
 *
 * <p>Tags: {@code namespace=<ns>,pod=<pod>} for a pod; {@code container=<name>,id=<12 hex>,image=<image>}
 * for a plain container (its {@link NetnsTarget#representative()}: the namespace owner, else the first
 * container); {@code netns=host} for the host's own namespace (pushed only when
 * {@link Selection#includeHostNetwork()} is on); {@code netns=<inode>} for a namespace without
 * containers. Values are sanitised to {@code [a-zA-Z0-9_-]}; metric plus tags never exceed 255 characters
 * (see {@link #TAG_BUDGET}). With {@link Selection#containerLabels()} the representative container's selected
 * runtime labels follow as {@code container_label_<name>=<value>} (a filesystem's items: its container's),
 * the first tags dropped when over budget.
 *
 * <p>The host-wide sockstat fields ({@code orphan}, {@code alloc}, {@code mem}) are never pushed per
 * namespace; with {@link Selection#hostWide()} they are pushed once, without tags, as
 * {@value #HOST_TCP_ORPHAN}, {@value #HOST_TCP_ALLOC}, {@value #HOST_TCP_MEM}, {@value #HOST_UDP_MEM}
 * (GAUGE; mem in pages).
 *
 * <p>Sockets ({@link Snapshot#sockets()}, when the collector dumps them with sock_diag) follow, per
 * namespace, with the namespace's tags and the same host-network rule; all GAUGE, in this order:
 * <ul>
 *   <li>with a states dump ({@link io.containernetstat.core.sockets.SocketStats#hasStates()}) only:
 *       {@value #TCP_STATE}{@code <state>} for every {@link TcpState} ({@link #tcpStateMetric}, for example
 *       {@code container.tcp.state.close_wait}), then {@value #UDP_LISTEN}, {@value #UDP_DROPPED},
 *       {@value #UDP_RXQUEUED}, {@value #UDP_TXQUEUED};</li>
 *   <li>{@value #LISTENERS} (every TCP listener, kept or left out) and {@value #LISTENERS_LEFT_OUT};</li>
 *   <li>{@value #LISTEN_QUEUE} and {@value #LISTEN_LIMIT} per kept listening port, tagged
 *       {@code port=<port>} before the namespace's tags, plus {@code address=<address>} (sanitised:
 *       {@code 0.0.0.0} reads {@code 0_0_0_0}, {@code ::} reads {@code __}) only when the port has two or
 *       more addresses; listeners of one port and address ({@code SO_REUSEPORT}) summed; then one pair
 *       tagged {@code port=}{@value #OTHER_PORTS} with the listeners left out, summed, when any were;</li>
 *   <li>{@value #EHASH_OWN}: 1 when the namespace has an established hash of its own, 0 when it shares
 *       the host's, absent when unknown.</li>
 * </ul>
 * A namespace whose dump failed pushes no socket items (the runner counts it under reason
 * {@code sockets}). The field selection ({@link Selection#fields()}) does not apply: it picks kernel
 * MIB fields, and which socket figures exist is the collector's choice ({@code --sockets}).
 *
 * <p>Filesystems ({@link Snapshot#filesystems()}) are per container, not per namespace: after the
 * namespaces, each filesystem of each container is pushed under falcon-agent's {@code df.*} names
 * ({@link #filesystemItems}), tagged {@code mount=<mount point>,fstype=<type>} and the container's tags
 * ({@link #containerTags}); the host-network setting does not apply to them.
 *
 * <p>The agent's own items ({@link #agentItems}) are separate: {@link OpenFalconPusher#submit(Snapshot)}
 * pushes them after these.
 */
public final class OpenFalconMapper {
  /** Prefix of every metric name. */
  public static final String PREFIX = "container.";
  /** snmp {@code Tcp CurrEstab}: established (and, on recent kernels, CLOSE_WAIT) sockets. */
  public static final String ESTAB = "container.ss.estab";
  /** sockstat {@code TCP tw}: sockets in TIME_WAIT. */
  public static final String TIMEWAIT = "container.ss.timewait";
  /** sockstat {@code TCP inuse} plus sockstat6 {@code TCP6 inuse}: TCP sockets in use (TIME_WAIT excluded). */
  public static final String TCP_INUSE = "container.ss.tcp.inuse";
  /** sockstat {@code UDP inuse} plus sockstat6 {@code UDP6 inuse}. */
  public static final String UDP_INUSE = "container.ss.udp.inuse";
  /** sockstat {@code sockets used}: every socket of the namespace, any family ({@code ss -s} "Total"). */
  public static final String SOCKETS_USED = "container.ss.sockets.used";
  /** sockstat {@code TCP orphan}, host-wide. */
  public static final String HOST_TCP_ORPHAN = "container.host.tcp.orphan";
  /** sockstat {@code TCP alloc}, host-wide. */
  public static final String HOST_TCP_ALLOC = "container.host.tcp.alloc";
  /** sockstat {@code TCP mem}, host-wide, in pages. */
  public static final String HOST_TCP_MEM = "container.host.tcp.mem";
  /** sockstat {@code UDP mem}, host-wide, in pages. */
  public static final String HOST_UDP_MEM = "container.host.udp.mem";
  /** Filesystem size in bytes ({@code f_blocks * f_frsize}), as falcon-agent's {@code df.bytes.total}. */
  public static final String DF_BYTES_TOTAL = "container.df.bytes.total";
  /** Used bytes, {@code (f_blocks - f_bfree) * f_frsize}. */
  public static final String DF_BYTES_USED = "container.df.bytes.used";
  /** Bytes available to unprivileged users, {@code f_bavail * f_frsize} (falcon-agent's "free"). */
  public static final String DF_BYTES_FREE = "container.df.bytes.free";
  /** {@code used * 100 / (used + free)} rounded up, as {@code df}'s Use%. */
  public static final String DF_BYTES_USED_PERCENT = "container.df.bytes.used.percent";
  /** {@code 100 - used.percent}. */
  public static final String DF_BYTES_FREE_PERCENT = "container.df.bytes.free.percent";
  /** Inodes, {@code f_files}. */
  public static final String DF_INODES_TOTAL = "container.df.inodes.total";
  /** Used inodes, {@code f_files - f_ffree}. */
  public static final String DF_INODES_USED = "container.df.inodes.used";
  /** Free inodes, {@code f_ffree}. */
  public static final String DF_INODES_FREE = "container.df.inodes.free";
  /** {@code used * 100 / total} rounded up, as {@code df -i}'s IUse%. */
  public static final String DF_INODES_USED_PERCENT = "container.df.inodes.used.percent";
  /** {@code 100 - inodes.used.percent}. */
  public static final String DF_INODES_FREE_PERCENT = "container.df.inodes.free.percent";

  /** Prefix of the TCP sockets by state: {@value}{@code <state>} ({@link TcpState#label()}), GAUGE. */
  public static final String TCP_STATE = "container.tcp.state.";
  /** Unconnected UDP sockets (cAdvisor's {@code udp_state="listen"}), IPv4 and IPv6. */
  public static final String UDP_LISTEN = "container.udp.state.listen";
  /** Datagrams dropped by the UDP sockets open now, summed ({@code SK_MEMINFO_DROPS}); may go down. */
  public static final String UDP_DROPPED = "container.udp.state.dropped";
  /** Bytes waiting to be read on the UDP sockets, summed. */
  public static final String UDP_RXQUEUED = "container.udp.state.rxqueued";
  /** Bytes waiting to be sent on the UDP sockets, summed. */
  public static final String UDP_TXQUEUED = "container.udp.state.txqueued";
  /** Connections waiting to be accepted on a listening port ({@code idiag_rqueue}). */
  public static final String LISTEN_QUEUE = "container.tcp.listen.queue";
  /** The accept queue's limit of a listening port, the effective backlog ({@code idiag_wqueue}). */
  public static final String LISTEN_LIMIT = "container.tcp.listen.limit";
  /** The namespace's TCP listeners, those kept one by one and those left out. */
  public static final String LISTENERS = "container.tcp.listeners";
  /** The TCP listeners beyond the per-namespace limit, summed under {@code port=}{@value #OTHER_PORTS}. */
  public static final String LISTENERS_LEFT_OUT = "container.tcp.listeners.left_out";
  /** 1 when the namespace has a TCP established hash of its own, 0 when it shares the host's. */
  public static final String EHASH_OWN = "container.tcp.ehash.own";
  /** The {@code port} tag's value on the listen items of the listeners left out. */
  public static final String OTHER_PORTS = "other";

  /**
   * How long dumping the sockets took in this collection, in milliseconds rounded up, GAUGE, without
   * tags; pushed only when sockets are dumped.
   */
  public static final String AGENT_SOCKETS_DURATION = "container.agent.sockets.duration.ms";

  /**
   * Network namespaces found but not read because the agent's namespace limit was reached
   * ({@link Snapshot#notCollected()}), GAUGE, without tags.
   */
  public static final String AGENT_NOT_COLLECTED = "container.agent.namespaces.not_collected";

  /** The tags of the host's own namespace. */
  public static final String HOST_NETNS_TAGS = "netns=host";

  /** Longest metric name pushed; a selected field with a longer name is skipped (no kernel field comes close). */
  public static final int MAX_METRIC_LENGTH = 96;
  /**
   * Longest tags string: {@code 255 - }{@link #MAX_METRIC_LENGTH}. One budget for every metric, so a
   * namespace's tags are the same on all its items. Beyond it the {@code image} tag is dropped first, then
   * the longest value is cut and ends with {@code -} and 8 hex digits of its CRC-32, so long names stay
   * distinct.
   */
  public static final int TAG_BUDGET = FalconItem.MAX_METRIC_AND_TAGS - MAX_METRIC_LENGTH;

  private static final ProcNetFile[] COUNTER_FILES = {ProcNetFile.SNMP, ProcNetFile.SNMP6, ProcNetFile.NETSTAT};

  private final Endpoint endpoint;
  private final Selection pick;
  private final FieldSelection selection;
  /** Each namespace's tags, made once while it lives (the mapping stays pure: same target, same tags). */
  private final NamespaceTagsCache tagsCache;
  /**
   * The number of items of the last mapping, to size the next list (a hint: read and written without
   * synchronisation, it never changes what a mapping gives).
   */
  private int lastSize;

  /**
   * Creates a mapper.
   *
   * @param options the endpoint, step, field selection and host settings to map with
   */
  public OpenFalconMapper(OpenFalconOptions options) {
    Objects.requireNonNull(options, "options == null");
    this.endpoint = options.endpoint();
    this.pick = options.selection();
    this.selection = new FieldSelection(pick.fields(), PREFIX, MAX_METRIC_LENGTH);
    LabelSelection labels = pick.containerLabels();
    this.tagsCache = new NamespaceTagsCache(target -> Tags.namespace(target, TAG_BUDGET, labels));
  }

  /**
   * Maps one collection.
   *
   * @param snapshot the collection
   * @return the items, each valid for falcon and Nightingale; empty when nothing was read
   * @throws IllegalArgumentException if the snapshot's timestamp is before 1970-01-01T00:00:01Z
   */
  public List<FalconItem> map(Snapshot snapshot) {
    long timestamp = snapshot.timestamp().getEpochSecond();
    List<FalconItem> out = new ArrayList<>(Math.max(lastSize, 16) + 8);
    if (pick.hostWide() && snapshot.hostWide() != null) {
      HostWide hw = snapshot.hostWide();
      add(out, HOST_TCP_ORPHAN, hw.tcpOrphan(), "", timestamp);
      add(out, HOST_TCP_ALLOC, hw.tcpAlloc(), "", timestamp);
      add(out, HOST_TCP_MEM, hw.tcpMemPages(), "", timestamp);
      add(out, HOST_UDP_MEM, hw.udpMemPages(), "", timestamp);
    }
    long gen = tagsCache.begin();
    for (NamespaceSnapshot ns : snapshot.namespaces()) {
      String tags = ns.ok() ? namespaceTags(snapshot, ns.target(), gen) : null;
      if (tags == null) {
        continue;
      }
      Summary s = ns.stats().summary();
      add(out, ESTAB, s.tcpEstablished(), tags, timestamp);
      add(out, TIMEWAIT, s.tcpTimewait(), tags, timestamp);
      add(out, TCP_INUSE, s.tcpInuse(), tags, timestamp);
      add(out, UDP_INUSE, s.udpInuse(), tags, timestamp);
      add(out, SOCKETS_USED, s.socketsUsed(), tags, timestamp);
      for (ProcNetFile file : COUNTER_FILES) {
        Counters counters = ns.stats().file(file).orElse(null);
        if (counters != null) {
          addCounters(out, counters, tags, timestamp);
        }
      }
    }
    tagsCache.end(gen, snapshot.namespaces().size());
    for (NamespaceSockets ns : snapshot.sockets()) {
      String tags = ns.ok() ? namespaceTags(snapshot, ns.target(), gen) : null;
      if (tags != null) {
        SocketItems.add(ns.stats(), tags, (metric, value, t) ->
            out.add(item(metric, value, false, CounterType.GAUGE, t, timestamp)));
      }
    }
    Set<String> filesystemTags = new HashSet<>();
    for (ContainerFilesystems c : snapshot.filesystems()) {
      if (c.error() != null) {
        continue; // no mount table: nothing to tag; the runner's self-metrics count it
      }
      for (FilesystemStat fs : c.filesystems()) {
        String tags = Tags.filesystem(c.container(), fs, TAG_BUDGET, pick.containerLabels());
        // Two mount points that read the same once sanitised (/a.b, /a_b) would be one falcon series.
        if (filesystemTags.add(tags)) {
          addFilesystem(out, fs, tags, timestamp);
        }
      }
    }
    lastSize = out.size();
    return out;
  }

  /**
   * Maps one collection for a push: {@link #map} followed by {@link #agentItems}, in one list.
   *
   * @param snapshot the collection
   * @return the items; a new list the caller owns
   * @throws IllegalArgumentException if the snapshot's timestamp is before 1970-01-01T00:00:01Z
   */
  public List<FalconItem> pushItems(Snapshot snapshot) {
    List<FalconItem> out = map(snapshot); // a new list of this mapper's, sized with room for these
    out.addAll(agentItems(snapshot));
    return out;
  }

  /**
   * Lists the agent's own items for one collection: {@value #AGENT_NOT_COLLECTED}, how many namespaces it
   * found but did not read because its namespace limit was reached, 0 when it read them all (pushed
   * every time, so that an alarm on it clears); then, when sockets are dumped (the snapshot has socket
   * entries or took time dumping them), {@value #AGENT_SOCKETS_DURATION}, the time the dump took in
   * milliseconds rounded up (so a dump that ran never reads 0).
   *
   * @param snapshot the collection
   * @return the items, without tags
   */
  public List<FalconItem> agentItems(Snapshot snapshot) {
    long timestamp = snapshot.timestamp().getEpochSecond();
    FalconItem notCollected = item(AGENT_NOT_COLLECTED, snapshot.notCollected(), false, CounterType.GAUGE, "",
        timestamp);
    if (snapshot.sockets().isEmpty() && snapshot.socketNanos() == 0) {
      return List.of(notCollected);
    }
    long millis = snapshot.socketNanos() / 1_000_000 + (snapshot.socketNanos() % 1_000_000 != 0 ? 1 : 0);
    return List.of(notCollected, item(AGENT_SOCKETS_DURATION, millis, false, CounterType.GAUGE, "", timestamp));
  }

  /**
   * {@return the metric name of the TCP sockets in {@code state}: {@value #TCP_STATE} and
   * {@link TcpState#label()}, for example {@code container.tcp.state.close_wait}}
   *
   * @param state the state
   */
  public static String tcpStateMetric(TcpState state) {
    return SocketItems.tcpStateMetric(state);
  }

  /**
   * Lists the {@code df.*} items of one filesystem, as falcon-agent's {@code funcs/dfstat.go} with
   * toolkits' {@code nux.BuildDeviceUsage} computes them, all GAUGE, in this order:
   * <ul>
   *   <li>{@value #DF_BYTES_TOTAL} (size), {@value #DF_BYTES_USED} (size - free),
   *       {@value #DF_BYTES_FREE} (available to unprivileged users, as nux), {@value #DF_BYTES_USED_PERCENT}
   *       ({@code used * 100 / (used + available)}), {@value #DF_BYTES_FREE_PERCENT} (100 - that); not when
   *       the size is 0 (a filesystem without blocks), and no percentages when used + available is 0;</li>
   *   <li>{@value #DF_INODES_TOTAL}, {@value #DF_INODES_USED}, {@value #DF_INODES_FREE},
   *       {@value #DF_INODES_USED_PERCENT} ({@code used * 100 / total}), {@value #DF_INODES_FREE_PERCENT};
   *       not when the filesystem has no inode count (btrfs: 0), as falcon-agent skips them.</li>
   * </ul>
   * Items carry integers: the used percentages are rounded up as {@code df} rounds its Use% and IUse%
   * (falcon-agent pushes floats; an integer is what {@code df} shows and alerts compare against), and
   * the free ones are their complement, so the two add up to 100. A mount whose figures failed, or
   * whose figures contradict themselves (more free than total), pushes nothing: absent, never a 0.
   *
   * @param fs the filesystem
   * @return the figures as (metric, value) pairs, in the order above
   */
  static List<Figure> filesystemItems(FilesystemStat fs) {
    List<Figure> out = new ArrayList<>(10);
    if (fs.error() != null) {
      return out;
    }
    long size = fs.sizeBytes();
    long free = fs.freeBytes();
    long avail = fs.availBytes();
    if (size > 0 && free >= 0 && free <= size && avail >= 0) {
      long used = size - free;
      out.add(new Figure(DF_BYTES_TOTAL, size));
      out.add(new Figure(DF_BYTES_USED, used));
      out.add(new Figure(DF_BYTES_FREE, avail));
      BigInteger whole = BigInteger.valueOf(used).add(BigInteger.valueOf(avail));
      if (whole.signum() > 0) {
        long pct = percentRoundedUp(used, whole);
        out.add(new Figure(DF_BYTES_USED_PERCENT, pct));
        out.add(new Figure(DF_BYTES_FREE_PERCENT, 100 - pct));
      }
    }
    long files = fs.files();
    long filesFree = fs.filesFree();
    if (files > 0 && filesFree >= 0 && filesFree <= files) {
      long used = files - filesFree;
      long pct = percentRoundedUp(used, BigInteger.valueOf(files));
      out.add(new Figure(DF_INODES_TOTAL, files));
      out.add(new Figure(DF_INODES_USED, used));
      out.add(new Figure(DF_INODES_FREE, filesFree));
      out.add(new Figure(DF_INODES_USED_PERCENT, pct));
      out.add(new Figure(DF_INODES_FREE_PERCENT, 100 - pct));
    }
    return out;
  }

  /**
   * One filesystem figure before it becomes an item; immutable.
   *
   * @param metric the metric name, for example {@value #DF_BYTES_USED_PERCENT}
   * @param value the value
   */
  record Figure(String metric, long value) {}

  /** {@code ceil(part * 100 / whole)} without overflow, as coreutils df computes its percentages. */
  static long percentRoundedUp(long part, BigInteger whole) {
    BigInteger[] qr = BigInteger.valueOf(part).multiply(BigInteger.valueOf(100)).divideAndRemainder(whole);
    return qr[0].longValueExact() + (qr[1].signum() != 0 ? 1 : 0);
  }

  private void addFilesystem(List<FalconItem> out, FilesystemStat fs, String tags, long timestamp) {
    for (Figure f : filesystemItems(fs)) {
      out.add(item(f.metric(), f.value(), false, CounterType.GAUGE, tags, timestamp));
    }
  }

  /**
   * {@return the tags of one filesystem of a container: {@code mount=<mount point>,fstype=<type>}, then
   * {@link #containerTags}}, within {@link #TAG_BUDGET}
   *
   * @param c the container
   * @param fs one of its filesystems
   */
  public static String filesystemTags(Container c, FilesystemStat fs) {
    return Tags.filesystem(c, fs, TAG_BUDGET);
  }

  /**
   * {@return the tags of one container (not of its network namespace)}: for a pod's container
   * {@code namespace=<ns>,pod=<pod>,container=<its name in the pod>}; for a plain container
   * {@code container=<name>,id=<12 hex>,image=<image>}, as a plain container's namespace is tagged
   *
   * @param c the container
   */
  public static String containerTags(Container c) {
    return Tags.container(c, TAG_BUDGET);
  }

  /**
   * {@return the tags of a namespace that is not the host's: its pod's, else its
   * {@linkplain NetnsTarget#representative() representative} container's, else {@code netns=<inode>}}
   *
   * @param target the namespace
   */
  public static String tags(NetnsTarget target) {
    return Tags.namespace(target, TAG_BUDGET);
  }

  private void addCounters(List<FalconItem> out, Counters counters, String tags, long timestamp) {
    FieldSelection.Picked picked = selection.pick(counters);
    for (int p = 0; p < picked.size(); p++) {
      int i = picked.index(p);
      FieldSelection.Decision d = picked.decision(p);
      out.add(item(d.metric(), counters.value(i), counters.isSigned(i), d.type(), tags, timestamp));
    }
  }

  private void add(List<FalconItem> out, String metric, OptionalLong value, String tags, long timestamp) {
    if (value.isPresent()) {
      out.add(item(metric, value.getAsLong(), false, CounterType.GAUGE, tags, timestamp));
    }
  }

  private FalconItem item(String metric, long value, boolean signed, CounterType type, String tags, long timestamp) {
    return new FalconItem(endpoint.name(), metric, value, signed, endpoint.stepSeconds(), type, tags, timestamp);
  }

  /** {@return the tags of a namespace's items, or null when the namespace is not pushed (the host's, unless asked)} */
  private String namespaceTags(Snapshot snapshot, NetnsTarget target, long gen) {
    if (!isHostNetns(snapshot, target)) {
      return tagsCache.tags(target, gen);
    }
    return pick.includeHostNetwork() ? HOST_NETNS_TAGS : null;
  }

  private static boolean isHostNetns(Snapshot snapshot, NetnsTarget target) {
    return target.hostNetwork()
        || (snapshot.hostNetns() != null && snapshot.hostNetns().inode() == target.netnsInode());
  }
}
