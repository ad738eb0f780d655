package io.containernetstat.sink.openfalcon;

import io.containernetstat.core.LabelSelection;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What is pushed of each collection: which snmp, snmp6 and netstat fields, and whether the host's own
 * namespace and the host-wide sockstat fields are; immutable.
 *
 * @param fields the field selection, matched in full against {@code <Group>_<Field>}, for example
 *     {@code Tcp_RetransSegs}; default {@link OpenFalconOptions#DEFAULT_FIELDS}
 * @param includeHostNetwork whether the host's own namespace (host-network containers) is pushed; its
 *     figures are the host's totals, which falcon-agent already pushes; when on, they carry the single tag
 *     {@code netns=host}; default false
 * @param hostWide whether the host-wide sockstat fields ({@code TCP orphan, alloc, mem}, {@code UDP mem})
 *     are pushed, once per host and without tags, as {@code container.host.tcp.orphan} and so on; they are
 *     never pushed per container, being the same number in every namespace; default false
 * @param containerLabels the runtime labels added as {@code container_label_<name>=<value>} tags: a
 *     namespace's items take its representative container's, a filesystem's items its container's; within
 *     the tag budget they are dropped first (the last name first), before the {@code image} tag; default
 *     {@link LabelSelection#none()}
 */
public record Selection(Pattern fields, boolean includeHostNetwork, boolean hostWide, LabelSelection containerLabels) {
  /** The defaults: node_exporter's field selection, neither the host's namespace nor the host-wide fields. */
  public static final Selection DEFAULTS =
      new Selection(Pattern.compile(OpenFalconOptions.DEFAULT_FIELDS), false, false, LabelSelection.none());

  /**
   * Checks the settings.
   *
   * @throws NullPointerException if {@code fields} or {@code containerLabels} is null
   */
  public Selection {
    Objects.requireNonNull(fields, "regex == null");
    Objects.requireNonNull(containerLabels, "containerLabels == null");
  }

  /**
   * A selection without container labels, as before they existed.
   *
   * @param fields the field selection
   * @param includeHostNetwork whether the host's own namespace is pushed
   * @param hostWide whether the host-wide sockstat fields are pushed
   * @throws NullPointerException if {@code fields} is null
   */
  public Selection(Pattern fields, boolean includeHostNetwork, boolean hostWide) {
    this(fields, includeHostNetwork, hostWide, LabelSelection.none());
  }
}
