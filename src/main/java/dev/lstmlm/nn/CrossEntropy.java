package dev.lstmlm.nn;

import dev.lstmlm.tensor.Softmax;

/**
 * Softmax cross-entropy over n rows of V logits against integer targets ({@code
 * torch.nn.functional.cross_entropy} with reduction "sum"); the per-row kernel is {@link Softmax}.
 */
public final class CrossEntropy {
    private final int classes;

    public CrossEntropy(int classes) {
        this.classes = classes;
    }

    /** Σ over the rows of the cross-entropy, logits (n,V) unchanged. */
    public double forward(float[] logits, int off, int[] targets, int tOff, int n) {
        double sum = 0;
        for (int r = 0; r < n; r++) sum += Softmax.crossEntropy(logits, off + r * classes, classes, target(targets[tOff + r]));
        return sum;
    }

    /**
     * Σ over the rows of the cross-entropy; the logits are overwritten by {@code scale ×} the
     * gradient of that sum.
     */
    public double forwardBackward(float[] logits, int off, int[] targets, int tOff, int n, float scale) {
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += Softmax.crossEntropyWithGradient(logits, off + r * classes, classes, target(targets[tOff + r]), scale);
        }
        return sum;
    }

    private int target(int t) {
        if (t < 0 || t >= classes) throw new IllegalArgumentException("target " + t + " is outside the vocabulary [0, " + classes + ")");
        return t;
    }
}
