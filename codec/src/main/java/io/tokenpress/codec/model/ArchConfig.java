package io.tokenpress.codec.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyper-parameters of a tokenpress model pair (see codec/MODEL.md). Immutable; {@code withX} copies.
 *
 * @param dModel width of the residual stream
 * @param heads attention heads; {@code dModel % heads == 0}
 * @param dFF hidden width of the ReLU feed-forward layers
 * @param encoderLayers decompressor encoder layers (over the latent tokens)
 * @param decoderLayers decompressor decoder layers (over the bytes)
 * @param window causal self-attention window of the decoder: position t sees t-window+1..t
 * @param relBuckets relative-position buckets
 * @param relMaxDistance distance at which the last bucket starts being shared
 * @param latentVocab latent token values 0..latentVocab-1
 * @param maxLatent longest latent the compressor may emit
 * @param compressorLayers layers of each stack of the compressor (encoder over bytes, decoder over latents)
 */
public record ArchConfig(
        int dModel,
        int heads,
        int dFF,
        int encoderLayers,
        int decoderLayers,
        int window,
        int relBuckets,
        int relMaxDistance,
        int latentVocab,
        int maxLatent,
        int compressorLayers) {

    /** Byte symbols the decompressor predicts. */
    public static final int BYTE_SYMBOLS = 256;

    /** Input token of the decoder before the first byte. */
    public static final int BOS = 256;

    /** Decoder input vocabulary: 256 bytes + BOS. */
    public static final int DECODER_INPUT_VOCAB = 257;

    public ArchConfig {
        if (dModel <= 0 || heads <= 0 || dModel % heads != 0) {
            throw new IllegalArgumentException("dModel must be a positive multiple of heads");
        }
        if (dFF <= 0 || decoderLayers <= 0 || encoderLayers < 0 || window <= 0 || relBuckets < 2 || relMaxDistance < 2) {
            throw new IllegalArgumentException("invalid architecture: " + this);
        }
        if (latentVocab < 0 || maxLatent < 0 || compressorLayers < 0) {
            throw new IllegalArgumentException("invalid latent settings: " + this);
        }
    }

    public int headDim() {
        return dModel / heads;
    }

    /** A small default suitable for tests. */
    public static ArchConfig tiny() {
        return new ArchConfig(32, 2, 64, 1, 1, 32, 16, 64, 16, 4, 1);
    }

    public Map<String, Long> toMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("dModel", (long) dModel);
        m.put("heads", (long) heads);
        m.put("dFF", (long) dFF);
        m.put("encoderLayers", (long) encoderLayers);
        m.put("decoderLayers", (long) decoderLayers);
        m.put("window", (long) window);
        m.put("relBuckets", (long) relBuckets);
        m.put("relMaxDistance", (long) relMaxDistance);
        m.put("latentVocab", (long) latentVocab);
        m.put("maxLatent", (long) maxLatent);
        m.put("compressorLayers", (long) compressorLayers);
        return m;
    }

    public static ArchConfig fromMap(Map<String, Long> m) {
        return new ArchConfig(
                get(m, "dModel"), get(m, "heads"), get(m, "dFF"), get(m, "encoderLayers"), get(m, "decoderLayers"),
                get(m, "window"), get(m, "relBuckets"), get(m, "relMaxDistance"), get(m, "latentVocab"),
                get(m, "maxLatent"), get(m, "compressorLayers"));
    }

    private static int get(Map<String, Long> m, String k) {
        Long v = m.get(k);
        if (v == null) {
            throw new IllegalArgumentException("architecture lacks " + k);
        }
        return Math.toIntExact(v);
    }
}
