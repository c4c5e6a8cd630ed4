package dev.lstmlm.data;

import dev.lstmlm.AtomicFiles;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Fetches a {@link Corpus} into the data directory and checks it.
 *
 * <p>The download is streamed: archives are unpacked as they arrive, and only the corpus's files are
 * kept (for PTB the three {@code ptb.*.txt} of {@code simple-examples.tgz}). Each file is written to
 * a temporary file next to its target, checked against its size and SHA-256 digest (text8 has no
 * published digest: its size is checked, and its content by the zip's CRC-32), forced to disk and
 * only then renamed into place, so a broken connection or a corrupt download never leaves a file
 * behind. Files already present with the right size and digest are not fetched again.
 *
 * <p>Each download is announced by one line (what, from where, how large, where to), shows its
 * progress ({@link DownloadProgress}), and when it fails says how to fetch the file by hand and
 * where to put it. Commands that need a missing corpus call {@link #fetchOnFirstUse} through
 * {@link DataDir#require}.
 */
public final class Downloader {
    /** The environment variable naming a mirror for every download (as {@code --mirror} does for one). */
    public static final String MIRROR_ENV = "LSTMLM_MIRROR";

    private final HttpClient client;
    private final URI mirror;
    private final Consumer<String> log;
    private final DownloadProgress progress;

    /**
     * @param mirror   when not null, files are fetched from {@code mirror + <file name>} (e.g.
     *                 {@code http://host/dir/simple-examples.tgz}) instead of their public addresses
     * @param log      receives one line per step, for the user
     * @param progress shows how far each download is
     */
    public Downloader(HttpClient client, URI mirror, Consumer<String> log, DownloadProgress progress) {
        this.client = client;
        this.mirror = mirror;
        this.log = log;
        this.progress = progress;
    }

    /** A downloader that logs its progress as lines (one per tenth of a file) to {@code log}. */
    public Downloader(HttpClient client, URI mirror, Consumer<String> log) {
        this(client, mirror, log, DownloadProgress.lines(log));
    }

    /**
     * The command line's downloader: the default client, {@code mirror} or else the one named by
     * {@link #MIRROR_ENV}, a progress bar on a terminal and progress lines otherwise.
     */
    public static Downloader forUser(URI mirror, Consumer<String> log) {
        URI m = mirror;
        String env = System.getenv(MIRROR_ENV);
        if (m == null && env != null && !env.isBlank()) {
            try {
                m = URI.create(env.strip());
            } catch (IllegalArgumentException e) {
                throw new UserError(MIRROR_ENV + "=" + env + " is not a URL; set it to one such as http://host/corpora/ or unset it");
            }
        }
        return new Downloader(defaultClient(), m, log, DownloadProgress.forUser(log));
    }

    /** A client that follows redirects (the public addresses redirect to https) and gives up connecting after 30 s. */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Where {@code corpus} is fetched from. */
    public URI source(Corpus corpus) {
        if (mirror == null) return corpus.url();
        String base = mirror.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + corpus.downloadFileName());
    }

    /** Makes sure every file of {@code corpus} is in {@code dataDir}, fetching what is missing or wrong. */
    public void download(Corpus corpus, Path dataDir) {
        List<Corpus.CorpusFile> wanted = wanted(corpus, dataDir);
        if (wanted.isEmpty()) {
            log.accept(corpus.name() + ": already in " + dataDir.resolve(corpus.files().getFirst().path()).getParent());
            return;
        }
        fetch(corpus, dataDir, wanted, corpus.name() + ": ", "");
    }

    /**
     * Fetches {@code corpus} on its first use by a command, which found files of it missing from
     * {@code dataDir}; the line announcing it says how to turn this off.
     */
    public void fetchOnFirstUse(Corpus corpus, Path dataDir) {
        List<Corpus.CorpusFile> wanted = wanted(corpus, dataDir);
        if (wanted.isEmpty()) return;
        fetch(corpus, dataDir, wanted, "corpus " + corpus.name() + " is not in " + dataDir + " yet: ",
                " (--offline or " + DataDir.OFFLINE_ENV + "=1 turns this off)");
    }

    private List<Corpus.CorpusFile> wanted(Corpus corpus, Path dataDir) {
        List<Corpus.CorpusFile> wanted = new ArrayList<>();
        for (Corpus.CorpusFile f : corpus.files()) {
            Path p = dataDir.resolve(f.path());
            if (!Files.exists(p)) {
                wanted.add(f);
            } else if (!matches(p, f)) {
                log.accept(corpus.name() + ": " + p + " is damaged (wrong size or digest); fetching it again");
                wanted.add(f);
            }
        }
        return wanted;
    }

    /** One line saying what comes from where, how large it is and where it goes; then the download. */
    private void fetch(Corpus corpus, Path dataDir, List<Corpus.CorpusFile> wanted, String lead, String tail) {
        URI uri = source(corpus);
        Path into = dataDir.resolve(wanted.getFirst().path()).getParent();
        long bytes = wanted.stream().mapToLong(Corpus.CorpusFile::size).sum();
        String size = String.format(Locale.ROOT, "%.1f MB%s", bytes / (double) DownloadProgress.MB,
                corpus.format() == Corpus.Format.PLAIN ? "" : " once unpacked");
        log.accept(lead + "fetching " + uri + " (" + size + ") into " + into + tail);
        String byHand = "fetch " + uri + " by hand and " + DownloadFailure.placement(corpus, wanted, dataDir);
        List<String> saved = new ArrayList<>();
        try (InputStream body = open(uri)) {
            switch (corpus.format()) {
                case PLAIN -> save(body, wanted.removeFirst(), dataDir, uri, saved);
                case TAR_GZ -> unpackTar(body, wanted, dataDir, uri, saved);
                case ZIP -> unpackZip(body, wanted, dataDir, uri, saved);
            }
        } catch (FileSystemException e) {
            throw new UserError("cannot write " + (e.getFile() != null ? e.getFile() : into) + " (" + DownloadFailure.reason(e)
                    + "); make " + dataDir + " writable or choose another data directory"
                    + " with --data-dir or " + DataDir.ENV, e);
        } catch (IOException e) {
            throw new UserError("downloading " + uri + " failed (" + DownloadFailure.describe(e, uri) + ") and no partial file was kept;"
                    + " check the connection and run the command again, or " + byHand, e);
        } catch (UserError e) {
            throw new UserError(e.getMessage() + "; or " + byHand, e);
        }
        saved.forEach(log);
        if (!wanted.isEmpty()) {
            throw new UserError(uri + " does not contain " + wanted.getFirst().member()
                    + ", so it is not the expected archive; fetch it from the public address or another mirror, or "
                    + byHand);
        }
    }

    /** The response body, wrapped in the progress display. */
    private InputStream open(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new UserError("fetching " + uri + " failed with HTTP status " + response.statusCode()
                    + "; try again later or use a mirror (--mirror or " + MIRROR_ENV + ")");
        }
        long length = response.headers().firstValueAsLong("content-length").orElse(-1);
        String path = uri.getPath();
        return progress.track(response.body(), path.substring(path.lastIndexOf('/') + 1), length);
    }

    private void unpackTar(InputStream body, List<Corpus.CorpusFile> wanted, Path dataDir, URI uri, List<String> saved)
            throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(body));
        for (TarArchiveEntry e; !wanted.isEmpty() && (e = tar.getNextEntry()) != null; ) {
            Corpus.CorpusFile f = member(wanted, e.getName());
            if (f != null && e.isFile()) {
                save(tar, f, dataDir, uri, saved);
                wanted.remove(f);
            }
        }
    }

    private void unpackZip(InputStream body, List<Corpus.CorpusFile> wanted, Path dataDir, URI uri, List<String> saved)
            throws IOException {
        ZipInputStream zip = new ZipInputStream(body);
        for (ZipEntry e; !wanted.isEmpty() && (e = zip.getNextEntry()) != null; ) {
            Corpus.CorpusFile f = member(wanted, e.getName());
            if (f != null && !e.isDirectory()) {
                save(zip, f, dataDir, uri, saved);
                wanted.remove(f);
            }
        }
    }

    /** The wanted file stored as {@code name} in an archive; a leading "./" does not matter. */
    private static Corpus.CorpusFile member(List<Corpus.CorpusFile> wanted, String name) {
        String n = DownloadFailure.strip(name);
        return wanted.stream().filter(f -> DownloadFailure.strip(f.member()).equals(n)).findFirst().orElse(null);
    }

    /**
     * Copies {@code in} to the file's place through a temporary file, checking size and digest first;
     * the line reporting it is added to {@code saved}, logged once the download's progress display is done.
     */
    private void save(InputStream in, Corpus.CorpusFile f, Path dataDir, URI uri, List<String> saved) throws IOException {
        Path target = dataDir.resolve(f.path());
        MessageDigest sha = sha256();
        AtomicFiles.write(target, out -> {
            long size = copy(new DigestInputStream(in, sha), out);
            if (size != f.size()) {
                throw new UserError(f.path() + " from " + uri + " has " + size + " bytes instead of " + f.size()
                        + ", so it was not saved; the server sent a different file, try again or use another mirror");
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            if (f.sha256() != null && !f.sha256().equals(digest)) {
                throw new UserError(f.path() + " from " + uri + " has SHA-256 " + digest + " instead of " + f.sha256()
                        + ", so it was not saved; the download is corrupt, try again or use another mirror");
            }
        });
        saved.add("  " + target + " (" + f.size() + " bytes, " + (f.sha256() != null ? "SHA-256" : "size") + " checked)");
    }

    private static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    /** True if {@code p} has the file's size and, when known, its digest. */
    static boolean matches(Path p, Corpus.CorpusFile f) {
        try {
            if (!Files.isRegularFile(p) || Files.size(p) != f.size()) return false;
            if (f.sha256() == null) return true;
            MessageDigest sha = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(p), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(sha.digest()).equals(f.sha256());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
