package dev.lstmlm.cli;

import dev.lstmlm.UserError;
import dev.lstmlm.data.DataDir;
import dev.lstmlm.data.TokenSequence;
import dev.lstmlm.data.WordCorpus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lstmlm prepare}: builds (or checks) the token cache of a word corpus ahead of training. */
@Command(name = "prepare", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Build the token cache of a word corpus (vocabulary and memory-mapped ids), streaming the"
                + " texts; an up-to-date cache is left as it is. The caches live under -Dlstmlm.cache, else"
                + " $LSTMLM_CACHE, else ~/.cache/lstmlm/cache; the data directory is never written.")
final class PrepareCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "NAME|FILE",
            description = "A word corpus (ptb) or the path of a training text (NAME.train.EXT takes NAME.valid.EXT"
                    + " and NAME.test.EXT along when they exist).")
    String corpus;

    @Mixin DataDirOption dataDir;

    @Override
    public Integer call() {
        Path root = DataDir.cacheRoot();
        long start = System.nanoTime();
        WordCorpus c = WordCorpus.load(dataDir.resolve(), corpus, root);
        double seconds = (System.nanoTime() - start) / 1e9;
        Path cache = c.cacheDir().orElseThrow(() -> new UserError("cannot write the token cache under " + root
                + "; make it writable or set " + DataDir.CACHE_ENV + " to a writable directory"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %d words in the vocabulary; tokens: train %d%s%s%n", c.name(),
                c.vocabulary().size(), c.train().size(), split("valid", c.valid().orElse(null)),
                split("test", c.test().orElse(null)));
        out.printf(Locale.ROOT, "cache: %s (%.1f s)%n", cache, seconds);
        out.flush();
        return 0;
    }

    private static String split(String name, TokenSequence ids) {
        return ids == null ? "" : ", " + name + " " + ids.size();
    }
}
