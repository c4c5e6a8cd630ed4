package dev.lstmlm.data;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;

/** The parts of the sentences that report a failed download: the cause, and how to fetch the file by hand. */
final class DownloadFailure {
    private DownloadFailure() {}

    /** Where the user puts the download fetched by hand, e.g. "save it as DIR/tinyshakespeare/input.txt". */
    static String placement(Corpus corpus, List<Corpus.CorpusFile> wanted, Path dataDir) {
        if (corpus.format() == Corpus.Format.PLAIN) return "save it as " + dataDir.resolve(wanted.getFirst().path());
        List<String> members = wanted.stream().map(f -> strip(f.member())).toList();
        String first = members.getFirst();
        String folder = first.contains("/") ? first.substring(0, first.lastIndexOf('/') + 1) : "";
        boolean together = members.stream().allMatch(m -> m.startsWith(folder) && m.indexOf('/', folder.length()) < 0);
        List<String> names = together ? members.stream().map(m -> m.substring(folder.length())).toList() : members;
        String list = names.size() == 1 ? names.getFirst()
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
        return "extract " + list + (together && !folder.isEmpty() ? " (in its " + folder + ")" : " from it") + " into "
                + dataDir.resolve(wanted.getFirst().path()).getParent();
    }

    static String describe(IOException e, URI uri) {
        if (e instanceof ConnectException) return "cannot connect to " + uri.getHost();
        if (e instanceof HttpTimeoutException) return "no answer from " + uri.getHost();
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static String reason(FileSystemException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    }

    static String strip(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }
}
