package io.containernetstat.sink.openfalcon;

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
 */
public record Selection(Pattern fields, boolean includeHostNetwork, boolean hostWide) {
  /** The defaults: node_exporter's field selection, neither the host's namespace nor the host-wide fields. */
  public static final Selection DEFAULTS =
      new Selection(Pattern.compile(OpenFalconOptions.DEFAULT_FIELDS), false, false);

  /**
   * Checks the settings.
   *
   * @throws NullPointerException if {@code fields} is null
   */
  public Selection {
    Objects.requireNonNull(fields, "regex == null");
  }
}
