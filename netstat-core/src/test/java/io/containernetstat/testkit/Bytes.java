package io.containernetstat.testkit;

/** Small questions about byte arrays that tests and benchmarks ask of /proc files. */
public final class Bytes {
  private Bytes() {}

  /** {@return how many bytes of {@code content} equal {@code value}} */
  public static int count(byte[] content, char value) {
    int n = 0;
    for (byte b : content) {
      if (b == value) {
        n++;
      }
    }
    return n;
  }
}
