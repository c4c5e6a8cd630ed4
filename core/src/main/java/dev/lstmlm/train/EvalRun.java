package dev.lstmlm.train;

import dev.lstmlm.UserError;
import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.data.TokenSequence;
import dev.lstmlm.data.Vocabulary;
import dev.lstmlm.data.WordFiles;
import dev.lstmlm.data.CodePointAlphabet;
import dev.lstmlm.data.TextCorpus;
import dev.lstmlm.data.WordRules;
import dev.lstmlm.data.WordText;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.tensor.Compute;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Perplexity of a saved model on a text, tokenized as the model was trained (the checkpoint's
 * tokenizer and vocabulary): the library behind {@code lstmlm eval}.
 */
public final class EvalRun {
    /** Steps per window when scoring one row; any value gives the same result. */
    public static final int DEFAULT_CHUNK = 35;

    private EvalRun() {}

    /**
     * @param tokenizer the checkpoint's tokenizer
     * @param predictions tokens scored (each predicted from the ones before it): with a batch of B
     *        rows, B per step
     * @param oov tokens the vocabulary or alphabet lacks, read as {@code <unk>} or the unknown symbol
     * @param loss mean cross-entropy in nats
     * @param bitsPerCharacter for character models; null for word models
     */
    public record Result(TokenizerKind tokenizer, long tokens, long predictions, double loss, double perplexity,
                         Double bitsPerCharacter, int batchSize, int numSteps, double seconds, long oov) {}

    /** A text's ids and how many of its tokens the model lacks. */
    record Tokens(TokenSequence ids, long oov) {}

    /** The split {@code split} ("train", "valid" or "test") of the word corpus {@code corpus}. */
    public static Path corpusFile(Path dataDir, String corpus, String split) {
        WordFiles files = WordFiles.resolve(dataDir, corpus);
        Path p = switch (split) {
            case "train" -> files.train();
            case "valid" -> files.valid();
            case "test" -> files.test();
            default -> throw new UserError("unknown split \"" + split + "\"; use train, valid or test");
        };
        if (p == null) throw new UserError("corpus " + corpus + " has no " + split + " text; use --text FILE instead");
        return p;
    }

    /**
     * Scores {@code modelFile} on {@code text}. With batch size 1 every token after the first is
     * scored from all before it ({@code numSteps} only sets the work per window); with B &gt; 1 the
     * windows of TF's ptb_producer are scored, as during validation.
     */
    public static Result run(Path modelFile, Path text, int batchSize, int numSteps, Compute compute) {
        if (batchSize < 1 || numSteps < 1) {
            throw new UserError("--batch-size and --num-steps must be at least 1, not " + batchSize + " and " + numSteps);
        }
        Checkpoint.Loaded loaded = Checkpoint.load(modelFile, compute);
        Tokens tokens = tokenize(loaded.metadata(), text);
        TokenSequence ids = tokens.ids();
        TrainableModel model = TrainableModel.of(loaded.model());
        long start = System.nanoTime();
        Evaluator.Score score = batchSize == 1
                ? Evaluator.sequential(model, ids, numSteps, () -> false)
                : Evaluator.batched(model, ids, batchSize, numSteps, () -> false);
        double seconds = (System.nanoTime() - start) / 1e9;
        Double bpc = loaded.metadata().tokenizer().isCharacterLevel() ? score.bitsPerToken() : null;
        // Score.steps counts row-steps; every row predicts a token at every step.
        long predictions = batchSize == 1 ? score.steps() : score.steps() * batchSize;
        return new Result(loaded.metadata().tokenizer(), ids.size(), predictions, score.loss(), score.perplexity(), bpc, batchSize,
                numSteps, seconds, tokens.oov());
    }

    /** The ids of {@code text} under the checkpoint's tokenizer (and for word models its {@link WordRules}). */
    static Tokens tokenize(CheckpointMetadata meta, Path text) {
        if (!Files.isRegularFile(text)) {
            throw new UserError("text file " + text + " does not exist; check the path");
        }
        return switch (meta.tokenizer()) {
            case WORD -> words(WordText.whole(text), WordRules.fromMetadata(meta.extra()), Vocabulary.of(meta.vocabulary()));
            case CHAR_UDACITY -> chars(CharAlphabet.restore(CharAlphabet.Kind.LETTERS, meta.vocabulary()), text);
            case CHAR_CODEPOINT -> chars(CharAlphabet.restore(CharAlphabet.Kind.CODEPOINTS, meta.vocabulary()), text);
        };
    }

    private static Tokens words(WordText text, WordRules rules, Vocabulary vocab) {
        TextCorpus.Encoded e = TextCorpus.read(text, rules, vocab);
        return new Tokens(e.ids(), e.unknown());
    }

    /** Characters the alphabet lacks are read as it reads them (see generate's CharTokenizer) and counted. */
    private static Tokens chars(CharAlphabet alphabet, Path text) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(text))).toString();
            int[] ids = alphabet.encode(s);
            int[] cps = s.codePoints().toArray();
            long oov = 0;
            boolean letters = alphabet.kind() == CharAlphabet.Kind.LETTERS;
            for (int i = 0; i < ids.length; i++) {
                boolean lost = letters ? ids[i] == 0 && !Character.isWhitespace(cps[i]) : ids[i] == CodePointAlphabet.UNKNOWN;
                if (lost) oov++;
            }
            return new Tokens(TokenSequence.of(ids), oov);
        } catch (CharacterCodingException e) {
            throw new UserError(text + " is not valid UTF-8; convert it to UTF-8 first");
        } catch (NoSuchFileException e) {
            throw new UserError("text file " + text + " does not exist; check the path");
        } catch (IOException e) {
            throw new UserError("cannot read " + text + " (" + e.getMessage() + "); check its permissions", e);
        }
    }
}
