package io.steward.test;

import io.steward.provision.DataRole;
import io.steward.provision.Profile;
import io.steward.provision.TopologyMode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a real, hardened local topology (real redis-server and redis-sentinel processes, under
 * supervision) before the annotated class's tests and stops it after them. Test methods,
 * constructors and {@code @BeforeAll}/{@code @AfterAll} methods receive it as a
 * {@link io.steward.provision.LocalTopology} parameter.
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RedisTopologyExtension.class)
public @interface RedisTopology {

    TopologyMode mode() default TopologyMode.STANDALONE;

    boolean tls() default false;

    /** Development by default: Sentinel detects a dead master after 1.5 s. */
    Profile profile() default Profile.DEVELOPMENT;

    DataRole role() default DataRole.STORE;
}
