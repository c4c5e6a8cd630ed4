package dev.lstmlm.data;

import dev.lstmlm.AtomicFiles;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
 */
public final class Downloader {
    private final HttpClient client;
    private final URI mirror;
    private final Consumer<String> log;

    /**
     * @param mirror when not null, files are fetched from {@code mirror + <file name>} (e.g.
     *               {@code http://host/dir/simple-examples.tgz}) instead of their public addresses
     * @param log    receives one line per step, for the user
     */
    public Downloader(HttpClient client, URI mirror, Consumer<String> log) {
        this.client = client;
        this.mirror = mirror;
        this.log = log;
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
        if (wanted.isEmpty()) {
            log.accept(corpus.name() + ": already in " + dataDir.resolve(corpus.files().getFirst().path()).getParent());
            return;
        }
        URI uri = source(corpus);
        log.accept(corpus.name() + ": fetching " + uri);
        try (InputStream body = open(uri)) {
            switch (corpus.format()) {
                case PLAIN -> save(body, wanted.removeFirst(), dataDir, uri);
                case TAR_GZ -> unpackTar(body, wanted, dataDir, uri);
                case ZIP -> unpackZip(body, wanted, dataDir, uri);
            }
        } catch (IOException e) {
            throw new UserError("downloading " + uri + " failed (" + describe(e, uri) + ") and no partial file was kept;"
                    + " check the connection and run the command again", e);
        }
        if (!wanted.isEmpty()) {
            throw new UserError(uri + " does not contain " + wanted.getFirst().member()
                    + ", so it is not the expected archive; fetch it from the public address or another mirror");
        }
    }

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
                    + "; try again later or use a mirror (--mirror)");
        }
        return response.body();
    }

    private void unpackTar(InputStream body, List<Corpus.CorpusFile> wanted, Path dataDir, URI uri) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(body));
        for (TarArchiveEntry e; !wanted.isEmpty() && (e = tar.getNextEntry()) != null; ) {
            Corpus.CorpusFile f = member(wanted, e.getName());
            if (f != null && e.isFile()) {
                save(tar, f, dataDir, uri);
                wanted.remove(f);
            }
        }
    }

    private void unpackZip(InputStream body, List<Corpus.CorpusFile> wanted, Path dataDir, URI uri) throws IOException {
        ZipInputStream zip = new ZipInputStream(body);
        for (ZipEntry e; !wanted.isEmpty() && (e = zip.getNextEntry()) != null; ) {
            Corpus.CorpusFile f = member(wanted, e.getName());
            if (f != null && !e.isDirectory()) {
                save(zip, f, dataDir, uri);
                wanted.remove(f);
            }
        }
    }

    /** The wanted file stored as {@code name} in an archive; a leading "./" does not matter. */
    private static Corpus.CorpusFile member(List<Corpus.CorpusFile> wanted, String name) {
        String n = strip(name);
        return wanted.stream().filter(f -> strip(f.member()).equals(n)).findFirst().orElse(null);
    }

    private static String strip(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }

    /** Copies {@code in} to the file's place through a temporary file, checking size and digest first. */
    private void save(InputStream in, Corpus.CorpusFile f, Path dataDir, URI uri) throws IOException {
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
        log.accept("  " + target + " (" + f.size() + " bytes, " + (f.sha256() != null ? "SHA-256" : "size") + " checked)");
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

    private static String describe(IOException e, URI uri) {
        if (e instanceof ConnectException) return "cannot connect to " + uri.getHost();
        if (e instanceof HttpTimeoutException) return "no answer from " + uri.getHost();
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
