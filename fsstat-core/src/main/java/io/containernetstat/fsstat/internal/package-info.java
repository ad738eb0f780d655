/** Implementation detail of {@code io.containernetstat.fsstat}; not API, may change without notice. */
package io.containernetstat.fsstat.internal;
