package io.tokenpress.codec.train;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the latent saves, measured the way the encoder chooses: per chunk, the smallest float code size
 * among the empty latent, the greedy latent and a few sampled ones (latent cost included), against the
 * empty latent alone.
 *
 * @param emptyBits total bits with the empty latent
 * @param bestBits total bits with the best candidate per chunk
 * @param bytes total bytes
 * @param latentChosen chunks where a non-empty latent won
 * @param chunks chunks measured
 */
record LatentEvaluation(double emptyBits, double bestBits, long bytes, int latentChosen, int chunks) {

    static LatentEvaluation measure(NDManager root, ParameterSet params, List<byte[]> chunks, int samples, long seed) {
        double empty = 0;
        double best = 0;
        long bytes = 0;
        int chosen = 0;
        Random rnd = new Random(seed);
        for (byte[] x : chunks) {
            List<int[]> candidates = new ArrayList<>();
            candidates.add(new int[0]);
            candidates.add(CompressorRl.sample(root, params, List.of(x), 1, null).get(0).latent());
            for (CompressorRl.Sample s : CompressorRl.sample(root, params, List.of(x), samples, rnd)) {
                candidates.add(s.latent());
            }
            List<byte[]> xs = new ArrayList<>();
            candidates.forEach(c -> xs.add(x));
            DecompressorPass.Result r = DecompressorPass.run(root, params, xs, candidates, null, false);
            double bestHere = r.bits()[0];
            int winner = 0;
            for (int i = 1; i < candidates.size(); i++) {
                double b = r.bits()[i] + LatentCost.bits(candidates.get(i));
                if (candidates.get(i).length > 0 && b < bestHere) {
                    bestHere = b;
                    winner = i;
                }
            }
            empty += r.bits()[0];
            best += bestHere;
            bytes += x.length;
            chosen += winner > 0 ? 1 : 0;
        }
        return new LatentEvaluation(empty, best, bytes, chosen, chunks.size());
    }

    double savedFraction() {
        return emptyBits <= 0 ? 0 : 1 - bestBits / emptyBits;
    }
}
