/** Implementation of the resolvers: not API, may change in any release. */
package io.containernetstat.resolver.internal;
