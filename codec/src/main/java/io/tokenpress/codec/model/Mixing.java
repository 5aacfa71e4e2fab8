package io.tokenpress.codec.model;

/**
 * The adaptive stages an artifact's recipe adds after its integer network (codec/MODEL.md, "Match mixing",
 * "Context mixing" and "Line contexts"); each includes the ones before it.
 */
public enum Mixing {
    /** Match mixing alone: {@link ModelArtifact#QUANTIZATION_MATCH_MIXING}. */
    MATCH(ModelArtifact.QUANTIZATION_MATCH_MIXING),
    /** Match and context mixing: {@link ModelArtifact#QUANTIZATION_CONTEXT_MIXING}. */
    CONTEXTS(ModelArtifact.QUANTIZATION_CONTEXT_MIXING),
    /** Match and context mixing with line contexts: {@link ModelArtifact#QUANTIZATION_LINE_MIXING}. */
    LINES(ModelArtifact.QUANTIZATION_LINE_MIXING);

    private final String quantization;
    private final String description;

    Mixing(String quantization) {
        this.quantization = quantization;
        this.description = switch (quantization) {
            case ModelArtifact.QUANTIZATION_MATCH_MIXING -> "match mixing";
            case ModelArtifact.QUANTIZATION_CONTEXT_MIXING -> "match and context mixing";
            default -> "match and context mixing with line contexts";
        };
    }

    /** The stages in words, for messages: "match mixing", "match and context mixing", ... */
    public String description() {
        return description;
    }

    /** The recipe name an artifact with these stages carries in its manifest. */
    public String quantization() {
        return quantization;
    }

    /** Whether the chunk's own statistics are mixed in (context mixing). */
    public boolean contexts() {
        return this != MATCH;
    }

    /** Whether the line contexts are used. */
    public boolean lines() {
        return this == LINES;
    }

    /** The stages of recipe {@code quantization}, or null for a recipe without mixing (or one unknown). */
    static Mixing of(CharSequence quantization) {
        for (Mixing m : values()) {
            if (m.quantization.contentEquals(quantization)) {
                return m;
            }
        }
        return null;
    }
}
