package io.containernetstat.fsstat.internal;

/**
 * One filesystem as {@code statvfs} sees it: the device, and the directory of it that is mounted. The
 * root is part of the key because XFS and ext4 project quotas make {@code statvfs} answer per directory
 * tree. Not API.
 *
 * @param major the device's major number
 * @param minor the device's minor number
 * @param root the mounted directory of the filesystem
 */
public record MountKey(int major, int minor, String root) {}
