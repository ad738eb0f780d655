package io.containernetstat.resolver.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A read-only view of a bbolt database file held in memory (podman's {@code bolt_state.db}); immutable
 * once built, thread-safe.
 *
 * <p>The file format (go.etcd.io/bbolt {@code page.go}, {@code bucket.go}, {@code db.go}), little-endian:
 * <pre>
 * page      id u64, flags u16 (1 branch, 2 leaf, 4 meta, 16 freelist), count u16, overflow u32; elements follow
 * meta      (pages 0 and 1) magic 0xED0CDAED u32, version 2 u32, pageSize u32, flags u32, root bucket
 *           {root u64, sequence u64}, freelist u64, pgid u64, txid u64, checksum u64 (FNV-1a 64 of the 56 before)
 * branch    per element: pos u32, ksize u32, pgid u64; the key is pos bytes after the element
 * leaf      per element: flags u32 (1 = a bucket), pos u32, ksize u32, vsize u32; key then value at pos
 * bucket    value {root u64, sequence u64}; root 0 = inline, its leaf page follows in the value
 * </pre>
 * The meta page with the highest valid transaction id is the current one. The file is read without
 * bbolt's lock, so a writer may be reusing pages while it is read: every offset is checked against the
 * file, and a page that is not what the tree says it is makes the read fail ({@link MalformedException}),
 * never loop or read out of bounds. Callers read the file again later. Not API.
 */
public final class BoltFile {
  /** The file is not a bbolt database, or changed while it was read. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  private static final int MAGIC = 0xED0CDAED;
  private static final int PAGE_HEADER = 16;
  private static final int ELEMENT = 16;
  private static final int BRANCH = 0x01;
  private static final int LEAF = 0x02;
  private static final int META = 0x04;
  private static final int BUCKET_FLAG = 0x01;
  /** Deeper than any B+tree of a file that fits in memory: a cycle in a corrupt file stops here. */
  private static final int MAX_DEPTH = 64;

  private final ByteBuffer data;
  private final int pageSize;
  private final long rootPage;

  private BoltFile(ByteBuffer data, int pageSize, long rootPage) {
    this.data = data;
    this.pageSize = pageSize;
    this.rootPage = rootPage;
  }

  /**
   * Opens the database held in {@code bytes} (not copied: do not change them).
   *
   * @throws MalformedException if neither meta page is valid
   */
  public static BoltFile of(byte[] bytes) throws MalformedException {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long[] first = meta(b, 0);
    if (first == null) {
      throw new MalformedException("no valid bbolt meta page at offset 0");
    }
    long[] second = meta(b, (int) first[0]);
    long[] current = second != null && second[2] > first[2] ? second : first;
    return new BoltFile(b, (int) current[0], current[1]);
  }

  /** {@return {pageSize, root page, txid} of the meta page at {@code offset}, or null when invalid} */
  private static long[] meta(ByteBuffer b, int offset) {
    int m = offset + PAGE_HEADER;
    if (offset < 0 || m + 64 > b.limit() || (b.getShort(offset + 8) & META) == 0 || b.getInt(m) != MAGIC
        || b.getInt(m + 4) != 2) {
      return null;
    }
    long hash = 0xcbf29ce484222325L;
    for (int i = m; i < m + 56; i++) {
      hash = (hash ^ (b.get(i) & 0xff)) * 0x100000001b3L;
    }
    int pageSize = b.getInt(m + 8);
    if (hash != b.getLong(m + 56) || pageSize < 512 || Integer.bitCount(pageSize) != 1) {
      return null;
    }
    return new long[] {pageSize, b.getLong(m + 16), b.getLong(m + 48)};
  }

  /** {@return the top-level bucket {@code name}, or null when there is none} */
  public Bucket bucket(String name) throws MalformedException {
    return new Bucket(pageOffset(rootPage)).bucket(name);
  }

  /** One bucket: a B+tree whose root page is at an offset in the file. Immutable. */
  public final class Bucket {
    private final int root;

    private Bucket(int root) {
      this.root = root;
    }

    /** {@return the nested bucket {@code name}, or null when there is none} */
    public Bucket bucket(String name) throws MalformedException {
      int e = find(name.getBytes(StandardCharsets.UTF_8));
      if (e < 0 || (data.getInt(e) & BUCKET_FLAG) == 0) {
        return null;
      }
      int value = e + data.getInt(e + 4) + data.getInt(e + 8);
      check(value, 16, "bucket header");
      long page = data.getLong(value);
      return new Bucket(page == 0 ? checkPage(value + 16, LEAF) : pageOffset(page));
    }

    /** {@return the value of key {@code name} (not a bucket), or null when there is none} */
    public byte[] get(String name) throws MalformedException {
      int e = find(name.getBytes(StandardCharsets.UTF_8));
      if (e < 0 || (data.getInt(e) & BUCKET_FLAG) != 0) {
        return null;
      }
      int value = e + data.getInt(e + 4) + data.getInt(e + 8);
      int size = data.getInt(e + 12);
      check(value, size, "value");
      byte[] out = new byte[size];
      data.get(value, out);
      return out;
    }

    /** {@return the offset of the leaf element holding {@code key}, or -1} */
    private int find(byte[] key) throws MalformedException {
      int page = root;
      for (int depth = 0; depth < MAX_DEPTH; depth++) {
        int flags = data.getShort(page + 8) & 0xffff;
        int count = data.getShort(page + 10) & 0xffff;
        check(page + PAGE_HEADER, count * ELEMENT, "elements");
        if ((flags & LEAF) != 0) {
          for (int i = 0; i < count; i++) {
            int e = page + PAGE_HEADER + i * ELEMENT;
            if (compare(key, e + data.getInt(e + 4), data.getInt(e + 8)) == 0) {
              return e;
            }
          }
          return -1;
        }
        if ((flags & BRANCH) == 0 || count == 0) {
          throw new MalformedException("page at offset " + page + " is neither branch nor leaf (flags " + flags + ")");
        }
        // The last element whose key is at most the key sought (bbolt's Cursor.search).
        int chosen = page + PAGE_HEADER;
        for (int i = 1; i < count; i++) {
          int e = page + PAGE_HEADER + i * ELEMENT;
          if (compare(key, e + data.getInt(e), data.getInt(e + 4)) < 0) {
            break;
          }
          chosen = e;
        }
        page = pageOffset(data.getLong(chosen + 8));
      }
      throw new MalformedException("bucket tree deeper than " + MAX_DEPTH + " pages");
    }

    private int compare(byte[] key, int at, int length) throws MalformedException {
      check(at, length, "key");
      int n = Math.min(key.length, length);
      for (int i = 0; i < n; i++) {
        int c = Integer.compare(key[i] & 0xff, data.get(at + i) & 0xff);
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(key.length, length);
    }
  }

  private int pageOffset(long page) throws MalformedException {
    long offset = page * pageSize;
    if (page < 2 || offset + PAGE_HEADER > data.limit()) {
      throw new MalformedException("page " + page + " is outside the file (" + data.limit() + " bytes)");
    }
    return checkPage((int) offset, BRANCH | LEAF);
  }

  private int checkPage(int offset, int allowed) throws MalformedException {
    check(offset, PAGE_HEADER, "page header");
    if ((data.getShort(offset + 8) & allowed) == 0) {
      throw new MalformedException("page at offset " + offset + " has flags " + data.getShort(offset + 8)
          + ", not a branch or leaf: the file changed while it was read");
    }
    return offset;
  }

  private void check(long offset, long length, String what) throws MalformedException {
    if (offset < 0 || length < 0 || offset + length > data.limit()) {
      throw new MalformedException(what + " at offset " + offset + " (" + length + " bytes) is outside the file ("
          + data.limit() + " bytes)");
    }
  }
}
