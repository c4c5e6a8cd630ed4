package dev.lstmlm.cli;

import dev.lstmlm.UserError;
import dev.lstmlm.data.Corpus;
import dev.lstmlm.data.Downloader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lstmlm download}: fetches corpora into the data directory and checks them. */
@Command(name = "download", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Fetch corpora into the data directory and check them (size and SHA-256; text8: size and"
                + " the zip's CRC-32); files already present and intact are skipped.")
final class DownloadCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CORPUS", description = "ptb, tinyshakespeare or text8.")
    List<String> corpora;

    @Mixin DataDirOption dataDir;

    @Option(names = "--mirror", paramLabel = "URL",
            description = "Fetch URL/<file name> (simple-examples.tgz, input.txt, text8.zip) instead of the public"
                    + " address (default: $" + Downloader.MIRROR_ENV + ", which also serves the downloads on first use).")
    URI mirror;

    @Override
    public Integer call() {
        if (dataDir.offline) throw new UserError("download --offline would fetch nothing; drop --offline");
        List<Corpus> wanted = corpora.stream().map(Corpus::named).toList();
        Path dir = dataDir.resolve();
        PrintWriter err = spec.commandLine().getErr();
        Downloader downloader = Downloader.forUser(mirror, line -> {
            err.println(line);
            err.flush();
        });
        for (Corpus c : wanted) {
            downloader.download(c, dir);
        }
        return 0;
    }
}
