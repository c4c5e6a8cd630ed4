package dev.lstmlm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** How the user can run lstmlm again, for commands that print a command line to copy. */
final class Launcher {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./=:,+-]+");

    private Launcher() {}

    /**
     * The repository's {@code lstmlm} script, relative to the working directory, when this code runs
     * from {@code ROOT/target/...} next to it; otherwise plain {@code lstmlm}.
     */
    static String command() {
        try {
            Path location = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = location.getParent();
            while (target != null && !target.getFileName().toString().equals("target")) target = target.getParent();
            if (target != null && target.getParent() != null) {
                Path script = target.getParent().resolve("lstmlm");
                if (Files.isExecutable(script)) {
                    Path rel = Path.of("").toAbsolutePath().relativize(script.toAbsolutePath());
                    String s = rel.toString();
                    return quote(s.contains("/") ? s : "./" + s);
                }
            }
        } catch (Exception e) {
            // no code source (e.g. a custom class loader): fall back to the plain name
        }
        return "lstmlm";
    }

    /** {@code s} quoted for a POSIX shell when it needs quoting. */
    static String quote(String s) {
        return SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
