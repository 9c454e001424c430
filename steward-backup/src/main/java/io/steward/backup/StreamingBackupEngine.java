package io.steward.backup;

import io.steward.BackupCorruptedException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.backup.SourceSelector.Source;
import io.steward.backup.internal.BackupKey;
import io.steward.backup.internal.BackupPipeline;
import io.steward.backup.internal.PemSslContext;
import io.steward.backup.internal.ReplicationStreamReader;
import io.steward.backup.rdb.RdbReader;
import io.steward.backup.rdb.RdbSummary;
import io.steward.client.StewardClient;
import io.steward.ops.config.BackupConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.provision.AclUser;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.Layout;
import io.steward.provision.LocalHome;
import io.steward.provision.SecretStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * {@link BackupEngine} over the replication protocol: each shard's RDB is pulled from a node with
 * {@code PSYNC}, teed into the {@link BackupPipeline} (SHA-256, zstd, AES-256-GCM chunks) and into
 * an {@link RdbReader} on a second thread that counts keys for the manifest.
 */
final class StreamingBackupEngine implements BackupEngine {

    static final Duration STALE_DRAFT_AGE = Duration.ofHours(1);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int PIPE_CHUNKS = 64;

    private final StewardConfig config;
    private final StewardClient client;
    private final Clock clock;
    private final BackupCatalog catalog;
    private final SourceSelector selector;
    private final SecureRandom random = new SecureRandom();

    StreamingBackupEngine(StewardConfig config, StewardClient client, Clock clock) {
        this.config = config;
        this.client = client;
        this.clock = clock;
        this.catalog =
                new BackupCatalog(config.baseDir().resolve(config.backup().dir()));
        this.selector = new SourceSelector(config.topology(), client);
    }

    // ---- create ----

    @Override
    public BackupManifest create(BackupType type, String reason, Progress progress) {
        return createFrom(selector.sources(), type, reason, progress);
    }

    BackupManifest createFrom(List<Source> sources, BackupType type, String reason, Progress progress) {
        if (type == BackupType.FULL) {
            requireLocal(sources);
        }
        BackupKey key = BackupKey.createIfMissing(keyFile());
        Instant started = clock.instant();
        catalog.deleteStaleDrafts(started.minus(STALE_DRAFT_AGE));
        String id =
                ID_TIME.format(started) + "-" + type.id() + "-" + HexFormat.of().toHexDigits((short) random.nextInt());
        BackupCatalog.Draft draft = catalog.draft(id);
        try {
            List<BackupPart> parts = new ArrayList<>();
            RdbSummary first = null;
            for (int i = 0; i < sources.size(); i++) {
                Source source = sources.get(i);
                String file = "shard-" + i + "-" + source.node().port() + ".rdb.zst.enc";
                RdbPartResult result = streamRdb(source, draft.file(file), key, progress);
                parts.add(result.part());
                first = first == null ? result.summary() : first;
            }
            if (type == BackupType.FULL) {
                for (Source source : sources) {
                    parts.addAll(localFiles(source, draft, key));
                }
            }
            BackupManifest manifest = new BackupManifest(
                    id,
                    type,
                    reason,
                    started,
                    config.name(),
                    config.topology().mode().id(),
                    first.aux().get("redis-ver"),
                    first.rdbVersion(),
                    BackupManifest.COMPRESSION,
                    BackupManifest.ENCRYPTION,
                    key.id(),
                    parts);
            byte[] json = ManifestCodec.toJson(manifest);
            draft.publish(json, ManifestCodec.mac(json, key));
            return manifest;
        } catch (RuntimeException | IOException e) {
            draft.discard();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StewardException("backup " + id + " failed: " + e.getMessage() + "; nothing was published", e);
        } catch (InterruptedException e) {
            draft.discard();
            Thread.currentThread().interrupt();
            throw new StewardException("backup " + id + " was interrupted; nothing was published", e);
        }
    }

    private record RdbPartResult(BackupPart part, RdbSummary summary) {}

    private RdbPartResult streamRdb(Source source, Path file, BackupKey key, Progress progress)
            throws IOException, InterruptedException {
        ReplicationStreamReader reader = replicationReader(source);
        char[] password = replicationPassword();
        ExecutorService parser = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "steward-backup-parser");
            t.setDaemon(true);
            return t;
        });
        ChunkPipe pipe = new ChunkPipe(PIPE_CHUNKS);
        try (OutputStream fileOut =
                        new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW));
                BackupPipeline.Sink sink = BackupPipeline.open(fileOut, key, BackupPipeline.DEFAULT_ZSTD_LEVEL)) {
            Future<RdbSummary> parsed = parser.submit(() -> {
                try (InputStream in = pipe.reader()) {
                    return RdbReader.read(in, (entry, value) -> {}, false);
                }
            });
            long[] done = {0};
            String phase = "backup " + source.node();
            try (OutputStream toParser = pipe.writer()) {
                OutputStream tee = new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        sink.write(b, off, len);
                        toParser.write(b, off, len);
                        done[0] += len;
                        progress.update(phase, done[0], -1);
                    }
                };
                reader.transfer(password, tee);
            } catch (IOException e) {
                rethrowParserFailure(parsed);
                throw e;
            }
            RdbSummary summary = result(parsed);
            BackupPipeline.Totals totals = sink.finish();
            fileOut.flush();
            return new RdbPartResult(
                    new BackupPart(
                            file.getFileName().toString(),
                            BackupPart.Kind.RDB,
                            source.node(),
                            source.role(),
                            totals.rawBytes(),
                            totals.storedBytes(),
                            totals.rawSha256(),
                            totals.storedSha256(),
                            summary.keysPerDb(),
                            summary.contents().withoutKeyNames()),
                    summary);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
            parser.shutdownNow();
        }
    }

    private static void rethrowParserFailure(Future<RdbSummary> parsed) throws InterruptedException {
        if (parsed.isDone()) {
            result(parsed);
        }
    }

    private static RdbSummary result(Future<RdbSummary> parsed) throws InterruptedException {
        try {
            return parsed.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StewardException(
                    "parsing the RDB stream failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * A reader for {@code source}. From a replica the transfer is disk-based: it starts at once,
     * where a diskless one would wait {@code repl-diskless-sync-delay} for replicas that a replica
     * does not have; the replica's disk is not on the write path.
     */
    private ReplicationStreamReader replicationReader(Source source) {
        ReplicationStreamReader.Builder builder = ReplicationStreamReader.builder(source.node())
                .user(replicationUser())
                .acceptDiskless(!"replica".equals(source.role()));
        sslContext().ifPresent(builder::tls);
        return builder.build();
    }

    /**
     * The {@code backup} ACL user when its password file sits next to the other secrets (local
     * deployments, or one rendered with {@code config render}); otherwise the configured user.
     */
    private String replicationUser() {
        return Files.exists(backupPasswordFile())
                ? AclUser.BACKUP.userName()
                : config.auth().user().orElse(null);
    }

    private char[] replicationPassword() {
        if (Files.exists(backupPasswordFile())) {
            return SecretStore.in(backupPasswordFile().getParent()).password(AclUser.BACKUP);
        }
        return config.auth().hasPassword() ? config.auth().password() : null;
    }

    private Path backupPasswordFile() {
        return config.baseDir().resolve("secrets").resolve(AclUser.BACKUP.userName() + ".pass");
    }

    private Optional<SSLContext> sslContext() {
        if (!config.tls().enabled()) {
            return Optional.empty();
        }
        return Optional.of(PemSslContext.create(
                config.tls().ca(), config.tls().cert(), config.tls().key()));
    }

    /** A full backup copies files, so every source must be a node of the local deployment. */
    private void requireLocal(List<Source> sources) {
        List<HostAndPort> local = LocalHome.recordedPlan(config.baseDir())
                .map(DeploymentPlan::redisNodes)
                .orElse(List.of());
        List<HostAndPort> remote = sources.stream()
                .map(Source::node)
                .filter(n -> !local.contains(n))
                .toList();
        if (!remote.isEmpty()) {
            throw new StewardException("a full backup copies the AOF, config and ACL files of local nodes, but "
                    + remote + " are not nodes of the deployment in " + config.baseDir()
                    + "; take an rdb backup of remote servers");
        }
    }

    /** For a node of the local deployment: its AOF directory, redis.conf and ACL file. */
    private List<BackupPart> localFiles(Source source, BackupCatalog.Draft draft, BackupKey key) throws IOException {
        Layout layout = Layout.local(config.baseDir());
        Path workDir = layout.workDir(source.node(), false);
        List<Path> aof;
        try (Stream<Path> files = Files.exists(workDir.resolve("appendonlydir"))
                ? Files.list(workDir.resolve("appendonlydir"))
                : Stream.empty()) {
            aof = files.sorted().toList();
        }
        List<BackupPart> parts = new ArrayList<>();
        for (Path file : aof) {
            parts.add(encryptFile(file, BackupPart.Kind.AOF, source, draft, key));
        }
        parts.add(encryptFile(layout.configFile(source.node(), false), BackupPart.Kind.CONFIG, source, draft, key));
        parts.add(encryptFile(layout.aclFile(source.node()), BackupPart.Kind.ACL, source, draft, key));
        return parts;
    }

    private BackupPart encryptFile(
            Path input, BackupPart.Kind kind, Source source, BackupCatalog.Draft draft, BackupKey key)
            throws IOException {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT) + "-"
                + source.node().port() + "-" + input.getFileName() + ".zst.enc";
        Path file = draft.file(name);
        try (OutputStream fileOut =
                        new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW));
                BackupPipeline.Sink sink = BackupPipeline.open(fileOut, key, BackupPipeline.DEFAULT_ZSTD_LEVEL)) {
            Files.copy(input, sink);
            BackupPipeline.Totals totals = sink.finish();
            fileOut.flush();
            return new BackupPart(
                    name,
                    kind,
                    source.node(),
                    source.role(),
                    totals.rawBytes(),
                    totals.storedBytes(),
                    totals.rawSha256(),
                    totals.storedSha256(),
                    null);
        }
    }

    // ---- list and cleanup ----

    @Override
    public List<BackupManifest> list(Duration maxAge) {
        Instant after = maxAge == null ? Instant.MIN : clock.instant().minus(maxAge);
        return catalog.list().stream().filter(m -> m.createdAt().isAfter(after)).toList();
    }

    @Override
    public CleanupReport cleanup(BackupConfig.Retention retention, boolean dryRun) {
        Instant now = clock.instant();
        List<BackupManifest> deleted = new ArrayList<>();
        List<BackupManifest> kept = new ArrayList<>();
        for (BackupType type : BackupType.values()) {
            List<BackupManifest> ofType =
                    catalog.list().stream().filter(m -> m.type() == type).toList();
            int days = type == BackupType.RDB ? retention.rdbDays() : retention.fullDays();
            for (int i = 0; i < ofType.size(); i++) {
                BackupManifest m = ofType.get(i);
                boolean young = m.createdAt().isAfter(now.minus(Duration.ofDays(days)));
                (i < retention.keepLast() || young ? kept : deleted).add(m);
            }
        }
        if (!dryRun) {
            deleted.forEach(m -> catalog.delete(m.id()));
            catalog.deleteStaleDrafts(now.minus(STALE_DRAFT_AGE));
        }
        return new CleanupReport(dryRun, deleted, kept);
    }

    // ---- verify ----

    @Override
    public VerifyReport verify(String id, boolean drill) {
        Path dir = backupDir(id);
        BackupKey key = loadKey(id);
        List<VerifyReport.Check> checks = new ArrayList<>();
        Optional<BackupManifest> manifest = authenticatedManifest(dir, key, checks);
        if (manifest.isPresent()) {
            boolean intact = true;
            for (BackupPart part : manifest.get().parts()) {
                intact = intact && PartVerifier.verify(dir.resolve(part.file()), part, key, checks);
            }
            if (drill && intact) {
                new RestoreDrill(dir, manifest.get(), key).run(checks);
            }
        }
        return new VerifyReport(id, drill, checks);
    }

    /** The manifest MAC and every part's size and stored SHA-256: what restore checks first. */
    private VerifyReport storedIntegrity(String id) {
        Path dir = backupDir(id);
        BackupKey key = loadKey(id);
        List<VerifyReport.Check> checks = new ArrayList<>();
        authenticatedManifest(dir, key, checks).ifPresent(m -> {
            for (BackupPart part : m.parts()) {
                if (!PartVerifier.storedIntact(dir.resolve(part.file()), part, checks)) {
                    return;
                }
            }
        });
        return new VerifyReport(id, false, checks);
    }

    private Optional<BackupManifest> authenticatedManifest(Path dir, BackupKey key, List<VerifyReport.Check> checks) {
        try {
            byte[] json = Files.readAllBytes(dir.resolve(BackupCatalog.MANIFEST));
            String mac = Files.exists(dir.resolve(BackupCatalog.MAC))
                    ? Files.readString(dir.resolve(BackupCatalog.MAC))
                    : "";
            ManifestCodec.verifyMac(json, mac, key);
            BackupManifest manifest = ManifestCodec.fromJson(json);
            checks.add(new VerifyReport.Check(
                    "manifest-mac", BackupCatalog.MANIFEST, true, "authenticated with key " + key.id()));
            return Optional.of(manifest);
        } catch (BackupCorruptedException e) {
            checks.add(new VerifyReport.Check(e.check(), BackupCatalog.MANIFEST, false, e.getMessage()));
            return Optional.empty();
        } catch (IOException e) {
            checks.add(
                    new VerifyReport.Check("manifest", BackupCatalog.MANIFEST, false, "unreadable: " + e.getMessage()));
            return Optional.empty();
        }
    }

    private Path backupDir(String id) {
        return catalog.find(id)
                .orElseThrow(() -> new StewardException(
                        "no backup '" + id + "' in " + catalog.dir() + "; see 'steward backup list'"));
    }

    private BackupKey loadKey(String id) {
        Path file = keyFile();
        if (!Files.exists(file)) {
            throw new StewardException("the backup key file " + file + " is missing; backup " + id
                    + " can only be read with the key that encrypted it (set backup.encryption-key-file)");
        }
        return BackupKey.load(file);
    }

    private Path keyFile() {
        Path configured = config.backup().encryptionKeyFile();
        return configured != null
                ? config.baseDir().resolve(configured)
                : config.baseDir().resolve("secrets/backup.key");
    }

    // ---- restore ----

    @Override
    public RestoreReport restore(String id, RestoreOptions options) {
        HostAndPort target = options.target();
        String where = target != null
                ? target.toString()
                : config.topology().mode().id() + " deployment '" + config.name() + "'";
        if (!options.confirmed()) {
            throw new StewardException(
                    "restore replaces keys in " + where + "; nothing was changed. Confirm to proceed");
        }
        VerifyReport verified = storedIntegrity(id);
        if (!verified.passed()) {
            VerifyReport.Check failed = verified.firstFailure().orElseThrow();
            throw new BackupCorruptedException(
                    failed.name(), "backup " + id + " failed verification, nothing was restored: " + failed.detail());
        }
        Path dir = backupDir(id);
        BackupKey key = loadKey(id);
        BackupManifest manifest;
        try {
            manifest = ManifestCodec.fromJson(Files.readAllBytes(dir.resolve(BackupCatalog.MANIFEST)));
        } catch (IOException e) {
            throw new StewardException("cannot read backup " + id + ": " + e.getMessage(), e);
        }
        if (target != null) {
            Optional<StoppedNodeSwap> swap = StoppedNodeSwap.of(config.baseDir(), target);
            if (swap.isPresent()) {
                return swap.get().apply(dir, manifest, key);
            }
        }
        boolean intoCluster = config.topology().mode() == io.steward.provision.TopologyMode.CLUSTER && target == null;
        RestoreCheck.requireRestorable(manifest, intoCluster, where, part -> RestoreCheck.contentsOf(dir, part, key));
        String preRestore = null;
        if (options.preBackup()) {
            List<Source> sources = target != null ? List.of(new Source(target, "target")) : selector.sources();
            preRestore = createFrom(sources, BackupType.RDB, "pre-restore", Progress.NONE)
                    .id();
        }
        try (RestoreWriter writer = intoCluster
                ? RestoreWriter.toCluster(client)
                : nodeWriter(target != null ? target : selector.master())) {
            return new RestoreRun(dir, manifest, key, writer, clock, preRestore, where).run();
        }
    }

    private RestoreWriter nodeWriter(HostAndPort node) {
        char[] password = config.auth().hasPassword() ? config.auth().password() : null;
        try {
            return RestoreWriter.toNode(
                    node,
                    config.auth().user().orElse(null),
                    password,
                    sslContext().orElse(null));
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    static InputStream decrypted(Path part, BackupKey key) throws IOException {
        return BackupPipeline.openForRead(new BufferedInputStream(Files.newInputStream(part), 1 << 16), key);
    }

    /**
     * As {@link #decrypted} without the SHA-256 digests, for a part whose stored SHA-256 was checked
     * against the authenticated manifest ({@link BackupPipeline#openForRestore}).
     */
    static InputStream decryptedForRestore(Path part, BackupKey key) throws IOException {
        return BackupPipeline.openForRestore(new BufferedInputStream(Files.newInputStream(part), 1 << 16), key);
    }
}
