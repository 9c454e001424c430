package io.steward.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ScriptOutputType;
import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.STANDALONE)
class LuaScriptIT {

    private static final LuaScript INCREMENT = LuaScript.of("return redis.call('INCRBY', KEYS[1], ARGV[1])");

    @Test
    void scriptRunsAgainAfterScriptFlushThroughTheEvalFallback(LocalTopology topology) {
        try (StewardClient app =
                        StewardClient.create(TopologyOptions.as(topology, "app").build());
                StewardClient admin = StewardClient.create(
                        TopologyOptions.as(topology, "admin").build())) {
            Long first = INCREMENT.run(app, ScriptOutputType.INTEGER, new String[] {"lua:counter"}, "2");
            assertThat(first).isEqualTo(2);
            assertThat(admin.commands().scriptExists(INCREMENT.sha1())).containsExactly(true);

            admin.commands().scriptFlush();
            assertThat(admin.commands().scriptExists(INCREMENT.sha1())).containsExactly(false);

            Long second = INCREMENT.run(app, ScriptOutputType.INTEGER, new String[] {"lua:counter"}, "3");
            assertThat(second).isEqualTo(5);
            assertThat(admin.commands().scriptExists(INCREMENT.sha1()))
                    .as("EVAL cached the script again")
                    .containsExactly(true);
            assertThat(admin.commands().scriptLoad("return redis.call('INCRBY', KEYS[1], ARGV[1])"))
                    .isEqualTo(INCREMENT.sha1());
        }
    }

    @Test
    void resourcesJoinAPreludeAndAScriptIntoOne(LocalTopology topology) {
        LuaScript joined = LuaScript.resources(LuaScriptIT.class, "prelude.lua", "uses-prelude.lua");
        try (StewardClient app =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            Long answer = joined.run(app, ScriptOutputType.INTEGER, new String[] {"lua:none"}, "2");
            assertThat(answer).isEqualTo(42);
        }
    }
}
