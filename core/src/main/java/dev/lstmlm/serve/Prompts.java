package dev.lstmlm.serve;

import dev.lstmlm.UserError;
import dev.lstmlm.data.Vocabulary;
import dev.lstmlm.generate.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Request texts as the model reads them, with the text of every token as the client sent it (so
 * that echoed tokens and their offsets spell the prompt), and the start symbol that every text is
 * read after, as in training and {@code lstmlm generate}: {@code <eos>} for word models, a line
 * break for code-point character models. The 27-letter alphabet has no such symbol: scoring reads a
 * text after a space and ends it with one (in text8 a space ends every word); generation starts from
 * the zero state, as {@code generate} does.
 */
final class Prompts {
    private final Tokenizer tokenizer;
    private final int maxTokens;
    private final int eos;

    /**
     * @param ids the tokens, unknown words as {@code <unk>}
     * @param pieces the text of each token, spaces before words included; their concatenation is the text as read
     * @param oov words (characters) the vocabulary lacks
     */
    record Encoded(int[] ids, List<String> pieces, int oov, String warning) {
        String text() {
            return String.join("", pieces);
        }
    }

    Prompts(Tokenizer tokenizer, int maxTokens) {
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
        this.eos = tokenizer.startContext();
    }

    Tokenizer tokenizer() {
        return tokenizer;
    }

    int maxTokens() {
        return maxTokens;
    }

    /** The start symbol of generation, or -1 (Udacity alphabet: from the zero state). */
    int generationStart() {
        return eos;
    }

    /** The symbol a scored text is read after and ended with. */
    int scoringBoundary() {
        return eos >= 0 ? eos : 0;
    }

    /** The text of the scoring boundary symbol, as a piece. */
    String boundaryPiece() {
        return tokenizer.words() ? Vocabulary.EOS : tokenizer.text(scoringBoundary(), -1);
    }

    /** {@code text} encoded; 400 naming {@code field} when it has more tokens than the cap or unreadable characters. */
    Encoded encode(String text, String field) {
        Tokenizer.Encoded e;
        try {
            e = tokenizer.encode(text);
        } catch (UserError u) {
            throw ApiError.badRequest(field + ": " + u.getMessage());
        }
        int[] ids = e.ids();
        if (ids.length > maxTokens) {
            throw ApiError.badRequest(field + " has " + ids.length + " tokens, more than the server's limit of " + maxTokens
                    + "; send a shorter text");
        }
        List<String> pieces = new ArrayList<>(ids.length);
        int oov = 0;
        if (tokenizer.words()) {
            List<String> words = tokenizer.split(text);
            String previous = null;
            for (int i = 0; i < ids.length; i++) {
                String w = words.get(i);
                boolean lineStart = previous == null || previous.equals(Vocabulary.EOS);
                pieces.add(w.equals(Vocabulary.EOS) ? "\n" : (lineStart ? w : " " + w));
                if (tokenizer.text(ids[i], -1).equals(Vocabulary.UNK) && !w.equals(Vocabulary.UNK)) oov++;
                previous = w;
            }
        } else {
            int[] cps = text.codePoints().toArray();
            for (int i = 0; i < ids.length; i++) pieces.add(Character.toString(cps[i]));
            if (e.warning() != null) {
                for (int i = 0; i < ids.length; i++) {
                    if (tokenizer.unknown(cps[i], ids[i])) oov++;
                }
            }
        }
        return new Encoded(ids, pieces, oov, e.warning());
    }
}
