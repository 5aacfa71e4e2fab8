package io.tokenpress.processor.retrain;

import io.tokenpress.codec.train.FeedbackTrainer;
import java.nio.file.Path;

/**
 * Settings of one {@link RetrainJob}.
 *
 * @param feedbackTopic topic the processor's feedback events are in
 * @param fromOffset first offset to use in each partition of the feedback topic
 * @param maxEvents most events to read (0 = all)
 * @param parent model to retrain (id, name or path); null = the active model, else the model most sampled chunks name
 * @param init float weights to start from when the store has none for the parent (null = none)
 * @param heldOutShare share of the sampled chunks held back for the comparison of old and new model
 * @param training the trainer's settings
 * @param promote promote the new model when it is better on the held-back chunks
 * @param force promote even when it is not better
 * @param primer the child's primer where the parent mixes contexts (codec/MODEL.md "Primer"): {@link #PRIMER_AUTO},
 *     {@link #PRIMER_KEEP}, 0 for none, or that many bytes sampled from the training chunks
 */
public record RetrainOptions(String feedbackTopic, long fromOffset, long maxEvents, String parent, Path init, double heldOutShare,
        FeedbackTrainer.Options training, boolean promote, boolean force, int primer) {

    /** Keep the parent's primer. */
    public static final int PRIMER_KEEP = -1;
    /**
     * Try the parent's primer and one of {@link #AUTO_PRIMER_BYTES} sampled from the training chunks, and keep
     * whichever codes the held-back chunks smaller.
     */
    public static final int PRIMER_AUTO = -2;
    /** Bytes of the primer {@link #PRIMER_AUTO} samples. */
    public static final int AUTO_PRIMER_BYTES = 64 * 1024;

    public RetrainOptions {
        if (feedbackTopic == null || feedbackTopic.isBlank()) {
            throw new IllegalArgumentException("a feedback topic is required");
        }
        if (primer < PRIMER_AUTO) {
            throw new IllegalArgumentException("primer must be PRIMER_AUTO, PRIMER_KEEP or a byte count: " + primer);
        }
        if (heldOutShare <= 0 || heldOutShare >= 1) {
            throw new IllegalArgumentException("the held-back share must lie strictly between 0 and 1: " + heldOutShare);
        }
    }

    /**
     * Defaults for a topic: all events, active model, 20% held back, trainer defaults, promote if better, the
     * better of the parent's primer and one from the feedback.
     */
    public static RetrainOptions defaults(String feedbackTopic) {
        return new RetrainOptions(feedbackTopic, 0, 0, null, null, 0.2, FeedbackTrainer.Options.defaults(), true, false,
                PRIMER_AUTO);
    }

    public RetrainOptions withParent(String p) {
        return new RetrainOptions(feedbackTopic, fromOffset, maxEvents, p, init, heldOutShare, training, promote, force, primer);
    }

    public RetrainOptions withTraining(FeedbackTrainer.Options t) {
        return new RetrainOptions(feedbackTopic, fromOffset, maxEvents, parent, init, heldOutShare, t, promote, force, primer);
    }

    public RetrainOptions withPromotion(boolean p, boolean f) {
        return new RetrainOptions(feedbackTopic, fromOffset, maxEvents, parent, init, heldOutShare, training, p, f, primer);
    }

    public RetrainOptions withRange(long from, long max) {
        return new RetrainOptions(feedbackTopic, from, max, parent, init, heldOutShare, training, promote, force, primer);
    }

    public RetrainOptions withPrimer(int p) {
        return new RetrainOptions(feedbackTopic, fromOffset, maxEvents, parent, init, heldOutShare, training, promote, force, p);
    }

    public RetrainOptions withInit(Path i) {
        return new RetrainOptions(feedbackTopic, fromOffset, maxEvents, parent, i, heldOutShare, training, promote, force, primer);
    }
}
