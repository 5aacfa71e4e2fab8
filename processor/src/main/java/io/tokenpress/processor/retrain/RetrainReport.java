package io.tokenpress.processor.retrain;

import java.util.Locale;

/**
 * What a retraining run did.
 *
 * @param parentId the model retrained from
 * @param modelId the new model
 * @param events feedback events read
 * @param trainSamples sampled chunks trained on
 * @param heldOutSamples sampled chunks held back for the comparison
 * @param oldBitsPerByte coded bits per byte of the held-back chunks with the parent (what the encoder writes)
 * @param newBitsPerByte the same with the new model
 * @param meanRewardBefore mean reward per byte on the training samples before training (float, logged latents)
 * @param meanRewardAfter the same after training
 * @param promoted whether the new model was made active
 * @param decision why it was or was not promoted
 */
public record RetrainReport(String parentId, String modelId, int events, int trainSamples, int heldOutSamples,
        double oldBitsPerByte, double newBitsPerByte, double meanRewardBefore, double meanRewardAfter, boolean promoted,
        String decision) {

    /** True when the new model codes the held-back chunks in fewer bits. */
    public boolean improved() {
        return newBitsPerByte < oldBitsPerByte;
    }

    /** Human-readable lines. */
    public String summary() {
        return String.format(Locale.ROOT,
                "retrained %s -> %s%n  feedback events %d, sampled chunks: %d trained on, %d held back%n"
                        + "  held-back bits per byte: old %.4f, new %.4f (ratio %.3f -> %.3f)%n"
                        + "  mean reward per byte on training samples: %.4f -> %.4f%n  %s%n",
                shortId(parentId), shortId(modelId), events, trainSamples, heldOutSamples, oldBitsPerByte, newBitsPerByte,
                8 / oldBitsPerByte, 8 / newBitsPerByte, meanRewardBefore, meanRewardAfter, decision);
    }

    /** One JSON object. */
    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"parentId\":\"%s\",\"modelId\":\"%s\",\"events\":%d,\"trainSamples\":%d,\"heldOutSamples\":%d,"
                        + "\"oldBitsPerByte\":%.6f,\"newBitsPerByte\":%.6f,\"meanRewardBefore\":%.6f,\"meanRewardAfter\":%.6f,"
                        + "\"promoted\":%b}",
                parentId, modelId, events, trainSamples, heldOutSamples, oldBitsPerByte, newBitsPerByte, meanRewardBefore,
                meanRewardAfter, promoted);
    }

    private static String shortId(String id) {
        return id == null ? "-" : id.substring(0, Math.min(16, id.length()));
    }
}
