package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A corpus known by name: which files it has under the data directory, where to download them and
 * how to check them. The registry holds {@link #PTB}, {@link #TINY_SHAKESPEARE} and {@link #TEXT8}.
 *
 * @param name    the name used on the command line
 * @param kind    whether the corpus is split into words or read as characters
 * @param url     the public address of the download
 * @param format  how the download is packed
 * @param files   the files kept from the download; for a word corpus: train, valid, test in that order
 */
public record Corpus(String name, Kind kind, URI url, Format format, List<CorpusFile> files) {

    /** Word corpora are read with {@link WordCorpus}, character corpora with {@link CharCorpus}. */
    public enum Kind { WORDS, CHARS }

    /** How a download is packed. */
    public enum Format { PLAIN, TAR_GZ, ZIP }

    /**
     * One file of a corpus.
     *
     * @param path    where it lives, relative to the data directory
     * @param member  its name inside the downloaded archive (ignored for {@link Format#PLAIN})
     * @param size    its length in bytes
     * @param sha256  its SHA-256 digest in hex, or null when only the size (and the archive's own
     *                CRC) can be checked
     */
    public record CorpusFile(String path, String member, long size, String sha256) {}

    /** Mikolov's PTB language-modelling split, as in every PTB tutorial. */
    public static final Corpus PTB = new Corpus("ptb", Kind.WORDS,
            URI.create("http://www.fit.vutbr.cz/~imikolov/rnnlm/simple-examples.tgz"), Format.TAR_GZ, List.of(
                    new CorpusFile("ptb/ptb.train.txt", "./simple-examples/data/ptb.train.txt", 5_101_618,
                            "fcea919f6cf83f35d4d00c6cbf08040d13d4155226340912e2fef9c9c4102cbf"),
                    new CorpusFile("ptb/ptb.valid.txt", "./simple-examples/data/ptb.valid.txt", 399_782,
                            "c9fe6985fe0d4ccb578183407d7668fc6066c20700cb4cf87d8ff1cc34df1bf2"),
                    new CorpusFile("ptb/ptb.test.txt", "./simple-examples/data/ptb.test.txt", 449_945,
                            "dd65dff31e70846b2a6030a87482edcd5d199130cdcfa1f3dccbb033728deee0")));

    /** Tiny Shakespeare from karpathy/char-rnn. */
    public static final Corpus TINY_SHAKESPEARE = new Corpus("tinyshakespeare", Kind.CHARS,
            URI.create("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"),
            Format.PLAIN, List.of(new CorpusFile("tinyshakespeare/input.txt", null, 1_115_394,
                    "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed")));

    /** Matt Mahoney's text8 (first 10^8 characters of cleaned Wikipedia), used by the Udacity notebook. */
    public static final Corpus TEXT8 = new Corpus("text8", Kind.CHARS,
            URI.create("http://mattmahoney.net/dc/text8.zip"), Format.ZIP,
            List.of(new CorpusFile("text8/text8", "text8", 100_000_000, null)));

    private static final List<Corpus> ALL = List.of(PTB, TINY_SHAKESPEARE, TEXT8);

    public Corpus {
        files = List.copyOf(files);
    }

    /** Every corpus in the registry. */
    public static List<Corpus> all() {
        return ALL;
    }

    /** True if {@code name} names a corpus in the registry. */
    public static boolean isName(String name) {
        return ALL.stream().anyMatch(c -> c.name.equals(name));
    }

    /** The corpus called {@code name}, or a {@link UserError} listing the valid names. */
    public static Corpus named(String name) {
        return ALL.stream().filter(c -> c.name.equals(name)).findFirst().orElseThrow(() -> new UserError(
                "unknown corpus \"" + name + "\"; choose one of " + names()));
    }

    /** The registry's names, comma-separated. */
    public static String names() {
        return ALL.stream().map(Corpus::name).collect(Collectors.joining(", "));
    }

    /** The paths of this corpus's files in {@code dataDir}, fetched on first use or failing with what to do: see {@link DataDir#require}. */
    public List<Path> require(Path dataDir) {
        return DataDir.require(dataDir, this);
    }

    /** The file name of the download, e.g. {@code simple-examples.tgz}. */
    public String downloadFileName() {
        String path = url.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
