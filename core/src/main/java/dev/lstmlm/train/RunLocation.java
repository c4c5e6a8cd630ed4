package dev.lstmlm.train;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which directory a run lives in: the one given ({@code --run-dir}), else a new
 * {@code runs/PRESET-yyyyMMdd-HHmmss} for a new run and the newest run of the preset with a
 * checkpoint for a resumed one.
 */
public final class RunLocation {
    /** Where runs go unless a directory is given, relative to the working directory. */
    public static final Path DEFAULT_ROOT = Path.of("runs");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern RUN_SUFFIX = Pattern.compile("-\\d{8}-\\d{6}(-\\d+)?");

    private RunLocation() {}

    /** The directory of a new run of {@code config}: {@code runDir} (which must not hold a run yet), or a new one under {@code root}. */
    public static RunDirectory forStart(Path runDir, TrainConfig config, Path root, LocalDateTime now) throws IOException {
        if (runDir == null) return create(root, config.preset(), now);
        if (Files.exists(runDir.resolve("config.json"))) {
            throw new UserError(runDir + " already holds a run; continue it with --resume, or choose another --run-dir");
        }
        Files.createDirectories(runDir);
        return new RunDirectory(runDir);
    }

    /** The run to resume: {@code runDir} (a run of {@code preset} if that is given), or the latest run of {@code preset} under {@code root}. */
    public static RunDirectory forResume(Path runDir, String preset, Path root) {
        if (runDir != null) {
            RunDirectory run = new RunDirectory(runDir);
            if (preset != null && !run.readConfig().preset().equals(preset)) {
                throw new UserError(runDir + " is a run of " + run.readConfig().preset() + ", not " + preset
                        + "; drop --preset or give the right --run-dir");
            }
            return run;
        }
        if (preset != null) return latestOf(root, preset);
        throw new UserError("--resume needs the run: give --run-dir DIR, or --preset NAME for its latest run under " + root);
    }

    /** A new, empty directory {@code root/NAME-yyyyMMdd-HHmmss} (with a -2, -3... suffix if taken). */
    static RunDirectory create(Path root, String name, LocalDateTime now) {
        String base = name + "-" + STAMP.format(now);
        try {
            Files.createDirectories(root);
            for (int i = 1; ; i++) {
                Path candidate = root.resolve(i == 1 ? base : base + "-" + i);
                try {
                    Files.createDirectory(candidate);
                    return new RunDirectory(candidate);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // taken: try the next suffix
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot create a run directory under " + root + " (" + e.getMessage() + "); choose another with --run-dir", e);
        }
    }

    /** The newest run of {@code name} under {@code root} that has a checkpoint to resume from. */
    static RunDirectory latestOf(Path root, String name) {
        List<Path> runs = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                s.filter(p -> p.getFileName().toString().startsWith(name + "-"))
                        .filter(p -> RUN_SUFFIX.matcher(p.getFileName().toString().substring(name.length())).matches())
                        .filter(p -> Files.isRegularFile(p.resolve(RunDirectory.LATEST)))
                        .forEach(runs::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return runs.stream().max(Comparator.comparing(RunLocation::runOrder)).map(RunDirectory::new)
                .orElseThrow(() -> new UserError("there is no run of " + name + " with a checkpoint under " + root
                        + "; start one with lstmlm train --preset " + name + ", or give the run with --run-dir"));
    }

    /** Orders run names by timestamp, then by numeric suffix (so -10 comes after -9). */
    private static String runOrder(Path run) {
        String n = run.getFileName().toString();
        java.util.regex.Matcher m = Pattern.compile("(\\d{8}-\\d{6})(?:-(\\d+))?$").matcher(n);
        if (!m.find()) return n;
        return m.group(1) + String.format("-%09d", m.group(2) == null ? 1 : Integer.parseInt(m.group(2)));
    }

}
