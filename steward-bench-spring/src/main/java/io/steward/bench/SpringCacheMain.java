package io.steward.bench;

import io.steward.ConfigException;
import io.steward.StewardException;
import io.steward.provision.RedisBinaries;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code java -jar steward-bench-spring.jar spring-cache [--rounds N] [--seconds S] [--warmup S]}: runs the Spring
 * cache manager benchmark, prints its JSON report on stdout and progress and a readable summary on stderr.
 */
public final class SpringCacheMain {

    static final String USAGE_TEXT =
            """
            usage: steward bench spring-cache [--rounds N] [--seconds S] [--warmup S]
              spring-cache  requests/s of one @Cacheable/@CachePut method pair through the Steward starter's cache
                            manager vs Boot's RedisCacheManager (default and immediate writes), Redisson 4's
                            RedissonSpringCacheManager and Spring's CaffeineCacheManager; the cache workload, 16
                            threads, one local redis-server; and whether a put is visible to a second instance at
                            once (defaults: 3 interleaved rounds of 15 s, 8 s warm-up)""";

    private SpringCacheMain() {}

    public static void main(String[] args) {
        quietLogging();
        System.exit(execute(args, System.out, System.err));
    }

    /**
     * Keeps Boot from configuring java.util.logging in every context it starts, and sets its root level to WARNING:
     * otherwise JDK logging reached through {@code System.Logger} (the deserialization filter's trace on every
     * {@code ObjectInputStream}) would cost the contestants that use Java serialization a log call per value. Logs go to
     * stderr through slf4j-simple, as in steward-bench.
     */
    static void quietLogging() {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }

    static int execute(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE_TEXT);
            return Main.USAGE;
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            err.println(USAGE_TEXT);
            return Main.OK;
        }
        if (!args[0].equals("spring-cache")) {
            err.println("steward-bench-spring: unknown benchmark '" + args[0] + "'\n" + USAGE_TEXT);
            return Main.USAGE;
        }
        Consumer<String> progress = line -> err.println("steward-bench: " + line);
        try {
            BenchArgs options = BenchArgs.parse(List.of(Arrays.copyOfRange(args, 1, args.length)));
            SpringCacheBenchmark.Report report =
                    new SpringCacheBenchmark(options, RedisBinaries.locate(), progress).run();
            err.println(report.text());
            out.println(Json.render(report));
            return Main.OK;
        } catch (ConfigException e) {
            err.println("steward-bench: " + e.getMessage() + "\n" + USAGE_TEXT);
            return Main.USAGE;
        } catch (StewardException e) {
            err.println("steward-bench: " + e.getMessage());
            return Main.FAILED;
        }
    }
}
