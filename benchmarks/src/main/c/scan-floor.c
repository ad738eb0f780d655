/*
 * The floor under the netns resolver's steady-state cycle: the same kernel work in C, nothing else.
 * One cycle = readdir /proc (one held directory stream, rewound), readlink every /proc/<pid>/ns/net,
 * then one pread at offset 0 of each held descriptor (net/sockstat, net/sockstat6, net/snmp) of every
 * distinct network namespace found. A namespace's descriptors are opened when it is first found (through
 * its first process) and held; those of a namespace no longer found are closed. No parsing.
 *
 * Driven over stdin by ScanFloorComparison: each line is a number N; the program runs N cycles, timing
 * each with CLOCK_MONOTONIC, and answers one line "ok <namespaces> <processes> <bytes> <ns>..." (the
 * namespaces and processes of the last cycle, the bytes read by all, then each cycle's nanoseconds).
 * EOF: exit. Built by benchmarks/ci-budget-scan.sh with cc -O2.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FILES 3
#define SLOTS (1 << 17) /* open addressing, power of two, far more than the namespaces of a host */

static const char *const names[FILES] = {"sockstat", "sockstat6", "snmp"};

struct ns {
  unsigned long long inode; /* 0: free slot */
  int fd[FILES];
  unsigned seen;
};

static struct ns table[SLOTS];
static unsigned long long live[SLOTS]; /* inodes in the table, for the close pass */
static int nlive;
static char buf[64 * 1024];

static struct ns *lookup(unsigned long long inode) {
  unsigned h = (unsigned)(inode * 0x9E3779B97F4A7C15ULL >> 47) & (SLOTS - 1);
  while (table[h].inode != 0 && table[h].inode != inode) {
    h = (h + 1) & (SLOTS - 1);
  }
  return &table[h];
}

/* Closes the namespaces not found in cycle `stamp` and re-inserts the others (rare: a namespace left). */
static void rebuild(unsigned stamp) {
  static struct ns keep[SLOTS];
  int k = 0;
  for (int i = 0; i < nlive; i++) {
    struct ns *n = lookup(live[i]);
    if (n->seen == stamp) {
      keep[k++] = *n;
      continue;
    }
    for (int f = 0; f < FILES; f++) {
      if (n->fd[f] >= 0) {
        close(n->fd[f]);
      }
    }
  }
  memset(table, 0, sizeof table);
  nlive = 0;
  for (int i = 0; i < k; i++) {
    *lookup(keep[i].inode) = keep[i];
    live[nlive++] = keep[i].inode;
  }
}

static unsigned long long parse_link(const char *s, ssize_t len) {
  /* net:[4026532177] */
  if (len < 7 || memcmp(s, "net:[", 5) != 0 || s[len - 1] != ']') {
    return 0;
  }
  unsigned long long v = 0;
  for (ssize_t i = 5; i < len - 1; i++) {
    if (s[i] < '0' || s[i] > '9') {
      return 0;
    }
    v = v * 10 + (unsigned long long)(s[i] - '0');
  }
  return v;
}

static void cycle(DIR *proc, unsigned stamp, int *namespaces, int *processes, long long *bytes) {
  char path[320];
  char link[64];
  struct dirent *e;
  rewinddir(proc);
  *processes = 0;
  while ((e = readdir(proc)) != NULL) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') {
      continue;
    }
    snprintf(path, sizeof path, "/proc/%s/ns/net", e->d_name);
    ssize_t len = readlink(path, link, sizeof link);
    if (len <= 0) {
      continue; /* exited, or a kernel thread we may not read */
    }
    (*processes)++;
    unsigned long long inode = parse_link(link, len);
    if (inode == 0) {
      continue;
    }
    struct ns *n = lookup(inode);
    if (n->inode == 0) {
      n->inode = inode;
      for (int f = 0; f < FILES; f++) {
        snprintf(path, sizeof path, "/proc/%s/net/%s", e->d_name, names[f]);
        n->fd[f] = open(path, O_RDONLY | O_CLOEXEC);
      }
      live[nlive++] = inode;
    }
    n->seen = stamp;
  }
  int removed = 0;
  *namespaces = 0;
  for (int i = 0; i < nlive; i++) {
    struct ns *n = lookup(live[i]);
    if (n->seen != stamp) {
      removed = 1;
      continue;
    }
    (*namespaces)++;
    for (int f = 0; f < FILES; f++) {
      if (n->fd[f] >= 0) {
        ssize_t r = pread(n->fd[f], buf, sizeof buf, 0);
        if (r > 0) {
          *bytes += r;
        }
      }
    }
  }
  if (removed) {
    rebuild(stamp);
  }
}

int main(void) {
  DIR *proc = opendir("/proc");
  if (proc == NULL) {
    perror("scan-floor: /proc");
    return 1;
  }
  setvbuf(stdout, NULL, _IOFBF, 1 << 20);
  char line[64];
  unsigned stamp = 0;
  while (fgets(line, sizeof line, stdin) != NULL) {
    long count = strtol(line, NULL, 10);
    int namespaces = 0;
    int processes = 0;
    long long bytes = 0;
    static long long nanos[100000];
    if (count < 0 || count > 100000) {
      count = 0;
    }
    for (long i = 0; i < count; i++) {
      struct timespec a, b;
      clock_gettime(CLOCK_MONOTONIC, &a);
      cycle(proc, ++stamp, &namespaces, &processes, &bytes);
      clock_gettime(CLOCK_MONOTONIC, &b);
      nanos[i] = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    }
    printf("ok %d %d %lld", namespaces, processes, bytes);
    for (long i = 0; i < count; i++) {
      printf(" %lld", nanos[i]);
    }
    printf("\n");
    fflush(stdout);
  }
  return 0;
}
