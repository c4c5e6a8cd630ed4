package dev.lstmlm.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.report.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Finds the runs under a directory (or the one run it is) and notices when one changes: a new
 * metrics line, the summary at its end, a new run. Polls file sizes and times, which costs a few
 * system calls per run and works for runs written by any process, this one or another.
 */
final class RunWatcher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Map<Path, String> seen = new HashMap<>();

    RunWatcher(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** The run directories: the root itself when it is a run, else its subdirectories that are runs, by name. */
    List<Path> runs() {
        if (RunRecord.isRun(root)) return List.of(root);
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).filter(RunRecord::isRun).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Every run as the page shows it. */
    synchronized List<ObjectNode> snapshot() {
        List<ObjectNode> out = new ArrayList<>();
        for (Path run : runs()) {
            seen.put(run, fingerprint(run));
            out.add(toJson(RunRecord.read(run)));
        }
        return out;
    }

    /** Hands every run that changed since the last look to {@code changed}. */
    synchronized void poll(Consumer<ObjectNode> changed) {
        for (Path run : runs()) {
            String f = fingerprint(run);
            if (f.equals(seen.get(run))) continue;
            seen.put(run, f);
            try {
                changed.accept(toJson(RunRecord.read(run)));
            } catch (RuntimeException e) {
                seen.remove(run); // a run directory being created or removed: look again next time
            }
        }
    }

    private static String fingerprint(Path run) {
        StringBuilder b = new StringBuilder();
        for (String f : List.of(RunRecord.CONFIG, RunRecord.METRICS, RunRecord.SUMMARY)) {
            Path p = run.resolve(f);
            try {
                b.append(Files.size(p)).append('@').append(Files.getLastModifiedTime(p).toMillis()).append(';');
            } catch (IOException e) {
                b.append("-;");
            }
        }
        return b.toString();
    }

    /** {"name", "finished", "progress", "status", "config", "metrics", "summary"}. */
    static ObjectNode toJson(RunRecord run) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", run.name());
        n.put("finished", run.finished());
        n.put("progress", run.progress().key);
        n.put("train_key", run.trainKey());
        n.put("status", run.status());
        n.set("config", run.config());
        n.putArray("metrics").addAll(run.metrics());
        n.set("summary", run.summary());
        return n;
    }
}
