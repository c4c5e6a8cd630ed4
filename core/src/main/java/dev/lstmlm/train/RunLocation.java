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

    /**
     * The directory of a new run of {@code config}: {@code runDir} (which must not hold a run yet), or a
     * new name under {@code root}. Nothing is created: {@link TrainingRun#start} creates it once the
     * config and the corpus are known to be good, so that a failed start leaves nothing behind.
     */
    public static RunDirectory forStart(Path runDir, TrainConfig config, Path root, LocalDateTime now) {
        if (runDir == null) return fresh(root, config.preset(), now);
        if (Files.exists(runDir.resolve("config.json"))) {
            throw new UserError(runDir + " already holds a run; continue it with --resume, or choose another --run-dir");
        }
        return new RunDirectory(runDir);
    }

    /** A name {@code root/NAME-yyyyMMdd-HHmmss} (with a -2, -3... suffix if taken) that does not exist yet. */
    static RunDirectory fresh(Path root, String name, LocalDateTime now) {
        String base = name + "-" + STAMP.format(now);
        for (int i = 1; ; i++) {
            Path candidate = root.resolve(i == 1 ? base : base + "-" + i);
            if (!Files.exists(candidate)) return new RunDirectory(candidate);
        }
    }

    /**
     * As {@link #forResume(Path, String, Path)}; without {@code runDir}, the latest run of {@code preset}
     * on {@code corpus} (any corpus when null), named on {@code out} with how many runs it was chosen from.
     */
    public static RunDirectory forResume(Path runDir, String preset, String corpus, Path root, java.io.PrintWriter out) {
        if (runDir != null || preset == null) {
            RunDirectory run = forResume(runDir, preset, root);
            if (corpus != null && !run.readConfig().corpus().equals(corpus)) {
                throw new UserError(run.dir() + " is a run on " + run.readConfig().corpus() + ", not " + corpus
                        + "; drop --corpus or give the right --run-dir");
            }
            return run;
        }
        List<RunDirectory> runs = runsOf(root, preset).stream().map(RunDirectory::new)
                .filter(r -> corpus == null || corpusOf(r).equals(corpus)).toList();
        if (runs.isEmpty()) {
            if (corpus == null) return latestOf(root, preset); // its sentence says what to do
            throw new UserError("there is no run of " + preset + " on " + corpus + " with a checkpoint under " + root
                    + "; drop --corpus to resume the latest " + preset + " run, or give the run with --run-dir");
        }
        RunDirectory chosen = runs.stream().max(Comparator.comparing(r -> runOrder(r.dir()))).orElseThrow();
        String corpusName = corpusOf(chosen);
        long same = runs.stream().filter(r -> corpusOf(r).equals(corpusName)).count();
        out.println("resuming " + chosen.dir().getFileName() + ", the latest " + preset + " run on " + corpusName
                + (runs.size() > 1 ? " (of " + runs.size() + " with a checkpoint" + (corpus == null && same < runs.size()
                        ? "; --corpus NAME chooses among their corpora" : "") + ")" : "")
                + "; --run-dir DIR picks another");
        out.flush();
        return chosen;
    }

    private static String corpusOf(RunDirectory run) {
        try {
            return run.readConfig().corpus();
        } catch (UserError e) {
            return "?";
        }
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
        List<Path> runs = runsOf(root, name);
        return runs.stream().max(Comparator.comparing(RunLocation::runOrder)).map(RunDirectory::new)
                .orElseThrow(() -> new UserError("there is no run of " + name + " with a checkpoint under " + root
                        + "; start one with lstmlm train --preset " + name + ", or give the run with --run-dir"));
    }

    /** The runs named after {@code name} under {@code root} that have a checkpoint to resume from. */
    private static List<Path> runsOf(Path root, String name) {
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
        return runs;
    }

    /** Orders run names by timestamp, then by numeric suffix (so -10 comes after -9). */
    private static String runOrder(Path run) {
        String n = run.getFileName().toString();
        java.util.regex.Matcher m = Pattern.compile("(\\d{8}-\\d{6})(?:-(\\d+))?$").matcher(n);
        if (!m.find()) return n;
        return m.group(1) + String.format("-%09d", m.group(2) == null ? 1 : Integer.parseInt(m.group(2)));
    }

}
