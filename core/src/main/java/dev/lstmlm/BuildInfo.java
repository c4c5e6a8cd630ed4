package dev.lstmlm;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;

/**
 * The commit this build was made from, as the build recorded it in {@code lstmlm-git.properties}
 * (abbreviated id, with "-dirty" when the work tree had uncommitted changes); empty for a build
 * made outside a git checkout.
 */
public final class BuildInfo {
    private static final Optional<String> COMMIT = read();

    private BuildInfo() {}

    public static Optional<String> commit() {
        return COMMIT;
    }

    private static Optional<String> read() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/lstmlm-git.properties")) {
            if (in == null) return Optional.empty();
            Properties p = new Properties();
            p.load(in);
            String id = p.getProperty("git.commit.id.abbrev", "").strip();
            if (id.isEmpty()) return Optional.empty();
            return Optional.of(Boolean.parseBoolean(p.getProperty("git.dirty", "false")) ? id + "-dirty" : id);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
