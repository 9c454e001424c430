package io.steward.spring.boot;

import io.steward.client.ClientOptions;
import io.steward.client.StewardClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link ClientOptions} from the {@code steward.*} properties and the {@link StewardClient} built
 * from them. Each backs off when the application defines a bean of its type: its own options still
 * get the auto-configured client; its own client replaces both (no {@code steward.*} connection property is
 * then read by the starter; the application may build its client from
 * {@link StewardProperties#toClientOptions()}).
 *
 * <p>The client connects while the context starts, so an unreachable or misconfigured Redis fails
 * the start instead of the first request; the context closes the client.
 */
@AutoConfiguration
@ConditionalOnClass(StewardClient.class)
@EnableConfigurationProperties(StewardProperties.class)
public class StewardAutoConfiguration {

    /**
     * @throws io.steward.ConfigException naming the {@code steward.*} property of a bad setting
     */
    @Bean
    @ConditionalOnMissingBean({ClientOptions.class, StewardClient.class})
    ClientOptions stewardClientOptions(StewardProperties properties) {
        return properties.toClientOptions();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    StewardClient stewardClient(ClientOptions stewardClientOptions) {
        return StewardClient.create(stewardClientOptions);
    }
}
