package dev.lstmlm.score;

/**
 * One line as the model scores it: from the zero state the model reads {@code start}, then
 * predicts {@code ids[0]}, reads it, predicts {@code ids[1]}, and so on; the last id is the end
 * symbol. {@code pieces[i]} is the text of {@code ids[i]} as the line spelled it (a word missing
 * from the vocabulary keeps its own spelling although its id is {@code <unk>}).
 *
 * @param oov how many of the ids stand for something the model does not know
 * @param unknown per id, whether it is one of those
 */
record LineTokens(int start, int[] ids, String[] pieces, int oov, boolean[] unknown) {
    int length() {
        return ids.length;
    }
}
