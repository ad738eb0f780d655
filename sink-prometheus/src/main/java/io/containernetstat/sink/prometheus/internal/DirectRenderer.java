package io.containernetstat.sink.prometheus.internal;

import io.containernetstat.core.Counters;
import io.containernetstat.core.LabelSelection;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.internal.CounterLayout;
import io.containernetstat.core.internal.ModelAccess;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Prepares the per-namespace families of a scrape as a {@link DirectPage} and keeps what does not change
 * between scrapes: each namespace's label set and its encoded {@code {...}} blocks, kept while the
 * namespace is in the collections (keyed by its inode and checked against its target, so a namespace
 * whose target changed, labels included, is labelled anew), and each kernel layout's mapping of fields to
 * families. Thread-safe (one lock). Not API.
 */
final class DirectRenderer {
  /** The files whose families are written directly, in {@link DirectPage}'s file order. */
  static final ProcNetFile[] FILES = {
      ProcNetFile.SOCKSTAT, ProcNetFile.SOCKSTAT6, ProcNetFile.SNMP, ProcNetFile.SNMP6, ProcNetFile.NETSTAT};

  /** A namespace's labels and their blocks per encoding; the target they were made from. */
  private static final class Entry {
    final NetnsTarget target;
    final Labels labels;
    byte[][] encoded = new byte[0][];
    long seen;

    Entry(NetnsTarget target, Labels labels) {
      this.target = target;
      this.labels = labels;
    }

    byte[] encoded(TextEncoding e) {
      if (e.id >= encoded.length) {
        encoded = Arrays.copyOf(encoded, e.id + 1);
      }
      byte[] block = encoded[e.id];
      if (block == null) {
        block = e.labels(labels);
        encoded[e.id] = block;
      }
      return block;
    }
  }

  /** A kernel layout's fields mapped to family ids, and back. */
  private record LayoutMap(int[] familyOfField, int[] fieldOfFamily) {}

  /** A family's id, file, and its placeholder in the scrape's families. */
  private record Known(DirectPage.Slot slot, MetricSnapshot placeholder) {}

  /** What a prepared scrape adds to the snapshot's families. */
  record Prepared(DirectPage page, int duplicates, Map<Long, Labels> exported) {}

  private final FamilyCatalog catalog;
  private final boolean hostNetwork;
  private final LabelSelection containerLabels;
  private final Family readSuccess;
  private final Map<Long, Entry> entries = new HashMap<>();
  private final WeakHashMap<CounterLayout, LayoutMap> layouts = new WeakHashMap<>();
  private final Map<Family, Known> families = new HashMap<>();
  private final List<Known> byId = new ArrayList<>();
  private final Known readSuccessKnown;
  private long generation;
  /** The entries of the last scrape in snapshot order, and their order by label set. */
  private Entry[] lastInput = new Entry[0];
  private int[] lastOrder = new int[0];

  DirectRenderer(FamilyCatalog catalog, boolean hostNetwork, LabelSelection containerLabels, Family readSuccess) {
    this.catalog = catalog;
    this.hostNetwork = hostNetwork;
    this.containerLabels = containerLabels;
    this.readSuccess = readSuccess;
    this.readSuccessKnown = new Known(new DirectPage.Slot(readSuccess, -1, -1, true),
        new GaugeSnapshot(new MetricMetadata(readSuccess.name(), readSuccess.help()), List.of()));
  }

  /**
   * Prepares the per-namespace families of {@code snapshot}: adds their placeholders (and the net/dev
   * families, which the writer renders) to {@code out}.
   *
   * @param snapshot the collection
   * @param encoding how the page is written
   * @param out the scrape's families
   * @return the page, the namespaces left out as duplicates, and the labels of those exported by inode
   *     (only when the snapshot has sockets, which are labelled by it)
   */
  synchronized Prepared prepare(Snapshot snapshot, TextEncoding encoding, List<MetricSnapshot> out) {
    long gen = ++generation;
    List<NamespaceSnapshot> all = snapshot.namespaces();
    Entry[] input = new Entry[all.size()];
    NamespaceSnapshot[] inputNs = new NamespaceSnapshot[all.size()];
    int n = 0;
    for (NamespaceSnapshot ns : all) {
      NetnsTarget target = ns.target();
      if (target.hostNetwork() && !hostNetwork) {
        continue;
      }
      Entry e = entries.get(target.netnsInode());
      if (e == null || !e.target.equals(target)) {
        boolean taken = e != null && e.seen == gen; // another target of the same inode, in this snapshot
        e = new Entry(target, TargetLabels.of(target, hostNetwork, containerLabels));
        if (!taken) {
          entries.put(target.netnsInode(), e);
        }
      }
      e.seen = gen;
      input[n] = e;
      inputNs[n++] = ns;
    }
    int[] order = order(input, n);
    entries.values().removeIf(e -> e.seen != gen);

    int files = FILES.length;
    byte[][] labels = new byte[n][];
    boolean[] ok = new boolean[n];
    Counters[] counters = new Counters[n * files];
    int[][] fieldOf = new int[n * files][];
    boolean[] present = new boolean[byId.size() + 64];
    Map<Family, List<CounterDataPointSnapshot>> devices = new IdentityHashMap<>();
    Map<Long, Labels> exported = snapshot.sockets().isEmpty() ? Map.of() : new HashMap<>();
    int rows = 0;
    int duplicates = 0;
    Labels previous = null;
    for (int i = 0; i < n; i++) {
      Entry e = input[order[i]];
      NamespaceSnapshot ns = inputNs[order[i]];
      if (e.labels.equals(previous)) {
        duplicates++; // sorted stably: the first of equal label sets in the snapshot's order is kept
        continue;
      }
      previous = e.labels;
      if (!snapshot.sockets().isEmpty()) {
        exported.put(ns.target().netnsInode(), e.labels);
      }
      labels[rows] = e.encoded(encoding);
      ok[rows] = ns.ok();
      if (ns.ok()) {
        for (int f = 0; f < files; f++) {
          Counters c = ModelAccess.file(ns.stats(), FILES[f]);
          if (c != null) {
            LayoutMap map = layout(FILES[f], c);
            counters[rows * files + f] = c;
            fieldOf[rows * files + f] = map.fieldOfFamily;
            present = mark(map, c, present);
          }
        }
        Counters dev = ModelAccess.file(ns.stats(), ProcNetFile.DEV);
        if (dev != null) {
          SnapshotRenderer.addDevices(catalog, dev, e.labels, devices);
        }
      }
      rows++;
    }
    IdentityHashMap<MetricSnapshot, DirectPage.Slot> slots = new IdentityHashMap<>();
    for (int id = 0; id < byId.size(); id++) {
      if (id < present.length && present[id]) {
        Known k = byId.get(id);
        slots.put(k.placeholder(), k.slot());
        out.add(k.placeholder());
      }
    }
    if (rows > 0) {
      slots.put(readSuccessKnown.placeholder(), readSuccessKnown.slot());
      out.add(readSuccessKnown.placeholder());
    }
    devices.forEach((f, points) -> out.add(new CounterSnapshot(new MetricMetadata(f.name(), f.help()), points)));
    DirectPage page = new DirectPage(encoding, slots, Arrays.copyOf(labels, rows), Arrays.copyOf(ok, rows),
        counters, fieldOf, files);
    return new Prepared(page, duplicates, exported);
  }

  /** {@return the indexes of {@code input[0..n)} ordered by label set, stably; reused while the input is the same} */
  private int[] order(Entry[] input, int n) {
    boolean same = n == lastInput.length;
    for (int i = 0; same && i < n; i++) {
      same = input[i] == lastInput[i];
    }
    if (same) {
      return lastOrder;
    }
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, (a, b) -> input[a].labels.compareTo(input[b].labels)); // stable
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = boxed[i];
    }
    lastInput = Arrays.copyOf(input, n);
    lastOrder = order;
    return order;
  }

  /** Marks the families {@code c} has a sample of; {@return {@code present}, grown when ids were added} */
  private boolean[] mark(LayoutMap map, Counters c, boolean[] present) {
    if (present.length < byId.size()) {
      present = Arrays.copyOf(present, byId.size() + 64);
    }
    int[] families = map.familyOfField;
    for (int i = 0; i < families.length; i++) {
      int id = families[i];
      if (id >= 0 && !present[id]
          && (!byId.get(id).slot().family().counter() || !c.isSigned(i) || c.value(i) >= 0)) {
        present[id] = true;
      }
    }
    return present;
  }

  private LayoutMap layout(ProcNetFile file, Counters c) {
    CounterLayout layout = ModelAccess.layout(c);
    LayoutMap map = layouts.get(layout);
    if (map == null) {
      int[] familyOfField = new int[layout.size()];
      int max = -1;
      for (int i = 0; i < familyOfField.length; i++) {
        Family f = catalog.lookup(file, layout.group(i), layout.name(i));
        familyOfField[i] = f.exported() ? id(f, file) : -1;
        max = Math.max(max, familyOfField[i]);
      }
      int[] fieldOfFamily = new int[max + 1];
      Arrays.fill(fieldOfFamily, -1);
      for (int i = familyOfField.length - 1; i >= 0; i--) {
        if (familyOfField[i] >= 0) {
          fieldOfFamily[familyOfField[i]] = i; // a field printed twice: the first, as the parser keeps it
        }
      }
      map = new LayoutMap(familyOfField, fieldOfFamily);
      layouts.put(layout, map);
    }
    return map;
  }

  private int id(Family f, ProcNetFile file) {
    Known k = families.get(f);
    if (k == null) {
      int fileIndex = Arrays.asList(FILES).indexOf(file);
      MetricMetadata metadata = new MetricMetadata(f.name(), f.help());
      MetricSnapshot placeholder = f.counter() ? new CounterSnapshot(metadata, List.of())
          : new GaugeSnapshot(metadata, List.of());
      k = new Known(new DirectPage.Slot(f, byId.size(), fileIndex, false), placeholder);
      families.put(f, k);
      byId.add(k);
    }
    return k.slot().id();
  }
}
