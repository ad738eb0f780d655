package io.containernetstat.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.RelabelConfig;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks the API server (and the kubelet, and the Prometheus Operator's CRD schema) make beyond
 * field names and types, for the fields deploy/kubernetes uses: enumerations, name formats, references
 * between fields (a mount names a volume, a probe names a port) and between objects (a Service's or
 * PodMonitor's selector and port reach the agent's pods, a ServiceMonitor's reach such a Service).
 * Stateless.
 *
 * <p>A schema alone accepts {@code hostPath.type: Directoy} or a probe on a port no container has; the
 * API server or the kubelet then rejects the pod, or Prometheus finds no target.
 */
final class ApiRules {
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern IANA_SVC_NAME = Pattern.compile("(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([^)]+)\\)");
  /** The Prometheus Operator CRDs' pattern for a Duration. */
  private static final Pattern PROM_DURATION = Pattern.compile(
      "(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)");
  private static final Set<String> HOST_PATH_TYPES = Set.of("", "DirectoryOrCreate", "Directory", "FileOrCreate",
      "File", "Socket", "CharDevice", "BlockDevice");
  private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");
  private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
  private static final Set<String> PROPAGATIONS = Set.of("None", "HostToContainer", "Bidirectional");
  private static final Set<String> SECCOMP_TYPES = Set.of("RuntimeDefault", "Unconfined", "Localhost");
  private static final Set<String> FIELD_PATHS = Set.of("metadata.name", "metadata.namespace", "metadata.uid",
      "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP",
      "status.podIPs");
  /** capabilities(7), as container runtimes spell them (no CAP_ prefix). */
  static final Set<String> CAPABILITIES = Set.of("ALL", "AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE",
      "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER",
      "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE",
      "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID",
      "SETPCAP", "SETUID", "SYSLOG", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE",
      "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "WAKE_ALARM");
  private static final Set<String> RELABEL_ACTIONS = Set.of("replace", "keep", "drop", "hashmod", "labelmap",
      "labeldrop", "labelkeep", "lowercase", "uppercase", "keepequal", "dropequal");

  private ApiRules() {}

  /** Every violation in this set of objects, each naming its object and field; empty when none. */
  static List<String> check(List<HasMetadata> objects) {
    List<String> p = new ArrayList<>();
    List<DaemonSet> daemonSets = new ArrayList<>();
    for (HasMetadata o : objects) {
      String id = o.getKind() + " " + o.getMetadata().getName();
      String name = o.getMetadata().getName();
      if (name == null || !DNS1123_SUBDOMAIN.matcher(name).matches() || name.length() > 253) {
        p.add(id + ": metadata.name '" + name + "' is not a DNS-1123 subdomain");
      }
      String ns = o.getMetadata().getNamespace();
      if (ns != null && (!DNS1123_LABEL.matcher(ns).matches() || ns.length() > 63)) {
        p.add(id + ": metadata.namespace '" + ns + "' is not a DNS-1123 label");
      }
      if (o instanceof DaemonSet ds) {
        daemonSets.add(ds);
        daemonSet(id, ds, p);
      }
    }
    List<Service> services = new ArrayList<>();
    for (HasMetadata o : objects) {
      String id = o.getKind() + " " + o.getMetadata().getName();
      if (o instanceof Service s) {
        services.add(s);
        service(id, s, daemonSets, p);
      } else if (o instanceof PodMonitor pm) {
        podMonitor(id, pm, daemonSets, p);
      }
    }
    for (HasMetadata o : objects) {
      if (o instanceof ServiceMonitor sm) {
        serviceMonitor(o.getKind() + " " + o.getMetadata().getName(), sm, services, p);
      }
    }
    return p;
  }

  private static void daemonSet(String id, DaemonSet ds, List<String> p) {
    Map<String, String> labels = ds.getSpec().getTemplate().getMetadata().getLabels();
    Map<String, String> selector = ds.getSpec().getSelector().getMatchLabels();
    if (selector == null || selector.isEmpty() || !labels.entrySet().containsAll(selector.entrySet())) {
      p.add(id + ": spec.selector " + selector + " does not match the template's labels " + labels);
    }
    String strategy = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getType();
    if (strategy != null && !Set.of("RollingUpdate", "OnDelete").contains(strategy)) {
      p.add(id + ": spec.updateStrategy.type '" + strategy + "' is not RollingUpdate or OnDelete");
    }
    PodSpec pod = ds.getSpec().getTemplate().getSpec();
    if (pod.getSecurityContext() != null && pod.getSecurityContext().getSeccompProfile() != null) {
      oneOf(p, id + ": pod seccompProfile.type", pod.getSecurityContext().getSeccompProfile().getType(), SECCOMP_TYPES);
    }
    for (Toleration t : pod.getTolerations()) {
      oneOf(p, id + ": toleration operator", t.getOperator() == null ? "Equal" : t.getOperator(), Set.of("Exists", "Equal"));
      if (t.getEffect() != null) {
        oneOf(p, id + ": toleration effect", t.getEffect(), Set.of("", "NoSchedule", "PreferNoSchedule", "NoExecute"));
      }
    }
    Set<String> volumes = new HashSet<>();
    for (Volume v : pod.getVolumes()) {
      if (!DNS1123_LABEL.matcher(v.getName()).matches()) {
        p.add(id + ": volume name '" + v.getName() + "' is not a DNS-1123 label");
      }
      if (!volumes.add(v.getName())) {
        p.add(id + ": volume '" + v.getName() + "' is defined twice");
      }
      if (v.getHostPath() != null) {
        oneOf(p, id + ": volume " + v.getName() + " hostPath.type",
            Objects.requireNonNullElse(v.getHostPath().getType(), ""), HOST_PATH_TYPES);
        if (!v.getHostPath().getPath().startsWith("/")) {
          p.add(id + ": volume " + v.getName() + " hostPath.path is not absolute");
        }
      }
    }
    Set<String> containerNames = new HashSet<>();
    for (Container c : pod.getContainers()) {
      String cid = id + " container " + c.getName();
      if (!DNS1123_LABEL.matcher(c.getName()).matches() || !containerNames.add(c.getName())) {
        p.add(cid + ": name is not a unique DNS-1123 label");
      }
      if (c.getImage() == null || c.getImage().isBlank()) {
        p.add(cid + ": no image");
      }
      if (c.getImagePullPolicy() != null) {
        oneOf(p, cid + ": imagePullPolicy", c.getImagePullPolicy(), PULL_POLICIES);
      }
      container(cid, c, volumes, p);
    }
    Map<String, String> annotations = ds.getSpec().getTemplate().getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey("prometheus.io/port")) {
      String port = annotations.get("prometheus.io/port");
      boolean exists = pod.getContainers().stream().flatMap(c -> c.getPorts().stream())
          .anyMatch(cp -> String.valueOf(cp.getContainerPort()).equals(port));
      if (!exists) {
        p.add(id + ": annotation prometheus.io/port=" + port + " is no container port");
      }
    }
  }

  private static void container(String cid, Container c, Set<String> volumes, List<String> p) {
    Set<String> portNames = new HashSet<>();
    for (ContainerPort port : c.getPorts()) {
      if (port.getName() != null && (!IANA_SVC_NAME.matcher(port.getName()).matches() || port.getName().length() > 15
          || !portNames.add(port.getName()))) {
        p.add(cid + ": port name '" + port.getName() + "' is not a unique IANA service name (<= 15 characters)");
      }
      if (port.getContainerPort() == null || port.getContainerPort() < 1 || port.getContainerPort() > 65535) {
        p.add(cid + ": containerPort " + port.getContainerPort() + " is not in 1..65535");
      }
      if (port.getProtocol() != null) {
        oneOf(p, cid + ": port protocol", port.getProtocol(), PROTOCOLS);
      }
    }
    for (Probe probe : new Probe[] {c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe()}) {
      if (probe != null && probe.getHttpGet() != null) {
        portReference(cid + ": probe httpGet.port", probe.getHttpGet().getPort(), c, p);
        if (probe.getHttpGet().getPath() == null || !probe.getHttpGet().getPath().startsWith("/")) {
          p.add(cid + ": probe path '" + probe.getHttpGet().getPath() + "' does not start with /");
        }
      }
    }
    Set<String> defined = new HashSet<>();
    for (EnvVar e : c.getEnv()) {
      if (!ENV_NAME.matcher(e.getName()).matches()) {
        p.add(cid + ": env name '" + e.getName() + "' is not valid");
      }
      if (e.getValue() != null) {
        Matcher m = ENV_REFERENCE.matcher(e.getValue());
        while (m.find()) {
          if (!defined.contains(m.group(1))) {
            // the kubelet leaves $(X) as it is when X is not defined before: a silent bug
            p.add(cid + ": env " + e.getName() + " refers to $(" + m.group(1) + "), which is not defined before it");
          }
        }
      }
      if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null) {
        String path = e.getValueFrom().getFieldRef().getFieldPath();
        if (!FIELD_PATHS.contains(path) && !path.matches("metadata\\.(labels|annotations)\\['[^']+'\\]")) {
          p.add(cid + ": env " + e.getName() + " fieldRef.fieldPath '" + path + "' is not supported by the downward API");
        }
      }
      if (!defined.add(e.getName())) {
        p.add(cid + ": env " + e.getName() + " is set twice");
      }
    }
    Set<String> mountPaths = new HashSet<>();
    boolean privileged = c.getSecurityContext() != null && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged());
    for (VolumeMount m : c.getVolumeMounts()) {
      if (!volumes.contains(m.getName())) {
        p.add(cid + ": volumeMount " + m.getMountPath() + " names no volume '" + m.getName() + "'");
      }
      if (!m.getMountPath().startsWith("/") || !mountPaths.add(m.getMountPath())) {
        p.add(cid + ": mountPath '" + m.getMountPath() + "' is not absolute or is used twice");
      }
      if (m.getMountPropagation() != null) {
        oneOf(p, cid + ": mountPropagation of " + m.getMountPath(), m.getMountPropagation(), PROPAGATIONS);
        if (m.getMountPropagation().equals("Bidirectional") && !privileged) {
          p.add(cid + ": mountPropagation Bidirectional needs a privileged container");
        }
      }
    }
    if (c.getSecurityContext() != null && c.getSecurityContext().getCapabilities() != null) {
      var caps = c.getSecurityContext().getCapabilities();
      for (String cap : concat(caps.getAdd(), caps.getDrop())) {
        oneOf(p, cid + ": capability", cap, CAPABILITIES);
      }
    }
  }

  private static void service(String id, Service s, List<DaemonSet> daemonSets, List<String> p) {
    List<Container> selected = selectedContainers(s.getSpec().getSelector(), s.getMetadata().getNamespace(), daemonSets);
    if (selected.isEmpty()) {
      p.add(id + ": spec.selector " + s.getSpec().getSelector() + " selects none of the DaemonSets' pods");
    }
    for (ServicePort port : s.getSpec().getPorts()) {
      if (port.getName() != null && !IANA_SVC_NAME.matcher(port.getName()).matches()) {
        p.add(id + ": port name '" + port.getName() + "' is not an IANA service name");
      }
      if (port.getProtocol() != null) {
        oneOf(p, id + ": port protocol", port.getProtocol(), PROTOCOLS);
      }
      for (Container c : selected) {
        portReference(id + ": targetPort", port.getTargetPort(), c, p);
      }
    }
  }

  private static void podMonitor(String id, PodMonitor pm, List<DaemonSet> daemonSets, List<String> p) {
    List<Container> selected = selectedContainers(pm.getSpec().getSelector().getMatchLabels(),
        pm.getMetadata().getNamespace(), daemonSets);
    if (selected.isEmpty()) {
      p.add(id + ": spec.selector selects none of the DaemonSets' pods");
    }
    jobLabel(id, pm.getSpec().getJobLabel(), daemonSets.stream()
        .filter(ds -> Objects.equals(pm.getMetadata().getNamespace(), ds.getMetadata().getNamespace()))
        .map(ds -> ds.getSpec().getTemplate().getMetadata().getLabels()).toList(), "pods", p);
    for (PodMetricsEndpoint e : pm.getSpec().getPodMetricsEndpoints()) {
      for (Container c : selected) {
        if (e.getPort() != null && c.getPorts().stream().noneMatch(cp -> e.getPort().equals(cp.getName()))) {
          p.add(id + ": podMetricsEndpoints port '" + e.getPort() + "' is no port of container " + c.getName());
        }
      }
      scrapeEndpoint(id, e.getInterval(), e.getScrapeTimeout(), e.getRelabelings(), p);
    }
  }

  /**
   * A ServiceMonitor selects Services (in its own namespace unless {@code namespaceSelector} says
   * otherwise) and scrapes their endpoints on a Service port named in {@code endpoints[].port}; the
   * Services' own check makes sure those reach the agent's pods.
   */
  private static void serviceMonitor(String id, ServiceMonitor sm, List<Service> services, List<String> p) {
    Map<String, String> selector = sm.getSpec().getSelector().getMatchLabels();
    List<Service> selected = services.stream()
        .filter(s -> inNamespaces(sm, s))
        .filter(s -> selector != null && !selector.isEmpty()
            && s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
        .toList();
    if (selected.isEmpty()) {
      p.add(id + ": spec.selector " + selector + " selects none of the Services");
    }
    jobLabel(id, sm.getSpec().getJobLabel(), selected.stream().map(s -> s.getMetadata().getLabels()).toList(),
        "Services", p);
    for (Endpoint e : sm.getSpec().getEndpoints()) {
      for (Service s : selected) {
        if (e.getPort() != null && s.getSpec().getPorts().stream().noneMatch(sp -> e.getPort().equals(sp.getName()))) {
          p.add(id + ": endpoints port '" + e.getPort() + "' is no port of Service " + s.getMetadata().getName());
        }
      }
      scrapeEndpoint(id, e.getInterval(), e.getScrapeTimeout(), e.getRelabelings(), p);
    }
  }

  private static boolean inNamespaces(ServiceMonitor sm, Service s) {
    var namespaces = sm.getSpec().getNamespaceSelector();
    if (namespaces == null || namespaces.getAny() == null && namespaces.getMatchNames().isEmpty()) {
      return Objects.equals(sm.getMetadata().getNamespace(), s.getMetadata().getNamespace());
    }
    return Boolean.TRUE.equals(namespaces.getAny()) || namespaces.getMatchNames().contains(s.getMetadata().getNamespace());
  }

  /** Without the label on what is selected, the operator names the job otherwise, and the alerts' job= misses. */
  private static void jobLabel(String id, String jobLabel, List<Map<String, String>> selectedLabels, String what,
      List<String> p) {
    if (jobLabel != null && selectedLabels.stream().anyMatch(l -> l == null || !l.containsKey(jobLabel))) {
      p.add(id + ": spec.jobLabel '" + jobLabel + "' is no label of the selected " + what);
    }
  }

  private static void scrapeEndpoint(String id, String interval, String scrapeTimeout, List<RelabelConfig> relabelings,
      List<String> p) {
    for (String d : new String[] {interval, scrapeTimeout}) {
      if (d != null && !PROM_DURATION.matcher(d).matches()) {
        p.add(id + ": '" + d + "' is not a Prometheus duration");
      }
    }
    for (RelabelConfig r : relabelings) {
      if (r.getAction() != null) {
        oneOf(p, id + ": relabeling action", r.getAction().toLowerCase(java.util.Locale.ROOT), RELABEL_ACTIONS);
      }
    }
  }

  private static List<Container> selectedContainers(Map<String, String> selector, String namespace,
      List<DaemonSet> daemonSets) {
    List<Container> out = new ArrayList<>();
    for (DaemonSet ds : daemonSets) {
      Map<String, String> labels = ds.getSpec().getTemplate().getMetadata().getLabels();
      if (selector != null && !selector.isEmpty() && Objects.equals(namespace, ds.getMetadata().getNamespace())
          && labels.entrySet().containsAll(selector.entrySet())) {
        out.addAll(ds.getSpec().getTemplate().getSpec().getContainers());
      }
    }
    return out;
  }

  private static void portReference(String what, IntOrString port, Container c, List<String> p) {
    if (port == null) {
      p.add(what + ": no port");
    } else if (port.getStrVal() != null) {
      if (c.getPorts().stream().noneMatch(cp -> port.getStrVal().equals(cp.getName()))) {
        p.add(what + " '" + port.getStrVal() + "' names no port of container " + c.getName());
      }
    } else if (port.getIntVal() == null || port.getIntVal() < 1 || port.getIntVal() > 65535) {
      p.add(what + " " + port.getIntVal() + " is not in 1..65535");
    }
  }

  private static void oneOf(List<String> p, String what, String value, Set<String> allowed) {
    if (!allowed.contains(value)) {
      p.add(what + " '" + value + "' is not one of " + new java.util.TreeSet<>(allowed));
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>();
    if (a != null) {
      out.addAll(a);
    }
    if (b != null) {
      out.addAll(b);
    }
    return out;
  }
}
