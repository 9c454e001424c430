package io.steward.backup;

import io.steward.BackupCorruptedException;
import io.steward.ConnectionFailedException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.backup.SourceSelector.Shard;
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
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    public BackupManifest create(BackupType type, String reason, boolean allowNewKey, Progress progress) {
        return createFrom(selector.shards(), type, reason, allowNewKey, progress);
    }

    BackupManifest createFrom(
            List<Shard> shards, BackupType type, String reason, boolean allowNewKey, Progress progress) {
        return createFrom(shards, type, reason, allowNewKey, progress, null);
    }

    /** As {@link #createFrom(List, BackupType, String, boolean, Progress)}, logging in as {@code login} when given. */
    private BackupManifest createFrom(
            List<Shard> shards,
            BackupType type,
            String reason,
            boolean allowNewKey,
            Progress progress,
            RestoreOptions.Credentials login) {
        if (type == BackupType.FULL) {
            requireLocal(shards);
        }
        BackupKey key = keyForNewBackup(allowNewKey);
        Instant started = clock.instant();
        catalog.reclaimAbandonedDrafts(started.minus(BackupCatalog.UNLOCKED_DRAFT_AGE), false);
        String id =
                ID_TIME.format(started) + "-" + type.id() + "-" + HexFormat.of().toHexDigits((short) random.nextInt());
        BackupCatalog.Draft draft = catalog.draft(id);
        try {
            List<BackupPart> parts = new ArrayList<>();
            List<Source> read = new ArrayList<>();
            RdbSummary first = null;
            for (int i = 0; i < shards.size(); i++) {
                RdbPartResult result = readShard(i, shards.get(i), draft, key, progress, login);
                parts.add(result.part());
                read.add(result.source());
                first = first == null ? result.summary() : first;
            }
            if (type == BackupType.FULL) {
                for (Source source : read) {
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

    /**
     * The key for a new backup: the key file's, created when missing. Unless {@code allowNewKey},
     * refused when the catalog holds backups and none of them was made with that key, since then the
     * key file was lost or replaced, and a new key would silently start backups the old ones cannot
     * be checked or restored with.
     */
    private BackupKey keyForNewBackup(boolean allowNewKey) {
        Path file = keyFile();
        BackupKey existing = Files.exists(file) ? BackupKey.load(file) : null;
        if (!allowNewKey) {
            List<BackupManifest> backups = catalog.list();
            List<String> catalogKeys =
                    backups.stream().map(BackupManifest::keyId).distinct().toList();
            if (!catalogKeys.isEmpty() && (existing == null || !catalogKeys.contains(existing.id()))) {
                throw new NewBackupKeyException(
                        file, existing == null ? null : existing.id(), catalogKeys, backups.size(), catalog.dir());
            }
        }
        return existing != null ? existing : BackupKey.createIfMissing(file);
    }

    private record RdbPartResult(BackupPart part, Source source, RdbSummary summary) {}

    /**
     * The shard's RDB from the first of its nodes that delivers it: a node that refuses, drops the
     * connection or stalls (see {@link ReplicationStreamReader#DEFAULT_READ_TIMEOUT}) is left for the
     * next, and what it had sent is deleted. Other failures (authentication, permissions, the
     * backup's own disk) would recur on the next node and end the backup.
     */
    private RdbPartResult readShard(
            int index,
            Shard shard,
            BackupCatalog.Draft draft,
            BackupKey key,
            Progress progress,
            RestoreOptions.Credentials login)
            throws IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        for (Source source : shard.candidates()) {
            String file = "shard-" + index + "-" + source.node().port() + ".rdb.zst.enc";
            try {
                return streamRdb(source, draft, file, key, progress, login);
            } catch (ConnectionFailedException | BackupCorruptedException e) {
                if (e instanceof BackupCorruptedException corrupt
                        && !corrupt.check().equals("transfer-truncated")) {
                    throw e;
                }
                draft.remove(file);
                if (shard.candidates().size() == 1) {
                    throw e;
                }
                failures.add(source.node() + " (" + source.role() + "): " + e.getMessage());
            }
        }
        throw new StewardException(
                "no node of shard " + index + " could be read, nothing was published: " + String.join("; ", failures));
    }

    private RdbPartResult streamRdb(
            Source source,
            BackupCatalog.Draft draft,
            String file,
            BackupKey key,
            Progress progress,
            RestoreOptions.Credentials login)
            throws IOException, InterruptedException {
        ReplicationStreamReader reader = replicationReader(source, login == null ? replicationUser() : login.user());
        char[] password =
                login == null ? replicationPassword() : login.password().clone();
        ExecutorService parser = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "steward-backup-parser");
            t.setDaemon(true);
            return t;
        });
        ChunkPipe pipe = new ChunkPipe(PIPE_CHUNKS);
        try (OutputStream fileOut = new BufferedOutputStream(draft.create(file));
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
                            file,
                            BackupPart.Kind.RDB,
                            source.node(),
                            source.role(),
                            totals.rawBytes(),
                            totals.storedBytes(),
                            totals.rawSha256(),
                            totals.storedSha256(),
                            summary.keysPerDb(),
                            summary.contents().withoutKeyNames()),
                    source,
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
    private ReplicationStreamReader replicationReader(Source source, String user) {
        ReplicationStreamReader.Builder builder = ReplicationStreamReader.builder(source.node())
                .user(user)
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
    private void requireLocal(List<Shard> shards) {
        List<HostAndPort> local = LocalHome.recordedPlan(config.baseDir())
                .map(DeploymentPlan::redisNodes)
                .orElse(List.of());
        List<HostAndPort> remote = shards.stream()
                .flatMap(shard -> shard.candidates().stream())
                .map(Source::node)
                .filter(n -> !local.contains(n))
                .distinct()
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
        try (OutputStream fileOut = new BufferedOutputStream(draft.create(name));
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
        return authenticatedListing().listed().stream()
                .filter(m -> m.createdAt().isAfter(after))
                .toList();
    }

    @Override
    public List<UnlistedBackup> unlisted() {
        return authenticatedListing().unlisted();
    }

    /**
     * The backups whose manifest MAC holds under the backup key: an edited manifest (its key counts, reason or
     * date) or a deleted MAC is reported instead of listed, as verify and restore refuse it.
     */
    private BackupCatalog.Listing authenticatedListing() {
        Path file = keyFile();
        if (!Files.exists(file)) {
            return catalog.listing((json, mac) -> {
                throw new BackupCorruptedException(
                        "manifest-mac",
                        "cannot be authenticated: the backup key file " + file
                                + " is missing; restore it (backups cannot be read without it)");
            });
        }
        BackupKey key = BackupKey.load(file);
        return catalog.listing((json, mac) -> ManifestCodec.verifyMac(json, mac, key));
    }

    /**
     * Retention decides by {@code createdAt}, so it only ever judges authenticated manifests: a backup whose
     * manifest fails its MAC is neither deleted nor counted as kept, but reported as skipped.
     */
    @Override
    public CleanupReport cleanup(BackupConfig.Retention retention, boolean dryRun) {
        Instant now = clock.instant();
        BackupCatalog.Listing listing = authenticatedListing();
        List<BackupManifest> deleted = new ArrayList<>();
        List<BackupManifest> kept = new ArrayList<>();
        for (BackupType type : BackupType.values()) {
            List<BackupManifest> ofType =
                    listing.listed().stream().filter(m -> m.type() == type).toList();
            int days = type == BackupType.RDB ? retention.rdbDays() : retention.fullDays();
            for (int i = 0; i < ofType.size(); i++) {
                BackupManifest m = ofType.get(i);
                boolean young = m.createdAt().isAfter(now.minus(Duration.ofDays(days)));
                (i < retention.keepLast() || young ? kept : deleted).add(m);
            }
        }
        List<String> reclaimed = catalog.reclaimAbandonedDrafts(now.minus(BackupCatalog.UNLOCKED_DRAFT_AGE), dryRun);
        if (!dryRun) {
            deleted.forEach(m -> catalog.delete(m.id()));
        }
        return new CleanupReport(dryRun, deleted, kept, reclaimed, listing.unlisted());
    }

    // ---- verify ----

    @Override
    public VerifyReport verify(String id, boolean drill, Progress progress) {
        Path dir = backupDir(id);
        BackupKey key = loadKey(id);
        List<VerifyReport.Check> checks = new ArrayList<>();
        Optional<BackupManifest> manifest = authenticatedManifest(dir, key, checks);
        if (manifest.isPresent()) {
            List<BackupPart> parts = manifest.get().parts();
            long total = parts.stream().mapToLong(BackupPart::storedBytes).sum();
            long before = 0;
            boolean intact = true;
            for (BackupPart part : parts) {
                long partStart = before;
                intact = intact
                        && PartVerifier.verify(
                                dir.resolve(part.file()),
                                part,
                                key,
                                checks,
                                read -> progress.update(VERIFY_PHASE, partStart + read, total));
                before += part.storedBytes();
            }
            progress.update(VERIFY_PHASE, before, total);
            if (drill && intact) {
                new RestoreDrill(dir, manifest.get(), key).run(checks);
            }
        }
        return new VerifyReport(id, drill, checks);
    }

    /**
     * The manifest of backup {@code id} in {@code dir} once its MAC, its folder binding and every part's
     * size and stored SHA-256 are checked: what restore checks first, and the very manifest it then
     * restores from (not a second, unchecked read).
     *
     * @throws BackupCorruptedException naming the first check that failed; nothing was restored
     */
    private BackupManifest storedIntact(String id, Path dir, BackupKey key) {
        List<VerifyReport.Check> checks = new ArrayList<>();
        Optional<BackupManifest> manifest = authenticatedManifest(dir, key, checks)
                .filter(m -> m.parts().stream()
                        .allMatch(part -> PartVerifier.storedIntact(dir.resolve(part.file()), part, checks)));
        return manifest.orElseThrow(() -> {
            VerifyReport.Check failed =
                    new VerifyReport(id, false, checks).firstFailure().orElseThrow();
            return new BackupCorruptedException(
                    failed.name(), "backup " + id + " failed verification, nothing was restored: " + failed.detail());
        });
    }

    private Optional<BackupManifest> authenticatedManifest(Path dir, BackupKey key, List<VerifyReport.Check> checks) {
        try {
            byte[] json = Files.readAllBytes(dir.resolve(BackupCatalog.MANIFEST));
            ManifestCodec.verifyMac(json, BackupCatalog.storedMac(dir), key);
            BackupManifest manifest = ManifestCodec.fromJson(json);
            checks.add(new VerifyReport.Check(
                    "manifest-mac", BackupCatalog.MANIFEST, true, "authenticated with key " + key.id()));
            Optional<String> misplaced =
                    BackupCatalog.misplaced(dir.getFileName().toString(), manifest);
            if (misplaced.isPresent()) {
                checks.add(new VerifyReport.Check("misplaced", BackupCatalog.MANIFEST, false, misplaced.get()));
                return Optional.empty();
            }
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

    @Override
    public Path keyFile() {
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
        requireDeploymentNode(options);
        Path dir = backupDir(id);
        BackupKey key = loadKey(id);
        BackupManifest manifest = storedIntact(id, dir, key);
        if (target != null) {
            Optional<StoppedNodeSwap> swap = StoppedNodeSwap.of(config.baseDir(), target);
            if (swap.isPresent()) {
                return swap.get().apply(dir, manifest, key);
            }
        }
        boolean intoCluster = config.topology().mode() == io.steward.provision.TopologyMode.CLUSTER && target == null;
        RestoreCheck.requireRestorable(manifest, intoCluster, where, part -> RestoreCheck.contentsOf(dir, part, key));
        Optional<RestoreJournal> unfinished = unfinishedRestore(where);
        // after an interrupted restore the target is partly restored: the roll-back point stays the first one
        String preRestore = unfinished.map(RestoreJournal::rollbackBackupId).orElse(null);
        if (unfinished.isEmpty() && options.preBackup()) {
            List<Shard> shards = target != null ? List.of(Shard.of(new Source(target, "target"))) : selector.shards();
            preRestore = createFrom(
                            shards, BackupType.RDB, "pre-restore", false, Progress.NONE, options.targetCredentials())
                    .id();
        }
        try (RestoreWriter writer = intoCluster
                ? RestoreWriter.toCluster(client)
                : nodeWriter(target != null ? target : selector.master(), options.targetCredentials())) {
            RestoreRun run = new RestoreRun(dir, manifest, key, writer, clock, preRestore, where);
            return journaled(run, RestoreJournal.begin(manifest.id(), where, clock.instant(), preRestore), unfinished);
        }
    }

    /**
     * Refuses a target outside the deployment (neither a node of the local deployment, nor one that
     * steward.yaml, its Sentinels or its cluster seeds name) unless the caller gave its credentials:
     * the deployment's must not go to whatever listens at an address. Asks only Sentinels and seeds.
     *
     * @throws ForeignTargetException when the target is outside the deployment
     */
    private void requireDeploymentNode(RestoreOptions options) {
        HostAndPort target = options.target();
        if (target == null || options.targetCredentials() != null) {
            return;
        }
        Set<HostAndPort> nodes = new LinkedHashSet<>(config.topology().nodes());
        LocalHome.recordedPlan(config.baseDir()).ifPresent(plan -> nodes.addAll(plan.redisNodes()));
        if (!nodes.contains(target)) {
            nodes.addAll(selector.nodes());
        }
        if (!nodes.contains(target)) {
            throw new ForeignTargetException(target, config.name(), List.copyOf(nodes));
        }
    }

    /**
     * The journal of an earlier restore that did not finish, if any, which this restore into the
     * same target will complete.
     *
     * @throws StewardException when that restore still runs, or went into another target
     */
    private Optional<RestoreJournal> unfinishedRestore(String where) {
        Optional<RestoreJournal> unfinished = RestoreJournal.read(config.baseDir());
        if (unfinished.isPresent() && unfinished.get().isRunning()) {
            throw new StewardException(
                    "another " + unfinished.get().describe() + "; nothing was changed. Wait for it to finish");
        }
        if (unfinished.isPresent() && !unfinished.get().target().equals(where)) {
            throw new StewardException("a " + unfinished.get().describe()
                    + ". Nothing was changed: finish or roll back that restore before restoring into " + where);
        }
        return unfinished;
    }

    /**
     * Runs {@code run} with {@code journal} recorded in the home before the first key is sent. The
     * journal is deleted once every key was acknowledged; it stays when the restore stops after
     * writing, and the previous state ({@code unfinished}, or none) comes back when it stopped
     * before writing anything.
     */
    private RestoreReport journaled(RestoreRun run, RestoreJournal journal, Optional<RestoreJournal> unfinished) {
        Path home = config.baseDir();
        journal.write(home);
        RestoreReport report;
        try {
            report = run.run();
        } catch (RestoreRefusedException e) {
            // refused before any write (the target lacks a database): nothing is partly restored
            unfinished.ifPresentOrElse(j -> j.write(home), () -> RestoreJournal.clear(home));
            throw e;
        } catch (RestoreFailedException e) {
            if (e.keysRestored() == 0) {
                unfinished.ifPresentOrElse(j -> j.write(home), () -> RestoreJournal.clear(home));
            } else {
                journal.stopped().write(home);
            }
            throw e;
        } catch (RuntimeException e) {
            journal.stopped().write(home);
            throw e;
        }
        if (report.complete()) {
            RestoreJournal.clear(home);
        } else {
            journal.stopped().write(home);
        }
        return report;
    }

    private RestoreWriter nodeWriter(HostAndPort node, RestoreOptions.Credentials credentials) {
        if (credentials != null) {
            return RestoreWriter.toNode(
                    node,
                    credentials.user(),
                    credentials.password(),
                    sslContext().orElse(null));
        }
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
