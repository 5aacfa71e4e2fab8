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
 */
public record RetrainOptions(String feedbackTopic, long fromOffset, long maxEvents, String parent, Path init, double heldOutShare,
        FeedbackTrainer.Options training, boolean promote, boolean force) {

    public RetrainOptions {
        if (feedbackTopic == null || feedbackTopic.isBlank()) {
            throw new IllegalArgumentException("a feedback topic is required");
        }
        if (heldOutShare <= 0 || heldOutShare >= 1) {
            throw new IllegalArgumentException("the held-back share must lie strictly between 0 and 1: " + heldOutShare);
        }
    }

    /** Defaults for a topic: all events, active model, 20% held back, trainer defaults, promote if better. */
    public static RetrainOptions defaults(String feedbackTopic) {
        return new RetrainOptions(feedbackTopic, 0, 0, null, null, 0.2, FeedbackTrainer.Options.defaults(), true, false);
    }

    public RetrainOptions withParent(String p) {
        return new RetrainOptions(feedbackTopic, fromOffset, maxEvents, p, init, heldOutShare, training, promote, force);
    }

    public RetrainOptions withTraining(FeedbackTrainer.Options t) {
        return new RetrainOptions(feedbackTopic, fromOffset, maxEvents, parent, init, heldOutShare, t, promote, force);
    }

    public RetrainOptions withPromotion(boolean p, boolean f) {
        return new RetrainOptions(feedbackTopic, fromOffset, maxEvents, parent, init, heldOutShare, training, p, f);
    }

    public RetrainOptions withRange(long from, long max) {
        return new RetrainOptions(feedbackTopic, from, max, parent, init, heldOutShare, training, promote, force);
    }

    public RetrainOptions withInit(Path i) {
        return new RetrainOptions(feedbackTopic, fromOffset, maxEvents, parent, i, heldOutShare, training, promote, force);
    }
}
