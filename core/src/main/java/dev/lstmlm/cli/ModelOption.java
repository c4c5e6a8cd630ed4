package dev.lstmlm.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model} option of the commands that read a checkpoint. */
final class ModelOption {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A checkpoint (.safetensors) written by lstmlm train.")
    Path file;
}
