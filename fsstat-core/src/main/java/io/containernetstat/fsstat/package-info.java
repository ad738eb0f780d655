/**
 * Per-container filesystem figures: size, free and available bytes and inodes, and read-only state, of
 * each filesystem a container writes to, as {@code df} inside it would show them.
 *
 * <p>{@link io.containernetstat.fsstat.MountInfoParser} reads {@code /proc/<pid>/mountinfo},
 * {@link io.containernetstat.fsstat.MountFilter} picks the mounts worth measuring, and
 * {@link io.containernetstat.fsstat.StatvfsFilesystemProbe} measures them with {@code statvfs} through
 * {@code /proc/<pid>/root}, as a {@link io.containernetstat.core.filesystem.FilesystemProbe} for the
 * {@link io.containernetstat.core.Collector}; {@link io.containernetstat.fsstat.StatvfsProbeBuilder} sets it
 * up, and its {@code tryBuild()} says why there is no probe where {@code statvfs} cannot be called. The
 * {@code internal} package is not API.
 */
package io.containernetstat.fsstat;
