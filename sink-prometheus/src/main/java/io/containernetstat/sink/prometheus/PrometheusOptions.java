package io.containernetstat.sink.prometheus;

import io.containernetstat.core.LabelSelection;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the Prometheus sink exports; immutable and thread-safe.
 *
 * <p>Start from {@link #defaults()} and change one setting at a time:
 * <pre>{@code
 * PrometheusOptions options = PrometheusOptions.defaults()
 *     .withNetstatFields("^(Tcp_.*|TcpExt_Listen.*)$")
 *     .withHostNetwork(true);
 * }</pre>
 * How often procfs is read is not decided here: the caller shares collections between scrapes with
 * {@code SharedCollector} and its minimum interval.
 */
public record PrometheusOptions(Pattern netstatFields, boolean hostNetwork, boolean hostWide, BuildInfo buildInfo,
    LabelSelection containerLabels) {

  /**
   * node_exporter's default for {@code --collector.netstat.fields}, so that the same
   * {@code <Proto>_<Field>} keys are exported per container as node_exporter exports per host.
   */
  public static final String DEFAULT_NETSTAT_FIELDS = io.containernetstat.core.internal.MibFields.DEFAULT_FIELDS;

  private static final PrometheusOptions DEFAULTS =
      new PrometheusOptions(Pattern.compile(DEFAULT_NETSTAT_FIELDS), false, true, null, LabelSelection.none());

  /**
   * Creates options; {@link #defaults()} and the {@code with...} methods are the usual way.
   *
   * @param netstatFields selects the snmp, snmp6 and netstat fields by their {@code <Proto>_<Field>} key
   * @param hostNetwork whether the host's own network namespace is exported
   * @param hostWide whether the host-wide sockstat fields are exported once per host
   * @param buildInfo exported as {@code container_netstat_build_info}, or null for no such family
   * @param containerLabels the runtime labels exported as {@code container_label_<name>} on every
   *     per-namespace and per-filesystem series ({@link #withContainerLabels})
   * @throws NullPointerException if {@code netstatFields} or {@code containerLabels} is null
   */
  public PrometheusOptions {
    Objects.requireNonNull(netstatFields, "netstatFields == null");
    Objects.requireNonNull(containerLabels, "containerLabels == null");
  }

  /**
   * Creates options without container labels, as before they existed.
   *
   * @param netstatFields selects the snmp, snmp6 and netstat fields by their {@code <Proto>_<Field>} key
   * @param hostNetwork whether the host's own network namespace is exported
   * @param hostWide whether the host-wide sockstat fields are exported once per host
   * @param buildInfo exported as {@code container_netstat_build_info}, or null for no such family
   * @throws NullPointerException if {@code netstatFields} is null
   */
  public PrometheusOptions(Pattern netstatFields, boolean hostNetwork, boolean hostWide, BuildInfo buildInfo) {
    this(netstatFields, hostNetwork, hostWide, buildInfo, LabelSelection.none());
  }

  /**
   * Creates options without build info, as before it existed.
   *
   * @param netstatFields selects the snmp, snmp6 and netstat fields by their {@code <Proto>_<Field>} key
   * @param hostNetwork whether the host's own network namespace is exported
   * @param hostWide whether the host-wide sockstat fields are exported once per host
   * @throws NullPointerException if {@code netstatFields} is null
   */
  public PrometheusOptions(Pattern netstatFields, boolean hostNetwork, boolean hostWide) {
    this(netstatFields, hostNetwork, hostWide, null);
  }

  /**
   * {@return the defaults: node_exporter's netstat field regex, the host's own network namespace not
   * exported, the host-wide sockstat fields exported once per host, no build info}
   */
  public static PrometheusOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Selects the snmp, snmp6 and netstat fields to export, as node_exporter's
   * {@code --collector.netstat.fields} does: a field is exported when the regex is found in its key
   * {@code <Proto>_<Field>} ({@code Tcp_CurrEstab}, {@code TcpExt_ListenOverflows}, {@code Ip6_InOctets}).
   * Anchor it with {@code ^...$} to match whole keys. sockstat and net/dev fields are not filtered.
   *
   * @param regex a Java regular expression; {@code ".*"} exports every field
   * @return options with that field selection
   * @throws IllegalArgumentException if {@code regex} does not compile; the message says where
   */
  public PrometheusOptions withNetstatFields(String regex) {
    Objects.requireNonNull(regex, "regex == null");
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("netstat field regex does not compile: " + e.getMessage(), e);
    }
    return new PrometheusOptions(pattern, hostNetwork, hostWide, buildInfo, containerLabels);
  }

  /**
   * Sets whether the host's own network namespace (where host-network containers live) is exported.
   * Its figures are the host's totals, not a container's, so it is off by default; when on, every
   * per-namespace series carries {@code host_network="true"} or {@code host_network="false"}.
   *
   * @param include true to export it
   * @return options with that setting
   */
  public PrometheusOptions withHostNetwork(boolean include) {
    return new PrometheusOptions(netstatFields, include, hostWide, buildInfo, containerLabels);
  }

  /**
   * Sets whether the host-wide sockstat fields ({@code TCP orphan}, {@code TCP alloc}, {@code TCP mem},
   * {@code UDP mem}) are exported once per host, without container labels, as
   * {@code container_netstat_host_sockstat_<PROTO>_<field>}. They are never exported per namespace.
   *
   * @param include true (the default) to export them
   * @return options with that setting
   */
  public PrometheusOptions withHostWide(boolean include) {
    return new PrometheusOptions(netstatFields, hostNetwork, include, buildInfo, containerLabels);
  }

  /**
   * Sets the build exported as {@code container_netstat_build_info{version,revision,java_version} 1}, as
   * node_exporter exports {@code node_exporter_build_info}: which agent a series came from, and when it was
   * upgraded ({@code changes(container_netstat_build_info[1d])}).
   *
   * @param info the agent's build, or null for no such family (the default)
   * @return options with that setting
   */
  public PrometheusOptions withBuildInfo(BuildInfo info) {
    return new PrometheusOptions(netstatFields, hostNetwork, hostWide, info, containerLabels);
  }

  /**
   * Exports runtime labels as cAdvisor does: each label of a namespace's
   * {@linkplain io.containernetstat.core.NetnsTarget#representative() representative} container that the
   * selection picks becomes {@code container_label_<sanitised key>="<value>"} on that namespace's series,
   * and each label of a container on its filesystems' series ({@link LabelSelection} has the rules:
   * names, collisions, limits). Series of different namespaces may then carry different label names;
   * Prometheus treats a missing label as an empty one.
   *
   * @param selection which labels, or {@link LabelSelection#none()} (the default)
   * @return options with that selection
   */
  public PrometheusOptions withContainerLabels(LabelSelection selection) {
    return new PrometheusOptions(netstatFields, hostNetwork, hostWide, buildInfo, selection);
  }

  /** Equal when the regexes are the same text with the same flags ({@link Pattern} has no equals). */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PrometheusOptions)) {
      return false;
    }
    PrometheusOptions other = (PrometheusOptions) o;
    return netstatFields.pattern().equals(other.netstatFields.pattern())
        && netstatFields.flags() == other.netstatFields.flags()
        && hostNetwork == other.hostNetwork
        && hostWide == other.hostWide
        && Objects.equals(buildInfo, other.buildInfo)
        && containerLabels.equals(other.containerLabels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(netstatFields.pattern(), hostNetwork, hostWide, buildInfo, containerLabels);
  }

  @Override
  public String toString() {
    return "PrometheusOptions{netstatFields=" + netstatFields.pattern()
        + ", hostNetwork=" + hostNetwork + ", hostWide=" + hostWide + ", buildInfo=" + buildInfo
        + ", containerLabels=" + containerLabels + '}';
  }
}
