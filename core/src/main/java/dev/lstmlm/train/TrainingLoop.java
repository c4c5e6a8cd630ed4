package dev.lstmlm.train;

import dev.lstmlm.model.LanguageModel;
import java.io.IOException;
import java.util.Map;

/** What {@link TrainingRun} needs of a loop ({@link Trainer} or {@link UdacityTrainer}) to start or resume it. */
interface TrainingLoop {
    /** Trains from {@code start} with {@code carried}, the LSTM state to continue from, until the end or a stop request. */
    Trainer.Outcome run(TrainerState start, LanguageModel.State carried) throws IOException;

    /** The shape of the carried state h and c: (L,B,H). */
    int[] stateShape();

    /** The optimizer's state arrays, to be filled from a checkpoint before {@link #run} resumes. */
    Map<String, float[]> optimizerState();
}
