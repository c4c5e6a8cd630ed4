package dev.lstmlm.train;

import dev.lstmlm.data.TokenSequence;

/** The texts of a corpus as ids, as a training loop reads them; {@code valid} and {@code test} may be null. */
public record Texts(TokenSequence train, TokenSequence valid, TokenSequence test) {}
