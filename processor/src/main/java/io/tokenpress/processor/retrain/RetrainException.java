package io.tokenpress.processor.retrain;

import io.tokenpress.codec.TokenpressException;

/** Retraining cannot run: no sampled feedback, no float weights for the parent model, no model to start from. */
public class RetrainException extends TokenpressException {
    private static final long serialVersionUID = 1L;

    public RetrainException(String message) {
        super(message);
    }
}
