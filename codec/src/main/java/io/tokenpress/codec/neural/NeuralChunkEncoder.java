package io.tokenpress.codec.neural;

import io.tokenpress.codec.Checksums;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.baseline.ZstdChunkEncoder;
import io.tokenpress.codec.model.FloatCompressor;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.schema.CodecKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes each chunk with whichever is smallest in envelope bytes: the neural code with the empty latent,
 * the neural code with each latent the compressor proposes, zstd, or raw. The cost of a neural candidate
 * counts its payload, the model id and the latent tokens as the envelope stores them, so a chunk's
 * envelope is never larger than its zstd envelope. Thread-safe: chunks may be encoded concurrently.
 */
final class NeuralChunkEncoder implements ChunkEncoder {
    private final ModelArtifact model;
    private final NeuralOptions opts;
    private final DecompressorBackend backend;
    /** The model's mixing recipe, or null when its tables are not mixed. */
    private final MatchMixing.Recipe mixing;
    private final FloatCompressor compressor;
    private final ZstdChunkEncoder zstd;

    NeuralChunkEncoder(ModelArtifact model, NeuralOptions opts) {
        this.model = model;
        this.opts = opts;
        this.mixing = MatchMixing.recipe(model);
        this.backend = Backends.create(opts.engine(), model, opts.threads());
        this.compressor = model.hasCompressor() ? new FloatCompressor(model.compressorWeights()) : null;
        this.zstd = new ZstdChunkEncoder(opts.zstdLevel());
    }

    @Override
    public CodedBlock encode(byte[] data) {
        CodedBlock best = zstd.encode(data);
        if (data.length == 0) {
            return best;
        }
        // every neural candidate stops as soon as it cannot beat the best so far (zstd first): data the
        // model does not fit costs a fraction of a full evaluation
        best = smallerOrSame(best, neural(new int[0], data, cost(best)));
        if (compressor != null && data.length <= opts.maxProposalBytes()) {
            for (int[] latent : compressor.propose(data, opts.samples(), opts.seed() ^ Checksums.crc32c(data))) {
                best = smallerOrSame(best, neural(latent, data, cost(best)));
            }
        }
        return best;
    }

    /** Every candidate's cost in envelope bytes, for feedback and benchmarks: empty latent first. */
    List<CodedBlock> candidates(byte[] data) {
        List<CodedBlock> out = new ArrayList<>();
        out.add(neural(new int[0], data));
        if (compressor != null && data.length <= opts.maxProposalBytes()) {
            for (int[] latent : compressor.propose(data, opts.samples(), opts.seed() ^ Checksums.crc32c(data))) {
                out.add(neural(latent, data));
            }
        }
        return out;
    }

    private CodedBlock neural(int[] latent, byte[] data) {
        byte[] payload = NeuralCoding.encode(backend, mixing, latent, data);
        return new CodedBlock(CodecKind.NEURAL, model.shortId(), latent, payload, data.length, Checksums.crc32c(data));
    }

    /**
     * The neural candidate for {@code latent}, or null as soon as it provably cannot cost less than
     * {@code bestCost}: the bits the coder has already written are a lower bound of its payload, so
     * stopping early picks exactly the block a full evaluation would (ties keep the earlier candidate).
     */
    private CodedBlock neural(int[] latent, byte[] data, int bestCost) {
        int fixed = model.shortId().length + NeuralCoding.latentBytes(latent) + 1;
        byte[] payload = NeuralCoding.encode(backend, mixing, latent, data, bestCost - fixed);
        if (payload == null) {
            return null;
        }
        return new CodedBlock(CodecKind.NEURAL, model.shortId(), latent, payload, data.length, Checksums.crc32c(data));
    }

    /** Envelope bytes a block's codec-dependent fields take. */
    static int cost(CodedBlock b) {
        return b.payloadLength() + NeuralCoding.varLen(b.payloadLength()) + b.modelId().length
                + NeuralCoding.latentBytes(b.latentTokens());
    }

    /** {@code candidate} if it costs less than {@code current}; null (stopped early) never does. */
    private static CodedBlock smallerOrSame(CodedBlock current, CodedBlock candidate) {
        return candidate != null && cost(candidate) < cost(current) ? candidate : current;
    }

    @Override
    public String name() {
        return "neural:" + model.name() + "@" + model.id().substring(0, 8);
    }

    @Override
    public void close() {
        backend.close();
    }
}
