package io.containernetstat.fsstat;

/**
 * The figures {@code statvfs(3)} returns for one filesystem, as unsigned 64-bit values held in
 * {@code long}s; immutable.
 *
 * <p>Byte figures are block counts times {@code fragmentSize} ({@code f_frsize}), as {@code df}
 * computes them; {@code blockSize} ({@code f_bsize}) is only the preferred I/O size.
 *
 * @param blockSize {@code f_bsize}
 * @param fragmentSize {@code f_frsize}, the unit of the block counts
 * @param blocks {@code f_blocks}, the size in fragments
 * @param blocksFree {@code f_bfree}, free fragments, including those reserved for root
 * @param blocksAvailable {@code f_bavail}, fragments free to unprivileged users
 * @param files {@code f_files}, inodes; 0 on filesystems without an inode limit (btrfs, vfat)
 * @param filesFree {@code f_ffree}, free inodes
 * @param filesAvailable {@code f_favail}, inodes free to unprivileged users (on Linux the same as
 *     {@code f_ffree})
 * @param flags {@code f_flag}, for example {@link #ST_RDONLY}
 */
public record Statvfs(
    long blockSize,
    long fragmentSize,
    long blocks,
    long blocksFree,
    long blocksAvailable,
    long files,
    long filesFree,
    long filesAvailable,
    long flags) {

  /** {@code ST_RDONLY} of {@code f_flag}: mounted read-only. */
  public static final long ST_RDONLY = 1;

  /** {@return the unit of the block counts: {@code f_frsize}, or {@code f_bsize} when that is 0, as glibc does} */
  public long unit() {
    return fragmentSize != 0 ? fragmentSize : blockSize;
  }

  /**
   * {@return {@code blocks} times the unit}
   *
   * @throws ArithmeticException if the product does not fit a signed 64-bit value
   */
  public long sizeBytes() {
    return bytes(blocks);
  }

  /**
   * {@return {@code blocksFree} times the unit}
   *
   * @throws ArithmeticException if the product does not fit a signed 64-bit value
   */
  public long freeBytes() {
    return bytes(blocksFree);
  }

  /**
   * {@return {@code blocksAvailable} times the unit}
   *
   * @throws ArithmeticException if the product does not fit a signed 64-bit value
   */
  public long availBytes() {
    return bytes(blocksAvailable);
  }

  /** {@return whether {@code f_flag} has {@link #ST_RDONLY}} */
  public boolean readOnly() {
    return (flags & ST_RDONLY) != 0;
  }

  private long bytes(long count) {
    if (count < 0 || unit() < 0) {
      throw new ArithmeticException("block count or size exceeds 2^63-1");
    }
    return Math.multiplyExact(count, unit());
  }
}
