/**
 * Finds every container's network namespace on a host: through the Docker Engine API
 * ({@link io.containernetstat.resolver.DockerResolver}), by scanning cgroups with no runtime API
 * ({@link io.containernetstat.resolver.CgroupScanResolver}), or from every process's namespace
 * ({@link io.containernetstat.resolver.NetnsScanResolver}); {@link io.containernetstat.resolver.AutoResolver}
 * picks one. Create them with {@link io.containernetstat.resolver.Resolvers#create} and
 * {@link io.containernetstat.resolver.ResolverOptions}.
 *
 * <p>Dependencies: docker-java (core and the zerodep transport, which brings Jackson, Guava, Bouncy
 * Castle and commons-*), Jackson databind and slf4j-api. No docker-java type appears in this package's
 * API.
 */
package io.containernetstat.resolver;
