/**
 * Corpora: where they live ({@link dev.lstmlm.data.DataDir}, {@link dev.lstmlm.data.Corpus}), how
 * they are fetched ({@link dev.lstmlm.data.Downloader}), and how they become the id sequences a
 * model trains on.
 *
 * <p>Word level, as TensorFlow's PTB {@code reader.py}: {@link dev.lstmlm.data.Vocabulary},
 * {@link dev.lstmlm.data.WordIds}, {@link dev.lstmlm.data.WordCorpus} (with an on-disk, memory-mapped
 * token cache) and {@link dev.lstmlm.data.PtbBatcher}; for raw text, {@link dev.lstmlm.data.WordRules}
 * (splitting, lower-casing, {@code <eos>}), {@link dev.lstmlm.data.VocabLimits},
 * {@link dev.lstmlm.data.LineSplit} and {@link dev.lstmlm.data.TextCorpus}. Character level, as the Udacity
 * {@code 6_lstm} notebook and char-rnn: {@link dev.lstmlm.data.CharAlphabet},
 * {@link dev.lstmlm.data.CharSplit}, {@link dev.lstmlm.data.CharCorpus} and
 * {@link dev.lstmlm.data.UdacityBatcher}. Both hand ids over as a
 * {@link dev.lstmlm.data.TokenSequence}.
 *
 * <p>Depends on nothing of the project except {@link dev.lstmlm.UserError} and
 * {@link dev.lstmlm.AtomicFiles}.
 */
package dev.lstmlm.data;
