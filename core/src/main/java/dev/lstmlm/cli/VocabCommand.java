package dev.lstmlm.cli;

import dev.lstmlm.data.Vocabulary;
import dev.lstmlm.data.WordFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lstmlm vocab}: prints a word corpus's vocabulary in id order, for comparison with TensorFlow's. */
@Command(name = "vocab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Print the vocabulary of a word corpus in id order, one word per line, as TensorFlow's PTB"
                + " reader.py builds it from the training text.")
final class VocabCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "NAME|FILE",
            description = "A word corpus (ptb) or the path of a training text.")
    String corpus;

    @Mixin DataDirOption dataDir;

    @Option(names = "--counts", description = "Print each word's count in the training text after it, separated by a tab.")
    boolean counts;

    @Override
    public Integer call() {
        Path train = WordFiles.resolve(dataDir.resolve(), corpus).train();
        Map<String, Long> wordCounts = Vocabulary.countWords(train);
        if (wordCounts.isEmpty()) throw new dev.lstmlm.UserError(train + " contains no words; a training text needs at least one");
        Vocabulary vocab = Vocabulary.fromCounts(wordCounts);
        PrintWriter out = spec.commandLine().getOut();
        for (String word : vocab.words()) {
            out.println(counts ? word + "\t" + wordCounts.get(word) : word);
        }
        out.flush();
        return 0;
    }
}
