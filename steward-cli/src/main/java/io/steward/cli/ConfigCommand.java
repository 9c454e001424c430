package io.steward.cli;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.ops.config.ConfigLoader;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.provision.ConfigRenderer;
import io.steward.provision.DataRole;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.Layout;
import io.steward.provision.LocalDeployment;
import io.steward.provision.Profile;
import io.steward.provision.RenderedFile;
import io.steward.provision.SecretStore;
import io.steward.provision.TopologyMode;
import io.steward.provision.tls.CertificateAuthority;
import io.steward.provision.tls.TlsFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code steward config render}: the hardened configs for real hosts. */
@Command(name = "config", description = "Deployable configuration.", subcommands = ConfigCommand.Render.class)
final class ConfigCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return StewardCli.showHelpForMissingSubcommand(spec);
    }

    @Command(
            name = "render",
            description = "Render redis.conf, users.acl, sentinel.conf, secrets and TLS material for real hosts.",
            footerHeading = "%nExample:%n",
            footer = {
                "  ./steward config render --out deploy --profile production --tls \\",
                "      --nodes 10.0.0.1:6379,10.0.0.2:6379,10.0.0.3:6379 \\",
                "      --sentinels 10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379"
            })
    static final class Render implements Callable<Integer> {

        @ParentCommand
        ConfigCommand parent;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR",
                description = "directory to write (must be empty or new)")
        Path out;

        @Option(names = "--topology", paramLabel = "MODE", description = "standalone, sentinel (default) or cluster")
        String topology;

        @Option(names = "--profile", paramLabel = "PROFILE", description = "development or production (default)")
        String profile;

        @Option(names = "--tls", description = "TLS only; generates a CA and certificates for the hosts")
        Boolean tls;

        @Option(
                names = "--nodes",
                split = ",",
                paramLabel = "HOST:PORT",
                description = "data nodes; sentinel: master first; cluster: masters then their replicas")
        List<String> nodes;

        @Option(
                names = "--sentinels",
                split = ",",
                paramLabel = "HOST:PORT",
                description = "sentinel nodes (sentinel mode)")
        List<String> sentinels;

        @Option(names = "--master-name", paramLabel = "NAME", description = "name Sentinel monitors (default: steward)")
        String masterName;

        @Option(
                names = "--role",
                paramLabel = "ROLE",
                description = "store (noeviction, default) or cache (allkeys-lru)")
        String role;

        @Option(names = "--maxmemory-mb", paramLabel = "MB", description = "maxmemory per node (default: by profile)")
        Long maxmemoryMb;

        @Option(names = "--name", paramLabel = "NAME", description = "deployment name (default: steward)")
        String name;

        @Override
        public Integer call() throws Exception {
            DeploymentPlan plan = plan();
            Path dir = out.toAbsolutePath().normalize();
            if (Files.exists(dir)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new ConfigException(
                                "--out", dir + " is not empty; choose a new directory so nothing is overwritten");
                    }
                }
            }
            SecretStore secrets = SecretStore.in(dir.resolve("secrets")).ensureGenerated();
            List<Path> written = new ArrayList<>();
            if (plan.tls()) {
                TlsFiles files = generateTls(dir.resolve("tls"), plan);
                written.addAll(List.of(
                        files.ca(),
                        files.caKey(),
                        files.serverCert(),
                        files.serverKey(),
                        files.clientCert(),
                        files.clientKey()));
            }
            for (RenderedFile file :
                    ConfigRenderer.of(plan, secrets, Layout.hosts(dir)).write()) {
                written.add(file.path());
            }
            Arrays.stream(io.steward.provision.AclUser.values())
                    .map(secrets::file)
                    .forEach(written::add);
            report(dir, written);
            return ExitCodes.OK;
        }

        /**
         * The plan from the flags; with {@code --config FILE}, what the flags leave out comes from the
         * file (topology, nodes, sentinels, master name, role, profile, TLS, name).
         */
        private DeploymentPlan plan() {
            StewardConfig file = parent.root.config == null
                    ? null
                    : ConfigLoader.withEnvironment(parent.root.environment()).read(parent.root.configFile());
            TopologyConfig t = file == null ? null : file.topology();
            TopologyMode mode = topology != null
                    ? TopologyMode.parse(topology, "--topology")
                    : t != null ? t.mode() : TopologyMode.SENTINEL;
            Profile p = profile != null
                    ? Profile.parse(profile, "--profile")
                    : file != null ? file.profile() : Profile.PRODUCTION;
            List<HostAndPort> data = nodes != null ? parse(nodes, "--nodes") : t != null ? t.nodes() : List.of();
            if (data.isEmpty()) {
                throw new ConfigException(
                        "--nodes",
                        "no data nodes given; list them with --nodes HOST:PORT,..."
                                + " or under topology.nodes in the file given with --config");
            }
            List<HostAndPort> sentinelNodes =
                    sentinels != null ? parse(sentinels, "--sentinels") : t != null ? t.sentinels() : List.of();
            try {
                return plan(file, mode, p, data, sentinelNodes);
            } catch (ConfigException e) {
                throw asFlagError(e, file);
            }
        }

        private DeploymentPlan plan(
                StewardConfig file,
                TopologyMode mode,
                Profile p,
                List<HostAndPort> data,
                List<HostAndPort> sentinelNodes) {
            TopologyConfig t = file == null ? null : file.topology();
            return new DeploymentPlan(
                    name != null ? name : file != null ? file.name() : "steward",
                    mode,
                    p,
                    tls != null ? tls : file != null && file.tls().enabled(),
                    masterName != null
                            ? masterName
                            : t != null && t.masterName() != null ? t.masterName() : DeploymentPlan.DEFAULT_MASTER_NAME,
                    role != null ? DataRole.parse(role, "--role") : t != null ? t.role() : DataRole.STORE,
                    maxmemoryMb != null ? maxmemoryMb << 20 : p.maxmemoryBytes(),
                    data,
                    sentinelNodes);
        }

        /** A plan error names the YAML field; when flags supplied the value, name the flag instead. */
        private ConfigException asFlagError(ConfigException e, StewardConfig file) {
            String flag =
                    switch (e.field()) {
                        case "topology.nodes" -> nodes != null || file == null ? "--nodes" : null;
                        case "topology.sentinels" -> sentinels != null || file == null ? "--sentinels" : null;
                        case "topology.master-name" -> masterName != null || file == null ? "--master-name" : null;
                        case "name" -> name != null || file == null ? "--name" : null;
                        case "maxmemory" -> "--maxmemory-mb";
                        default -> null;
                    };
            if (flag == null) {
                return new ConfigException(
                        file.file(),
                        0,
                        e.field(),
                        e.getMessage().substring(e.field().length() + 2));
            }
            return new ConfigException(flag, e.getMessage().substring(e.field().length() + 2));
        }

        private static TlsFiles generateTls(Path dir, DeploymentPlan plan) {
            Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
            Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
            List<HostAndPort> all = new ArrayList<>(plan.redisNodes());
            all.addAll(plan.sentinels());
            for (HostAndPort node : all) {
                boolean literal = node.host().matches("[0-9.]+") || node.host().contains(":");
                (literal ? ips : dns).add(node.host());
            }
            return CertificateAuthority.generate(
                    dir,
                    List.copyOf(dns),
                    List.copyOf(ips),
                    LocalDeployment.DEFAULT_CERTIFICATE_VALIDITY,
                    Clock.systemUTC(),
                    new SecureRandom());
        }

        private static List<HostAndPort> parse(List<String> values, String option) {
            List<HostAndPort> out = new ArrayList<>();
            for (String value : values) {
                try {
                    out.add(HostAndPort.parse(value));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(option, e.getMessage());
                }
            }
            return out;
        }

        private void report(Path dir, List<Path> written) {
            PrintWriter o = parent.root.spec.commandLine().getOut();
            if (parent.root.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("out", dir.toString());
                json.put("files", written.stream().map(Path::toString).sorted().toList());
                Json.print(o, json);
                return;
            }
            o.println("Rendered " + written.size() + " files in " + dir + ":");
            written.stream().map(dir::relativize).map(Path::toString).sorted().forEach(f -> o.println("  " + f));
            o.println();
            o.println(
                    "Copy HOST-PORT/redis.conf to /etc/redis/redis.conf (or sentinel.conf to /etc/redis/sentinel.conf)");
            o.println("and HOST-PORT/users.acl to /etc/redis/users-PORT.acl on each host; keep them mode 0600.");
        }
    }
}
