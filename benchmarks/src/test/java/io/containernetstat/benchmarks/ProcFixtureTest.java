package io.containernetstat.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.containernetstat.core.Collector;
import io.containernetstat.core.Container;
import io.containernetstat.core.Counters;
import io.containernetstat.core.NamespaceSnapshot;
import io.containernetstat.core.internal.NetnsReader;
import io.containernetstat.core.NetnsResolver;
import io.containernetstat.core.NetnsStats;
import io.containernetstat.core.NetnsTarget;
import io.containernetstat.core.Container.Pod;
import io.containernetstat.core.ProcNetFile;
import io.containernetstat.core.internal.Processes;
import io.containernetstat.core.internal.ReadResult;
import io.containernetstat.core.Resolution;
import io.containernetstat.core.Snapshot;
import io.containernetstat.core.NetnsStats.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFixtureTest {
  @TempDir
  Path tmp;

  @Test
  void everyContainerHasItsProcessNamespaceAndCgroup() throws IOException {
    try (ProcFixture fixture = ProcFixture.create(tmp, 5, 7)) {
      assertThat(fixture.containers()).hasSize(5);
      Set<Long> inodes = new HashSet<>();
      for (ProcFixture.Entry e : fixture.containers()) {
        assertThat(Processes.startTime(fixture.procRoot(), e.pid())).hasValue(e.startTime());
        assertThat(Processes.netnsInode(fixture.procRoot(), e.pid())).hasValue(e.netnsInode());
        assertThat(e.cgroupDir()).startsWith(fixture.cgroupRoot().resolve("kubepods/besteffort"));
        assertThat(e.cgroupDir().getParent().getFileName().toString()).isEqualTo("pod" + e.podUid());
        assertThat(e.cgroupDir().getFileName().toString()).matches("[0-9a-f]{64}").isEqualTo(e.containerId());
        assertThat(Files.readString(e.cgroupDir().resolve("cgroup.procs"))).isEqualTo(e.pid() + "\n");
        assertThat(Files.readString(fixture.procRoot().pid(e.pid()).resolve("cgroup")))
            .isEqualTo("0::/kubepods/besteffort/pod" + e.podUid() + "/" + e.containerId() + "\n");
        inodes.add(e.netnsInode());
      }
      assertThat(inodes).as("one namespace per container").hasSize(5);
      assertThat(Processes.netnsInode(fixture.procRoot(), 1)).hasValue(ProcFixture.HOST_NETNS_INODE);
    }
    assertThat(tmp).isEmptyDirectory();
  }

  @Test
  void everyFileParsesWithTheKernelsColumnsAndVariedNumbers() {
    try (ProcFixture fixture = ProcFixture.create(tmp, 3, 7);
        NetnsReader reader = new NetnsReader(fixture.procRoot(), EnumSet.allOf(ProcNetFile.class), false)) {
      NetnsStats first = null;
      for (ProcFixture.Entry e : fixture.containers()) {
        ReadResult result = reader.read(e.pid(), e.startTime());
        assertThat(result).as("pid %d", e.pid()).isInstanceOf(ReadResult.Read.class);
        NetnsStats stats = ((ReadResult.Read) result).stats();
        for (ProcNetFile file : ProcNetFile.values()) {
          assertThat(stats.file(file)).as("%s of pid %d", file, e.pid()).isPresent();
        }
        Counters snmp = stats.file(ProcNetFile.SNMP).orElseThrow();
        assertThat(snmp.get("Tcp", "MaxConn")).as("Tcp MaxConn is kept").hasValue(-1);
        assertThat(snmp.get("Tcp", "RtoMin")).as("Tcp RtoMin is kept").hasValue(200);
        assertThat(stats.file(ProcNetFile.NETSTAT).orElseThrow().indexOf("TcpExt", "ListenOverflows"))
            .isNotNegative();
        assertThat(stats.file(ProcNetFile.DEV).orElseThrow().groups()).containsExactly("lo", "eth0");
        if (first == null) {
          first = stats;
        } else {
          assertThat(stats.file(ProcNetFile.SNMP)).as("numbers vary").isNotEqualTo(first.file(ProcNetFile.SNMP));
          assertThat(stats.hostWide()).as("host-wide fields are the host's").isEqualTo(first.hostWide());
        }
      }
    }
  }

  @Test
  void theCollectorReadsEveryNamespaceAndTheNaiveReaderAgrees() throws IOException {
    try (ProcFixture fixture = ProcFixture.create(tmp, 4, 11);
        Collector collector = Collector.builder(fixture.fixedResolver()).procRoot(fixture.procRoot()).build()) {
      Snapshot snapshot = BenchmarkChecks.requireComplete(collector.collect(), 4);
      assertThat(snapshot.hostNetns().inode()).isEqualTo(ProcFixture.HOST_NETNS_INODE);
      for (NamespaceSnapshot ns : snapshot.namespaces()) {
        Summary core = ns.stats().summary();
        NaiveReader.Summary naive = NaiveReader.readNamespace(fixture.procRoot().path(), ns.target().pid());
        assertThat(naive).isEqualTo(new NaiveReader.Summary(core.tcpEstablished().orElseThrow(),
            core.tcpInuse().orElseThrow(), core.tcpTimewait().orElseThrow(), core.udpInuse().orElseThrow(),
            core.socketsUsed().orElseThrow()));
      }
    }
  }

  @Test
  void theCgroupScanResolverFindsEveryContainerWithItsPod() throws Exception {
    try (ProcFixture fixture = ProcFixture.create(tmp, 6, 3);
        NetnsResolver resolver = fixture.cgroupResolver()) {
      Resolution resolution = resolver.resolve();
      assertThat(resolution.warnings()).isEmpty();
      assertThat(resolution.namespaces()).hasSize(6);
      Map<Long, ProcFixture.Entry> byPid = new HashMap<>();
      fixture.containers().forEach(e -> byPid.put(e.pid(), e));
      for (NetnsTarget target : resolution.namespaces()) {
        ProcFixture.Entry e = byPid.get(target.pid());
        assertThat(e).as("pid %d is a fixture container", target.pid()).isNotNull();
        assertThat(target.netnsInode()).isEqualTo(e.netnsInode());
        assertThat(target.pidStartTime()).isEqualTo(e.startTime());
        assertThat(target.pod()).isEqualTo(new Pod("default", e.podName(), e.podUid()));
        assertThat(target.containers()).extracting(Container::id).containsExactly(e.containerId());
      }
    }
  }
}
