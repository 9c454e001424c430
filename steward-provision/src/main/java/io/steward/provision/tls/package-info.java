/**
 * TLS material for a self-managed Redis deployment: a private certificate authority, a server
 * certificate and a client certificate, written as PEM files that {@code redis-server} (OpenSSL)
 * and Lettuce (Netty over the JDK) both load.
 *
 * <p>{@link io.steward.provision.tls.CertificateAuthority#generate CertificateAuthority.generate}
 * creates the material in the layout described by {@link io.steward.provision.tls.TlsFiles} and
 * never overwrites existing files; callers that want to keep existing material check
 * {@link io.steward.provision.tls.TlsFiles#exist()} first.
 * {@link io.steward.provision.tls.CertificateInfo#read CertificateInfo.read} reads back a
 * certificate's subject, validity and names, for example to warn before it expires.
 *
 * <p>The server certificate is valid for both TLS server and TLS client authentication because
 * Redis presents it as a client certificate too, on replication links, the cluster bus and
 * Sentinel connections.
 */
package io.steward.provision.tls;
