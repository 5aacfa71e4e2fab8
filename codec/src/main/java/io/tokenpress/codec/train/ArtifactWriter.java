package io.tokenpress.codec.train;

import io.tokenpress.codec.model.FloatWeights;
import io.tokenpress.codec.model.ModelExporter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the result of a training run: a model artifact through {@link ModelExporter} (quantized,
 * integer-exact), or, where the output name ends in {@code .tpfw}, the float weights themselves.
 */
final class ArtifactWriter {
    private ArtifactWriter() {}

    /**
     * Writes {@code weights} to {@code opt.out()}. An artifact from a {@code --phase lm} run carries no
     * compressor ({@code cmp.*} tensors): it was not trained, so its proposals would only cost encode time;
     * the encoder then codes the empty latent only. Float weights ({@code .tpfw}) keep everything.
     */
    static void write(FloatWeights weights, TrainingOptions opt, List<byte[]> calibration, Double validBitsPerByte, long steps,
            double seconds, ProgressLog log) throws IOException {
        Path out = opt.out();
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        if (out.getFileName().toString().endsWith(".tpfw")) {
            try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(out))) {
                weights.write(os);
            }
            log.line("wrote float weights %s", out);
            return;
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("trainer", "io.tokenpress.codec.train (DJL, PyTorch engine)");
        provenance.put("data", opt.data());
        if (opt.validation() != null) {
            provenance.put("validation", opt.validation());
        }
        provenance.put("chunkSize", Integer.toString(opt.chunkSize()));
        provenance.put("steps", Long.toString(steps));
        provenance.put("trainedSeconds", Long.toString(Math.round(seconds)));
        provenance.put("seed", Long.toString(opt.seed()));
        if (validBitsPerByte != null) {
            provenance.put("validFloatBitsPerByte", String.format(java.util.Locale.ROOT, "%.4f", validBitsPerByte));
        }
        provenance.put("exportedAt", Instant.now().toString());
        // a language-model-only run never trained the compressor: shipping it would only cost encode time
        FloatWeights shipped = opt.phase() == TrainingOptions.Phase.LM ? weights.withoutCompressor() : weights;
        byte[] artifact = export(shipped, opt.name(), provenance, calibration);
        Files.write(out, artifact);
        log.line("wrote model artifact %s (%d bytes)", out, artifact.length);
    }

    /** Quantizes and packs float weights with the runtime's exporter (calibrating on {@code calibration}). */
    static byte[] export(FloatWeights weights, String name, Map<String, String> provenance, List<byte[]> calibration) {
        return ModelExporter.export(weights, name, null, provenance, calibration);
    }
}
