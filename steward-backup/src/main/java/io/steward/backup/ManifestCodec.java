package io.steward.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.BackupCorruptedException;
import io.steward.HostAndPort;
import io.steward.backup.internal.BackupKey;
import io.steward.backup.rdb.RdbContents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The JSON form of a {@link BackupManifest} and its MAC under the backup key (a derived sub-key),
 * so only a holder of the key can produce a manifest that verifies.
 *
 * <p>The MAC covers the backup's id, which binds a manifest to the folder named after it: a folder
 * copied or renamed under another id carries a manifest naming the original, and changing that id
 * breaks the MAC ({@link BackupCatalog#misplaced}). Every manifest written so far (format 1) holds
 * the id, so the check needs no new format and applies to older backups as well.
 */
final class ManifestCodec {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestCodec() {}

    static byte[] toJson(BackupManifest m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", 1);
        root.put("id", m.id());
        root.put("type", m.type().id());
        root.put("reason", m.reason());
        root.put("createdAt", m.createdAt().toString());
        root.put("deployment", m.deployment());
        root.put("topology", m.topology());
        root.put("redisVersion", m.redisVersion());
        root.put("rdbVersion", m.rdbVersion());
        root.put("compression", m.compression());
        root.put("encryption", m.encryption());
        root.put("keyId", m.keyId());
        ArrayNode parts = root.putArray("parts");
        for (BackupPart p : m.parts()) {
            ObjectNode part = parts.addObject();
            part.put("file", p.file());
            part.put("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT));
            part.put("source", p.source() == null ? null : p.source().toString());
            part.put("sourceRole", p.sourceRole());
            part.put("rawBytes", p.rawBytes());
            part.put("storedBytes", p.storedBytes());
            part.put("rawSha256", p.rawSha256());
            part.put("storedSha256", p.storedSha256());
            ObjectNode keys = part.putObject("keysPerDb");
            p.keysPerDb().forEach((db, n) -> keys.put(String.valueOf(db), n));
            if (p.contents() != null) {
                writeContents(part.putObject("contents"), p.contents());
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render a manifest: " + e.getMessage(), e);
        }
    }

    /** @throws BackupCorruptedException ("manifest") when the JSON is not a manifest */
    static BackupManifest fromJson(byte[] json) {
        try {
            JsonNode root = JSON.readTree(json);
            List<BackupPart> parts = new ArrayList<>();
            for (JsonNode p : required(root, "parts")) {
                SortedMap<Integer, Long> keys = new TreeMap<>();
                p.path("keysPerDb")
                        .properties()
                        .forEach(e -> keys.put(
                                Integer.valueOf(e.getKey()), e.getValue().asLong()));
                String source = p.path("source").isNull() || p.path("source").isMissingNode()
                        ? null
                        : p.get("source").asText();
                parts.add(new BackupPart(
                        required(p, "file").asText(),
                        BackupPart.Kind.valueOf(required(p, "kind").asText().toUpperCase(java.util.Locale.ROOT)),
                        source == null ? null : HostAndPort.parse(source),
                        p.path("sourceRole").asText(null),
                        required(p, "rawBytes").asLong(),
                        required(p, "storedBytes").asLong(),
                        required(p, "rawSha256").asText(),
                        required(p, "storedSha256").asText(),
                        keys,
                        p.has("contents") ? readContents(p.get("contents")) : null));
            }
            return new BackupManifest(
                    required(root, "id").asText(),
                    BackupType.parse(required(root, "type").asText(), "type"),
                    root.path("reason").asText("manual"),
                    Instant.parse(required(root, "createdAt").asText()),
                    root.path("deployment").asText(null),
                    root.path("topology").asText(null),
                    root.path("redisVersion").asText(null),
                    root.path("rdbVersion").asInt(),
                    root.path("compression").asText(null),
                    root.path("encryption").asText(null),
                    required(root, "keyId").asText(),
                    parts);
        } catch (IOException | RuntimeException e) {
            throw new BackupCorruptedException("manifest", "unreadable manifest: " + e.getMessage(), e);
        }
    }

    /** Counts only: a manifest is not encrypted, so it names no key. */
    private static void writeContents(ObjectNode node, RdbContents contents) {
        node.put("functionLibraries", contents.functionLibraries());
        node.put("keysWithIdle", contents.keysWithIdle());
        node.put("keysWithFrequency", contents.keysWithFrequency());
        ArrayNode modules = node.putArray("modules");
        for (RdbContents.ModuleData m : contents.modules()) {
            ObjectNode module = modules.addObject();
            module.put("typeId", m.typeId());
            module.put("typeName", m.typeName());
            module.put("keys", m.keys());
            module.put("auxRecords", m.auxRecords());
        }
    }

    private static RdbContents readContents(JsonNode node) {
        List<RdbContents.ModuleData> modules = new ArrayList<>();
        for (JsonNode m : node.path("modules")) {
            modules.add(new RdbContents.ModuleData(
                    required(m, "typeId").asLong(),
                    required(m, "keys").asLong(),
                    -1,
                    null,
                    required(m, "auxRecords").asLong()));
        }
        return new RdbContents(
                required(node, "functionLibraries").asLong(),
                required(node, "keysWithIdle").asLong(),
                required(node, "keysWithFrequency").asLong(),
                modules);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }

    /** The manifest's MAC under {@code key}, hex. */
    static String mac(byte[] manifestJson, BackupKey key) {
        return HexFormat.of().formatHex(key.manifestMac(manifestJson));
    }

    /**
     * @throws BackupCorruptedException ("manifest-mac") when the MAC is missing or does not match, saying whether
     *     the manifest names another backup key than {@code key}
     */
    static void verifyMac(byte[] manifestJson, String expectedHex, BackupKey key) {
        byte[] actual = mac(manifestJson, key).getBytes(StandardCharsets.US_ASCII);
        byte[] expected =
                expectedHex == null ? new byte[0] : expectedHex.strip().getBytes(StandardCharsets.US_ASCII);
        if (MessageDigest.isEqual(actual, expected)) {
            return;
        }
        Optional<String> recordedKey = keyIdOf(manifestJson).filter(id -> !id.equals(key.id()));
        if (recordedKey.isPresent()) {
            throw new BackupCorruptedException(
                    "manifest-mac",
                    "the manifest was written with backup key " + recordedKey.get() + " but the key file holds key "
                            + key.id() + ", and its MAC cannot be judged with another key; use the key file with id "
                            + recordedKey.get() + " (backup.encryption-key-file)");
        }
        if (expected.length == 0) {
            throw new BackupCorruptedException(
                    "manifest-mac",
                    "the manifest has no MAC (" + BackupCatalog.MAC + " is missing or empty), so it cannot be"
                            + " trusted; restore that file or delete the backup");
        }
        throw new BackupCorruptedException(
                "manifest-mac", "the manifest does not match its MAC: it was edited after the backup was written");
    }

    /** The {@code keyId} a manifest records, if it can be read at all. */
    private static Optional<String> keyIdOf(byte[] manifestJson) {
        try {
            JsonNode keyId = JSON.readTree(manifestJson).get("keyId");
            return keyId == null || !keyId.isTextual() ? Optional.empty() : Optional.of(keyId.asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
