/**
 * Spring Boot auto-configuration over {@code steward-client}: {@code steward.*} properties (or a
 * reused {@code steward.yaml}) become {@link io.steward.client.ClientOptions} and a
 * {@link io.steward.client.StewardClient} bean. Each bean backs off when the application defines its
 * own. Bad properties fail the context start with a message naming the property.
 */
package io.steward.spring.boot;
