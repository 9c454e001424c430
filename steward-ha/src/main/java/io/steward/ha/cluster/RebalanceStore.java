package io.steward.ha.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.provision.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The unfinished rebalance of a deployment: {@code BASE/ha/rebalance.json} (0600 in a 0700 folder),
 * replaced atomically before each move, deleted when the plan is done or abandoned. Holds node ids,
 * endpoints and slot numbers, never a key or a secret.
 */
final class RebalanceStore {

    static final String FILE = "rebalance.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    RebalanceStore(Path baseDir) {
        this.file = baseDir.resolve("ha").resolve(FILE);
    }

    Path file() {
        return file;
    }

    Optional<RebalanceProgress> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(fromJson(JSON.readTree(Files.readAllBytes(file))));
        } catch (IOException | RuntimeException e) {
            throw new StewardException(
                    "cannot read the unfinished rebalance in " + file + ": " + e.getMessage()
                            + "; run 'steward cluster rebalance --abandon' to drop it, then 'steward cluster fix --confirm'",
                    e);
        }
    }

    void save(RebalanceProgress progress) {
        try {
            OwnerOnlyFiles.createDirectories(file.getParent());
            OwnerOnlyFiles.replace(file, JSON.writeValueAsBytes(toJson(progress)));
        } catch (IOException e) {
            throw new StewardException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    boolean delete() {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new StewardException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Object> toJson(RebalanceProgress p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", 1);
        json.put("by", p.plan().by().id());
        json.put("createdAt", p.plan().createdAt().toString());
        json.put("state", p.state().id());
        json.put("nextMove", p.nextMove());
        json.put("slotsMoved", p.slotsMoved());
        json.put("keysMoved", p.keysMoved());
        List<Map<String, Object>> moves = new ArrayList<>();
        for (SlotMove m : p.plan().moves()) {
            Map<String, Object> move = new LinkedHashMap<>();
            move.put("slot", m.slot());
            move.put("fromId", m.fromId());
            move.put("from", m.from().toString());
            move.put("toId", m.toId());
            move.put("to", m.to().toString());
            moves.add(move);
        }
        json.put("moves", moves);
        return json;
    }

    /** @throws IllegalArgumentException saying which field is wrong when the file does not hold a valid plan */
    static RebalanceProgress fromJson(JsonNode json) {
        int version = json.path("version").asInt(-1);
        if (version != 1) {
            throw new IllegalArgumentException("version is " + json.path("version") + ", expected 1");
        }
        List<SlotMove> moves = new ArrayList<>();
        java.util.Set<Integer> slots = new java.util.HashSet<>();
        for (JsonNode m : json.get("moves")) {
            int slot = m.get("slot").asInt();
            if (slot < 0 || slot >= io.steward.ops.info.ClusterNode.SLOT_COUNT || !slots.add(slot)) {
                throw new IllegalArgumentException("moves names slot " + slot + " out of range or twice");
            }
            moves.add(new SlotMove(
                    m.get("slot").asInt(),
                    m.get("fromId").asText(),
                    HostAndPort.parse(m.get("from").asText()),
                    m.get("toId").asText(),
                    HostAndPort.parse(m.get("to").asText())));
        }
        int nextMove = json.get("nextMove").asInt();
        if (nextMove < 0 || nextMove > moves.size()) {
            throw new IllegalArgumentException("nextMove is " + nextMove + ", outside 0.." + moves.size());
        }
        RebalancePlan plan = new RebalancePlan(
                RebalancePlan.By.valueOf(json.get("by").asText().toUpperCase(Locale.ROOT)),
                Instant.parse(json.get("createdAt").asText()),
                moves);
        return new RebalanceProgress(
                plan,
                RebalanceProgress.State.valueOf(json.get("state").asText().toUpperCase(Locale.ROOT)),
                nextMove,
                json.get("slotsMoved").asInt(),
                json.get("keysMoved").asLong(),
                false,
                List.of());
    }
}
