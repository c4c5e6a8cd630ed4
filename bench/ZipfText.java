import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes a synthetic word-level text for the token cache benchmark: words drawn from a Zipf
 * distribution (exponent 1) over a fixed vocabulary, in PTB-like lines (" w1 w2 ... wn \n", 5 to 40
 * words). Deterministic for a given seed.
 *
 * <p>Usage: {@code java bench/ZipfText.java OUT BYTES [VOCAB] [SEED]}; stops at the first line end
 * past BYTES.
 */
public final class ZipfText {
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java bench/ZipfText.java OUT BYTES [VOCAB=50000] [SEED=1]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long bytes = Long.parseLong(args[1]);
        int vocab = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;

        byte[][] words = new byte[vocab][];
        double[] cdf = new double[vocab];
        double sum = 0;
        for (int r = 0; r < vocab; r++) {
            words[r] = word(r).getBytes(StandardCharsets.US_ASCII);
            sum += 1.0 / (r + 1);
            cdf[r] = sum;
        }
        for (int r = 0; r < vocab; r++) cdf[r] /= sum;

        SplittableRandom random = new SplittableRandom(seed);
        long written = 0;
        long tokens = 0;
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            while (written < bytes) {
                int n = 5 + random.nextInt(36);
                for (int i = 0; i < n; i++) {
                    int k = Arrays.binarySearch(cdf, random.nextDouble());
                    byte[] w = words[k < 0 ? Math.min(-k - 1, vocab - 1) : k];
                    o.write(' ');
                    o.write(w);
                    written += 1 + w.length;
                }
                o.write(' ');
                o.write('\n');
                written += 2;
                tokens += n + 1;
            }
        }
        System.err.printf("%s: %,d bytes, %,d tokens (words + line ends)%n", out, written, tokens);
    }

    /** A distinct lower-case word per rank; frequent ranks get short words, as in natural text. */
    private static String word(int rank) {
        StringBuilder sb = new StringBuilder();
        int r = rank;
        do {
            sb.append((char) ('a' + r % 26));
            r = r / 26 - 1;
        } while (r >= 0);
        return sb.reverse().toString();
    }
}
