/**
 * Implementation shared by this project's modules: bounded, non-blocking reads of procfs files. Not
 * API, may change in any release.
 */
package io.containernetstat.core.internal;
