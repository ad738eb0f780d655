package io.containernetstat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.containernetstat.core.kernel.Environment;
import io.containernetstat.core.kernel.NetnsFixture;
import io.containernetstat.core.kernel.SocketSpec;
import io.containernetstat.core.kernel.SsSummary;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar: packaging, and {@code --once} against real network namespaces. */
class AgentJarIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void helpVersionAndABadOptionWorkFromTheJar() throws Exception {
    AgentJar.Result version = AgentJar.run("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("container-netstat 0.");
    AgentJar.Result help = AgentJar.run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--proc-root").contains("CONTAINER_NETSTAT_PROC_ROOT");
    AgentJar.Result bad = AgentJar.run("--once", "--resolver", "kubelet");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("container-netstat: Invalid value for option '--resolver': 'kubelet' is "
        + "not one of auto, docker, cgroup, netns (see --help)");
  }

  /**
   * picocli's java.sql and java.time converters stay unloaded in the shaded jar (the property's name is
   * relocated with picocli): about 100 classes of class metadata less in every start.
   */
  @Test
  void theJarLoadsNoJavaSqlClasses() throws Exception {
    List<String> command = new ArrayList<>(AgentJar.command(AgentJar.path(), "--version"));
    command.addAll(1, List.of("-Xshare:off", "-Xlog:class+load=info:stdout"));
    AgentJar.Result run = AgentJar.run(command, java.util.Map.of());
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("picocli.CommandLine ").contains("container-netstat 0.")
        .doesNotContain("java.sql.").doesNotContain("java.time.LocalDateTime");
  }

  /** Without JNA's native library the agent warns once and runs without filesystems. */
  @Test
  void withoutJnaFilesystemsAreLeftOutWithOneWarning(@TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path proc = FixtureProc.standard(dir);
    List<String> command = new ArrayList<>(AgentJar.command(AgentJar.path(), "--once", "--format", "json",
        "--resolver", "netns", "--proc-root", proc.toString()));
    command.addAll(1, List.of("-Djna.nounpack=true", "-Djna.noclasspath=true", "-Djna.nosys=true"));
    AgentJar.Result run = AgentJar.run(command, java.util.Map.of());
    assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
    assertThat(run.err().lines().filter(l -> l.contains("WARN filesystems are not measured: ")).count())
        .as("one warning%n%s", run.err()).isEqualTo(1);
    assertThat(JSON.readTree(run.out()).get("namespaces")).isNotEmpty();
  }

  /**
   * The JVM keeps the central directory of the jar it runs from in the heap (about 130 bytes an entry
   * plus index tables: 3 MB at the 19,500 entries the jar had before it was minimised), so the jar
   * holds only what the agent can reach: no Bouncy Castle, no jna-platform, no unused Guava or Commons.
   */
  @Test
  void theJarHoldsOnlyWhatTheAgentCanReach() throws Exception {
    try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
      List<String> unwanted = new ArrayList<>();
      for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName().replaceFirst("^META-INF/versions/\\d+/", "");
        if (name.startsWith("org/bouncycastle/") || name.startsWith("com/sun/jna/platform/")
            || name.startsWith("org/publicsuffix/")) {
          unwanted.add(name);
        }
      }
      assertThat(unwanted).as("Bouncy Castle, jna-platform and public suffix list entries").isEmpty();
      assertThat(jar.size()).as("entries in the jar (each is resident heap)").isLessThan(10_000);
    }
  }

  /**
   * {@code runtime-files.sh} prepares what the production options point at: a class-data-sharing archive
   * from the committed class list that this JVM accepts ({@code -Xshare:on} refuses to start otherwise)
   * and that serves nearly every class a run loads, and JNA's library, which JNA then loads without
   * unpacking (no temporary file, no SecureRandom) and without running {@code ldconfig}. A class list gone
   * stale after renames, or an archive this JVM rejects, fails here.
   */
  @Test
  void runtimeFilesServeTheClassesAndJnasLibrary(@TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path root = AgentJar.path().getParent().getParent().getParent();
    AgentJar.Result prepared = AgentJar.run(List.of("bash", root.resolve("runner-agent/scripts/runtime-files.sh")
        .toString(), dir.resolve("rt").toString(), AgentJar.path().toString(),
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString()), java.util.Map.of());
    assertThat(prepared.code()).as("runtime-files.sh: %s", prepared.err()).isZero();
    List<String> options = List.of(prepared.out().strip().split(" "));
    assertThat(options).hasSize(4).allMatch(o -> o.startsWith("-XX:SharedArchiveFile=") || o.startsWith("-Djna."));
    java.nio.file.Path proc = FixtureProc.standard(dir);
    java.nio.file.Path classes = dir.resolve("classes.log");
    List<String> command = new ArrayList<>(AgentJar.command(AgentJar.path(), "--once", "--format", "json",
        "--resolver", "netns", "--proc-root", proc.toString()));
    List<String> jvm = new ArrayList<>(options);
    jvm.addAll(List.of("-Xshare:on", "-Xlog:class+load:file=" + classes));
    command.addAll(1, jvm);
    AgentJar.Result run = AgentJar.run(command, java.util.Map.of());
    assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
    assertThat(JSON.readTree(run.out()).get("namespaces")).isNotEmpty();
    List<String> loaded = java.nio.file.Files.readAllLines(classes);
    long shared = loaded.stream().filter(l -> l.contains("source: shared objects file")).count();
    assertThat(shared).as("classes from the archive, of %d", loaded.size()).isGreaterThan(loaded.size() * 8 / 10);
    assertThat(loaded).as("JNA unpacked nothing and ran no ldconfig")
        .noneMatch(l -> l.contains("java.security.SecureRandom ") || l.contains("java.lang.ProcessBuilder "));
    assertThat(loaded).as("JNA was loaded (the filesystem probe)").anyMatch(l -> l.contains("com.sun.jna.Native "));
  }

  /**
   * Docker over TLS needs Bouncy Castle, which the jar leaves out: asking for it fails with a message
   * that says so, not with a {@code NoClassDefFoundError}.
   */
  @Test
  void dockerOverTlsFailsWithAMessageThatSaysWhy(@TempDir java.nio.file.Path certs) throws Exception {
    try (java.net.ServerSocket daemon = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      for (String f : List.of("ca.pem", "cert.pem", "key.pem")) {
        java.nio.file.Files.writeString(certs.resolve(f), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
      }
      AgentJar.Result run = AgentJar.run(AgentJar.command(AgentJar.path(), "--once", "--resolver", "docker",
          "--docker-host", "tcp://127.0.0.1:" + daemon.getLocalPort()),
          java.util.Map.of("DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certs.toString()));
      assertThat(run.code()).as("exit code; stderr: %s", run.err()).isNotZero();
      assertThat(run.err()).contains("TLS is configured").contains("Bouncy Castle")
          .contains("unix socket").doesNotContain("at io.containernetstat");
    }
  }

  /**
   * Everything third-party is relocated under {@code io.containernetstat.agent.shaded}, except JNA
   * (native code binds to its class names); no signature files; service files renamed with the classes
   * they name.
   */
  @Test
  void theJarKeepsThirdPartyClassesOutOfAHostApplicationsWay() throws Exception {
    try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
      Manifest manifest = jar.getManifest();
      assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo("io.containernetstat.agent.Main");
      assertThat(manifest.getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
      List<String> unrelocated = new ArrayList<>();
      List<String> services = new ArrayList<>();
      for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        String path = name.replaceFirst("^META-INF/versions/\\d+/", "");
        if (name.endsWith(".class") && !path.startsWith("io/containernetstat/") && !path.startsWith("com/sun/jna/")) {
          unrelocated.add(name);
        }
        if (name.startsWith("META-INF/services/") && !name.endsWith("/")) {
          services.add(name.substring("META-INF/services/".length()));
        }
        assertThat(name).as("signature files").doesNotMatch("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");
      }
      assertThat(unrelocated).as("classes outside io.containernetstat and JNA").isEmpty();
      assertThat(services).as("service files").contains(
          "io.containernetstat.agent.shaded.org.slf4j.spi.SLF4JServiceProvider");
      assertThat(services).filteredOn(s -> s.startsWith("org.slf4j") || s.startsWith("com.fasterxml"))
          .as("service files left under their original names").isEmpty();
    }
  }

  @Test
  void onceJsonAgreesWithSsInsideEachRealNamespace() throws Exception {
    Environment.requireNetworkNamespaces();
    List<SocketSpec> specs = List.of(
        SocketSpec.empty().withListeners(2, 1).withEstablished(1, 1).withUdp(1, 1),
        SocketSpec.empty().withListeners(1, 0).withEstablished(3, 0).withTimeWait(2, 0),
        SocketSpec.empty().withUdp(2, 0));
    List<NetnsFixture> fixtures = NetnsFixture.startAll(specs);
    try {
      AgentJar.Result run = AgentJar.run("--once", "--format", "json", "--resolver", "netns");
      assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
      JsonNode doc = JSON.readTree(run.out());
      assertThat(doc.get("resolver").asText()).isEqualTo("netns");
      for (NetnsFixture ns : fixtures) {
        JsonNode found = namespace(doc, ns.netnsInode());
        assertThat(found).as("namespace %d of %s in the report", ns.netnsInode(), ns).isNotNull();
        assertThat(NetnsFixture.readNetnsInode(found.get("pid").asLong())).as("pid read").isEqualTo(ns.netnsInode());
        assertThat(found.get("hostNetwork").asBoolean()).isFalse();
        SsSummary ss = ns.ss();
        JsonNode summary = found.get("summary");
        assertThat(summary.get("tcpEstablished").asLong()).as("estab (ss -s) of %s", ns).isEqualTo(ss.estab())
            .isEqualTo(ns.spec().expectedCurrEstab());
        assertThat(summary.get("tcpTimewait").asLong()).as("timewait of %s", ns).isEqualTo(ss.timewait());
        assertThat(summary.get("tcpInuse").asLong()).as("TCP row of %s", ns).isEqualTo(ss.row("TCP").total());
        assertThat(summary.get("udpInuse").asLong()).as("UDP row of %s", ns).isEqualTo(ss.row("UDP").total());
        assertThat(summary.get("socketsUsed").asLong()).as("Total of %s", ns).isEqualTo(ss.total());
        assertThat(found.at("/sockstat/TCP/inuse").asLong()).as("sockstat TCP inuse").isEqualTo(ss.row("TCP").ip());
        assertThat(found.at("/sockstat6/TCP6/inuse").asLong()).as("sockstat6 TCP6 inuse").isEqualTo(ss.row("TCP").ipv6());
        assertThat(found.at("/snmp/Tcp/CurrEstab").asLong()).isEqualTo(ss.estab());
      }
      assertThat(doc.get("hostWide").get("tcpAlloc").isIntegralNumber()).as("hostWide.tcpAlloc").isTrue();
    } finally {
      for (NetnsFixture ns : fixtures) {
        ns.close();
      }
    }
  }

  @Test
  void cyclesReportTheirCost() throws Exception {
    Environment.requireNetworkNamespaces();
    AgentJar.Result run = AgentJar.run("--once", "--format", "json", "--resolver", "netns", "--cycles", "5");
    assertThat(run.code()).as("stderr: %s", run.err()).isZero();
    JsonNode cycles = JSON.readTree(run.out()).get("cycleMicros");
    assertThat(cycles.get("count").asInt()).isEqualTo(5);
    assertThat(cycles.get("min").asLong()).isPositive().isLessThanOrEqualTo(cycles.get("median").asLong());
    assertThat(cycles.get("median").asLong()).isLessThanOrEqualTo(cycles.get("max").asLong());
  }

  static JsonNode namespace(JsonNode doc, long inode) {
    for (JsonNode ns : doc.get("namespaces")) {
      if (ns.get("netns").asLong() == inode) {
        return ns;
      }
    }
    return null;
  }
}
