package dev.lstmlm.cli;

import dev.lstmlm.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model} option of the commands that read a checkpoint: a .safetensors file or a run directory. */
public final class ModelOption {
    /** The model file of a run directory (see dev.lstmlm.train.RunDirectory). */
    static final String RUN_MODEL = "model.safetensors";

    @Option(names = "--model", required = true, paramLabel = "FILE|RUN",
            description = "A checkpoint (.safetensors) written by lstmlm train, or a run directory (its model.safetensors).")
    Path given;

    /** The checkpoint file: the one given, or the model.safetensors of the run directory given. */
    public Path file() {
        return resolve(given);
    }

    /** {@code path} itself, or for a directory the model.safetensors in it. */
    static Path resolve(Path path) {
        if (path == null || !Files.isDirectory(path)) return path;
        Path model = path.resolve(RUN_MODEL);
        if (Files.isRegularFile(model)) return model;
        throw new UserError(path + " is a directory without " + RUN_MODEL + "; give a run directory whose training has saved"
                + " a model (after its first epoch, or its first report of the udacity loop) or a .safetensors file");
    }
}
